/** Handlers of the methods in shared/api/methods/rca.ts. */
import type { rcaMethods } from '../../shared/api/methods/rca'
import type { HandlerContext } from './context'
import type { Handlers } from './dispatcher'

export function createRcaHandlers(_ctx: HandlerContext): Pick<Handlers, keyof typeof rcaMethods> {
  return {}
}
