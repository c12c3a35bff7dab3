/** Handlers of the methods in shared/api/methods/sources.ts. */
import type { sourceMethods } from '../../shared/api/methods/sources'
import type { HandlerContext } from './context'
import type { Handlers } from './dispatcher'

export function createSourceHandlers(_ctx: HandlerContext): Pick<Handlers, keyof typeof sourceMethods> {
  return {}
}
