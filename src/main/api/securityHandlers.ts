/** Handlers of the methods in shared/api/methods/security.ts. */
import type { securityMethods } from '../../shared/api/methods/security'
import type { HandlerContext } from './context'
import type { Handlers } from './dispatcher'

export function createSecurityHandlers(_ctx: HandlerContext): Pick<Handlers, keyof typeof securityMethods> {
  return {}
}
