/**
 * Figures over an arbitrary set of tickets (an escalation's cohort, a baseline, a success metric's tickets): the
 * counts of the impact panel and the inputs of the KPI formulas. The rollups answer one field at a time, so a cohort
 * of hand-picked ids or a multi-field filter is measured from its tickets instead. Each ticket contributes exactly
 * what it contributes to the rollups (migration 009): created-event measures by creation time, solve-event measures
 * by first solve, so metrics/figures.ts turns these into the same KPIs Trends shows.
 */
import { SLA_PRIORITIES, type SlaPolicy } from '../../../shared/kpis'
import type { ValueCount } from '../../../shared/escalations'
import type { Db } from '../connection'
import type { HourMeasure } from './metrics'
import type { SqlPart } from './ticketSql'

export interface CohortCounts {
  tickets: number
  users: number
  withoutRequester: number
  openTickets: number
  firstCreatedAt: number | null
  lastCreatedAt: number | null
}

export function cohortCounts(db: Db, scope: SqlPart): CohortCounts {
  const r = db
    .prepare(
      `SELECT count(*) AS tickets, count(DISTINCT requester) AS users, coalesce(sum(requester IS NULL), 0) AS nr,
         coalesce(sum(status NOT IN ('solved', 'closed')), 0) AS open, min(created_at) AS first, max(created_at) AS last
       FROM tickets WHERE ${scope.sql}`,
    )
    .get(...scope.params) as {
    tickets: number
    users: number
    nr: number
    open: number
    first: number | null
    last: number | null
  }
  return {
    tickets: r.tickets,
    users: r.users,
    withoutRequester: r.nr,
    openTickets: r.open,
    firstCreatedAt: r.first,
    lastCreatedAt: r.last,
  }
}

const BREAKDOWN_COLUMNS = { region: 'region', channel: 'channel', caseType: 'case_type' } as const

/** Tickets per value of a field, most first (ties by value). */
export function cohortBreakdown(db: Db, scope: SqlPart, field: keyof typeof BREAKDOWN_COLUMNS): ValueCount[] {
  const col = BREAKDOWN_COLUMNS[field]
  return db
    .prepare(
      `SELECT ${col} AS value, count(*) AS tickets FROM tickets WHERE ${scope.sql}
       GROUP BY ${col} ORDER BY tickets DESC, value`,
    )
    .all(...scope.params) as ValueCount[]
}

/** A half-open window [from, to) in epoch ms; null: every ticket counts for every event it has had. */
export type Window = { from: number; to: number } | null

export interface KpiInputs {
  t: Record<HourMeasure, number>
  sla: { firstReply: { met: number; breached: number }; resolution: { met: number; breached: number } }
  /** Whole-minute durations, one per ticket: first reply (by created), first / full resolution (by first solve). */
  frt: Int32Array
  firstResolution: Int32Array
  fullResolution: Int32Array
}

const SOLVE = 'coalesce(first_solved_at, solved_at)'

/** The SLA target of each ticket's priority (unknown or none: normal), as SQL with bound targets. */
function targetSql(policy: SlaPolicy, which: 'firstReplyMinutes' | 'resolutionMinutes'): SqlPart {
  const cases = SLA_PRIORITIES.filter((p) => p !== 'normal')
  return {
    sql: `(CASE priority ${cases.map(() => 'WHEN ? THEN ?').join(' ')} ELSE ? END)`,
    params: [...cases.flatMap((p) => [p, policy[p][which]]), policy.normal[which]],
  }
}

/** The columns of one aggregate row. */
type MeasureColumn =
  | 'created'
  | 'escalated'
  | 'replied'
  | 'frt_sum'
  | 'solved'
  | 'reopened'
  | 'one_touch'
  | 'csat_good'
  | 'csat_bad'
  | 'fres_n'
  | 'fres_sum'
  | 'tres_n'
  | 'tres_sum'
  | 'frt_met'
  | 'frt_breached'
  | 'res_met'
  | 'res_breached'

/**
 * One aggregate over `where`: created-event measures where `c` (an SQL flag) holds, solve-event measures where `s`
 * holds; SLA breaches against each ticket's priority target.
 */
function aggregate(db: Db, where: SqlPart, c: string, s: string, policy: SlaPolicy): Record<string, number> {
  const frt = targetSql(policy, 'firstReplyMinutes')
  const res = targetSql(policy, 'resolutionMinutes')
  return db
    .prepare(
      `SELECT coalesce(sum(c), 0) AS created, coalesce(sum(c * escalated), 0) AS escalated,
         coalesce(sum(c * (first_reply_minutes IS NOT NULL)), 0) AS replied,
         coalesce(sum(c * coalesce(first_reply_minutes, 0)), 0) AS frt_sum,
         coalesce(sum(s), 0) AS solved, coalesce(sum(s * (reopens > 0)), 0) AS reopened,
         coalesce(sum(s * (replies <= 1)), 0) AS one_touch,
         coalesce(sum(s * coalesce(csat >= 4, 0)), 0) AS csat_good, coalesce(sum(s * coalesce(csat <= 3, 0)), 0) AS csat_bad,
         coalesce(sum(s * (first_resolution_minutes IS NOT NULL)), 0) AS fres_n,
         coalesce(sum(s * coalesce(first_resolution_minutes, 0)), 0) AS fres_sum,
         coalesce(sum(s * (full_resolution_minutes IS NOT NULL)), 0) AS tres_n,
         coalesce(sum(s * coalesce(full_resolution_minutes, 0)), 0) AS tres_sum,
         coalesce(sum(c * (first_reply_minutes > frt_target)), 0) AS frt_breached,
         coalesce(sum(c * (first_reply_minutes <= frt_target)), 0) AS frt_met,
         coalesce(sum(s * (full_resolution_minutes > res_target)), 0) AS res_breached,
         coalesce(sum(s * (full_resolution_minutes <= res_target)), 0) AS res_met
       FROM (SELECT *, ${c} AS c, ${s} AS s, ${frt.sql} AS frt_target, ${res.sql} AS res_target
             FROM tickets WHERE ${where.sql})`,
    )
    .get(...frt.params, ...res.params, ...where.params) as Record<string, number>
}

const and = (a: SqlPart, sql: string, params: unknown[]): SqlPart => ({
  sql: `(${a.sql}) AND ${sql}`,
  params: [...a.params, ...params],
})

/**
 * The measures of the rollups over the tickets in scope. Without a window every ticket counts for every event it
 * has had (a cohort); with one, created-event measures count tickets created in it and solve-event measures tickets
 * first solved in it (the metric dictionary's periods), each read through its own index (created_at, and the solve
 * time index of migration 11), so a 14-day window over a million tickets reads only those 14 days.
 */
export function kpiInputs(db: Db, scope: SqlPart, window: Window, policy: SlaPolicy): KpiInputs {
  const created: SqlPart = window ? and(scope, 'created_at >= ? AND created_at < ?', [window.from, window.to]) : scope
  const solvedIn: SqlPart = window
    ? and(scope, `${SOLVE} >= ? AND ${SOLVE} < ?`, [window.from, window.to])
    : and(scope, `${SOLVE} IS NOT NULL`, [])
  const rows = window
    ? [aggregate(db, created, '1', '0', policy), aggregate(db, solvedIn, '0', '1', policy)]
    : [aggregate(db, scope, '1', `(${SOLVE} IS NOT NULL)`, policy)]
  const sum = (k: MeasureColumn) => rows.reduce((a, r) => a + (r[k] ?? 0), 0)
  const t = {
    created: sum('created'),
    escalated: sum('escalated'),
    replied: sum('replied'),
    frt_sum: sum('frt_sum'),
    solved: sum('solved'),
    reopened: sum('reopened'),
    one_touch: sum('one_touch'),
    csat_good: sum('csat_good'),
    csat_bad: sum('csat_bad'),
    fres_n: sum('fres_n'),
    fres_sum: sum('fres_sum'),
    tres_n: sum('tres_n'),
    tres_sum: sum('tres_sum'),
    exited: 0,
  } as Record<HourMeasure, number>
  const minutes = (col: string, where: SqlPart): Int32Array =>
    Int32Array.from(
      db
        .prepare(`SELECT ${col} FROM tickets WHERE (${where.sql}) AND ${col} IS NOT NULL`)
        .pluck()
        .all(...where.params) as number[],
    )
  return {
    t,
    sla: {
      firstReply: { met: sum('frt_met'), breached: sum('frt_breached') },
      resolution: { met: sum('res_met'), breached: sum('res_breached') },
    },
    frt: minutes('first_reply_minutes', created),
    firstResolution: minutes('first_resolution_minutes', solvedIn),
    fullResolution: minutes('full_resolution_minutes', solvedIn),
  }
}
