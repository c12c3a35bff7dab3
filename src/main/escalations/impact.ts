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
import { DEFAULT_MIN_SAMPLE, KPIS } from '../../shared/kpis'
import type { Db } from '../db/connection'
import { addDays, localDate, startOfLocalDay } from '../../shared/time'
import { cohortBreakdown, cohortCounts, cohortScope, kpiInputs } from '../db/queries/escalations'
import { readSlaPolicy } from '../db/queries/metrics'
import type { SqlPart } from '../db/queries/ticketSql'
import { filterFigures, kpiFigure, type KpiFigures } from './figures'

/** The engine's figure layer over a set of tickets (moved to figures.ts; kept here for existing callers). */
export { cellOf, kpiFigure } from './figures'

export const BASELINE_DAYS = 28
/** At most this many case types describe a hand-picked cohort's baseline. */
const BASELINE_CASE_TYPES = 20

/** The filters without a created-date range (the baseline window replaces it). */
function withoutDates(filters: TicketFilters): TicketFilters {
  const { createdFrom: _from, createdTo: _to, ...rest } = filters
  return rest
}

interface Baseline {
  filters: TicketFilters
  description: string
}

/** Tickets of the cohort's case types (every ticket when the cohort has none). */
function caseTypeBaseline(db: Db, cohort: SqlPart): Baseline {
  const types = cohortBreakdown(db, cohort, 'caseType').slice(0, BASELINE_CASE_TYPES)
  if (types.length === 0) return { filters: {}, description: 'all tickets' }
  const named = types.filter((t) => t.value !== null).map((t) => t.value as string)
  const labels = named.map((v) => CASE_TYPE_LABELS[v] ?? v)
  const shown = labels.length > 3 ? `${labels.slice(0, 3).join(', ')} and ${labels.length - 3} more` : labels.join(', ')
  return {
    filters: { caseType: types.map((t) => t.value) },
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
  const cohortInputs = kpiInputs(db, cohort, null, readSlaPolicy(db))
  let baseline: KpiFigures | null = null
  let window: { from: number; to: number } | null = null
  let description = 'no baseline: the cohort has no tickets yet'
  if (counts.firstCreatedAt !== null) {
    // Whole UTC days before the day of the first affected ticket, so no cohort ticket falls inside.
    const to = addDays(localDate(counts.firstCreatedAt, 'UTC'), -1)
    const from = addDays(to, -(BASELINE_DAYS - 1))
    window = { from: startOfLocalDay(from, 'UTC'), to: startOfLocalDay(addDays(to, 1), 'UTC') }
    // A filter that names the incident itself (its tag, its wording) matches almost nothing before it: then the
    // same case types make the baseline, and the description says which one was used.
    let base: Baseline | null = escalation.cohortFilters
      ? { filters: withoutDates(escalation.cohortFilters), description: 'tickets matching the cohort filter' }
      : null
    baseline = base ? filterFigures(db, base.filters, from, to, minSample).figures : null
    if (!base || (baseline && (baseline.volume.value ?? 0) < minSample)) {
      const fallback = caseTypeBaseline(db, cohort)
      const figures = filterFigures(db, fallback.filters, from, to, minSample).figures
      if (!baseline || (figures.volume.value ?? 0) > (baseline.volume.value ?? 0)) {
        base = base
          ? { ...fallback, description: `${fallback.description}; the cohort filter matched too few tickets before` }
          : fallback
        baseline = figures
      }
    }
    description = `${(base as Baseline).description}, created in the ${BASELINE_DAYS} days before the first affected ticket`
  }
  const kpis: ImpactKpi[] = METRIC_KPIS.map((key) => {
    const info = KPIS[key]
    const c = kpiFigure(key, cohortInputs, minSample)
    const b = baseline ? baseline[key] : { value: null, n: 0, small: true }
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
      tickets: baseline?.volume.value ?? 0,
    },
  }
}
