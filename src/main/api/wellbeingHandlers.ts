/** Handlers of the methods in shared/api/methods/wellbeing.ts. */
import { CASE_TYPE_LABELS } from '../../shared/domain'
import {
  EXPOSURE_DAYS,
  FLAGGED_CATEGORY,
  type BreakStatus,
  type ExposureDay,
  type ExposureSummary,
  type WellbeingSettings,
  type wellbeingMethods,
} from '../../shared/api/methods/wellbeing'
import { addDays, isValidTimeZone, localDate, startOfLocalDay } from '../../shared/time'
import type { Db } from '../db/connection'
import * as wellbeing from '../db/queries/wellbeing'
import type { HandlerContext } from './context'
import { ApiFailure, type Handlers } from './dispatcher'

/** The words a harm category is shown with. */
export function categoryLabel(category: string): string {
  return category === FLAGGED_CATEGORY ? 'Flagged sensitive' : (CASE_TYPE_LABELS[category] ?? category)
}

/**
 * Reveals cut into the analyst's local days (today first, `EXPOSURE_DAYS` of them) and the break reminder's state.
 * The reminder counts today's reveals since it was last answered, so a new day starts from zero.
 */
export function summarizeExposure(
  reveals: readonly { category: string; at: number }[],
  reminder: wellbeing.ReminderState,
  now: number,
  timeZone: string,
): ExposureSummary {
  const todayDate = localDate(now, timeZone)
  const dates = Array.from({ length: EXPOSURE_DAYS }, (_, i) => addDays(todayDate, -i))
  const perDay = new Map<string, Map<string, number>>(dates.map((d) => [d, new Map()]))
  const todayStart = startOfLocalDay(todayDate, timeZone)
  let sinceReminder = 0
  for (const r of reveals) {
    const counts = perDay.get(localDate(r.at, timeZone))
    if (counts) counts.set(r.category, (counts.get(r.category) ?? 0) + 1)
    if (r.at >= todayStart && r.at > reminder.answeredAt && r.at <= now) sinceReminder++
  }
  const days: ExposureDay[] = dates.map((date) => {
    const byCategory = [...(perDay.get(date) ?? new Map<string, number>()).entries()]
      .map(([category, count]) => ({ category, label: categoryLabel(category), count }))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
    return { date, total: byCategory.reduce((sum, c) => sum + c.count, 0), byCategory }
  })
  const breakStatus: BreakStatus = {
    every: reminder.every,
    sinceReminder,
    due: reminder.every !== null && now >= reminder.quietUntil && sinceReminder >= reminder.every,
  }
  return { timeZone, today: days[0] as ExposureDay, days, breakStatus }
}

/** Start of the local day `days` days before today (the oldest instant the summary reads). */
function windowStart(now: number, timeZone: string): number {
  return startOfLocalDay(addDays(localDate(now, timeZone), -(EXPOSURE_DAYS - 1)), timeZone)
}

export function createWellbeingHandlers(
  ctx: HandlerContext,
  now: () => number = Date.now,
): Pick<Handlers, keyof typeof wellbeingMethods> {
  const ws = () => ctx.manager.require()
  const zone = (timeZone: string): string => {
    if (!isValidTimeZone(timeZone)) throw new ApiFailure('invalid_input', `Unknown time zone "${timeZone}".`)
    return timeZone
  }
  const settings = (db: Db): WellbeingSettings => ({
    sensitiveTypes: wellbeing.sensitiveTypes(db),
    options: wellbeing.sensitiveTypeOptions(db),
    breakReminder: { every: wellbeing.reminderState(db).every },
  })
  const summary = (db: Db, timeZone: string): ExposureSummary => {
    const t = now()
    return summarizeExposure(
      wellbeing.revealsSince(db, windowStart(t, timeZone)),
      wellbeing.reminderState(db),
      t,
      timeZone,
    )
  }

  return {
    'wellbeing.get': () => settings(ws().db),
    'wellbeing.setSensitiveTypes': ({ caseTypes }) => {
      const open = ws()
      const changedTickets = wellbeing.setSensitiveTypes(open.db, caseTypes)
      // Cached pages, counts and search hits were computed with the old list.
      if (changedTickets > 0) open.tickets.invalidate()
      return { ...settings(open.db), changedTickets }
    },
    'wellbeing.setBreakReminder': ({ every }) => {
      const { db } = ws()
      const state = wellbeing.saveReminderState(db, { ...wellbeing.reminderState(db), every })
      return { every: state.every }
    },
    'wellbeing.answerReminder': ({ answer, timeZone }) => {
      const { db } = ws()
      const tz = zone(timeZone)
      const t = now()
      const current = wellbeing.reminderState(db)
      wellbeing.saveReminderState(
        db,
        answer === 'later'
          ? { ...current, answeredAt: t }
          : { ...current, answeredAt: t, quietUntil: startOfLocalDay(addDays(localDate(t, tz), 1), tz) },
      )
      return summary(db, tz).breakStatus
    },
    'wellbeing.markSensitive': ({ ticketId, sensitive }) => {
      const open = ws()
      if (!wellbeing.sensitiveReasons(open.db, ticketId))
        throw new ApiFailure('not_found', `Ticket ${ticketId} is not in this workspace.`)
      const reasons = wellbeing.markSensitive(open.db, ticketId, sensitive, now())
      open.tickets.invalidate()
      return reasons
    },
    'wellbeing.reasons': ({ ticketId }) => {
      const reasons = wellbeing.sensitiveReasons(ws().db, ticketId)
      if (!reasons) throw new ApiFailure('not_found', `Ticket ${ticketId} is not in this workspace.`)
      return reasons
    },
    'wellbeing.exposure': ({ timeZone }) => summary(ws().db, zone(timeZone)),
  }
}
