/** Wellbeing: the sensitive list, your own exposure counts, the break reminder (issue 3). */
import type { MethodDef } from '../schemas'

export const wellbeingMethods = {} as const satisfies Record<string, MethodDef>
