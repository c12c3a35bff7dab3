/**
 * Evidence frozen at the moment it is cited: tickets as they are now, a metric's value with its definition, a chart's
 * data with a hash of it, a saved view's definition and how many tickets it matched. The KPI engine computes every
 * figure, so the packet shows the numbers the dashboard showed.
 */
import crypto from 'node:crypto'
import type { MetricCut } from '../../shared/api/methods/metrics'
import type { TicketFilters } from '../../shared/api/schemas'
import { KPIS, type KpiKey } from '../../shared/kpis'
import { canonicalJson, type ChartEvidence, type EvidencePayload, type MetricEvidence } from '../../shared/rca'
import type { Db } from '../db/connection'
import { citedTickets } from '../db/queries/rca'
import { getView } from '../db/queries/views'
import { MetricsEngine } from '../metrics/engine'
import { MetricsRequestError } from '../metrics/scope'
import { EvidenceError, ticketMetric, ticketSeries } from './ticketFigures'

/** What the API asks to cite; the server computes and freezes the rest. */
export type EvidenceRequest =
  | { kind: 'tickets'; ticketIds: number[] }
  | { kind: 'metric'; kpi: KpiKey; filters: TicketFilters; from: string; to: string; timeZone: string }
  | {
      kind: 'chart'
      kpi: KpiKey
      stat?: 'median' | 'p90' | 'mean'
      groupBy: MetricCut | null
      grain: 'hour' | 'day' | 'week'
      filters: TicketFilters
      from: string
      to: string
      timeZone: string
    }
  | { kind: 'view'; viewId: number }

export { EvidenceError }

/** SHA-256 of the canonical JSON of a chart's data. */
export function chartDataHash(buckets: readonly string[], series: ChartEvidence['series']): string {
  return crypto.createHash('sha256').update(canonicalJson({ buckets, series })).digest('hex')
}

export interface EvidenceDeps {
  db: Db
  engine?: MetricsEngine
  /** Tickets a view matches now (the workspace's counter, with its cache). */
  countTickets?: (filters: TicketFilters) => number
}

/**
 * The rollups first (what Trends shows); a filter they cannot answer (several fields at once) is measured from the
 * tickets with the same formulas.
 */
function rollupsOrTickets<T>(rollups: () => T, tickets: () => T): T {
  try {
    return rollups()
  } catch (err) {
    if (err instanceof MetricsRequestError) return tickets()
    throw err
  }
}

export function buildEvidence(req: EvidenceRequest, deps: EvidenceDeps): { payload: EvidencePayload; label: string } {
  const engine = () => deps.engine ?? new MetricsEngine(deps.db)
  switch (req.kind) {
    case 'tickets': {
      const ids = [...new Set(req.ticketIds)]
      const tickets = citedTickets(deps.db, ids)
      if (tickets.length === 0) throw new EvidenceError('None of those tickets is in this workspace.')
      const missing = ids.length - tickets.length
      if (missing > 0)
        throw new EvidenceError(
          `${missing.toLocaleString('en-US')} of those tickets ${missing === 1 ? 'is' : 'are'} not in this workspace; nothing was cited.`,
        )
      const label =
        tickets.length === 1
          ? `Ticket ${tickets[0]?.externalId ?? `#${tickets[0]?.id}`}`
          : `${tickets.length.toLocaleString('en-US')} tickets`
      return { payload: { kind: 'tickets', tickets }, label }
    }
    case 'metric': {
      const tile = rollupsOrTickets(
        () => {
          const t = engine()
            .tiles({ filters: req.filters, from: req.from, to: req.to, timeZone: req.timeZone })
            .tiles.find((x) => x.key === req.kpi)
          if (!t) throw new EvidenceError(`The metric "${req.kpi}" is not in the dictionary.`)
          return t
        },
        () => {
          const r = ticketMetric(deps.db, req)
          return { ...r.value, previous: r.previous }
        },
      )
      const info = KPIS[req.kpi]
      const payload: MetricEvidence = {
        kind: 'metric',
        kpi: req.kpi,
        filters: req.filters,
        from: req.from,
        to: req.to,
        timeZone: req.timeZone,
        value: tile.value,
        n: tile.n,
        small: tile.small,
        previous: { value: tile.previous.value, n: tile.previous.n },
        definition: info.definition,
      }
      return { payload, label: `${info.label}, ${req.from} to ${req.to}` }
    }
    case 'chart': {
      const kpi = req.kpi
      const res = rollupsOrTickets(
        () => {
          const r = engine().series({
            filters: req.filters,
            from: req.from,
            to: req.to,
            timeZone: req.timeZone,
            kpi,
            stat: req.stat,
            groupBy: req.groupBy,
            grain: req.grain,
            top: 6,
          })
          return { buckets: r.buckets, series: r.lines.map((l) => ({ name: l.name, data: l.data })) }
        },
        () => ticketSeries(deps.db, req),
      )
      const series = res.series
      const payload: ChartEvidence = {
        kind: 'chart',
        kpi,
        stat: KPIS[kpi].unit === 'minutes' ? (req.stat ?? 'median') : null,
        groupBy: req.groupBy,
        grain: req.grain,
        filters: req.filters,
        from: req.from,
        to: req.to,
        timeZone: req.timeZone,
        buckets: res.buckets,
        series,
        dataHash: chartDataHash(res.buckets, series),
      }
      const by = req.groupBy ? ` by ${req.groupBy}` : ''
      return { payload, label: `${KPIS[kpi].label}${by} per ${req.grain}, ${req.from} to ${req.to}` }
    }
    case 'view': {
      const view = getView(deps.db, req.viewId)
      if (!view) throw new EvidenceError(`There is no saved view ${req.viewId} in this workspace.`)
      const matching = deps.countTickets ? deps.countTickets(view.definition.filters as TicketFilters) : 0
      return {
        payload: { kind: 'view', viewId: view.id, name: view.name, definition: view.definition, matching },
        label: `Saved view "${view.name}"`,
      }
    }
  }
}
