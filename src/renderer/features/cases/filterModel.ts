/**
 * The filter bar's model as pure functions: value filters, the created-date range (cut in the analyst's time zone,
 * half-open [from, to)), a stable key per filter set, and the chips that show what is active.
 */
import type { TicketFilters } from '../../../shared/api/contract'
import type { CountByValue } from '../../../shared/api/types'
import {
  FILTER_LABELS,
  PRIORITIES,
  STATUSES,
  VALUE_FILTER_FIELDS,
  valueLabel,
  type ValueFilterField,
} from '../../../shared/domain'
import { addDays, localDate, startOfLocalDay } from '../../../shared/time'
import { formatLocalDate } from '../../lib/format'

export { FILTER_LABELS }

export type DatePreset = '7d' | '30d' | '90d' | 'all' | 'custom'

export const DATE_PRESETS: { preset: Exclude<DatePreset, 'custom'>; label: string; days: number | null }[] = [
  { preset: '7d', label: 'Last 7 days', days: 7 },
  { preset: '30d', label: 'Last 30 days', days: 30 },
  { preset: '90d', label: 'Last 90 days', days: 90 },
  { preset: 'all', label: 'All time', days: null },
]

/**
 * The created-date range as the analyst chose it. `from` and `to` are local calendar dates (`YYYY-MM-DD`); `to` is
 * the last day included, so the instant range is [start of from, start of the day after to).
 */
export interface DateRange {
  preset: DatePreset
  from?: string
  to?: string
}

export const ALL_TIME: DateRange = { preset: 'all' }

/** A preset resolved to local dates, as of `now` in `timeZone`: "last 7 days" is today and the six days before. */
export function presetRange(preset: Exclude<DatePreset, 'custom'>, timeZone: string, now: number): DateRange {
  const days = DATE_PRESETS.find((p) => p.preset === preset)?.days ?? null
  if (days === null) return ALL_TIME
  const today = localDate(now, timeZone)
  return { preset, from: addDays(today, -(days - 1)), to: today }
}

/** The instants the API takes: createdFrom inclusive, createdTo exclusive (the start of the day after `to`). */
export function rangeToInstants(range: DateRange, timeZone: string): Pick<TicketFilters, 'createdFrom' | 'createdTo'> {
  const out: Pick<TicketFilters, 'createdFrom' | 'createdTo'> = {}
  if (range.from) out.createdFrom = startOfLocalDay(range.from, timeZone)
  if (range.to) out.createdTo = startOfLocalDay(addDays(range.to, 1), timeZone)
  return out
}

export function describeRange(range: DateRange): string {
  const preset = DATE_PRESETS.find((p) => p.preset === range.preset)
  if (preset) return preset.label
  if (range.from && range.to) {
    return range.from === range.to
      ? formatLocalDate(range.from)
      : `${formatLocalDate(range.from)} – ${formatLocalDate(range.to)}`
  }
  if (range.from) return `Since ${formatLocalDate(range.from)}`
  if (range.to) return `Until ${formatLocalDate(range.to)}`
  return 'All time'
}

/** Filters in one canonical shape (fixed key order, no empty lists), so equal filters give equal keys. */
export function normalizeFilters(filters: TicketFilters): TicketFilters {
  const out: TicketFilters = {}
  for (const field of VALUE_FILTER_FIELDS) {
    const values = filters[field]
    if (values && values.length > 0) out[field] = [...values]
  }
  if (filters.createdFrom !== undefined) out.createdFrom = filters.createdFrom
  if (filters.createdTo !== undefined) out.createdTo = filters.createdTo
  if (filters.text !== undefined && filters.text.trim() !== '') out.text = filters.text.trim()
  return out
}

export function filterKey(filters: TicketFilters): string {
  return JSON.stringify(normalizeFilters(filters))
}

export function hasActiveFilters(filters: TicketFilters): boolean {
  return filterKey(filters) !== '{}'
}

export function withValues(filters: TicketFilters, field: ValueFilterField, values: (string | null)[]): TicketFilters {
  return normalizeFilters({ ...filters, [field]: values })
}

/** Filters with the search replaced (or removed, for blank text). */
export function withText(filters: TicketFilters, text: string): TicketFilters {
  const { text: _old, ...rest } = filters
  return normalizeFilters({ ...rest, text })
}

export function withRange(filters: TicketFilters, range: DateRange, timeZone: string): TicketFilters {
  const { createdFrom: _f, createdTo: _t, ...rest } = filters
  return normalizeFilters({ ...rest, ...rangeToInstants(range, timeZone) })
}

const CANONICAL_ORDER: Partial<Record<ValueFilterField, readonly string[]>> = {
  status: STATUSES,
  priority: PRIORITIES,
}

export interface FacetOption {
  value: string | null
  label: string
  count: number
}

/**
 * The options of one dropdown: the facet's values (status and priority in their natural order, the rest by count)
 * plus any selected value the facet no longer lists, shown with a zero count so it can still be unticked.
 */
export function facetOptions(
  field: ValueFilterField,
  facet: readonly CountByValue[] | undefined,
  selected: readonly (string | null)[],
): FacetOption[] {
  const options: FacetOption[] = (facet ?? []).map((f) => ({
    value: f.value,
    label: valueLabel(field, f.value),
    count: f.count,
  }))
  for (const value of selected) {
    if (!options.some((o) => o.value === value)) options.push({ value, label: valueLabel(field, value), count: 0 })
  }
  const order = CANONICAL_ORDER[field]
  if (order) {
    const rank = (v: string | null): number => {
      const i = v === null ? -1 : order.indexOf(v)
      return i < 0 ? order.length : i
    }
    options.sort((a, b) => rank(a.value) - rank(b.value) || b.count - a.count)
  } else {
    options.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
  }
  return options
}

export interface FilterChip {
  id: string
  label: string
  field: ValueFilterField | 'created' | 'text'
  value?: string | null
}

export function activeChips(filters: TicketFilters, range: DateRange): FilterChip[] {
  const chips: FilterChip[] = []
  if (filters.text) chips.push({ id: 'text', field: 'text', label: `Search: ${filters.text}` })
  for (const field of VALUE_FILTER_FIELDS) {
    for (const value of filters[field] ?? []) {
      chips.push({
        id: `${field}:${value ?? '\u0000'}`,
        field,
        value,
        label: `${FILTER_LABELS[field]}: ${valueLabel(field, value)}`,
      })
    }
  }
  if (filters.createdFrom !== undefined || filters.createdTo !== undefined) {
    chips.push({ id: 'created', field: 'created', label: `Created: ${describeRange(range)}` })
  }
  return chips
}
