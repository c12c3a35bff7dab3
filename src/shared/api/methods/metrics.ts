/** KPIs from rollups, the dashboard's series and breakdowns (issue 5). */
import type { MethodDef } from '../schemas'

export const metricsMethods = {} as const satisfies Record<string, MethodDef>
