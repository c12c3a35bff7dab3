/** Emerging issues: recent tickets grouped by text similarity (issue 5). */
import type { MethodDef } from '../schemas'

export const clusterMethods = {} as const satisfies Record<string, MethodDef>
