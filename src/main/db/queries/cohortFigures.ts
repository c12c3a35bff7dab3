/**
 * Figures over an arbitrary set of tickets (an escalation's cohort, a baseline, a success metric's tickets): the
 * counts of the impact panel and the inputs of the KPI formulas. The rollups answer one field at a time, so a cohort
 * of hand-picked ids or a multi-field filter is measured from its tickets instead. Each ticket contributes exactly
 * what it contributes to the rollups (migration 009): created-event measures by creation time, solve-event measures
 * by first solve, so metrics/figures.ts turns these into the same KPIs Trends shows.
 */
import { slaTargetFor, type SlaPolicy } from '../../../shared/kpis'
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

const and = (a: SqlPart, sql: string, params: unknown[]): SqlPart => ({
  sql: `(${a.sql}) AND ${sql}`,
  params: [...a.params, ...params],
})

/**
 * The measures of the rollups over the tickets in scope, in two narrow passes (one per event). Without a window every
 * ticket counts for every event it has had (a cohort); with one, created-event measures count tickets created in it
 * and solve-event measures tickets first solved in it (the metric dictionary's periods), each pass read through its
 * own index (created_at, and the solve-time index of migration 11). Only the few columns the formulas need are read.
 */
export function kpiInputs(db: Db, scope: SqlPart, window: Window, policy: SlaPolicy): KpiInputs {
  const createdIn = window ? and(scope, 'created_at >= ? AND created_at < ?', [window.from, window.to]) : scope
  const solvedIn = window
    ? and(scope, `${SOLVE} >= ? AND ${SOLVE} < ?`, [window.from, window.to])
    : and(scope, `${SOLVE} IS NOT NULL`, [])
  const t = {
    created: 0,
    escalated: 0,
    replied: 0,
    frt_sum: 0,
    solved: 0,
    reopened: 0,
    one_touch: 0,
    csat_good: 0,
    csat_bad: 0,
    fres_n: 0,
    fres_sum: 0,
    tres_n: 0,
    tres_sum: 0,
    exited: 0,
  } satisfies Record<HourMeasure, number>
  const firstReply = { met: 0, breached: 0 }
  const resolution = { met: 0, breached: 0 }
  const frt: number[] = []
  const fres: number[] = []
  const tres: number[] = []
  const created = db
    .prepare(`SELECT escalated, first_reply_minutes, priority FROM tickets WHERE ${createdIn.sql}`)
    .raw()
    .iterate(...createdIn.params) as IterableIterator<[number, number | null, string | null]>
  for (const [escalated, reply, priority] of created) {
    t.created++
    t.escalated += escalated
    if (reply === null) continue
    t.replied++
    t.frt_sum += reply
    frt.push(reply)
    if (reply > slaTargetFor(policy, priority).firstReplyMinutes) firstReply.breached++
    else firstReply.met++
  }
  const solved = db
    .prepare(
      `SELECT reopens, replies, csat, first_resolution_minutes, full_resolution_minutes, priority FROM tickets
       WHERE ${solvedIn.sql}`,
    )
    .raw()
    .iterate(...solvedIn.params) as IterableIterator<
    [number, number, number | null, number | null, number | null, string | null]
  >
  for (const [reopens, replies, csat, first, full, priority] of solved) {
    t.solved++
    if (reopens > 0) t.reopened++
    if (replies <= 1) t.one_touch++
    if (csat !== null) {
      if (csat >= 4) t.csat_good++
      else t.csat_bad++
    }
    if (first !== null) {
      t.fres_n++
      t.fres_sum += first
      fres.push(first)
    }
    if (full !== null) {
      t.tres_n++
      t.tres_sum += full
      tres.push(full)
      if (full > slaTargetFor(policy, priority).resolutionMinutes) resolution.breached++
      else resolution.met++
    }
  }
  return {
    t,
    sla: { firstReply, resolution },
    frt: Int32Array.from(frt),
    firstResolution: Int32Array.from(fres),
    fullResolution: Int32Array.from(tres),
  }
}
