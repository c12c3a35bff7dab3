/** KPIs from rollups, the dashboard's series and breakdowns (issue 5). Definitions: shared/kpis.ts. */
import { z } from 'zod'
import { KPI_KEYS, SLA_PRIORITIES, type KpiKey, type Measured, type SlaPolicy } from '../../kpis'
import { method, ticketFiltersSchema, timeZone, type MethodDef } from '../schemas'

/** Fields the KPI rollups carry, so the only ones a dashboard can filter or cut by. */
export const METRIC_CUTS = ['channel', 'caseType', 'region', 'priority', 'source', 'assignee', 'group'] as const
export type MetricCut = (typeof METRIC_CUTS)[number]

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')

/**
 * A period of whole local days in `timeZone`, `from` to `to` inclusive: [start of from, start of the day after to).
 * The grid's filters are taken as they are; those the rollups do not carry are refused with a sentence.
 */
const periodInput = {
  filters: ticketFiltersSchema,
  from: localDate,
  to: localDate,
  timeZone,
  /** Rates and durations over fewer tickets are "small sample" (default 20). */
  minSample: z.number().int().min(1).max(100_000).optional(),
}

const minutes = z.number().int().min(1).max(525_600)
const slaPolicySchema = z.strictObject(
  Object.fromEntries(
    SLA_PRIORITIES.map((p) => [p, z.strictObject({ firstReplyMinutes: minutes, resolutionMinutes: minutes })]),
  ) as Record<
    (typeof SLA_PRIORITIES)[number],
    z.ZodObject<{ firstReplyMinutes: typeof minutes; resolutionMinutes: typeof minutes }>
  >,
)

export interface PeriodInfo {
  from: string
  to: string
  /** Instants: [start, end). */
  start: number
  end: number
}

/** Shared facts of every metrics answer. */
export interface MetricsFrame {
  timeZone: string
  period: PeriodInfo
  /** Set when day boundaries in this zone fall inside a UTC hour (30/45-minute offsets): what that means. */
  boundaryNote: string | null
  minSample: number
}

export interface KpiTile extends Measured {
  key: KpiKey
  previous: Measured
  /** Durations: p90 and mean beside the median. */
  p90?: number | null
  mean?: number | null
  /** One value per day of the period (the sparkline). */
  spark: (number | null)[]
}

/**
 * How old the open backlog is now: exact percentiles of the open tickets' ages in calendar minutes, and how many
 * are older than the resolution target of their priority (they breach it whenever they are solved).
 */
export interface BacklogAge {
  /** The moment the ages are measured at (now). */
  asOf: number
  n: number
  p50Minutes: number | null
  p90Minutes: number | null
  overTarget: number
  /** overTarget ÷ n × 100; null with no open tickets. */
  overTargetShare: number | null
}

export interface MetricsTiles extends MetricsFrame {
  previousPeriod: PeriodInfo
  days: string[]
  tiles: KpiTile[]
  /** The open backlog's age now, in the same scope; null when the period ended before today. */
  backlogAge: BacklogAge | null
}

export interface SeriesLine {
  /** The cut's value as the grid filters by it (source: its name); null = tickets without a value; 'all' line: ''. */
  key: string | null
  name: string
  data: (number | null)[]
  /** Tickets behind each point. */
  n: number[]
  small: boolean[]
  /** The "Other (n)" line folding the smaller values together (its key is meaningless). */
  other?: true
}

export interface MetricsSeries extends MetricsFrame {
  kpi: KpiKey
  stat: 'median' | 'p90' | 'mean'
  grain: 'hour' | 'day' | 'week'
  /** Bucket labels (local `YYYY-MM-DD`, or `YYYY-MM-DD HH:mm` by hour) and their start instants. */
  buckets: string[]
  bucketStarts: number[]
  bucketEnd: number
  lines: SeriesLine[]
  /** SLA targets in minutes that apply to what is shown (one per priority in view), for target lines. */
  targets: { name: string; minutes: number }[]
  /** Lines beyond `top` were folded into "Other" (counts only) or dropped (rates and durations). */
  omitted: number
}

export interface MetricsFlow extends MetricsFrame {
  grain: 'day' | 'week'
  buckets: string[]
  bucketStarts: number[]
  bucketEnd: number
  created: number[]
  solved: number[]
  /** Backlog at the end of each bucket. */
  backlog: number[]
}

export interface MetricsHeatmap extends MetricsFrame {
  /** [weekday 0 = Monday, local hour 0–23, tickets created]. */
  cells: [number, number, number][]
  max: number
}

export interface BreakdownRow {
  key: string | null
  name: string
  values: Record<KpiKey, Measured>
}

export interface MetricsBreakdown extends MetricsFrame {
  groupBy: MetricCut
  rows: BreakdownRow[]
  total: BreakdownRow
}

export const metricsMethods = {
  'metrics.tiles': method<MetricsTiles>()(
    z.strictObject(periodInput),
    'KPI tiles for a period beside the previous period of the same length, with a daily sparkline each.',
  ),
  'metrics.series': method<MetricsSeries>()(
    z.strictObject({
      ...periodInput,
      kpi: z.enum(KPI_KEYS),
      stat: z.enum(['median', 'p90', 'mean']).optional(),
      groupBy: z.enum(METRIC_CUTS).nullable(),
      grain: z.enum(['hour', 'day', 'week']),
      top: z.number().int().min(1).max(50).optional(),
    }),
    'One KPI over time in the analyst time zone, one line per value of a cut (or one line), with SLA targets.',
  ),
  'metrics.flow': method<MetricsFlow>()(
    z.strictObject({ ...periodInput, grain: z.enum(['day', 'week']) }),
    'Tickets created and solved per day or week, and the backlog at the end of each.',
  ),
  'metrics.heatmap': method<MetricsHeatmap>()(
    z.strictObject(periodInput),
    'Tickets created by local weekday and hour of day.',
  ),
  'metrics.breakdown': method<MetricsBreakdown>()(
    z.strictObject({
      ...periodInput,
      groupBy: z.enum(METRIC_CUTS),
      limit: z.number().int().min(1).max(500).optional(),
    }),
    'Every KPI for each value of a cut over the period, largest volume first, with a total row.',
  ),
  'metrics.slaPolicy': method<SlaPolicy>()(z.strictObject({}), 'The SLA targets by priority (calendar minutes).'),
  'metrics.setSlaPolicy': method<SlaPolicy>()(
    z.strictObject({ policy: slaPolicySchema }),
    'Replace the SLA targets by priority; breach rates use them at once (nothing is rebuilt).',
  ),
} as const satisfies Record<string, MethodDef>
