/**
 * Spike and drop detection on one segment's hourly rollups. Pure: a dense series in, anomalies out; the database side
 * is evaluate.ts.
 *
 * At each evaluation hour T (a window ending at T, exclusive), a KPI over the trailing window is compared with the same
 * window shifted back 1..`weeks` whole weeks: the same hours of the week, so the daily and weekly rhythm is in the
 * baseline. The baseline is the median of those weeks and the spread their median absolute deviation (× 1.4826, a
 * standard deviation for normal data), robust to a past incident sitting in one of the weeks. The spread never falls
 * below what sampling alone would give (Poisson for counts, binomial for rates, ~1/√n in log space for mean
 * durations), so a quiet series with a tiny MAD does not alert on noise. Counts are compared in square-root space and
 * durations in log space, where their noise is roughly even across levels.
 *
 * A rate or duration over fewer than `minSample` tickets never alerts (kpis.md), neither does one whose baseline weeks
 * are too thin. Created-hour measures of replies and escalations (FRT, escalation rate) only count windows that ended
 * `maturityHours` ago, and a fall only once `settledHours` have passed: until then the slow replies of recent tickets
 * are not known yet, and an early look reads as an improvement (a rise seen early is real: late replies only add).
 */
import { DEFAULT_MIN_SAMPLE, KPIS, type KpiKey } from '../../shared/kpis'
import { ALERT_MEASURES, type AlertMeasure } from '../db/queries/alerts'
import { figureOf, type CellData } from '../metrics/figures'

export const ALERT_KPIS = [
  'volume',
  'solved',
  'csat',
  'frt',
  'firstResolution',
  'fullResolution',
  'oneTouch',
  'reopenRate',
  'escalationRate',
] as const satisfies readonly KpiKey[]
export type AlertKpi = (typeof ALERT_KPIS)[number]

export const W = ALERT_MEASURES.length
/** Local copies of imported tables read in hot loops (an imported binding is a getter under CommonJS output). */
const MEASURES: readonly AlertMeasure[] = [...ALERT_MEASURES]
const M = Object.fromEntries(ALERT_MEASURES.map((m, i) => [m, i])) as Record<AlertMeasure, number>

/** The measure that counts the tickets a KPI is over (its sample). */
const SAMPLE_OF: Record<AlertKpi, AlertMeasure[]> = {
  volume: ['created'],
  solved: ['solved'],
  csat: ['csat_good', 'csat_bad'],
  frt: ['replied'],
  firstResolution: ['fres_n'],
  fullResolution: ['tres_n'],
  oneTouch: ['solved'],
  reopenRate: ['solved'],
  escalationRate: ['created'],
}
/** The measures each KPI's formula reads (the others stay 0 in the cell handed to it). */
const NEEDS: Record<AlertKpi, AlertMeasure[]> = {
  volume: ['created'],
  solved: ['solved'],
  csat: ['csat_good', 'csat_bad'],
  frt: ['replied', 'frt_sum'],
  firstResolution: ['fres_n', 'fres_sum'],
  fullResolution: ['tres_n', 'tres_sum'],
  oneTouch: ['one_touch', 'solved'],
  reopenRate: ['reopened', 'solved'],
  escalationRate: ['escalated', 'created'],
}
const NEED_IDX = Object.fromEntries(Object.entries(NEEDS).map(([k, ms]) => [k, ms.map((m) => M[m])])) as Record<
  AlertKpi,
  number[]
>
const SAMPLE_IDX = Object.fromEntries(Object.entries(SAMPLE_OF).map(([k, ms]) => [k, ms.map((m) => M[m])])) as Record<
  AlertKpi,
  number[]
>

/** KPIs filed under the hour tickets were created whose value is only known later. */
const LATE: ReadonlySet<AlertKpi> = new Set(['frt', 'escalationRate'])

export interface WindowSpec {
  hours: number
  /** Evaluated every `step` hours (long windows move slowly). */
  step: number
  /** Only these KPIs (default all). */
  kpis?: readonly AlertKpi[]
}

export interface DetectConfig {
  minSample: number
  weeks: number
  /** Baseline weeks with data needed before a window is judged. */
  minWeeks: number
  windows: readonly WindowSpec[]
  /** |z| at which a rise is an anomaly. */
  zMin: number
  /** |z| at which a fall is one: higher, since a quiet day in a small segment is common and rarely an incident. */
  zMinDrop: number
  maturityHours: number
  /** Created-hour KPIs (FRT, escalation rate) only count a fall in windows that ended this long ago. */
  settledHours: number
  /** Smallest excess (tickets) a volume or solved anomaly must have. */
  minExcess: number
}

export const DEFAULT_DETECT: DetectConfig = {
  minSample: DEFAULT_MIN_SAMPLE,
  weeks: 6,
  minWeeks: 4,
  windows: [
    { hours: 6, step: 1, kpis: ['volume'] },
    { hours: 12, step: 1, kpis: ['volume'] },
    { hours: 24, step: 2 },
    { hours: 72, step: 6 },
    { hours: 168, step: 12 },
  ],
  zMin: 4,
  zMinDrop: 5,
  maturityHours: 12,
  settledHours: 96,
  minExcess: 6,
}

export const WEEK_HOURS = 168
/**
 * A replay of weeks of history (a workspace's first evaluation, scoring) judges every third hour: an anomaly is seen
 * at most two hours later than hour by hour would, for a third of the work. Live evaluation judges every hour.
 */
export const CATCH_UP_STEP = 3

/** Hourly measures of one segment, `hours` hours from `fromHour`, with prefix sums for O(1) windows. */
export class SegmentSeries {
  private readonly prefix: Float64Array

  constructor(
    readonly fromHour: number,
    readonly hours: number,
    /** hours × W values, hour-major. */
    data: ArrayLike<number>,
    /** The first hour the workspace has data for: a window reaching before it is not judged (it would read as 0). */
    readonly dataFrom: number = fromHour,
  ) {
    this.prefix = new Float64Array((hours + 1) * W)
    for (let h = 0; h < hours; h++) {
      const src = h * W
      const dst = (h + 1) * W
      for (let m = 0; m < W; m++) this.prefix[dst + m] = (this.prefix[src + m] as number) + (data[src + m] as number)
    }
  }

  /** Sum of measure m over absolute hours [a, b), clipped to the series. */
  sum(m: number, a: number, b: number): number {
    const lo = Math.max(0, Math.min(this.hours, a - this.fromHour))
    const hi = Math.max(0, Math.min(this.hours, b - this.fromHour))
    return (this.prefix[hi * W + m] as number) - (this.prefix[lo * W + m] as number)
  }

  /** Prefix sums of the sum of some measures: entry i covers hours [fromHour, fromHour + i). */
  prefixOf(measures: readonly number[]): Float64Array {
    const out = new Float64Array(this.hours + 1)
    for (let i = 0; i <= this.hours; i++) {
      let v = 0
      for (const m of measures) v += this.prefix[i * W + m] as number
      out[i] = v
    }
    return out
  }

  covers(a: number): boolean {
    return a >= this.fromHour && a >= this.dataFrom
  }
}

export interface Anomaly {
  kpi: AlertKpi
  direction: 'spike' | 'drop'
  /** Evaluation hour: the anomaly was visible once hour T-1 was complete. */
  hour: number
  /** The window the figure is over: [windowStart, windowEnd) hours. */
  windowStart: number
  windowEnd: number
  observed: number
  expected: number
  /** The spread in the KPI's own unit around the expected value (for display). */
  spread: number
  /** Signed robust z in the comparison space. */
  z: number
  /** Tickets the observed figure is over. */
  sample: number
}

const cell: CellData = {
  t: Object.fromEntries([...ALERT_MEASURES, 'exited'].map((m) => [m, 0])) as CellData['t'],
  durations: {},
  sla: {},
}

/** The KPI over [a, b) through the metric dictionary's formulas (figureOf → shared/kpis.ts); only the measures it
 * reads are summed. */
export function windowValue(
  series: SegmentSeries,
  kpi: AlertKpi,
  a: number,
  b: number,
  minSample: number,
): number | null {
  const need = NEED_IDX[kpi]
  for (const m of need) cell.t[MEASURES[m] as AlertMeasure] = series.sum(m, a, b)
  const value = figureOf(kpi, cell, 'mean', minSample).value
  // Left at zero for the next KPI, which may read other measures.
  for (const m of need) cell.t[MEASURES[m] as AlertMeasure] = 0
  return value
}

/** A KPI's sample over [a, b) from its prefix (see SegmentSeries.prefixOf); both inside the series. */
const over = (sp: Float64Array, from: number, a: number, b: number): number =>
  (sp[b - from] as number) - (sp[a - from] as number)

const sortBuf = new Float64Array(64)

/** Median of a few values (insertion sort in a reused buffer: this runs millions of times per evaluation). */
export function median(values: readonly number[]): number {
  const n = values.length
  const s = n <= sortBuf.length ? sortBuf : new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const v = values[i] as number
    let j = i - 1
    while (j >= 0 && (s[j] as number) > v) {
      s[j + 1] = s[j] as number
      j--
    }
    s[j + 1] = v
  }
  const mid = n >> 1
  return n % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

/** The mean without the single highest value (one incident week in the baseline does not lift it). */
export function trimmedMean(values: number[]): number {
  if (values.length < 3) return median(values)
  let sum = 0
  let max = -Infinity
  for (const v of values) {
    sum += v
    if (v > max) max = v
  }
  return (sum - max) / (values.length - 1)
}

/**
 * Tickets are solved in batches (a shift clears a queue), so solved counts vary more than arrivals: their Poisson
 * floor is widened by this much.
 */
const SOLVED_DISPERSION = 1.4

/** Median and scaled MAD. */
export function robustCenter(values: number[]): { center: number; spread: number } {
  const center = median(values)
  return { center, spread: 1.4826 * median(values.map((v) => Math.abs(v - center))) }
}

type Space = 'count' | 'rate' | 'duration'
const SPACES = Object.fromEntries(
  ALERT_KPIS.map((k) => [k, KPIS[k].unit === 'tickets' ? 'count' : KPIS[k].unit === 'percent' ? 'rate' : 'duration']),
) as Record<AlertKpi, Space>
const spaceOf = (kpi: AlertKpi): Space => SPACES[kpi]

/** A value in the space where its noise is roughly even. */
function transform(space: Space, v: number): number {
  return space === 'count' ? Math.sqrt(v + 0.375) : space === 'duration' ? Math.log(v + 1) : v
}

/**
 * The sampling floor of the spread, in the comparison space: Poisson noise for counts (0.5 after the square root), a
 * two-sample binomial for rates (pooled rate, window vs a baseline week of `nBase` tickets), and for mean durations
 * the noise of a mean of heavy-tailed times (support durations run about 1.8× their mean in standard deviation).
 */
const DURATION_CV = 1.8
/** Resolution times have a longer tail than first replies (a few tickets wait weeks on a user or a team). */
const RESOLUTION_CV = 2.6

function samplingFloor(
  kpi: AlertKpi,
  space: Space,
  observed: number,
  expected: number,
  n: number,
  nBase: number,
): number {
  if (space === 'count') return 0.5
  if (space === 'duration')
    return Math.max(0.1, (kpi === 'frt' ? DURATION_CV : RESOLUTION_CV) / Math.sqrt(Math.max(1, n)))
  const p = Math.min(0.99, Math.max(0.01, (observed + expected) / 200))
  return Math.max(1, 100 * Math.sqrt(p * (1 - p) * (1 / Math.max(1, n) + 1 / Math.max(1, nBase))))
}

/** Whether a deviation is large enough to matter, beyond being unlikely. */
function meaningful(space: Space, observed: number, expected: number, config: DetectConfig): boolean {
  const diff = observed - expected
  if (space === 'count') {
    if (Math.abs(diff) < config.minExcess) return false
    return diff > 0 ? observed >= 1.5 * expected : observed <= 0.6 * expected
  }
  if (space === 'rate') return Math.abs(diff) >= Math.max(3, 0.2 * Math.abs(expected))
  return diff > 0 ? observed >= 1.3 * expected : observed <= 0.7 * expected
}

/**
 * One KPI over one window ending at `end`, against the same window in earlier weeks; null when it cannot be judged
 * (thin sample, thin baseline) or is not anomalous.
 */
export function judgeWindow(
  series: SegmentSeries,
  kpi: AlertKpi,
  end: number,
  hours: number,
  config: DetectConfig,
  sp: Float64Array = series.prefixOf(SAMPLE_IDX[kpi]),
): Omit<Anomaly, 'hour'> | null {
  const start = end - hours
  if (!series.covers(start) || end > series.fromHour + series.hours) return null
  const space = spaceOf(kpi)
  const from = series.fromHour
  const n0 = over(sp, from, start, end)
  if (space !== 'count' && n0 < config.minSample) return null
  const raw: number[] = []
  const bases: number[] = []
  let biggest = 0
  for (let k = 1; k <= config.weeks; k++) {
    const a = start - k * WEEK_HOURS
    if (!series.covers(a)) break
    const b = end - k * WEEK_HOURS
    const n = over(sp, from, a, b)
    if (space === 'count') {
      raw.push(n)
      if (n > biggest) biggest = n
      continue
    }
    if (n < config.minSample) continue
    const v = windowValue(series, kpi, a, b, config.minSample)
    if (v !== null) {
      raw.push(v)
      bases.push(n)
    }
  }
  if (raw.length < config.minWeeks) return null
  // A count anomaly needs the minimum excess: neither a spike below it nor a drop from a baseline below it can be one.
  if (space === 'count' && n0 < config.minExcess && biggest < config.minExcess) return null
  // Counts of small segments are skewed (mostly 0 or 1, now and then 4): the median of a few weeks sits below their
  // mean, so the usual level is the larger of the median and the mean without the highest week.
  const expected = space === 'count' ? Math.max(median(raw), trimmedMean(raw)) : median(raw)
  const observed = space === 'count' ? n0 : windowValue(series, kpi, start, end, config.minSample)
  if (observed === null) return null
  // Cheap exit before the robust spread: a figure at (or too near) its baseline.
  if (!meaningful(space, observed, expected, config)) return null
  const t = robustCenter(raw.map((v) => transform(space, v)))
  const nBase = bases.length > 0 ? median(bases) : expected
  const floor = samplingFloor(kpi, space, observed, expected, n0, nBase) * (kpi === 'solved' ? SOLVED_DISPERSION : 1)
  const spreadT = Math.max(t.spread, floor)
  const z = (transform(space, observed) - transform(space, expected)) / spreadT
  if (z > 0 ? z < config.zMin : -z < config.zMinDrop) return null
  return {
    kpi,
    direction: z > 0 ? 'spike' : 'drop',
    windowStart: start,
    windowEnd: end,
    observed,
    expected,
    spread: robustCenter(raw).spread,
    z,
    sample: n0,
  }
}

/**
 * Every anomaly of one segment at evaluation hours [fromT, toT]: per hour and KPI at most one, the window that
 * deviates most.
 */
export function detectSegment(
  series: SegmentSeries,
  fromT: number,
  toT: number,
  config: DetectConfig = DEFAULT_DETECT,
  /** Before this hour (a replay of the past) only every `CATCH_UP_STEP`-th hour is judged. */
  sparseBefore = fromT,
): Anomaly[] {
  const out: Anomaly[] = []
  // (KPI, window) pairs whose sample never reaches the floor in any window of the series are never judged: most
  // small segments drop out here, before the hour-by-hour loop.
  const pairs: { kpi: AlertKpi; windows: WindowSpec[]; sp: Float64Array }[] = []
  // KPIs over the same sample (volume and escalation rate, solved and its rates) share its prefix and window maxima.
  const prefixes = new Map<string, { sp: Float64Array; max: Map<number, boolean> }>()
  for (const kpi of KPI_LIST) {
    const floor = SPACES[kpi] === 'count' ? config.minExcess : config.minSample
    const sample = SAMPLE_IDX[kpi]
    const key = sample.join(',')
    let p = prefixes.get(key)
    if (!p) prefixes.set(key, (p = { sp: series.prefixOf(sample), max: new Map() }))
    const { sp, max } = p
    const reaches = (hours: number): boolean => {
      const k = hours * 65_536 + floor
      let m = max.get(k)
      if (m === undefined) max.set(k, (m = someWindowReaches(sp, hours, floor)))
      return m
    }
    // A longer window holds at least the largest sample of a shorter one: when the longest misses the floor, all do.
    if (!reaches(LONGEST(config))) continue
    const windows = config.windows.filter((w) => (!w.kpis || w.kpis.includes(kpi)) && reaches(w.hours))
    if (windows.length > 0) pairs.push({ kpi, windows, sp })
  }
  if (pairs.length === 0) return out
  for (let T = fromT; T <= toT; T++) {
    if (T < sparseBefore && T % CATCH_UP_STEP !== 0) continue
    for (const { kpi, windows, sp } of pairs) {
      let best: Omit<Anomaly, 'hour'> | null = null
      const late = LATE.has(kpi)
      for (const w of windows) {
        if (T % w.step !== 0) continue
        // Replies still to come can only lower a recent window's FRT: a rise seen early is real, a fall is only
        // trusted once the window is old enough for nearly every reply to have arrived.
        let found = judgeWindow(series, kpi, late ? T - config.maturityHours : T, w.hours, config, sp)
        if (late && found?.direction === 'drop') found = null
        // The freshest window can only read low: a rise there is already certain, so it is not held back.
        if (late && !found) {
          const fresh = judgeWindow(series, kpi, T, w.hours, config, sp)
          if (fresh?.direction === 'spike') found = fresh
        }
        if (late && !found) {
          const settled = judgeWindow(series, kpi, T - config.settledHours, w.hours, config, sp)
          if (settled?.direction === 'drop') found = settled
        }
        if (found && (!best || Math.abs(found.z) > Math.abs(best.z))) best = found
      }
      if (best) out.push({ ...best, hour: T })
    }
  }
  return out
}

const KPI_LIST: readonly AlertKpi[] = [...ALERT_KPIS]
const LONGEST = (config: DetectConfig): number => Math.max(...config.windows.map((w) => w.hours))

/** Whether any window of `hours` holds at least `floor` of the sample, from a sample prefix. */
function someWindowReaches(sp: Float64Array, hours: number, floor: number): boolean {
  for (let i = hours; i < sp.length; i++) if ((sp[i] as number) - (sp[i - hours] as number) >= floor) return true
  return false
}

/** Total of a measure over the whole series (to skip segments too thin to ever alert). */
export function seriesTotal(series: SegmentSeries, measure: AlertMeasure): number {
  return series.sum(M[measure], series.fromHour, series.fromHour + series.hours)
}
