/** Handlers of the methods in shared/api/methods/alerts.ts. */
import type { alertMethods } from '../../shared/api/methods/alerts'
import type { HandlerContext } from './context'
import type { Handlers } from './dispatcher'

export function createAlertsHandlers(_ctx: HandlerContext): Pick<Handlers, keyof typeof alertMethods> {
  return {}
}
