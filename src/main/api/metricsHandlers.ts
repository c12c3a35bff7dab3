/** Handlers of the methods in shared/api/methods/metrics.ts. */
import type { metricsMethods } from '../../shared/api/methods/metrics'
import type { HandlerContext } from './context'
import type { Handlers } from './dispatcher'

export function createMetricsHandlers(_ctx: HandlerContext): Pick<Handlers, keyof typeof metricsMethods> {
  return {}
}
