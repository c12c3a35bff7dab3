/** Handlers of the methods in shared/api/methods/escalations.ts. */
import type { escalationMethods } from '../../shared/api/methods/escalations'
import * as analyst from '../db/queries/analyst'
import * as escalations from '../db/queries/escalations'
import type { HandlerContext } from './context'
import { ApiFailure, type Handlers } from './dispatcher'

export function createEscalationHandlers(ctx: HandlerContext): Pick<Handlers, keyof typeof escalationMethods> {
  const db = () => ctx.manager.require().db
  return {
    'escalations.list': () => escalations.listEscalations(db()),
    'escalations.create': ({ title, priority, owner }) =>
      escalations.createEscalation(db(), { title, priority, owner: owner ?? null }),
    'escalations.forTicket': ({ ticketId }) => {
      if (!analyst.ticketExists(db(), ticketId))
        throw new ApiFailure('not_found', `Ticket ${ticketId} is not in this workspace.`)
      return escalations.escalationsForTicket(db(), ticketId)
    },
  }
}
