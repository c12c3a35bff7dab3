/** Handlers of the methods in shared/api/methods/escalations.ts. */
import type { escalationMethods } from '../../shared/api/methods/escalations'
import * as analyst from '../db/queries/analyst'
import { getAlert } from '../db/queries/alerts'
import * as escalations from '../db/queries/escalations'
import { computeImpact } from '../escalations/impact'
import { checkActions, checkActionsInTurns } from '../escalations/remediationCheck'
import {
  afterDataChanged,
  bundleOf,
  createEscalation,
  EscalationRefusal,
  recordAlertFired,
  recordUpdate,
  takeSnapshot,
  updateEscalation,
} from '../escalations/service'
import type { HandlerContext } from './context'
import { ApiFailure, type Handlers } from './dispatcher'

export function createEscalationHandlers(ctx: HandlerContext): Pick<Handlers, keyof typeof escalationMethods> {
  const ws = () => ctx.manager.require()
  const db = () => ws().db
  const noEscalation = (id: number) => new ApiFailure('not_found', `There is no escalation ${id} in this workspace.`)
  const noAction = (id: number) =>
    new ApiFailure('not_found', `There is no remediation action ${id} in this workspace.`)
  /** Refusals become API failures with their sentence; anything else is unexpected. */
  const guard = <T>(run: () => T): T => {
    try {
      return run()
    } catch (err) {
      if (err instanceof EscalationRefusal) throw new ApiFailure(err.code, err.message)
      throw err
    }
  }
  /** After the cohort changed, the grid's cached pages and counts (escalation filter) no longer hold. */
  const cohortChanged = <T>(value: T): T => {
    ws().tickets.invalidate()
    return value
  }
  const requireEscalation = (id: number) => {
    const e = escalations.getEscalationDetail(db(), id)
    if (!e) throw noEscalation(id)
    return e
  }
  const checkedAction = (id: number) => {
    const action = escalations.getAction(db(), id)
    if (!action) throw noAction(id)
    if (action.metric) checkActions(db(), { escalationId: action.escalationId })
    return escalations.getAction(db(), id) ?? action
  }

  ctx.dataChanged.on((open, change) => {
    if (afterDataChanged(open.db, change, Date.now(), false) > 0) open.tickets.invalidate()
    checkActionsInTurns(open.db).catch((err: unknown) =>
      ctx.log(`checking success metrics after ${change.reason} failed: ${(err as Error).message}`),
    )
  })
  // The alerts engine tells every client which alerts fired after new data; live escalations opened from one of
  // them, or whose cohort holds tickets of its segment, record it on their timeline.
  ctx.events.on((event) => {
    if (event.type !== 'alerts.changed' || event.notify.length === 0) return
    const open = ctx.manager.open
    if (!open) return
    try {
      for (const a of event.notify) {
        const row = getAlert(open.db, a.id)
        recordAlertFired(open.db, {
          alertRef: String(a.id),
          description: a.segment ? `${a.title} (${a.segment})` : a.title,
          ...(row ? { segment: { caseType: row.caseType, region: row.region, channel: row.channel } } : {}),
        })
      }
    } catch (err) {
      ctx.log(`recording fired alerts on escalations failed: ${(err as Error).message}`)
    }
  })

  return {
    'escalations.list': () => escalations.listEscalations(db()),
    'escalations.create': (input) =>
      cohortChanged(guard(() => createEscalation(db(), { ...input, owner: input.owner ?? null }))),
    'escalations.get': ({ id }) => {
      const bundle = bundleOf(db(), id)
      if (!bundle) throw noEscalation(id)
      return bundle
    },
    'escalations.impact': ({ id }) => computeImpact(db(), requireEscalation(id)),
    'escalations.update': ({ id, ...patch }) =>
      patch.cohortFilters !== undefined
        ? cohortChanged(guard(() => updateEscalation(db(), id, patch)))
        : guard(() => updateEscalation(db(), id, patch)),
    'escalations.remove': ({ id }) => {
      requireEscalation(id)
      escalations.removeEscalation(db(), id)
      return cohortChanged({ removed: id })
    },
    'escalations.addEntry': ({ id, kind, body, at }) => {
      requireEscalation(id)
      const entry = escalations.addTimelineEntry(db(), id, { source: 'analyst', kind, body, at: at ?? Date.now() })
      escalations.touchEscalation(db(), id)
      return entry
    },
    'escalations.snapshot': ({ id }) => {
      requireEscalation(id)
      return db().transaction(() => takeSnapshot(db(), id, 'manual', Date.now()))()
    },
    'escalations.snapshotTickets': ({ snapshotId }) => {
      const ids = escalations.snapshotTicketIds(db(), snapshotId)
      if (!ids) throw new ApiFailure('not_found', `There is no cohort snapshot ${snapshotId} in this workspace.`)
      return ids
    },
    'escalations.recordUpdate': ({ id, body, nextUpdateDue }) => {
      guard(() => recordUpdate(db(), id, body, nextUpdateDue))
      const bundle = bundleOf(db(), id)
      if (!bundle) throw noEscalation(id)
      return bundle
    },
    'escalations.addAction': ({ escalationId, title, ownerTeam, dueAt, metric }) => {
      requireEscalation(escalationId)
      const now = Date.now()
      const id = db().transaction(() => {
        const actionId = escalations.insertAction(
          db(),
          { escalationId, title, ownerTeam, dueAt: dueAt ?? null, metric: metric ?? null },
          now,
        )
        escalations.addTimelineEntry(db(), escalationId, {
          source: 'analyst',
          kind: 'remediation',
          at: now,
          body: `Remediation action added: ${title} (${ownerTeam}).`,
          data: { actionId },
        })
        return actionId
      })()
      return checkedAction(id)
    },
    'escalations.updateAction': ({ id, ...patch }) => {
      const before = escalations.getAction(db(), id)
      if (!before) throw noAction(id)
      const now = Date.now()
      db().transaction(() => {
        escalations.updateAction(db(), id, patch, now)
        if (patch.status !== undefined && patch.status !== before.status)
          escalations.addTimelineEntry(db(), before.escalationId, {
            source: 'analyst',
            kind: 'remediation',
            at: now,
            body: `Remediation action “${patch.title ?? before.title}” is now ${patch.status.replace('_', ' ')}.`,
            data: { actionId: id, status: patch.status },
          })
      })()
      return checkedAction(id)
    },
    'escalations.removeAction': ({ id }) => {
      if (!escalations.removeAction(db(), id)) throw noAction(id)
      return { removed: id }
    },
    'escalations.checkActions': ({ escalationId }) => {
      if (escalationId !== undefined) requireEscalation(escalationId)
      return checkActions(db(), { escalationId, record: true })
    },
    'escalations.forTicket': ({ ticketId }) => {
      if (!analyst.ticketExists(db(), ticketId))
        throw new ApiFailure('not_found', `Ticket ${ticketId} is not in this workspace.`)
      return escalations.escalationsForTicket(db(), ticketId)
    },
  }
}
