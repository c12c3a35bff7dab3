/** Spike and drop alerts, the alerts inbox, emerging issues (issue 5). */
import type { MethodDef } from '../schemas'

export const alertMethods = {} as const satisfies Record<string, MethodDef>
