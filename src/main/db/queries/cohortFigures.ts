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

/** The measures of the rollups over the tickets in scope, per event in the window. */
export function kpiInputs(db: Db, scope: SqlPart, window: Window, policy: SlaPolicy): KpiInputs {
  const c = window ? '(created_at >= ? AND created_at < ?)' : '1'
  const s = window ? `coalesce(${SOLVE} >= ? AND ${SOLVE} < ?, 0)` : `(${SOLVE} IS NOT NULL)`
  const w = window ? [window.from, window.to] : []
  const frtTarget = targetSql(policy, 'firstReplyMinutes')
  const resTarget = targetSql(policy, 'resolutionMinutes')
  const row = db
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
       FROM (SELECT *, ${c} AS c, ${s} AS s, ${frtTarget.sql} AS frt_target, ${resTarget.sql} AS res_target
             FROM tickets WHERE ${scope.sql})`,
    )
    .get(...w, ...w, ...frtTarget.params, ...resTarget.params, ...scope.params) as Record<string, number>
  const t = {
    created: row.created,
    escalated: row.escalated,
    replied: row.replied,
    frt_sum: row.frt_sum,
    solved: row.solved,
    reopened: row.reopened,
    one_touch: row.one_touch,
    csat_good: row.csat_good,
    csat_bad: row.csat_bad,
    fres_n: row.fres_n,
    fres_sum: row.fres_sum,
    tres_n: row.tres_n,
    tres_sum: row.tres_sum,
    exited: 0,
  } as Record<HourMeasure, number>
  const minutes = (col: string, event: string): Int32Array =>
    Int32Array.from(
      db
        .prepare(`SELECT ${col} FROM tickets WHERE ${scope.sql} AND ${col} IS NOT NULL AND ${event}`)
        .pluck()
        .all(...scope.params, ...w) as number[],
    )
  return {
    t,
    sla: {
      firstReply: { met: row.frt_met as number, breached: row.frt_breached as number },
      resolution: { met: row.res_met as number, breached: row.res_breached as number },
    },
    frt: minutes('first_reply_minutes', window ? 'created_at >= ? AND created_at < ?' : '1'),
    firstResolution: minutes('first_resolution_minutes', window ? `${SOLVE} >= ? AND ${SOLVE} < ?` : '1'),
    fullResolution: minutes('full_resolution_minutes', window ? `${SOLVE} >= ? AND ${SOLVE} < ?` : '1'),
  }
}
