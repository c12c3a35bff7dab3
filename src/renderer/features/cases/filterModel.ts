/**
 * The filter bar's model as pure functions: value filters, the created-date range (cut in the analyst's time zone,
 * half-open [from, to)), a stable key per filter set, and the chips that show what is active.
 */
import type { TicketFilters } from '../../../shared/api/contract'
import type { RangeFilter } from '../../../shared/api/schemas'
import type { CountByValue } from '../../../shared/api/types'
import { describeRange as describeNumberRange } from '../../../shared/exportDescribe'
import {
  FILTER_LABELS,
  PRIORITIES,
  RANGE_FILTER_FIELDS,
  REVIEW_STATES,
  STATUSES,
  VALUE_FILTER_FIELDS,
  valueLabel,
  type RangeFilterField,
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
    // The review list's element type is narrower than the others'; every list is copied as it came.
    if (values && values.length > 0) (out as Record<string, unknown>)[field] = [...values]
  }
  if (filters.flagged !== undefined) out.flagged = filters.flagged
  if (filters.escalationId && filters.escalationId.length > 0) out.escalationId = [...filters.escalationId]
  for (const field of RANGE_FILTER_FIELDS) {
    const range = filters[field]
    if (!range) continue
    const r: RangeFilter = {}
    if (range.min !== undefined) r.min = range.min
    if (range.max !== undefined) r.max = range.max
    if (range.empty === true) r.empty = true
    if (r.min !== undefined || r.max !== undefined || r.empty) out[field] = r
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

/** Filters with one numeric range replaced (or removed, for undefined). */
export function withNumberRange(
  filters: TicketFilters,
  field: RangeFilterField,
  range: RangeFilter | undefined,
): TicketFilters {
  return normalizeFilters({ ...filters, [field]: range })
}

/** Filters with the flag filter set (true: flagged only, false: not flagged) or removed (undefined). */
export function withFlag(filters: TicketFilters, flagged: boolean | undefined): TicketFilters {
  return normalizeFilters({ ...filters, flagged })
}

export function withEscalations(filters: TicketFilters, ids: readonly number[]): TicketFilters {
  return normalizeFilters({ ...filters, escalationId: [...ids] })
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
  reviewState: REVIEW_STATES,
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

export type FilterChip =
  | { id: string; label: string; field: ValueFilterField; value: string | null }
  | { id: string; label: string; field: 'escalationId'; value: number }
  | { id: string; label: string; field: RangeFilterField | 'flagged' | 'created' | 'text' }

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
  for (const field of RANGE_FILTER_FIELDS) {
    const r = filters[field]
    if (r) chips.push({ id: field, field, label: `${FILTER_LABELS[field]}: ${describeNumberRange(r)}` })
  }
  if (filters.flagged !== undefined) {
    chips.push({ id: 'flagged', field: 'flagged', label: filters.flagged ? 'Flagged' : 'Not flagged' })
  }
  for (const id of filters.escalationId ?? []) {
    chips.push({ id: `escalation:${id}`, field: 'escalationId', value: id, label: `Escalation #${id}` })
  }
  if (filters.createdFrom !== undefined || filters.createdTo !== undefined) {
    chips.push({ id: 'created', field: 'created', label: `Created: ${describeRange(range)}` })
  }
  return chips
}

/** How many of the "More filters" panel's filters are set (shown on its button). */
export function moreFiltersCount(filters: TicketFilters): number {
  return (
    RANGE_FILTER_FIELDS.filter((f) => filters[f] !== undefined).length +
    (filters.flagged !== undefined ? 1 : 0) +
    ((filters.escalationId?.length ?? 0) > 0 ? 1 : 0)
  )
}

/** What the range inputs of one field hold, as typed. */
export interface RangeDraft {
  min: string
  max: string
  empty: boolean
}

export function rangeDraft(range: RangeFilter | undefined): RangeDraft {
  return { min: range?.min?.toString() ?? '', max: range?.max?.toString() ?? '', empty: range?.empty === true }
}

export type ParsedRange = { ok: true; range: RangeFilter | undefined } | { ok: false; message: string }

/**
 * The range typed into the "More filters" inputs: blank sides are open, both blank (and "has no value" off) is no
 * filter. Refuses, with a sentence, what the API would refuse: non-numbers, fractions, negatives, values past `max`
 * (CSAT runs 1–5) and a minimum above the maximum.
 */
export function parseRangeDraft(
  draft: RangeDraft,
  spec: { label: string; nullable: boolean; max: number | null },
): ParsedRange {
  const read = (text: string, side: string): number | undefined | string => {
    const t = text.trim()
    if (t === '') return undefined
    if (!/^-?\d+$/.test(t)) return `${spec.label}: the ${side} must be a whole number.`
    const n = Number(t)
    if (n < 0) return `${spec.label}: the ${side} cannot be negative.`
    if (spec.max !== null && (n < 1 || n > spec.max)) return `${spec.label} runs from 1 to ${spec.max}.`
    if (n > 1_000_000_000) return `${spec.label}: the ${side} is too large.`
    return n
  }
  const min = read(draft.min, 'minimum')
  if (typeof min === 'string') return { ok: false, message: min }
  const max = read(draft.max, 'maximum')
  if (typeof max === 'string') return { ok: false, message: max }
  if (min !== undefined && max !== undefined && min > max) {
    return { ok: false, message: `${spec.label}: the minimum must not be more than the maximum.` }
  }
  const empty = spec.nullable && draft.empty
  if (min === undefined && max === undefined && !empty) return { ok: true, range: undefined }
  const range: RangeFilter = {}
  if (min !== undefined) range.min = min
  if (max !== undefined) range.max = max
  if (empty) range.empty = true
  return { ok: true, range }
}

/** Escalation numbers as typed ("12, 14 #15"): the ids, or a sentence naming what is not a number. */
export function parseEscalationIds(text: string): { ok: true; ids: number[] } | { ok: false; message: string } {
  const parts = text.split(/[\s,]+/).filter(Boolean)
  const ids: number[] = []
  for (const part of parts) {
    const m = /^#?(\d{1,15})$/.exec(part)
    const n = m ? Number(m[1]) : NaN
    if (!Number.isSafeInteger(n) || n < 1) return { ok: false, message: `“${part}” is not an escalation number.` }
    if (!ids.includes(n)) ids.push(n)
  }
  if (ids.length > 200) return { ok: false, message: 'At most 200 escalations at once.' }
  return { ok: true, ids }
}
