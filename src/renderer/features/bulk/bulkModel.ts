/**
 * Pure rules of bulk actions in the renderer: what the selection targets, when to ask before acting, and how an action
 * is named on buttons and in the confirmation. No DOM, so they are unit-tested.
 */
import type { TicketFilters } from '../../../shared/api/contract'
import { MAX_BULK_IDS, type BulkAction, type BulkTarget } from '../../../shared/api/methods/bulk'
import { REVIEW_LABELS } from '../../../shared/domain'
import { formatInt, plural } from '../../lib/format'

/** Actions on more tickets than this ask first, naming the count. */
export const CONFIRM_ABOVE = 1_000

/** "Select all matching": every ticket the filters match, as counted when the analyst chose it. */
export interface AllMatching {
  /** filterKey of the filters, so a change of filters drops it. */
  key: string
  filters: TicketFilters
  count: number
}

export interface Selection {
  checkedIds: readonly number[]
  allMatching: AllMatching | null
}

/** How many tickets an action on the selection covers. */
export function selectionSize(s: Selection): number {
  return s.allMatching ? s.allMatching.count : s.checkedIds.length
}

/** The API target of the selection, or a sentence saying why there is none. */
export function targetOf(s: Selection): { target: BulkTarget } | { error: string } {
  if (s.allMatching) return { target: { filters: s.allMatching.filters, expectedCount: s.allMatching.count } }
  if (s.checkedIds.length === 0) return { error: 'Select tickets first (Space, or the checkboxes).' }
  if (s.checkedIds.length > MAX_BULK_IDS)
    return {
      error: `${formatInt(s.checkedIds.length)} tickets are checked by hand; use "Select all matching" for more than ${formatInt(MAX_BULK_IDS)}.`,
    }
  return { target: { ids: [...s.checkedIds] } }
}

export function needsConfirmation(size: number): boolean {
  return size > CONFIRM_ABOVE
}

/** The action as a question's verb phrase: "Label 12,345 tickets “payout-bug”". */
export function actionPhrase(action: BulkAction, size: number, escalationTitle = ''): string {
  const n = plural(size, 'ticket')
  switch (action.kind) {
    case 'label.add':
      return `Label ${n} “${action.label}”`
    case 'label.remove':
      return `Remove the label “${action.label}” from ${n}`
    case 'review.set':
      return action.state === null ? `Clear the review state of ${n}` : `Set ${n} to “${REVIEW_LABELS[action.state]}”`
    case 'flag.set':
      return `${action.flagged ? 'Flag' : 'Unflag'} ${n}`
    case 'escalation.add':
      return `Add ${n} to the escalation “${escalationTitle}”`
  }
}
