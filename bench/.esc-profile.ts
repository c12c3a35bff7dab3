import { openDatabase } from '../src/main/db/connection'
import * as q from '../src/main/db/queries/escalations'
import { readSlaPolicy } from '../src/main/db/queries/metrics'
import { whereClause } from '../src/main/db/queries/ticketSql'
import { createEscalation } from '../src/main/escalations/service'
import { computeImpact } from '../src/main/escalations/impact'
const file = process.argv[2] as string
const db = openDatabase(file)
db.exec('BEGIN')
const t = (label: string, fn: () => unknown) => { const t0 = performance.now(); fn(); console.log(label, Math.round(performance.now() - t0), 'ms') }
const now = Date.parse('2026-11-01T00:00:00Z')
const max = q.maxTicketId(db)
for (const f of [{ caseType: ['live_gifts_coins'], region: ['SEA'] }, { text: 'payout bank' }]) {
  const w = whereClause(f)
  console.log(db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM tickets WHERE id > ? AND ${w.sql}`).all(max - 1000, ...w.params).map((r: any) => r.detail))
  t('match ' + JSON.stringify(f), () => db.prepare(`SELECT count(*) FROM tickets WHERE id > ? AND ${w.sql}`).get(max - 1000, ...w.params))
}
const policy = readSlaPolicy(db)
for (const f of [{}, { caseType: ['creator_payouts'], region: ['LATAM'] }, { channel: ['email'] }]) {
  t('kpiInputs ' + JSON.stringify(f), () => q.kpiInputs(db, whereClause(f), { from: now - 14 * 86400000, to: now }, policy))
  const w = whereClause(f)
  console.log(db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM tickets WHERE (${w.sql}) AND coalesce(first_solved_at, solved_at) >= ? AND coalesce(first_solved_at, solved_at) < ?`).all(...w.params, 1, 2).map((r: any) => r.detail))
  console.log(db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM tickets WHERE (${w.sql}) AND created_at >= ? AND created_at < ?`).all(...w.params, 1, 2).map((r: any) => r.detail))
}
const ids = db.prepare('SELECT id FROM tickets ORDER BY id DESC LIMIT 5000').pluck().all() as number[]
const e = createEscalation(db, { title: 'x', priority: 'P1', ticketIds: ids }, now)
const d = q.getEscalationDetail(db, e.id, now)!
const scope = q.cohortScope(e.id)
t('counts', () => q.cohortCounts(db, scope))
console.log(db.prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM tickets WHERE ${scope.sql}`).all(...scope.params).map((r: any) => r.detail))
t('breakdown', () => q.cohortBreakdown(db, scope, 'region'))
t('cohort kpi', () => q.kpiInputs(db, scope, null, policy))
t('impact', () => computeImpact(db, d, now))
db.exec('ROLLBACK')
