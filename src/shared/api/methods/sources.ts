/** Sources and sync: connectors, credentials, sync now, per-source status (issue 4). */
import type { MethodDef } from '../schemas'

export const sourceMethods = {} as const satisfies Record<string, MethodDef>
