/**
 * `alerts.evaluate_1m`: the alert evaluation that follows a sync on the 1M bench workspace, as the app runs it. The
 * workspace's alerts are first brought up to date (its first evaluation replays the recent past, reported as
 * `alerts.replay_1m`); then a sync page of 2,000 new tickets in the newest hours lands and alerts are evaluated again
 * (three times over; the median is reported):
 * every segment (case type × channel × region and every roll-up of it), every KPI and window, from a day before the
 * last evaluated hour. That evaluation re-reads from the file only the hours the sync changed (alerts/comboCache.ts);
 * `alerts.evaluate_cold_1m` is the same after a fourth page with the in-memory rollups dropped, as the first
 * evaluation after the app opens a workspace pays.
 *
 * Reference, in the same run: the aggregates that evaluation reads, computed instead by scanning `tickets` (one
 * GROUP BY hour × case type × channel × region over the same hours), the least a detector without rollups would pay.
 *
 * Runs on a scratch copy of the workspace, deleted afterwards: evaluations commit their alerts as in the app (rollups
 * read inside an open transaction are not kept, since its writes may still roll back).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { comboCacheOf } from '../src/main/alerts/comboCache'
import { evaluateAlerts, evaluateAlertsAsync, type EvaluationResult } from '../src/main/alerts/evaluate'
import { DEFAULT_DETECT, WEEK_HOURS } from '../src/main/alerts/detect'
import { openDatabase } from '../src/main/db/connection'
import { ensureSource, upsertTickets, type TicketInput } from '../src/main/db/queries/ticketWrites'

export interface AlertFigures {
  evaluateMs: number
  /** The longest the event loop waited during that evaluation, as the app runs it (yielding between segments). */
  blockMs: number
  coldMs: number
  coldBlockMs: number
  referenceMs: number
  replayMs: number
  segments: number
  replayDays: number
}

function syncPage(lastCreated: number, page: number): TicketInput[] {
  const out: TicketInput[] = []
  const channels = ['email', 'in_app', 'web_form', 'social', 'creator_portal', 'phone']
  const types = ['account_recovery', 'bug_crash', 'live_gifts_coins', 'creator_payouts', 'ban_appeal']
  const regions = ['NA', 'EU', 'SEA', 'LATAM', 'IN']
  for (let i = 0; i < 2000; i++) {
    const createdAt = lastCreated + 1000 + i * 1500
    out.push({
      externalId: `BENCH-SYNC-${page}-${i}`,
      subject: 'Synced ticket',
      description: 'd',
      status: 'open',
      priority: 'normal',
      type: null,
      caseType: types[i % types.length] as string,
      channel: channels[i % channels.length] as string,
      tags: [],
      region: regions[i % regions.length] as string,
      locale: null,
      requester: null,
      assignee: null,
      group: null,
      createdAt,
      updatedAt: createdAt,
      firstSolvedAt: null,
      solvedAt: null,
      firstReplyMinutes: null,
      firstResolutionMinutes: null,
      fullResolutionMinutes: null,
      reopens: 0,
      replies: 0,
      csat: null,
      sensitive: false,
      escalated: false,
    })
  }
  return out
}

/** Wall time of an async run and the longest event-loop delay seen during it. */
async function timed<T>(fn: () => Promise<T>): Promise<[T, number, number]> {
  const h = monitorEventLoopDelay({ resolution: 5 })
  h.enable()
  // The monitor's timer must be running before the work starts, or a block before the first turn goes unseen.
  await new Promise((resolve) => setTimeout(resolve, 20))
  const t0 = performance.now()
  const value = await fn()
  const ms = performance.now() - t0
  h.disable()
  return [value, ms, h.max / 1e6]
}

export async function alertFigures(file: string): Promise<AlertFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-alerts-bench-'))
  const copy = path.join(dir, 'workspace.sqlite')
  const source = openDatabase(file)
  source.pragma('wal_checkpoint(TRUNCATE)')
  source.close()
  fs.copyFileSync(file, copy)
  const db = openDatabase(copy)
  try {
    const t0 = performance.now()
    const replay = evaluateAlerts(db, { now: 0 })
    const replayMs = performance.now() - t0
    const sync = ensureSource(db, 'file', 'Bench sync')
    const newest = () => (db.prepare('SELECT max(created_at) AS t FROM tickets').get() as { t: number }).t
    // Three syncs, each followed by its evaluation: the median time and the longest block of the three.
    const runs: [EvaluationResult, number, number][] = []
    for (let page = 1; page <= 3; page++) {
      upsertTickets(db, sync, syncPage(newest(), page))
      runs.push(await timed(() => evaluateAlertsAsync(db, { now: page })))
    }
    const after = (runs[2] as [EvaluationResult, number, number])[0]
    const evaluateMs = runs.map((r) => r[1]).sort((a, b) => a - b)[1] as number
    const blockMs = Math.max(...runs.map((r) => r[2]))
    upsertTickets(db, sync, syncPage(newest(), 4))
    comboCacheOf(db).clear()
    const [, coldMs, coldBlockMs] = await timed(() => evaluateAlertsAsync(db, { now: 4 }))
    // The same hours the evaluation read, aggregated from tickets instead of rollups.
    const from =
      ((after.fromHour ?? 0) - 168 - DEFAULT_DETECT.maturityHours - DEFAULT_DETECT.weeks * WEEK_HOURS) * 3_600_000
    const t3 = performance.now()
    db.prepare(
      `SELECT created_at / 3600000, case_type, channel, region, count(*), sum(escalated), count(first_reply_minutes),
         sum(first_reply_minutes) FROM tickets WHERE created_at >= ? GROUP BY 1, 2, 3, 4`,
    ).all(from)
    const referenceMs = performance.now() - t3
    return {
      evaluateMs,
      blockMs,
      coldMs,
      coldBlockMs,
      referenceMs,
      replayMs,
      segments: after.segments,
      replayDays: replay.fromHour !== null && replay.toHour !== null ? (replay.toHour - replay.fromHour) / 24 : 0,
    }
  } finally {
    db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
