/**
 * The metric dictionary (/work/shared/specs/kpis.md) in code: every KPI's definition once, and the pure formulas every
 * chart, alert and export uses. Nothing here touches a database: main feeds it counts and minute histograms from the
 * rollups, the renderer shows `definition` on hover, exports print it.
 *
 * Rules that apply to all of them:
 * - A period is half-open: [start, end). Timestamps are stored in UTC; days and weeks are cut in the analyst's time zone.
 * - Medians and percentiles are exact over the tickets in the cut, not averages of daily figures.
 * - A rate over fewer than a configurable minimum of tickets (default 20) is shown greyed, with its count, and never
 *   triggers an alert.
 */

export const KPI_KEYS = [
  'volume',
  'solved',
  'backlog',
  'netFlow',
  'csat',
  'frt',
  'firstResolution',
  'fullResolution',
  'oneTouch',
  'reopenRate',
  'slaFirstReply',
  'slaResolution',
  'escalationRate',
] as const
export type KpiKey = (typeof KPI_KEYS)[number]

export type KpiUnit = 'tickets' | 'percent' | 'minutes'

export interface KpiInfo {
  key: KpiKey
  label: string
  unit: KpiUnit
  /** The dictionary's sentence, shown on hover and printed in every export. */
  definition: string
  /** Which way is good, for colouring a change; null when neither is (volume). */
  better: 'up' | 'down' | null
  /** Rates and durations obey the minimum-sample rule; counts do not. */
  sampled: boolean
}

/** Tickets without a priority are held to the normal targets. */
const KPI_LIST: readonly KpiInfo[] = [
  {
    key: 'volume',
    label: 'Volume',
    unit: 'tickets',
    definition: 'Volume: tickets created in the period.',
    better: null,
    sampled: false,
  },
  {
    key: 'solved',
    label: 'Solved',
    unit: 'tickets',
    definition: 'Solved: tickets whose first solve falls in the period.',
    better: 'up',
    sampled: false,
  },
  {
    key: 'backlog',
    label: 'Backlog',
    unit: 'tickets',
    definition:
      'Backlog: tickets not solved or closed at a moment (new + open + pending + on hold), shown at the end of the ' +
      'period. A ticket leaves the backlog at its last solve; a reopened ticket still open is in it.',
    better: 'down',
    sampled: false,
  },
  {
    key: 'netFlow',
    label: 'Net flow',
    unit: 'tickets',
    definition: 'Net flow: tickets created minus tickets solved in the period (positive: the backlog grows).',
    better: 'down',
    sampled: false,
  },
  {
    key: 'csat',
    label: 'CSAT',
    unit: 'percent',
    definition:
      'CSAT: good ÷ (good + bad) × 100 over tickets solved in the period; on a 1–5 scale 4 and 5 are good, ' +
      'unrated tickets are excluded. The response count is shown beside it.',
    better: 'up',
    sampled: true,
  },
  {
    key: 'frt',
    label: 'First response time',
    unit: 'minutes',
    definition:
      'First response time (FRT): first public agent reply − ticket created, in calendar minutes, over tickets ' +
      'created in the period that have a reply; automated replies do not count. Median and p90 are exact; the mean ' +
      'is shown beside them.',
    better: 'down',
    sampled: true,
  },
  {
    key: 'firstResolution',
    label: 'First resolution time',
    unit: 'minutes',
    definition: 'First resolution time: first solve − created, in calendar minutes, over tickets solved in the period.',
    better: 'down',
    sampled: true,
  },
  {
    key: 'fullResolution',
    label: 'Full resolution time',
    unit: 'minutes',
    definition:
      'Full resolution time (TTR): last solve − created, in calendar minutes, over tickets first solved in the ' +
      'period; differs from first resolution only for reopened tickets.',
    better: 'down',
    sampled: true,
  },
  {
    key: 'oneTouch',
    label: 'One-touch resolution',
    unit: 'percent',
    definition:
      'One-touch resolution (FCR): solved tickets with at most one public agent reply ÷ solved tickets × 100, ' +
      'over tickets solved in the period.',
    better: 'up',
    sampled: true,
  },
  {
    key: 'reopenRate',
    label: 'Reopen rate',
    unit: 'percent',
    definition: 'Reopen rate: tickets reopened at least once ÷ tickets solved in the period × 100.',
    better: 'down',
    sampled: true,
  },
  {
    key: 'slaFirstReply',
    label: 'SLA breach: first reply',
    unit: 'percent',
    definition:
      'SLA breach rate (first reply): breached ÷ (met + breached) × 100 against the first-reply target of the ' +
      "ticket's priority in the SLA policy, over tickets created in the period that have a reply (tickets still " +
      'waiting for one are counted once answered). Tickets without a priority use the normal target.',
    better: 'down',
    sampled: true,
  },
  {
    key: 'slaResolution',
    label: 'SLA breach: resolution',
    unit: 'percent',
    definition:
      'SLA breach rate (resolution): breached ÷ (met + breached) × 100, full resolution time against the ' +
      "resolution target of the ticket's priority in the SLA policy, over tickets first solved in the period. " +
      'Tickets without a priority use the normal target.',
    better: 'down',
    sampled: true,
  },
  {
    key: 'escalationRate',
    label: 'Escalation rate',
    unit: 'percent',
    definition:
      'Escalation rate: escalated tickets ÷ tickets handled × 100, where handled = created in the period and ' +
      'escalated = flagged by the source (e.g. Salesforce IsEscalated).',
    better: 'down',
    sampled: true,
  },
]

export const KPIS: Readonly<Record<KpiKey, KpiInfo>> = Object.fromEntries(KPI_LIST.map((k) => [k.key, k])) as Record<
  KpiKey,
  KpiInfo
>

/** The dictionary as printed into exported packets, one line per metric. */
export function kpiDictionaryText(): string {
  return KPI_LIST.map((k) => k.definition).join('\n')
}

/** Below this many tickets a rate or duration is "small sample": greyed, count shown, never alerting. */
export const DEFAULT_MIN_SAMPLE = 20

export function isSmallSample(n: number, minSample = DEFAULT_MIN_SAMPLE): boolean {
  return n < minSample
}

/** A rate or duration with its sample size; `value` is null when nothing was measured. */
export interface Measured {
  value: number | null
  /** Tickets the figure is over (the denominator, or how many durations). */
  n: number
  small: boolean
}

/** numerator ÷ denominator × 100, null over no tickets. */
export function percentRate(numerator: number, denominator: number, minSample = DEFAULT_MIN_SAMPLE): Measured {
  return {
    value: denominator > 0 ? (numerator / denominator) * 100 : null,
    n: denominator,
    small: isSmallSample(denominator, minSample),
  }
}

/** CSAT: good ÷ (good + bad) × 100 with 4–5 good on a 1–5 scale; unrated tickets are excluded (never passed here). */
export function csatRate(good: number, bad: number, minSample = DEFAULT_MIN_SAMPLE): Measured {
  return percentRate(good, good + bad, minSample)
}

/** Whether a 1–5 rating is good (4, 5) or bad (1–3). */
export function isGoodRating(rating: number): boolean {
  return rating >= 4
}

/** One-touch resolution (FCR): solved tickets with ≤ 1 public agent reply ÷ solved × 100. */
export function oneTouchRate(oneTouch: number, solved: number, minSample = DEFAULT_MIN_SAMPLE): Measured {
  return percentRate(oneTouch, solved, minSample)
}

/** Reopen rate: tickets reopened at least once ÷ tickets solved in the period × 100. */
export function reopenRate(reopened: number, solved: number, minSample = DEFAULT_MIN_SAMPLE): Measured {
  return percentRate(reopened, solved, minSample)
}

/** Escalation rate: escalated ÷ handled × 100. */
export function escalationRate(escalated: number, handled: number, minSample = DEFAULT_MIN_SAMPLE): Measured {
  return percentRate(escalated, handled, minSample)
}

/** SLA breach rate: breached ÷ (met + breached) × 100. */
export function slaBreachRate(met: number, breached: number, minSample = DEFAULT_MIN_SAMPLE): Measured {
  return percentRate(breached, met + breached, minSample)
}

/** Net flow: created − solved (positive means the backlog grows). */
export function netFlow(created: number, solved: number): number {
  return created - solved
}

/** Backlog at a moment: everything created up to then minus everything that left (was last solved or closed). */
export function backlogAt(createdBefore: number, leftBefore: number): number {
  return createdBefore - leftBefore
}

/**
 * A histogram of whole-minute durations: `minutes` ascending and distinct, `counts[i]` tickets took `minutes[i]`.
 * Durations are stored as whole calendar minutes, so a 1-minute histogram loses nothing: percentiles over it are
 * exact over the tickets.
 */
export interface MinuteHistogram {
  minutes: number[]
  counts: number[]
}

export interface DurationStats {
  median: number | null
  p90: number | null
  mean: number | null
  n: number
  small: boolean
}

/**
 * The value at quantile q (0–1) of the tickets in the histogram, by linear interpolation between the two closest
 * ranks (numpy's default, Excel's PERCENTILE.INC): the median of 10, 20, 30, 40 is 25. Exact over the tickets.
 */
export function histogramQuantile(h: MinuteHistogram, q: number): number | null {
  const total = h.counts.reduce((a, b) => a + b, 0)
  if (total === 0) return null
  const pos = q * (total - 1)
  const lo = Math.floor(pos)
  const frac = pos - lo
  const a = valueAtRank(h, lo)
  if (frac === 0) return a
  return a + (valueAtRank(h, lo + 1) - a) * frac
}

/** The minute value of the 0-based rank-th smallest ticket. */
function valueAtRank(h: MinuteHistogram, rank: number): number {
  let seen = 0
  for (let i = 0; i < h.minutes.length; i++) {
    seen += h.counts[i] as number
    if (seen > rank) return h.minutes[i] as number
  }
  return h.minutes[h.minutes.length - 1] as number
}

/** Median, p90 and mean of a duration histogram (FRT, first and full resolution time). */
export function durationStats(h: MinuteHistogram, minSample = DEFAULT_MIN_SAMPLE): DurationStats {
  let n = 0
  let sum = 0
  for (let i = 0; i < h.minutes.length; i++) {
    n += h.counts[i] as number
    sum += (h.minutes[i] as number) * (h.counts[i] as number)
  }
  return {
    median: histogramQuantile(h, 0.5),
    p90: histogramQuantile(h, 0.9),
    mean: n > 0 ? sum / n : null,
    n,
    small: isSmallSample(n, minSample),
  }
}

/**
 * Median, p90 and mean of raw durations (one entry per ticket), with the same exact interpolation as over a
 * histogram. Reorders `values` in place: quickselect finds each rank in linear time, so a period of 150,000 tickets
 * costs a few milliseconds where a sort would cost ten times that.
 */
export function durationStatsOfValues(values: Int32Array, minSample = DEFAULT_MIN_SAMPLE): DurationStats {
  const n = values.length
  if (n === 0) return { median: null, p90: null, mean: null, n: 0, small: isSmallSample(0, minSample) }
  let sum = 0
  for (let i = 0; i < n; i++) sum += values[i] as number
  // Ranks in ascending order, so each selection only narrows the part right of the previous one.
  const at = (q: number, from: number): number => {
    const pos = q * (n - 1)
    const lo = Math.floor(pos)
    const a = selectRank(values, lo, from)
    if (pos === lo) return a
    let next = Infinity
    for (let i = lo + 1; i < n; i++) if ((values[i] as number) < next) next = values[i] as number
    return a + (next - a) * (pos - lo)
  }
  const median = at(0.5, 0)
  const p90 = at(0.9, Math.floor(0.5 * (n - 1)) + 1)
  return { median, p90, mean: sum / n, n, small: isSmallSample(n, minSample) }
}

/**
 * Puts the k-th smallest of `a[from..]` at index k (everything before it no larger, after it no smaller) and returns
 * it. Assumes `a[0..from)` already holds values no larger than any in `a[from..]`.
 */
export function selectRank(a: Int32Array, k: number, from = 0): number {
  let lo = from
  let hi = a.length - 1
  while (hi > lo) {
    // Median of three as the pivot keeps sorted and reversed runs (common in per-hour lists) linear.
    const mid = (lo + hi) >> 1
    const x = a[lo] as number
    const y = a[mid] as number
    const z = a[hi] as number
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y
    let i = lo
    let j = hi
    while (i <= j) {
      while ((a[i] as number) < pivot) i++
      while ((a[j] as number) > pivot) j--
      if (i <= j) {
        const t = a[i] as number
        a[i] = a[j] as number
        a[j] = t
        i++
        j--
      }
    }
    if (k <= j) hi = j
    else if (k >= i) lo = i
    else break
  }
  return a[k] as number
}

/** Builds a histogram from a minute → count map (any order, zero counts dropped). */
export function histogramFromMap(counts: ReadonlyMap<number, number>): MinuteHistogram {
  const minutes = [...counts.keys()].filter((m) => (counts.get(m) as number) > 0).sort((a, b) => a - b)
  return { minutes, counts: minutes.map((m) => counts.get(m) as number) }
}

/** Tickets in the histogram above a target (breached) and at or under it (met). */
export function splitAtTarget(h: MinuteHistogram, targetMinutes: number): { met: number; breached: number } {
  let met = 0
  let breached = 0
  for (let i = 0; i < h.minutes.length; i++) {
    if ((h.minutes[i] as number) > targetMinutes) breached += h.counts[i] as number
    else met += h.counts[i] as number
  }
  return { met, breached }
}

// ---------------------------------------------------------------------------------------------------------------
// SLA policy

export const SLA_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const
export type SlaPriority = (typeof SLA_PRIORITIES)[number]

export interface SlaTarget {
  /** First public agent reply within this many calendar minutes of creation. */
  firstReplyMinutes: number
  /** Last solve within this many calendar minutes of creation. */
  resolutionMinutes: number
}

export type SlaPolicy = Record<SlaPriority, SlaTarget>

/** Defaults until the analyst sets their own: urgent 1 h / 8 h, high 4 h / 24 h, normal 8 h / 48 h, low 24 h / 96 h. */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  urgent: { firstReplyMinutes: 60, resolutionMinutes: 480 },
  high: { firstReplyMinutes: 240, resolutionMinutes: 1440 },
  normal: { firstReplyMinutes: 480, resolutionMinutes: 2880 },
  low: { firstReplyMinutes: 1440, resolutionMinutes: 5760 },
}

/** The targets a ticket of this priority is held to; none or an unknown priority uses normal. */
export function slaTargetFor(policy: SlaPolicy, priority: string | null): SlaTarget {
  return (SLA_PRIORITIES as readonly string[]).includes(priority ?? '')
    ? policy[priority as SlaPriority]
    : policy.normal
}

/** "90 min", "4 h", "2 d 3 h": durations in calendar minutes for labels and tooltips. */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null || !Number.isFinite(minutes)) return '—'
  const m = Math.round(minutes)
  if (Math.abs(m) < 120) return `${m} min`
  if (Math.abs(m) < 48 * 60) {
    const h = Math.floor(m / 60)
    const rest = m % 60
    return rest === 0 ? `${h} h` : `${h} h ${rest} min`
  }
  const d = Math.floor(m / 1440)
  const h = Math.round((m % 1440) / 60)
  return h === 0 ? `${d} d` : `${d} d ${h} h`
}
