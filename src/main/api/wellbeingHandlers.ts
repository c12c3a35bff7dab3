/** Handlers of the methods in shared/api/methods/wellbeing.ts. */
import type { wellbeingMethods } from '../../shared/api/methods/wellbeing'
import type { HandlerContext } from './context'
import type { Handlers } from './dispatcher'

export function createWellbeingHandlers(_ctx: HandlerContext): Pick<Handlers, keyof typeof wellbeingMethods> {
  return {}
}
