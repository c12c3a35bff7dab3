/**
 * Figures the rollups cannot answer (they are kept one field at a time, and an incident is usually a combination:
 * a case type in a region through a channel) measured from the tickets themselves, through the same formulas
 * (escalations/impact.ts kpiFigure over cohortFigures.kpiInputs), so a number cited here equals the one Trends would
 * show for a single-field cut.
 */
import type { MetricCut } from '../../shared/api/methods/metrics'
import type { TicketFilters } from '../../shared/api/schemas'
import { KPIS, type KpiKey, type Measured } from '../../shared/kpis'
import { localBuckets } from '../../shared/time'
import type { Db } from '../db/connection'
import { cohortBreakdown, kpiInputs } from '../db/queries/cohortFigures'
import { readSlaPolicy } from '../db/queries/metrics'
import { whereClause, type SqlPart } from '../db/queries/ticketSql'
import { kpiFigure } from '../escalations/impact'
import { periodOf } from '../metrics/scope'

/** A citation that cannot be made, with the sentence that says why. */
export class EvidenceError extends Error {}

const GROUPABLE = { region: 'region', channel: 'channel', caseType: 'case_type' } as const

function check(kpi: KpiKey): void {
  if (kpi === 'backlog')
    throw new EvidenceError(
      'Backlog over a combination of fields is not kept; cite it for one field (as Trends shows it), or cite volume and solved instead.',
    )
}

export function ticketMetric(
  db: Db,
  req: { kpi: KpiKey; filters: TicketFilters; from: string; to: string; timeZone: string },
): { value: Measured; previous: Measured } {
  check(req.kpi)
  const p = periodOf(req.from, req.to, req.timeZone)
  const length = p.end - p.start
  const { createdFrom: _f, createdTo: _t, ...rest } = req.filters
  const scope = whereClause(rest)
  const policy = readSlaPolicy(db)
  const value = kpiFigure(req.kpi, kpiInputs(db, scope, { from: p.start, to: p.end }, policy))
  const previous = kpiFigure(req.kpi, kpiInputs(db, scope, { from: p.start - length, to: p.start }, policy))
  return { value, previous }
}

export function ticketSeries(
  db: Db,
  req: {
    kpi: KpiKey
    groupBy: MetricCut | null
    grain: 'hour' | 'day' | 'week'
    filters: TicketFilters
    from: string
    to: string
    timeZone: string
  },
): { buckets: string[]; series: { name: string; data: (number | null)[] }[] } {
  check(req.kpi)
  if (req.grain === 'hour')
    throw new EvidenceError('Hourly charts over a combination of fields are not available; choose days or weeks.')
  const p = periodOf(req.from, req.to, req.timeZone)
  const b = localBuckets(p.start, p.end, req.grain, req.timeZone)
  const { createdFrom: _f, createdTo: _t, ...rest } = req.filters
  const base = whereClause(rest)
  const policy = readSlaPolicy(db)
  const groups: { name: string; scope: SqlPart }[] = []
  if (req.groupBy === null) groups.push({ name: KPIS[req.kpi].label, scope: base })
  else {
    const col = GROUPABLE[req.groupBy as keyof typeof GROUPABLE]
    if (!col)
      throw new EvidenceError(
        `Charts over a combination of fields can be split by region, channel or case type, not ${req.groupBy}.`,
      )
    const window: SqlPart = {
      sql: `(${base.sql}) AND created_at >= ? AND created_at < ?`,
      params: [...base.params, p.start, p.end],
    }
    for (const v of cohortBreakdown(db, window, req.groupBy as keyof typeof GROUPABLE).slice(0, 6)) {
      groups.push({
        name: v.value ?? '(none)',
        scope:
          v.value === null
            ? { sql: `(${base.sql}) AND ${col} IS NULL`, params: base.params }
            : { sql: `(${base.sql}) AND ${col} = ?`, params: [...base.params, v.value] },
      })
    }
  }
  const series = groups.map((g) => ({
    name: g.name,
    data: b.starts.map((start, i) => {
      const end = b.starts[i + 1] ?? b.end
      return kpiFigure(req.kpi, kpiInputs(db, g.scope, { from: start, to: end }, policy)).value
    }),
  }))
  return { buckets: b.labels, series }
}
