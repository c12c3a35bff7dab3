/**
 * Pure rules of the Escalations place: the next-update countdown, which escalation the URL opens, datetime inputs,
 * and how a cohort filter opens in Cases. No DOM, so they are unit-tested.
 */
import type { TicketFilters } from '../../../shared/api/schemas'
import {
  LIVE_STATUSES,
  type EscalationStatus,
  type EscalationSummary,
  type MetricKpi,
} from '../../../shared/escalations'
import { KPIS } from '../../../shared/kpis'
import { addDays, localDate, startOfLocalDay } from '../../../shared/time'
import type { DateRange } from '../cases/filterModel'
import { ALL_TIME } from '../cases/filterModel'

/** Under this many minutes before it is due, the countdown turns amber. */
export const DUE_SOON_MINUTES = 30

export type DueState = 'none' | 'later' | 'soon' | 'overdue'

export interface Countdown {
  state: DueState
  /** "in 42 min", "overdue by 1 h 5 min", "no update scheduled". */
  text: string
}

function span(minutes: number): string {
  const m = Math.max(0, Math.round(minutes))
  if (m < 60) return `${m} min`
  const h = Math.floor(m / 60)
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`
  const d = Math.floor(h / 24)
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`
}

/** The next-update timer of an escalation; resolved and closed ones owe no update. */
export function countdown(e: Pick<EscalationSummary, 'nextUpdateDue' | 'status'>, now: number): Countdown {
  if (!(LIVE_STATUSES as readonly EscalationStatus[]).includes(e.status))
    return { state: 'none', text: 'no update owed' }
  if (e.nextUpdateDue === null) return { state: 'none', text: 'no update scheduled' }
  const minutes = (e.nextUpdateDue - now) / 60_000
  if (minutes < 0) return { state: 'overdue', text: `overdue by ${span(-minutes)}` }
  return { state: minutes <= DUE_SOON_MINUTES ? 'soon' : 'later', text: `in ${span(minutes)}` }
}

/** `#/escalations/12` → 12; anything else → null. */
export function escalationIdFromHash(hash: string): number | null {
  const m = /^#\/?escalations\/(\d{1,15})(?:[/?]|$)/.exec(hash)
  if (!m) return null
  const id = Number(m[1])
  return Number.isSafeInteger(id) && id > 0 ? id : null
}

export function escalationHash(id: number | null): string {
  return id === null ? '#/escalations' : `#/escalations/${id}`
}

/** An instant as the value of an `<input type="datetime-local">` in the window's zone. */
export function toLocalInput(ms: number | null): string {
  if (ms === null) return ''
  const d = new Date(ms)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** The instant of a datetime-local value, or null when it is empty or not a time. */
export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null
  const t = new Date(value).getTime()
  return Number.isFinite(t) ? t : null
}

/**
 * A cohort filter as the grid's filters and date range. The grid filters by whole local days: a created range that
 * does not start and end at local midnight widens to the days it touches, and `note` says so.
 */
export function cohortInCases(
  filters: TicketFilters,
  timeZone: string,
): { filters: TicketFilters; range: DateRange; note: string | null } {
  const { createdFrom, createdTo, ...rest } = filters
  if (createdFrom === undefined && createdTo === undefined) return { filters: rest, range: ALL_TIME, note: null }
  const from = createdFrom === undefined ? undefined : localDate(createdFrom, timeZone)
  const to = createdTo === undefined ? undefined : localDate(createdTo - 1, timeZone)
  const exact =
    (createdFrom === undefined || startOfLocalDay(from as string, timeZone) === createdFrom) &&
    (createdTo === undefined || startOfLocalDay(addDays(to as string, 1), timeZone) === createdTo)
  return {
    filters: rest,
    range: { preset: 'custom', ...(from ? { from } : {}), ...(to ? { to } : {}) },
    note: exact ? null : 'Cases filters by whole days, so it shows the whole days the cohort’s dates touch.',
  }
}

/** The unit a success-metric target is typed in. */
export function thresholdUnit(kpi: MetricKpi): string {
  return KPIS[kpi].unit === 'minutes' ? 'minutes' : '%'
}

/** Sensible default targets, so the form starts from something an analyst would write. */
export function defaultThreshold(kpi: MetricKpi): { comparator: 'below' | 'above'; threshold: number } {
  switch (kpi) {
    case 'csat':
      return { comparator: 'above', threshold: 80 }
    case 'oneTouch':
      return { comparator: 'above', threshold: 60 }
    case 'frt':
      return { comparator: 'below', threshold: 240 }
    case 'firstResolution':
    case 'fullResolution':
      return { comparator: 'below', threshold: 1440 }
    default:
      return { comparator: 'below', threshold: 5 }
  }
}
