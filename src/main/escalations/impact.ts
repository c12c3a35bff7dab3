/**
 * An escalation's impact from its cohort: how many tickets and users, where, through which channels, for how long,
 * and how its KPIs compare with a baseline. KPI values go through the metrics engine's own figure layer
 * (metrics/figures.ts over shared/kpis.ts formulas), so "reopen rate" here is the reopen rate of Trends.
 *
 * The baseline is the same kind of tickets just before the incident: tickets matching the cohort filter (or, for a
 * cohort picked by hand, of the same case types) created in the 28 days before the first affected ticket.
 */
import type { TicketFilters } from '../../shared/api/schemas'
import { CASE_TYPE_LABELS } from '../../shared/domain'
import {
  LIVE_STATUSES,
  METRIC_KPIS,
  type EscalationDetail,
  type EscalationImpact,
  type ImpactKpi,
  type SnapshotImpact,
} from '../../shared/escalations'
import { DEFAULT_MIN_SAMPLE, durationStatsOfValues, KPIS, type KpiKey } from '../../shared/kpis'
import type { Db } from '../db/connection'
import {
  cohortBreakdown,
  cohortCounts,
  cohortScope,
  kpiInputs,
  type KpiInputs,
  type Window,
} from '../db/queries/escalations'
import { readSlaPolicy } from '../db/queries/metrics'
import { whereClause, type SqlPart } from '../db/queries/ticketSql'
import { figureOf, type CellData, type Figure } from '../metrics/figures'

export const BASELINE_DAYS = 28
const DAY = 86_400_000
/** At most this many case types describe a hand-picked cohort's baseline. */
const BASELINE_CASE_TYPES = 20

/** The engine's cell from a set of tickets' KPI inputs. */
export function cellOf(inputs: KpiInputs, minSample: number): CellData {
  return {
    t: inputs.t,
    durations: {
      frt: durationStatsOfValues(inputs.frt, minSample),
      firstResolution: durationStatsOfValues(inputs.firstResolution, minSample),
      fullResolution: durationStatsOfValues(inputs.fullResolution, minSample),
    },
    sla: inputs.sla,
  }
}

/** One KPI of a set of tickets (durations as the median), through the engine's formulas. */
export function kpiFigure(kpi: KpiKey, inputs: KpiInputs, minSample = DEFAULT_MIN_SAMPLE): Figure {
  return figureOf(kpi, cellOf(inputs, minSample), 'median', minSample)
}

/** The filters without a created-date range (the baseline window replaces it). */
function withoutDates(filters: TicketFilters): TicketFilters {
  const { createdFrom: _from, createdTo: _to, ...rest } = filters
  return rest
}

function and(a: SqlPart, b: SqlPart): SqlPart {
  return { sql: `(${a.sql}) AND (${b.sql})`, params: [...a.params, ...b.params] }
}

interface Baseline {
  scope: SqlPart
  description: string
}

/** The cohort filter's tickets outside the cohort (null: the cohort has no filter). */
function filterBaseline(escalation: Pick<EscalationDetail, 'cohortFilters'>, outside: SqlPart): Baseline | null {
  if (!escalation.cohortFilters) return null
  return {
    scope: and(whereClause(withoutDates(escalation.cohortFilters)), outside),
    description: 'tickets matching the cohort filter',
  }
}

/** Tickets of the cohort's case types outside the cohort (every ticket when the cohort has none). */
function caseTypeBaseline(db: Db, cohort: SqlPart, outside: SqlPart): Baseline {
  const types = cohortBreakdown(db, cohort, 'caseType').slice(0, BASELINE_CASE_TYPES)
  const named = types.filter((t) => t.value !== null).map((t) => t.value as string)
  if (types.length === 0) return { scope: outside, description: 'all tickets' }
  const parts: string[] = []
  const params: unknown[] = []
  if (named.length > 0) {
    parts.push(`case_type IN (${named.map(() => '?').join(', ')})`)
    params.push(...named)
  }
  if (types.some((t) => t.value === null)) parts.push('case_type IS NULL')
  const labels = named.map((v) => CASE_TYPE_LABELS[v] ?? v)
  const shown = labels.length > 3 ? `${labels.slice(0, 3).join(', ')} and ${labels.length - 3} more` : labels.join(', ')
  return {
    scope: and({ sql: parts.join(' OR '), params }, outside),
    description: named.length > 0 ? `tickets of the same case types (${shown})` : 'tickets without a case type',
  }
}

/** The counts of the impact (what a snapshot freezes). */
export function impactCounts(
  db: Db,
  escalation: Pick<EscalationDetail, 'id' | 'status' | 'resolvedAt'>,
  now: number,
): SnapshotImpact {
  const cohort = cohortScope(escalation.id)
  const counts = cohortCounts(db, cohort)
  const live = (LIVE_STATUSES as readonly string[]).includes(escalation.status)
  const end = live ? now : (escalation.resolvedAt ?? now)
  return {
    ...counts,
    regions: cohortBreakdown(db, cohort, 'region'),
    channels: cohortBreakdown(db, cohort, 'channel'),
    caseTypes: cohortBreakdown(db, cohort, 'caseType'),
    durationMinutes:
      counts.firstCreatedAt === null ? null : Math.max(0, Math.round((end - counts.firstCreatedAt) / 60_000)),
    asOf: now,
  }
}

export function computeImpact(
  db: Db,
  escalation: Pick<EscalationDetail, 'id' | 'status' | 'resolvedAt' | 'cohortFilters'>,
  now = Date.now(),
  minSample = DEFAULT_MIN_SAMPLE,
): EscalationImpact {
  const counts = impactCounts(db, escalation, now)
  const cohort = cohortScope(escalation.id)
  const policy = readSlaPolicy(db)
  const cohortInputs = kpiInputs(db, cohort, null, policy)
  let window: Window = null
  let baselineInputs: KpiInputs | null = null
  let description = 'no baseline: the cohort has no tickets yet'
  if (counts.firstCreatedAt !== null) {
    window = { from: counts.firstCreatedAt - BASELINE_DAYS * DAY, to: counts.firstCreatedAt }
    const outside: SqlPart = { sql: `NOT (${cohort.sql})`, params: cohort.params }
    // A filter that names the incident itself (its tag, its wording) matches almost nothing before it: then the
    // same case types make the baseline, and the description says which one was used.
    let base = filterBaseline(escalation, outside)
    baselineInputs = base ? kpiInputs(db, base.scope, window, policy) : null
    if (!base || (baselineInputs && baselineInputs.t.created < minSample)) {
      const fallback = caseTypeBaseline(db, cohort, outside)
      const inputs = kpiInputs(db, fallback.scope, window, policy)
      if (!baselineInputs || inputs.t.created > baselineInputs.t.created) {
        base = base
          ? { ...fallback, description: `${fallback.description}; the cohort filter matched too few tickets before` }
          : fallback
        baselineInputs = inputs
      }
    }
    description = `${(base as Baseline).description}, created in the ${BASELINE_DAYS} days before the first affected ticket`
  }
  const kpis: ImpactKpi[] = METRIC_KPIS.map((key) => {
    const info = KPIS[key]
    const c = kpiFigure(key, cohortInputs, minSample)
    const b = baselineInputs ? kpiFigure(key, baselineInputs, minSample) : { value: null, n: 0, small: true }
    const change = c.value !== null && b.value !== null ? c.value - b.value : null
    let worse: boolean | null = null
    if (change !== null && info.better !== null) worse = info.better === 'down' ? change > 0 : change < 0
    return {
      key,
      label: info.label,
      unit: info.unit,
      definition: info.definition,
      cohort: { value: c.value, n: c.n, small: c.small },
      baseline: { value: b.value, n: b.n, small: b.small },
      change,
      worse,
    }
  })
  return {
    ...counts,
    kpis,
    baseline: {
      description,
      from: window?.from ?? null,
      to: window?.to ?? null,
      tickets: baselineInputs?.t.created ?? 0,
    },
  }
}
