/** Handlers of the methods in shared/api/methods/bulk.ts. */
import type { BulkAction, BulkTarget, bulkMethods } from '../../shared/api/methods/bulk'
import { REVIEW_LABELS } from '../../shared/domain'
import * as bulk from '../db/queries/bulk'
import { getEscalation } from '../db/queries/escalations'
import { relatedTickets } from '../db/queries/related'
import type { HandlerContext } from './context'
import { ApiFailure, type Handlers } from './dispatcher'

const int = (n: number): string => n.toLocaleString('en-US')
const tickets = (n: number): string => `${int(n)} ${n === 1 ? 'ticket' : 'tickets'}`

/** "(34 already had it)": the matched tickets the action left alone, when there were any. */
const skipped = (affected: number, matched: number, why: string): string =>
  affected < matched ? ` (${int(matched - affected)} ${why})` : ''

/**
 * What a bulk action did, in the analyst's words: the toast after it, the undo button, the log. When nothing needed
 * changing it says so instead, and nothing is recorded.
 */
export function describeBulk(action: BulkAction, affected: number, matched: number, escalationTitle = ''): string {
  const all = matched === 1 ? 'The ticket' : `All ${tickets(matched)}`
  switch (action.kind) {
    case 'label.add':
      return affected === 0
        ? `${all} already ${matched === 1 ? 'has' : 'have'} the label “${action.label}”; nothing changed.`
        : `Labelled ${tickets(affected)} “${action.label}”${skipped(affected, matched, 'already had it')}`
    case 'label.remove':
      return affected === 0
        ? `None of the ${tickets(matched)} has the label “${action.label}”; nothing changed.`
        : `Removed the label “${action.label}” from ${tickets(affected)}${skipped(affected, matched, 'did not have it')}`
    case 'review.set': {
      if (action.state === null)
        return affected === 0
          ? `None of the ${tickets(matched)} has a review state to clear; nothing changed.`
          : `Cleared the review state of ${tickets(affected)}`
      const state = REVIEW_LABELS[action.state]
      return affected === 0
        ? `${all} ${matched === 1 ? 'is' : 'are'} already “${state}”; nothing changed.`
        : `Set ${tickets(affected)} to “${state}”${skipped(affected, matched, 'already were')}`
    }
    case 'flag.set': {
      const verb = action.flagged ? 'flagged' : 'unflagged'
      return affected === 0
        ? `${all} ${matched === 1 ? 'is' : 'are'} already ${verb}; nothing changed.`
        : `${action.flagged ? 'Flagged' : 'Unflagged'} ${tickets(affected)}${skipped(affected, matched, `already ${verb}`)}`
    }
    case 'escalation.add':
      return affected === 0
        ? `${all} ${matched === 1 ? 'is' : 'are'} already in the escalation “${escalationTitle}”; nothing changed.`
        : `Added ${tickets(affected)} to the escalation “${escalationTitle}”${skipped(affected, matched, 'were already in it')}`
  }
}

/** The target as the log keeps it: filters as given, a selection by its size (the changed ids are recorded anyway). */
const loggedTarget = (target: BulkTarget): unknown =>
  'ids' in target ? { ids: target.ids.length } : { filters: target.filters, expectedCount: target.expectedCount }

export function createBulkHandlers(ctx: HandlerContext): Pick<Handlers, keyof typeof bulkMethods> {
  const ws = () => ctx.manager.require()
  /** Runs a write; on success the grid's cached pages and counts no longer hold. */
  const writing = <T>(run: () => T): T => {
    try {
      const value = run()
      ws().tickets.invalidate()
      return value
    } catch (err) {
      if (err instanceof bulk.BulkRefusal) throw new ApiFailure('invalid_input', err.message)
      throw err
    }
  }

  return {
    'bulk.apply': ({ target, action }) => {
      const { db } = ws()
      let title = ''
      if (action.kind === 'escalation.add') {
        const escalation = getEscalation(db, action.escalationId)
        if (!escalation)
          throw new ApiFailure('not_found', `There is no escalation ${action.escalationId} in this workspace.`)
        title = escalation.title
      }
      const scope = 'ids' in target ? bulk.idsScope(target.ids) : bulk.filterScope(target.filters)
      return writing(() =>
        bulk.applyBulk(db, {
          scope,
          action,
          target: loggedTarget(target),
          ...('expectedCount' in target && target.expectedCount !== undefined
            ? { expectedCount: target.expectedCount }
            : {}),
          describe: (affected, matched) => describeBulk(action, affected, matched, title),
        }),
      )
    },
    'bulk.undo': ({ bulkId }) => writing(() => bulk.undoBulk(ws().db, bulkId)),
    'bulk.last': () => ({ last: bulk.lastBulk(ws().db) }),
    'tickets.related': ({ id }) => {
      const related = relatedTickets(ws().db, id)
      if (!related) throw new ApiFailure('not_found', `Ticket ${id} is not in this workspace.`)
      return related
    },
  }
}
