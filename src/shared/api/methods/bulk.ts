/** Bulk analyst actions on a selection or on every ticket matching a filter, with undo (issue 3). */
import type { MethodDef } from '../schemas'

export const bulkMethods = {} as const satisfies Record<string, MethodDef>
