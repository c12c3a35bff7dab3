/**
 * What a metrics request may ask of the rollups: which filters they can honour, which dimension to read, and the
 * period and time buckets as UTC hours.
 *
 * Rollups are kept per UTC hour. A local day or week is the sum of the hours it holds, which is exact in every zone
 * whose offset is whole hours. In zones offset by 30 or 45 minutes (India, Nepal, Newfoundland, parts of Australia)
 * a local midnight falls inside a UTC hour: each hour is counted in the local bucket that holds its middle, so a
 * bucket's edges can be off by up to 30 minutes. Such answers carry a `boundaryNote` the charts show.
 */
import type { MetricCut, PeriodInfo } from '../../shared/api/methods/metrics'
import type { TicketFilters } from '../../shared/api/schemas'
import { FILTER_LABELS } from '../../shared/domain'
import { addDays, bucketIndex, localBuckets, startOfLocalDay, zoneOffsetMs } from '../../shared/time'
import type { RollupDim, RollupField } from '../db/queries/metrics'
import { ROLLUP_FIELDS } from '../db/queries/metrics'

export const HOUR_MS = 3_600_000

/** A request the rollups cannot answer, with the sentence the analyst sees. */
export class MetricsRequestError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MetricsRequestError'
  }
}

export interface Scope {
  /** The rollup dimension to read: the cut, else the filtered field, else all tickets. */
  dim: RollupDim
  /** The filtered field and its rollup values ('' = no value; sources by id), or null when unfiltered. */
  filter: { field: RollupField; vals: string[] } | null
  groupBy: RollupField | null
}

const label = (f: string): string => FILTER_LABELS[f as keyof typeof FILTER_LABELS] ?? f

function list(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/**
 * Checks the grid's filters against what the rollups carry. Refused: filters on fields the rollups do not keep
 * (status, tags, text, ranges, the analyst's labels…), a created-date range (the period replaces it), more than one
 * filtered field, or a filter on one field with a cut by another (rollups are kept per field).
 */
export function resolveScope(
  filters: TicketFilters,
  groupBy: MetricCut | null,
  sourceIds: (name: string) => string | undefined,
): Scope {
  const unsupported: string[] = []
  const filtered: RollupField[] = []
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined) continue
    if (Array.isArray(value) && value.length === 0) continue
    if (key === 'text' && typeof value === 'string' && value.trim() === '') continue
    if (key === 'createdFrom' || key === 'createdTo') {
      throw new MetricsRequestError(
        'Trends takes its dates from the period picker, not from a created-date filter: remove the date filter.',
      )
    }
    if ((ROLLUP_FIELDS as readonly string[]).includes(key)) filtered.push(key as RollupField)
    else unsupported.push(key === 'text' ? 'Search' : label(key))
  }
  if (unsupported.length > 0) {
    throw new MetricsRequestError(
      `Trends cannot filter by ${list(unsupported)}: KPIs come from rollups that keep channel, case type, region, ` +
        'priority, source, assignee and group only. Clear that filter here, or look at those tickets in Cases.',
    )
  }
  if (filtered.length > 1) {
    throw new MetricsRequestError(
      `Trends filters by one field at a time (its rollups are kept per field), and this asks for ` +
        `${list(filtered.map(label))}. Keep one of them, or open the combination in Cases.`,
    )
  }
  const field = filtered[0] ?? null
  if (field && groupBy && field !== groupBy) {
    throw new MetricsRequestError(
      `Trends cannot cut by ${label(groupBy)} while filtering by ${label(field)} (its rollups are kept per field). ` +
        `Cut by ${label(field)}, or clear the ${label(field)} filter.`,
    )
  }
  let filter: Scope['filter'] = null
  if (field) {
    const values = filters[field] ?? []
    const vals = values.flatMap((v): string[] => {
      if (v === null) return field === 'source' ? [] : ['']
      if (field !== 'source') return [v]
      const id = sourceIds(v)
      return id === undefined ? [] : [id]
    })
    filter = { field, vals: [...new Set(vals)] }
  }
  return { dim: groupBy ?? field ?? 'all', filter, groupBy }
}

export interface Period extends PeriodInfo {
  /** UTC hours whose middle falls in [start, end): [fromHour, toHour). */
  fromHour: number
  toHour: number
  days: number
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Local dates `from`..`to` (inclusive) in a zone as instants and hours; refuses reversed or absurd periods. */
export function periodOf(from: string, to: string, timeZone: string): Period {
  if (!DATE.test(from) || Number.isNaN(Date.parse(`${from}T00:00:00Z`)))
    throw new MetricsRequestError(`"${from}" is not a date.`)
  if (!DATE.test(to) || Number.isNaN(Date.parse(`${to}T00:00:00Z`)))
    throw new MetricsRequestError(`"${to}" is not a date.`)
  if (from > to) throw new MetricsRequestError(`The period starts (${from}) after it ends (${to}).`)
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
  if (days > 3660) throw new MetricsRequestError('A period can cover at most ten years.')
  const start = startOfLocalDay(from, timeZone)
  const end = startOfLocalDay(addDays(to, 1), timeZone)
  return { from, to, start, end, fromHour: hourAt(start), toHour: hourAt(end), days }
}

/** The same number of days just before `p`. */
export function previousPeriod(p: Period, timeZone: string): Period {
  return periodOf(addDays(p.from, -p.days), addDays(p.from, -1), timeZone)
}

/** The first UTC hour whose middle is at or after `instant`. */
export function hourAt(instant: number): number {
  return Math.ceil((instant - HOUR_MS / 2) / HOUR_MS)
}

export interface HourBuckets {
  labels: string[]
  starts: number[]
  end: number
  /** Bucket of each hour in [fromHour, toHour), or -1. */
  indexOf(hour: number): number
}

/** Local day / week buckets, or UTC hours labelled in local time, over a period; each hour mapped once. */
export function hourBuckets(p: Period, grain: 'hour' | 'day' | 'week', timeZone: string): HourBuckets {
  let labels: string[]
  let starts: number[]
  let end: number
  if (grain === 'hour') {
    if (p.toHour - p.fromHour > 24 * 62)
      throw new MetricsRequestError('Hourly charts cover at most 62 days: pick a shorter period or a daily grain.')
    starts = []
    labels = []
    for (let h = p.fromHour; h < p.toHour; h++) {
      starts.push(h * HOUR_MS)
      labels.push(localStamp(h * HOUR_MS, timeZone))
    }
    end = p.toHour * HOUR_MS
  } else {
    ;({ labels, starts, end } = localBuckets(p.start, p.end, grain, timeZone))
  }
  const map = new Int32Array(Math.max(0, p.toHour - p.fromHour))
  for (let h = p.fromHour; h < p.toHour; h++) {
    map[h - p.fromHour] = grain === 'hour' ? h - p.fromHour : bucketIndex(starts, end, h * HOUR_MS + HOUR_MS / 2)
  }
  return {
    labels,
    starts,
    end,
    indexOf: (hour) => (hour < p.fromHour || hour >= p.toHour ? -1 : (map[hour - p.fromHour] as number)),
  }
}

/** `YYYY-MM-DD HH:mm` local. */
export function localStamp(instant: number, timeZone: string): string {
  const local = new Date(instant + zoneOffsetMs(instant, timeZone)).toISOString()
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`
}

/** The note for zones whose days start inside a UTC hour, or null when every boundary is on the hour. */
export function boundaryNote(p: Period, timeZone: string): string | null {
  const offsets = [zoneOffsetMs(p.start, timeZone), zoneOffsetMs(Math.max(p.start, p.end - 1), timeZone)]
  if (offsets.every((o) => o % HOUR_MS === 0)) return null
  return (
    `${timeZone} is not a whole number of hours from UTC, and KPIs are kept per UTC hour: each hour counts in the ` +
    'local day that holds its middle, so a day can start up to 30 minutes early or late.'
  )
}

/** The hours of each bucket as spans (ascending), each counting into `cellsOf(bucket)` (default: its own cell). */
export function bucketSpans(
  p: Period,
  buckets: HourBuckets,
  cellsOf: (bucket: number) => readonly number[] = (b) => [b],
): { from: number; to: number; cells: readonly number[] }[] {
  const spans: { from: number; to: number; cells: readonly number[] }[] = []
  let open: { from: number; to: number; bucket: number } | null = null
  const close = () => {
    if (open) spans.push({ from: open.from, to: open.to, cells: cellsOf(open.bucket) })
  }
  for (let h = p.fromHour; h < p.toHour; h++) {
    const b = buckets.indexOf(h)
    if (open && b === open.bucket && open.to === h) {
      open.to = h + 1
      continue
    }
    close()
    open = b < 0 ? null : { from: h, to: h + 1, bucket: b }
  }
  close()
  return spans
}
