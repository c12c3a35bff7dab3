/** Handlers of the methods in shared/api/methods/imports.ts. */
import type { importMethods } from '../../shared/api/methods/imports'
import type { HandlerContext } from './context'
import type { Handlers } from './dispatcher'

export function createImportHandlers(_ctx: HandlerContext): Pick<Handlers, keyof typeof importMethods> {
  return {}
}
