/** Handlers of the methods in shared/api/methods/clusters.ts. */
import type { clusterMethods } from '../../shared/api/methods/clusters'
import type { HandlerContext } from './context'
import type { Handlers } from './dispatcher'

export function createClusterHandlers(_ctx: HandlerContext): Pick<Handlers, keyof typeof clusterMethods> {
  return {}
}
