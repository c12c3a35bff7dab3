/**
 * From a click on the dashboard to the Cases grid's filters: the Trends filter, the clicked value of the cut, and the
 * clicked bucket as a created-date range of whole local days (clipped to the period, so a week that starts before
 * the period opens the same tickets the chart counted). Pure, for unit tests.
 */
import type { MetricCut, PeriodInfo } from '../../../shared/api/methods/metrics'
import type { TicketFilters } from '../../../shared/api/schemas'
import { addDays } from '../../../shared/time'
import type { DateRange } from '../cases/filterModel'

export interface Drill {
  filters: TicketFilters
  range: DateRange
  /** What the grid cannot show exactly, told to the analyst when the grid opens; null when it is exact. */
  note: string | null
}

/** The Trends filter as grid filters: one field, its values. */
export interface TrendsFilter {
  field: MetricCut
  values: (string | null)[]
}

export function baseFilters(filter: TrendsFilter | null): TicketFilters {
  return filter && filter.values.length > 0 ? { [filter.field]: [...filter.values] } : {}
}

function periodRange(period: PeriodInfo): DateRange {
  return { preset: 'custom', from: period.from, to: period.to }
}

/** Local days of a bucket (`YYYY-MM-DD`, or `YYYY-MM-DD HH:mm` by hour), within the period. */
export function bucketRange(bucket: string, grain: 'hour' | 'day' | 'week', period: PeriodInfo): DateRange {
  const first = bucket.slice(0, 10)
  const last = grain === 'week' ? addDays(first, 6) : first
  return {
    preset: 'custom',
    from: first < period.from ? period.from : first,
    to: last > period.to ? period.to : last,
  }
}

/** A bar or point of a series cut by `cut` (null: one line for everything in view). */
export function drillSeriesPoint(args: {
  filter: TrendsFilter | null
  cut: MetricCut | null
  key: string | null
  other: boolean
  bucket: string
  grain: 'hour' | 'day' | 'week'
  period: PeriodInfo
  createdBased: boolean
}): Drill {
  const filters = baseFilters(args.filter)
  const notes: string[] = []
  if (args.cut && !args.other) filters[args.cut] = [args.key]
  if (args.other) notes.push('"Other" folds several values together, so Cases shows every value of the cut.')
  if (args.grain === 'hour') notes.push('Cases filters by whole days, so it shows the whole day of that hour.')
  if (!args.createdBased)
    notes.push('Cases filters by the day tickets were created, which is not the day this figure counts them on.')
  return { filters, range: bucketRange(args.bucket, args.grain, args.period), note: notes.join(' ') || null }
}

/** A row of the breakdown table: that value of the cut over the whole period. */
export function drillBreakdownRow(
  filter: TrendsFilter | null,
  cut: MetricCut,
  key: string | null,
  period: PeriodInfo,
): Drill {
  return { filters: { ...baseFilters(filter), [cut]: [key] }, range: periodRange(period), note: null }
}

/** A bar of the flow chart: created is exact; solved and backlog are told as what the grid can show. */
export function drillFlow(
  filter: TrendsFilter | null,
  what: 'created' | 'solved' | 'backlog',
  bucket: string,
  grain: 'day' | 'week',
  period: PeriodInfo,
): Drill {
  const range = bucketRange(bucket, grain, period)
  const filters = baseFilters(filter)
  if (what === 'created') return { filters, range, note: null }
  if (what === 'solved') {
    return {
      filters: { ...filters, status: ['solved', 'closed'] },
      range,
      note: 'Cases filters by the day tickets were created: these are the solved tickets created then.',
    }
  }
  return {
    filters: { ...filters, status: ['new', 'open', 'pending', 'hold'] },
    range: { preset: 'custom', to: range.to },
    note: 'Cases shows the tickets unsolved now that were created by then, not the backlog as it stood that day.',
  }
}

/** A heatmap cell: the grid cannot filter by weekday and hour, so it opens the period and says so. */
export function drillHeatmapCell(filter: TrendsFilter | null, period: PeriodInfo, cell: string): Drill {
  return {
    filters: baseFilters(filter),
    range: periodRange(period),
    note: `Cases cannot filter by weekday and hour: it shows every ticket of the period, not only ${cell}.`,
  }
}
