/**
 * KPIs of "the tickets matching a filter over whole days", for baselines and success metrics. The metrics engine
 * answers from its rollups whenever it can (no filter, or one rollup field: the common "reopen rate of case type X"),
 * exactly as Trends shows it; a filter the rollups do not keep (two fields, a search, status…) is measured from the
 * tickets themselves through the same formulas (metrics/figures.ts). Days are UTC days, half-open like every period.
 */
import type { TicketFilters } from '../../shared/api/schemas'
import { DEFAULT_MIN_SAMPLE, durationStatsOfValues, KPI_KEYS, type KpiKey, type Measured } from '../../shared/kpis'
import { addDays, startOfLocalDay } from '../../shared/time'
import type { MetricCut } from '../../shared/api/methods/metrics'
import type { Db } from '../db/connection'
import { kpiInputs, type KpiInputs } from '../db/queries/escalations'
import { readSlaPolicy, ROLLUP_FIELDS } from '../db/queries/metrics'
import { whereClause } from '../db/queries/ticketSql'
import { MetricsEngine } from '../metrics/engine'
import { MetricsRequestError } from '../metrics/scope'
import { figureOf, type CellData, type Figure } from '../metrics/figures'

export type KpiFigures = Record<KpiKey, Measured>

/** The engine's cell from a set of tickets' KPI inputs. */
export function cellOf(inputs: KpiInputs, minSample: number): CellData {
  return {
    t: inputs.t,
    durations: {
      frt: durationStatsOfValues(inputs.frt, minSample),
      firstResolution: durationStatsOfValues(inputs.firstResolution, minSample),
      fullResolution: durationStatsOfValues(inputs.fullResolution, minSample),
    },
    sla: inputs.sla,
  }
}

/** One KPI of a set of tickets (durations as the median), through the engine's formulas. */
export function kpiFigure(kpi: KpiKey, inputs: KpiInputs, minSample = DEFAULT_MIN_SAMPLE): Figure {
  return figureOf(kpi, cellOf(inputs, minSample), 'median', minSample)
}

const engines = new WeakMap<Db, MetricsEngine>()

function engineOf(db: Db): MetricsEngine {
  let e = engines.get(db)
  if (!e) {
    e = new MetricsEngine(db)
    engines.set(db, e)
  }
  return e
}

function filteredFields(filters: TicketFilters): string[] {
  return Object.entries(filters)
    .filter(
      ([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0) && !(typeof v === 'string' && !v.trim()),
    )
    .map(([k]) => k)
}

/** From the rollups, or null when they cannot answer this filter. */
function fromRollups(db: Db, filters: TicketFilters, from: string, to: string, minSample: number): KpiFigures | null {
  const fields = filteredFields(filters)
  if (fields.length > 1 || fields.some((f) => !(ROLLUP_FIELDS as readonly string[]).includes(f))) return null
  const groupBy = (fields[0] ?? 'channel') as MetricCut
  try {
    return engineOf(db).breakdown({ filters, from, to, timeZone: 'UTC', minSample, groupBy, limit: 1 }).total.values
  } catch (err) {
    if (err instanceof MetricsRequestError) return null
    throw err
  }
}

/** The KPIs of the tickets matching `filters` over the UTC days `from`..`to` (inclusive, YYYY-MM-DD). */
export function filterFigures(
  db: Db,
  filters: TicketFilters,
  from: string,
  to: string,
  minSample: number,
): { figures: KpiFigures; source: 'rollups' | 'tickets' } {
  const rolled = fromRollups(db, filters, from, to, minSample)
  if (rolled) return { figures: rolled, source: 'rollups' }
  const window = { from: startOfLocalDay(from, 'UTC'), to: startOfLocalDay(addDays(to, 1), 'UTC') }
  const inputs = kpiInputs(db, whereClause(filters), window, readSlaPolicy(db))
  const figures = Object.fromEntries(
    KPI_KEYS.map((k) => {
      const f = kpiFigure(k, inputs, minSample)
      return [k, { value: f.value, n: f.n, small: f.small }]
    }),
  ) as KpiFigures
  return { figures, source: 'tickets' }
}
