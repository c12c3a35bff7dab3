/**
 * `escalations.after_sync_1m`: the work that follows every sync or import page run on the 1M bench workspace, with
 * five live escalations whose cohort filters must take in new tickets and ten remediation actions whose success
 * metrics are re-checked (14-day windows, two of them over every ticket). Reference, in the same run: counting the
 * tickets each of those filters matches, the grid's own count query, the least any check has to read.
 * `escalations.after_sync_block_1m`: the longest of its steps (the cohorts, then one metric per turn of the event
 * loop), against the 100 ms budget for holding the window.
 *
 * `escalations.impact_1m`: the impact panel (counts, breakdowns, every KPI of the cohort and of its 28-day baseline)
 * of an escalation with a 5,000-ticket cohort. Reference: the grid's count of that cohort.
 *
 * Everything runs inside one transaction that is rolled back, so the cached bench workspace is left as it was.
 */
import type { TicketFilters } from '../src/shared/api/schemas'
import type { SuccessMetric } from '../src/shared/escalations'
import { openDatabase } from '../src/main/db/connection'
import { countMatching, getEscalationDetail, insertAction } from '../src/main/db/queries/escalations'
import { computeImpact } from '../src/main/escalations/impact'
import { checkActionsInTurns } from '../src/main/escalations/remediationCheck'
import { afterDataChanged, createEscalation } from '../src/main/escalations/service'

export interface EscalationFigures {
  afterSyncMs: number
  /** The longest stretch the event loop is held: the cohorts, then one success metric at a time. */
  afterSyncBlockMs: number
  afterSyncRefMs: number
  impactMs: number
  impactRefMs: number
  cohort: number
}

const COHORTS: TicketFilters[] = [
  { caseType: ['live_gifts_coins'], region: ['SEA'] },
  { caseType: ['creator_payouts'], region: ['LATAM'] },
  { caseType: ['account_recovery'], region: ['EU'] },
  { caseType: ['bug_crash'], channel: ['in_app'] },
  { text: 'payout bank' },
]

function metrics(): SuccessMetric[] {
  const m = (kpi: SuccessMetric['kpi'], filters: TicketFilters): SuccessMetric => ({
    kpi,
    filters,
    comparator: 'below',
    threshold: 5,
    days: 14,
    minSample: 20,
  })
  return [
    m('reopenRate', { caseType: ['creator_payouts'], region: ['LATAM'] }),
    m('reopenRate', {}),
    m('fullResolution', {}),
    m('slaResolution', { caseType: ['account_recovery'], region: ['EU'] }),
    m('frt', { caseType: ['account_recovery'] }),
    m('csat', { caseType: ['live_gifts_coins'], region: ['SEA'] }),
    m('oneTouch', { channel: ['email'] }),
    m('escalationRate', { region: ['NA'] }),
    m('slaFirstReply', { caseType: ['bug_crash'], channel: ['in_app'] }),
    m('firstResolution', { caseType: ['creator_payouts'] }),
  ]
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

export async function escalationFigures(file: string): Promise<EscalationFigures> {
  const db = openDatabase(file)
  db.exec('BEGIN')
  try {
    const now = Date.parse('2026-11-01T00:00:00Z')
    const ids = COHORTS.map(
      (f, i) => createEscalation(db, { title: `Bench ${i}`, priority: 'P1', cohortFilters: f }, now).id,
    )
    const ms = metrics()
    ms.forEach((metric, i) =>
      insertAction(
        db,
        { escalationId: ids[i % ids.length] as number, title: `Fix ${i}`, ownerTeam: 'Eng', dueAt: null, metric },
        now,
      ),
    )
    // A sync brought tickets: the last 1,000 ids are new to every cohort.
    const rewind = () =>
      db.prepare('UPDATE escalations SET cohort_checked_id = (SELECT max(id) FROM tickets) - 1000').run()
    const after: number[] = []
    const blocks: number[] = []
    const ref: number[] = []
    for (let i = 0; i < 3; i++) {
      rewind()
      // What the app does after a sync: cohorts at once, then each metric in its own turn of the event loop.
      const t0 = performance.now()
      let last = t0
      let longest = 0
      const pause = () => {
        const t = performance.now()
        longest = Math.max(longest, t - last)
        last = t
        return Promise.resolve()
      }
      afterDataChanged(db, { reason: 'sync' }, now, false)
      await checkActionsInTurns(db, pause, now)
      const end = performance.now()
      longest = Math.max(longest, end - last)
      after.push(end - t0)
      blocks.push(longest)
      const t1 = performance.now()
      for (const f of [...COHORTS, ...ms.map((m) => m.filters)]) countMatching(db, f)
      ref.push(performance.now() - t1)
    }
    // A 5,000-ticket cohort picked by id.
    const cohortIds = db.prepare('SELECT id FROM tickets ORDER BY id DESC LIMIT 5000').pluck().all() as number[]
    const big = createEscalation(db, { title: 'Bench impact', priority: 'P0', ticketIds: cohortIds }, now)
    const detail = getEscalationDetail(db, big.id, now)
    if (!detail) throw new Error('bench escalation missing')
    const impact: number[] = []
    const impactRef: number[] = []
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now()
      computeImpact(db, detail, now)
      impact.push(performance.now() - t0)
      const t1 = performance.now()
      countMatching(db, { escalationId: [big.id] })
      impactRef.push(performance.now() - t1)
    }
    return {
      afterSyncMs: median(after),
      afterSyncBlockMs: median(blocks),
      afterSyncRefMs: median(ref),
      impactMs: median(impact),
      impactRefMs: median(impactRef),
      cohort: cohortIds.length,
    }
  } finally {
    db.exec('ROLLBACK')
    db.close()
  }
}
