/**
 * Wellbeing: the sensitive list, your own exposure counts, the break reminder (issue 3).
 *
 * Everything here is the local analyst's own: counts are read from this workspace file on this computer and are never
 * aggregated with, or shown beside, anyone else's.
 */
import { z } from 'zod'
import { method, ticketId, timeZone, type MethodDef } from '../schemas'

/** Highest "remind me after N reveals". */
export const MAX_BREAK_EVERY = 500
/** Days of exposure history the Wellbeing place shows. */
export const EXPOSURE_DAYS = 14
/** The exposure category of a ticket that is sensitive because it was flagged (by its source or by you). */
export const FLAGGED_CATEGORY = 'flagged'

/** A case type as the sensitive-list editor shows it. */
export interface SensitiveTypeOption {
  key: string
  label: string
  /** On the built-in default list. */
  builtIn: boolean
  /** On this workspace's list now. */
  sensitive: boolean
  /** Tickets of this case type in the workspace. */
  tickets: number
}

export interface BreakReminder {
  /** Suggest a break after this many reveals; null when the reminder is off. */
  every: number | null
}

export interface WellbeingSettings {
  /** The workspace's sensitive case types, sorted. */
  sensitiveTypes: string[]
  /** Every case type the editor offers: the built-in ones, then any others found in the workspace. */
  options: SensitiveTypeOption[]
  breakReminder: BreakReminder
}

/** Reveals in one harm category. */
export interface ExposureCount {
  category: string
  label: string
  count: number
}

/** One local day of your own reveals, newest day first in lists. */
export interface ExposureDay {
  /** YYYY-MM-DD in the requested time zone. */
  date: string
  total: number
  byCategory: ExposureCount[]
}

/** Where the break reminder stands right now. */
export interface BreakStatus {
  /** Reveals today since the last reminder was answered. */
  sinceReminder: number
  /** The reminder should show now. */
  due: boolean
  every: number | null
}

export interface ExposureSummary {
  timeZone: string
  today: ExposureDay
  /** The last EXPOSURE_DAYS local days, today first, days without reveals included (total 0). */
  days: ExposureDay[]
  breakStatus: BreakStatus
}

/** Why a ticket is sensitive: any of the three makes it so. */
export interface SensitiveReasons {
  sensitive: boolean
  /** Its case type is on this workspace's sensitive list. */
  caseType: boolean
  /** The source system flagged it. */
  source: boolean
  /** You marked it. */
  analyst: boolean
}

const caseTypeKey = z.string().trim().min(1, 'A case type cannot be empty.').max(200)

export const wellbeingMethods = {
  'wellbeing.get': method<WellbeingSettings>()(
    z.strictObject({}),
    'The sensitive case types of this workspace, the case types to choose from, and your break reminder.',
  ),
  'wellbeing.setSensitiveTypes': method<WellbeingSettings & { changedTickets: number }>()(
    z.strictObject({
      caseTypes: z
        .array(caseTypeKey)
        .max(200)
        .refine((list) => new Set(list).size === list.length, 'The list names a case type twice.'),
    }),
    'Replace the sensitive case types; every ticket of a changed type is hidden or shown again in one step.',
  ),
  'wellbeing.setBreakReminder': method<BreakReminder>()(
    z.strictObject({
      every: z
        .number()
        .int('The number of reveals must be a whole number.')
        .min(1, 'Remind after at least 1 reveal, or turn the reminder off.')
        .max(MAX_BREAK_EVERY, `Remind after at most ${MAX_BREAK_EVERY} reveals.`)
        .nullable(),
    }),
    'Suggest a break after this many reveals of sensitive text (null turns the reminder off).',
  ),
  'wellbeing.answerReminder': method<BreakStatus>()(
    z.strictObject({ answer: z.enum(['later', 'today']), timeZone }),
    'Answer the break reminder: "later" counts again from now, "today" stays quiet until tomorrow.',
  ),
  'wellbeing.markSensitive': method<SensitiveReasons>()(
    z.strictObject({ ticketId, sensitive: z.boolean() }),
    'Mark a ticket sensitive yourself, or remove your mark (its case type or source may still make it sensitive).',
  ),
  'wellbeing.reasons': method<SensitiveReasons>()(
    z.strictObject({ ticketId }),
    'Why a ticket is (or is not) sensitive.',
  ),
  'wellbeing.exposure': method<ExposureSummary>()(
    z.strictObject({ timeZone }),
    'Your own reveals of sensitive text per local day and harm category, and where the break reminder stands.',
  ),
} as const satisfies Record<string, MethodDef>
