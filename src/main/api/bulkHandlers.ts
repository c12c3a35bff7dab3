/** Handlers of the methods in shared/api/methods/bulk.ts. */
import type { bulkMethods } from '../../shared/api/methods/bulk'
import type { HandlerContext } from './context'
import type { Handlers } from './dispatcher'

export function createBulkHandlers(_ctx: HandlerContext): Pick<Handlers, keyof typeof bulkMethods> {
  return {}
}
