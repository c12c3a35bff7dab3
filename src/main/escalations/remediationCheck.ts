/**
 * Checking remediation success metrics: "reopen rate of case type X in region Y below 5% for 14 days" is the KPI over
 * the tickets matching the metric's filters in the last 14 days (events counted as the metric dictionary says:
 * created-based KPIs by creation, solve-based by first solve), through the engine's formulas. Once the action is done
 * the days count from when it was done, so a fix in place for 5 of 14 days has not enough data yet.
 */
import { formatKpiValue, metricSentence } from '../../shared/escalationUpdate'
import {
  CHECK_OUTCOME_LABELS,
  type MetricCheck,
  type MetricKpi,
  type RemediationAction,
  type SuccessMetric,
} from '../../shared/escalations'
import { KPIS } from '../../shared/kpis'
import type { Db } from '../db/connection'
import { addDays, localDate, startOfLocalDay } from '../../shared/time'
import { actionsToCheck, addTimelineEntry, getAction, writeCheck } from '../db/queries/escalations'
import { filterFigures } from './figures'

const DAY = 86_400_000

/** What a KPI's sample counts, for "over 212 tickets solved". */
export function sampleNoun(kpi: MetricKpi): string {
  switch (kpi) {
    case 'frt':
    case 'slaFirstReply':
      return 'tickets answered'
    case 'csat':
      return 'rated tickets'
    case 'escalationRate':
      return 'tickets created'
    default:
      return 'tickets solved'
  }
}

function days(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`
}

/**
 * Checks one metric now, over the last `days` UTC days (today and the days before it). `doneAt`: when the action was
 * done; the days then count from that day, and until there are `days` of them there is not enough data.
 */
export function checkMetric(db: Db, metric: SuccessMetric, doneAt: number | null, now: number): MetricCheck {
  const to = localDate(now, 'UTC')
  let from = addDays(to, -(metric.days - 1))
  const since = doneAt !== null && doneAt > startOfLocalDay(from, 'UTC')
  if (since) from = localDate(doneAt, 'UTC')
  const { figures } = filterFigures(db, metric.filters, from, to, metric.minSample)
  const fig = figures[metric.kpi]
  const unit = KPIS[metric.kpi].unit
  const noun = sampleNoun(metric.kpi)
  const period = since ? 'since the action was done' : `in the last ${days(metric.days)}`
  const value = fig.value
  const figure =
    value === null
      ? `No ${noun} ${period}`
      : `${KPIS[metric.kpi].label} ${formatKpiValue(unit, value)} over ${fig.n.toLocaleString('en-US')} ${noun} ${period}`
  const base = { value, n: fig.n, checkedAt: now }
  if (since) {
    const inPlace = Math.floor((now - (doneAt as number)) / DAY)
    return {
      ...base,
      outcome: 'not_enough_data',
      note: `${figure}; in place for ${inPlace} of ${days(metric.days)}, so it is too early to call.`,
    }
  }
  if (value === null || fig.n < metric.minSample) {
    return {
      ...base,
      outcome: 'not_enough_data',
      note: `${figure}: at least ${metric.minSample.toLocaleString('en-US')} are needed to judge.`,
    }
  }
  const met = metric.comparator === 'below' ? value < metric.threshold : value > metric.threshold
  return {
    ...base,
    outcome: met ? 'met' : 'not_met',
    note: `${figure}: target ${metric.comparator} ${formatKpiValue(unit, metric.threshold)}.`,
  }
}

/**
 * Checks every action with a metric (of one escalation, or all), stores the result and, when `record` is set and the
 * outcome changed, writes a timeline entry. Returns the actions checked, with their new checks.
 */
/** Checks one action's metric, stores it and, when asked and the outcome changed, records it on the timeline. */
function checkOne(db: Db, a: RemediationAction, now: number, record: boolean): RemediationAction {
  const metric = a.metric as SuccessMetric
  const check = checkMetric(db, metric, a.status === 'done' ? a.doneAt : null, now)
  db.transaction(() => {
    writeCheck(db, a.id, check)
    if (record && a.check?.outcome !== check.outcome) {
      addTimelineEntry(db, a.escalationId, {
        source: 'workbench',
        kind: 'remediation',
        at: now,
        body: `Success metric of “${a.title}” (${metricSentence(metric)}): ${CHECK_OUTCOME_LABELS[check.outcome].toLowerCase()}. ${check.note}`,
        data: { actionId: a.id, outcome: check.outcome, value: check.value, n: check.n },
      })
    }
  })()
  return { ...a, check }
}

/**
 * Checks every action with a metric (of one escalation, or all), stores the result and, when `record` is set and the
 * outcome changed, writes a timeline entry. Returns the actions checked, with their new checks.
 */
export function checkActions(
  db: Db,
  opts: { escalationId?: number; now?: number; record?: boolean } = {},
): RemediationAction[] {
  const now = opts.now ?? Date.now()
  return actionsToCheck(db, opts.escalationId, now).map((a) => checkOne(db, a, now, opts.record ?? false))
}

/**
 * The same checks after a sync or import, one action at a time with the event loop free in between (`pause`), so a
 * workspace with many success metrics never holds the window or the next sync page for the sum of them. Stops when
 * the workspace closes. Resolves to how many were checked.
 */
export async function checkActionsInTurns(
  db: Db,
  pause: () => Promise<void> = () => new Promise((resolve) => setImmediate(resolve)),
  now = Date.now(),
): Promise<number> {
  const actions = actionsToCheck(db, undefined, now)
  let done = 0
  for (const listed of actions) {
    await pause()
    if (!db.open) break
    // Read again: the action may have changed, or another run (a second sync) checked it meanwhile.
    const a = getAction(db, listed.id, now)
    if (!a?.metric || a.status === 'cancelled') continue
    checkOne(db, a, now, true)
    done++
  }
  return done
}
