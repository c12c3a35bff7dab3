/** Handlers of the methods in shared/api/methods/clusters.ts: emerging issues over the open workspace. */
import type { clusterMethods } from '../../shared/api/methods/clusters'
import { isValidTimeZone } from '../../shared/time'
import { uniqueViewName, VIEW_VERSION, type ViewDefinition } from '../../shared/views'
import { DEFAULT_SORT } from '../../shared/api/schemas'
import * as views from '../db/queries/views'
import { EmergingIssuesService, type GroupingRequest } from '../clusters/emerging'
import type { HandlerContext } from './context'
import { ApiFailure, type Handlers } from './dispatcher'

export function createClusterHandlers(
  ctx: HandlerContext,
  now: () => number = Date.now,
): Pick<Handlers, keyof typeof clusterMethods> {
  const service = new EmergingIssuesService(now)
  // New tickets from a sync or import: drop the old grouping now rather than at the next fingerprint check.
  ctx.dataChanged.on((ws) => service.forget(ws.db))

  const open = (req: GroupingRequest) => {
    if (!isValidTimeZone(req.timeZone)) throw new ApiFailure('invalid_input', `Unknown time zone "${req.timeZone}".`)
    return ctx.manager.require()
  }
  const gone = (id: string) =>
    new ApiFailure(
      'not_found',
      `That group (${id}) is not among the emerging issues any more: the tickets changed since it was shown. ` +
        'Refresh Emerging issues and pick it again.',
    )
  const request = ({ tickets, recentDays, minSize, timeZone }: GroupingRequest): GroupingRequest => ({
    tickets,
    recentDays,
    minSize,
    timeZone,
  })

  return {
    'clusters.recent': (input) => service.recent(open(input).db, request(input)),
    'clusters.saveView': async (input) => {
      const ws = open(input)
      const found = await service.cluster(ws.db, request(input), input.clusterId)
      if (!found) throw gone(input.clusterId)
      const { cluster } = found
      if (cluster.query.text === '')
        throw new ApiFailure(
          'invalid_input',
          'No search words pick out this group from the rest (its tickets share no distinctive word): open its ' +
            'tickets in Cases instead.',
        )
      const filters = {
        text: cluster.query.text,
        ...(cluster.query.caseType ? { caseType: cluster.query.caseType } : {}),
      }
      const definition: ViewDefinition = {
        version: VIEW_VERSION,
        filters,
        dateRange: { preset: 'all' },
        sort: DEFAULT_SORT,
        columns: [],
      }
      const wanted = (input.name ?? `Emerging: ${cluster.label}`).slice(0, 80).trim() || 'Emerging issue'
      const name = uniqueViewName(wanted, views.viewNames(ws.db))
      const view = views.insertView(ws.db, name, definition, now())
      return { view, matches: ws.tickets.count(filters), clusterSize: cluster.size }
    },
    'clusters.ticketIds': async (input) => {
      const ws = open(input)
      const found = await service.cluster(ws.db, request(input), input.clusterId)
      if (!found) throw gone(input.clusterId)
      return { ids: found.ids, clusterId: input.clusterId }
    },
  }
}
