/**
 * Scoring detection against the incidents the demo generator injected (`demo_incidents`): recall, precision, the
 * detection delay of each incident and false high-severity alerts per 30 days. Detection never reads the ground
 * truth; only this file does, after the fact.
 *
 * The score replays every hour that has enough history for a baseline, on a throw-away copy of the alerts (inside a
 * transaction that is rolled back), so scoring never touches the analyst's inbox.
 */
import type { Db } from '../db/connection'
import { allAlerts, demoIncidents, type AlertRow, type IncidentRow } from '../db/queries/alerts'
import type { AlertKpi } from './detect'
import { HOUR_MS, readMinSample, reevaluateAll } from './evaluate'
import { describeSegment, type Segment } from './segments'

/** An alert detected this long after an incident ends can still be about it (resolution times land late). */
const GRACE_MS = 72 * HOUR_MS
const DAY_MS = 24 * HOUR_MS

export interface IncidentScore {
  id: number
  kind: string
  title: string
  segment: string
  startAt: number
  endAt: number
  detected: boolean
  /** First matching alert: when it became visible, hours after the incident started. */
  delayHours: number | null
  withinOneDay: boolean
  firstAlert: { id: number; kpi: string; direction: string; segment: string; severity: string } | null
  matchingAlerts: number
}

export interface AlertScoreReport {
  incidents: IncidentScore[]
  alerts: { total: number; matched: number; false: number; falseHigh: number; bySeverity: Record<string, number> }
  recall: number | null
  precision: number | null
  /** Days of history that were evaluated (the denominator of the false-alarm rate). */
  evaluatedDays: number
  falseHighPer30Days: number
  target: { allWithinOneDay: boolean; falseHighAtMostOnePer30Days: boolean; met: boolean }
  minSample: number
  seconds: number
}

/** KPI movements an incident of each kind can cause. */
const SIGNALS: Record<string, (kpi: string, direction: string) => boolean> = {
  surge: (kpi, dir) => (kpi === 'volume' || kpi === 'solved') && dir === 'spike',
  creep: (kpi, dir) => (kpi === 'volume' || kpi === 'solved') && dir === 'spike',
  resolution_regression: (kpi, dir) =>
    ((kpi as AlertKpi) === 'frt' || kpi.endsWith('Resolution') ? dir === 'spike' : false) ||
    (kpi === 'solved' && dir === 'drop') ||
    ((kpi === 'oneTouch' || kpi === 'csat') && dir === 'drop'),
}

const incidentSegment = (i: IncidentRow): Segment => ({
  caseType: i.caseType,
  channel: i.channel,
  region: i.region,
})

/** Two segments share tickets: every field pinned by both agrees. */
function overlaps(a: Segment, b: Segment): boolean {
  return (['caseType', 'channel', 'region'] as const).every((f) => a[f] === null || b[f] === null || a[f] === b[f])
}

export function matches(alert: AlertRow, inc: IncidentRow): boolean {
  const seg: Segment = { caseType: alert.caseType, channel: alert.channel, region: alert.region }
  if (!overlaps(seg, incidentSegment(inc))) return false
  // "Everything" overlaps every incident; only a segment naming one of the incident's fields is about it.
  const named = (['caseType', 'channel', 'region'] as const).some((f) => seg[f] !== null && seg[f] === inc[f])
  if (!named) return false
  if (!(SIGNALS[inc.kind] ?? (() => false))(alert.kpi, alert.direction)) return false
  return alert.detectedAt >= inc.startAt && alert.detectedAt <= inc.endAt + GRACE_MS
}

export function scoreAlerts(alerts: readonly AlertRow[], incidents: readonly IncidentRow[], evaluatedDays: number) {
  const scored: IncidentScore[] = incidents.map((inc) => {
    const hits = alerts.filter((a) => matches(a, inc)).sort((a, b) => a.detectedAt - b.detectedAt)
    const first = hits[0]
    const delay = first ? (first.detectedAt - inc.startAt) / HOUR_MS : null
    return {
      id: inc.id,
      kind: inc.kind,
      title: inc.title,
      segment: describeSegment(incidentSegment(inc)),
      startAt: inc.startAt,
      endAt: inc.endAt,
      detected: first !== undefined,
      delayHours: delay,
      withinOneDay: delay !== null && delay * HOUR_MS <= DAY_MS,
      firstAlert: first
        ? {
            id: first.id,
            kpi: first.kpi,
            direction: first.direction,
            segment: describeSegment({ caseType: first.caseType, channel: first.channel, region: first.region }),
            severity: first.severity,
          }
        : null,
      matchingAlerts: hits.length,
    }
  })
  const matched = alerts.filter((a) => incidents.some((inc) => matches(a, inc)))
  const falseAlerts = alerts.filter((a) => !matched.includes(a))
  const falseHigh = falseAlerts.filter((a) => a.severity === 'high').length
  const bySeverity: Record<string, number> = { low: 0, medium: 0, high: 0 }
  for (const a of alerts) bySeverity[a.severity] = (bySeverity[a.severity] ?? 0) + 1
  const falseHighPer30Days = evaluatedDays > 0 ? (falseHigh / evaluatedDays) * 30 : 0
  const allWithinOneDay = scored.length > 0 && scored.every((s) => s.withinOneDay)
  return {
    incidents: scored,
    alerts: {
      total: alerts.length,
      matched: matched.length,
      false: falseAlerts.length,
      falseHigh,
      bySeverity,
    },
    recall: scored.length > 0 ? scored.filter((s) => s.detected).length / scored.length : null,
    precision: alerts.length > 0 ? matched.length / alerts.length : null,
    evaluatedDays,
    falseHighPer30Days: Math.round(falseHighPer30Days * 100) / 100,
    target: {
      allWithinOneDay,
      falseHighAtMostOnePer30Days: falseHighPer30Days <= 1,
      met: allWithinOneDay && falseHighPer30Days <= 1,
    },
  }
}

class Rollback extends Error {}

/** Replays detection over all of the workspace's history and scores it; the workspace's own alerts are untouched. */
export function scoreWorkspace(db: Db, options: { minSample?: number } = {}): AlertScoreReport {
  const t0 = performance.now()
  const incidents = demoIncidents(db)
  if (incidents.length === 0) {
    throw new Error(
      'This workspace has no injected incidents to score against: open the demo workspace (or re-create it with ' +
        '`npm run cli -- demo`).',
    )
  }
  let report: Omit<AlertScoreReport, 'seconds' | 'minSample'> | null = null
  let minSample = 0
  try {
    db.transaction(() => {
      const run = reevaluateAll(db, { replayDays: 36_500, minSample: options.minSample })
      const days = run.fromHour !== null && run.toHour !== null ? (run.toHour - run.fromHour + 1) / 24 : 0
      minSample = options.minSample ?? readMinSample(db)
      report = scoreAlerts(allAlerts(db), incidents, days)
      throw new Rollback()
    })()
  } catch (err) {
    if (!(err instanceof Rollback)) throw err
  }
  if (!report) throw new Error('Scoring produced no report.')
  return {
    ...(report as Omit<AlertScoreReport, 'seconds' | 'minSample'>),
    minSample,
    seconds: Math.round(performance.now() - t0) / 1000,
  }
}
