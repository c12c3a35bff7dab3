/**
 * The words at the top of an export: which filter, which order, when and in which zone. Pure, so the CLI, the app
 * and tests describe a view the same way.
 */
import type { TicketFilters, TicketSort } from './api/contract'
import type { RangeFilter } from './api/schemas'
import {
  ANALYST_SORT_LABELS,
  FILTER_LABELS as FIELD_LABELS,
  RANGE_FILTER_FIELDS,
  TICKET_COLUMNS,
  valueLabel,
} from './domain'
import { startOfLocalDay, localDate, zoneOffsetMs, addDays } from './time'

const FILTER_LABELS: Record<string, string> = { ...FIELD_LABELS, text: 'Search' }

/** A numeric range in words: `1–2`, `at least 30`, `at most 60`, each `or no value` when empties are included. */
export function describeRange(range: RangeFilter): string {
  const { min, max } = range
  const fmt = (n: number): string => n.toLocaleString('en-US')
  const bounds =
    min !== undefined && max !== undefined
      ? min === max
        ? fmt(min)
        : `${fmt(min)}–${fmt(max)}`
      : min !== undefined
        ? `at least ${fmt(min)}`
        : max !== undefined
          ? `at most ${fmt(max)}`
          : null
  if (bounds === null) return range.empty ? 'no value' : 'any'
  return range.empty ? `${bounds} or no value` : bounds
}

/** `YYYY-MM-DD HH:MM` of an instant in a zone. */
export function localDateTime(instant: number, timeZone: string): string {
  return new Date(instant + zoneOffsetMs(instant, timeZone)).toISOString().slice(0, 16).replace('T', ' ')
}

function describeCreated(from: number | undefined, to: number | undefined, timeZone: string): string {
  const atMidnight = (t: number): boolean => startOfLocalDay(localDate(t, timeZone), timeZone) === t
  const day = (t: number): string => (atMidnight(t) ? localDate(t, timeZone) : localDateTime(t, timeZone))
  // `createdTo` is exclusive: a range ending at local midnight reads as "through" the day before.
  const until = (t: number): string =>
    atMidnight(t) ? `through ${addDays(localDate(t, timeZone), -1)}` : `before ${localDateTime(t, timeZone)}`
  if (from !== undefined && to !== undefined) return `from ${day(from)} ${until(to)}`
  if (from !== undefined) return `from ${day(from)}`
  return until(to as number)
}

/**
 * The filters in words, e.g. `Channel: Email, Phone; Created: from 2026-10-23 through 2026-11-21`, or
 * `all tickets`. Fields this module does not know (added to the filters later) are still named, with their value.
 */
export function describeFilters(filters: TicketFilters, timeZone: string): string {
  const parts: string[] = []
  for (const [key, value] of Object.entries(filters) as [string, unknown][]) {
    if (value === undefined || key === 'createdFrom' || key === 'createdTo') continue
    if (Array.isArray(value)) {
      if (value.length === 0) continue
      const label = FILTER_LABELS[key] ?? key
      const words = value.map((v) => (typeof v === 'number' ? `#${v}` : valueLabel(key, v as string | null)))
      parts.push(`${label}: ${words.join(', ')}`)
    } else if (key === 'flagged' && typeof value === 'boolean') {
      parts.push(value ? 'Flagged' : 'Not flagged')
    } else if ((RANGE_FILTER_FIELDS as string[]).includes(key) && typeof value === 'object' && value !== null) {
      parts.push(`${FILTER_LABELS[key] ?? key}: ${describeRange(value as RangeFilter)}`)
    } else if (typeof value === 'string') {
      if (value.trim() !== '') parts.push(`${FILTER_LABELS[key] ?? key}: "${value}"`)
    } else {
      parts.push(`${FILTER_LABELS[key] ?? key}: ${JSON.stringify(value)}`)
    }
  }
  if (filters.createdFrom !== undefined || filters.createdTo !== undefined) {
    parts.push(`Created: ${describeCreated(filters.createdFrom, filters.createdTo, timeZone)}`)
  }
  return parts.length ? parts.join('; ') : 'all tickets'
}

/** `Created, newest first` / `Priority, ascending`. */
export function describeSort(sort: TicketSort): string {
  const label =
    TICKET_COLUMNS.find((c) => c.key === sort.column)?.label ??
    ANALYST_SORT_LABELS[sort.column as keyof typeof ANALYST_SORT_LABELS] ??
    sort.column
  const kind = TICKET_COLUMNS.find((c) => c.key === sort.column)?.kind
  const words =
    kind === 'date'
      ? sort.dir === 'desc'
        ? 'newest first'
        : 'oldest first'
      : kind === 'number'
        ? sort.dir === 'desc'
          ? 'largest first'
          : 'smallest first'
        : sort.dir === 'desc'
          ? 'descending'
          : 'ascending'
  return `${label}, ${words}`
}

/**
 * The title line of an export:
 * `Ops Workbench export — Demo — Channel: Email — sorted by Created, newest first — exported 2026-11-22 09:14 Europe/Dublin — 1,234 tickets`.
 */
export function exportTitle(options: {
  workspace: string
  filters: TicketFilters
  sort: TicketSort
  exportedAt: number
  timeZone: string
  count: number
}): string {
  const { workspace, filters, sort, exportedAt, timeZone, count } = options
  return [
    'Ops Workbench export',
    workspace,
    describeFilters(filters, timeZone),
    `sorted by ${describeSort(sort)}`,
    `exported ${localDateTime(exportedAt, timeZone)} ${timeZone}`,
    `${count.toLocaleString('en-US')} ${count === 1 ? 'ticket' : 'tickets'}`,
  ].join(' — ')
}
