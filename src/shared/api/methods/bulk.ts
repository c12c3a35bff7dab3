/** Bulk analyst actions on a selection or on every ticket matching a filter, with undo (issue 3). */
import { z } from 'zod'
import { REVIEW_STATES } from '../../domain'
import { empty, label, method, ticketFiltersSchema, ticketId, type MethodDef } from '../schemas'

/** Most ticket ids one call may name; larger selections go by filter ("select all matching"). */
export const MAX_BULK_IDS = 10_000

/** What a bulk action does to each ticket. Only analyst-owned tables change, so a re-sync keeps every change. */
export const bulkActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('label.add'), label }),
  z.strictObject({ kind: z.literal('label.remove'), label }),
  /** null clears the state (a flagged ticket stays "to review", as with one ticket). */
  z.strictObject({ kind: z.literal('review.set'), state: z.enum(REVIEW_STATES).nullable() }),
  z.strictObject({ kind: z.literal('flag.set'), flagged: z.boolean() }),
  z.strictObject({ kind: z.literal('escalation.add'), escalationId: ticketId }),
])
export type BulkAction = z.infer<typeof bulkActionSchema>
export type BulkActionKind = BulkAction['kind']

/**
 * Which tickets: a selection by id, or every ticket matching the grid's filters. `expectedCount` is how many matched
 * when the analyst chose "select all matching"; when the data moved since, the action is refused, not guessed.
 */
export const bulkTargetSchema = z.union([
  z.strictObject({
    ids: z
      .array(ticketId)
      .min(1, 'Select at least one ticket.')
      .max(
        MAX_BULK_IDS,
        `Select at most ${MAX_BULK_IDS.toLocaleString('en-US')} tickets by hand, or use "Select all matching".`,
      ),
  }),
  z.strictObject({ filters: ticketFiltersSchema, expectedCount: z.number().int().min(0).optional() }),
])
export type BulkTarget = z.infer<typeof bulkTargetSchema>

export interface BulkResult {
  /** Null when no ticket needed changing: nothing was recorded, and the previous action can still be undone. */
  bulkId: number | null
  /** Tickets the action changed (those already in the asked-for state are left alone and not counted). */
  affected: number
  /** Tickets the target matched. */
  matched: number
  /** What was done, in the analyst's words ("Labelled 1,234 tickets “payout-bug”"), or why nothing changed. */
  description: string
}

/** The bulk action that "Undo" would reverse. */
export interface BulkLast {
  bulkId: number
  kind: BulkActionKind
  affected: number
  matched: number
  description: string
  createdAt: number
}

export interface BulkUndoResult {
  bulkId: number
  /** Tickets put back as they were before the action. */
  restored: number
  description: string
}

export interface RelatedTicket {
  id: number
  /** Null for a sensitive ticket: related lists never carry harmful text. */
  subject: string | null
  sensitive: boolean
  caseType: string | null
  status: string
  createdAt: number
}

export interface RelatedGroup {
  /** All related tickets, beyond the ones listed. */
  total: number
  tickets: RelatedTicket[]
}

export interface RelatedTickets {
  /** Other tickets of the same requester, newest first (empty when the ticket has no requester). */
  sameRequester: RelatedGroup
  /** Tickets of the same case type created within half an hour either side (empty without a case type). */
  sameCaseTypeHour: RelatedGroup & { from: number; to: number }
}

/** Most related tickets listed per group. */
export const RELATED_LIMIT = 20

export const bulkMethods = {
  'bulk.apply': method<BulkResult>()(
    z.strictObject({ target: bulkTargetSchema, action: bulkActionSchema }),
    'Apply one analyst action to selected tickets or to every ticket matching filters, in one transaction; undoable.',
  ),
  'bulk.undo': method<BulkUndoResult>()(
    z.strictObject({ bulkId: z.number().int().positive().optional() }),
    'Undo the last bulk action (or the one named, if it is the last), putting every changed ticket back exactly.',
  ),
  'bulk.last': method<{ last: BulkLast | null }>()(
    empty,
    'The last bulk action that can still be undone, if any (survives a restart).',
  ),
  'tickets.related': method<RelatedTickets>()(
    z.strictObject({ id: ticketId }),
    'Tickets related to one: the same requester, and the same case type created around the same time.',
  ),
} as const satisfies Record<string, MethodDef>
