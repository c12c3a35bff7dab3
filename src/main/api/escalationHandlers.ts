/** Handlers of the methods in shared/api/methods/escalations.ts. */
import type { escalationMethods } from '../../shared/api/methods/escalations'
import type { HandlerContext } from './context'
import type { Handlers } from './dispatcher'

export function createEscalationHandlers(_ctx: HandlerContext): Pick<Handlers, keyof typeof escalationMethods> {
  return {}
}
