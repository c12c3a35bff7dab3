/** Escalations: the affected cohort, owner, timeline (issue 6; issue 3 adds tickets to one). */
import type { MethodDef } from '../schemas'

export const escalationMethods = {} as const satisfies Record<string, MethodDef>
