/** Handlers of the methods in shared/api/methods/metrics.ts: the KPI engine over the open workspace's rollups. */
import type { metricsMethods } from '../../shared/api/methods/metrics'
import { isValidTimeZone } from '../../shared/time'
import type { Db } from '../db/connection'
import { writeSlaPolicy } from '../db/queries/metrics'
import { MetricsEngine } from '../metrics/engine'
import { MetricsRequestError } from '../metrics/scope'
import type { HandlerContext } from './context'
import { ApiFailure, type Handlers } from './dispatcher'

export function createMetricsHandlers(
  ctx: HandlerContext,
  now: () => number = Date.now,
): Pick<Handlers, keyof typeof metricsMethods> {
  // One engine per open connection: it keeps the interned segment dictionary between requests.
  const engines = new WeakMap<Db, MetricsEngine>()
  const engine = (timeZone?: string): MetricsEngine => {
    if (timeZone !== undefined && !isValidTimeZone(timeZone))
      throw new ApiFailure('invalid_input', `Unknown time zone "${timeZone}".`)
    const { db } = ctx.manager.require()
    let e = engines.get(db)
    if (!e) {
      e = new MetricsEngine(db)
      engines.set(db, e)
    }
    return e
  }
  /** A request the rollups cannot answer becomes the sentence that says why. */
  const run = <T>(fn: () => T): T => {
    try {
      return fn()
    } catch (err) {
      if (err instanceof MetricsRequestError) throw new ApiFailure('invalid_input', err.message)
      throw err
    }
  }

  return {
    'metrics.tiles': (input) => run(() => engine(input.timeZone).tiles(input)),
    'metrics.series': (input) => run(() => engine(input.timeZone).series(input)),
    'metrics.flow': (input) => run(() => engine(input.timeZone).flow(input)),
    'metrics.heatmap': (input) => run(() => engine(input.timeZone).heatmap(input)),
    'metrics.breakdown': (input) => run(() => engine(input.timeZone).breakdown(input)),
    'metrics.slaPolicy': () => engine().slaPolicy(),
    'metrics.setSlaPolicy': ({ policy }) => {
      for (const [priority, target] of Object.entries(policy)) {
        if (target.resolutionMinutes < target.firstReplyMinutes) {
          throw new ApiFailure(
            'invalid_input',
            `The ${priority} resolution target (${target.resolutionMinutes} min) is shorter than its first-reply ` +
              `target (${target.firstReplyMinutes} min): a ticket cannot be resolved before it is answered.`,
          )
        }
      }
      const { db } = ctx.manager.require()
      writeSlaPolicy(db, policy, now())
      return engine().slaPolicy()
    },
  }
}
