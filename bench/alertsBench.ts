/**
 * `alerts.evaluate_1m`: the alert evaluation that follows a sync on the 1M bench workspace. The workspace's alerts are
 * first brought up to date (its first evaluation replays the recent past, reported as `alerts.replay_1m`); then a sync
 * page of 2,000 new tickets in the newest hours lands and alerts are evaluated again: every segment (case type ×
 * channel × region and every roll-up of it), every KPI and window, from a day before the last evaluated hour.
 *
 * Reference, in the same run: the aggregates that evaluation reads, computed instead by scanning `tickets` (one
 * GROUP BY hour × case type × channel × region over the same hours), the least a detector without rollups would pay.
 *
 * Runs inside a transaction that is rolled back, so the cached bench workspace is left as it was.
 */
import { evaluateAlerts } from '../src/main/alerts/evaluate'
import { DEFAULT_DETECT, WEEK_HOURS } from '../src/main/alerts/detect'
import { openDatabase } from '../src/main/db/connection'
import { ensureSource, upsertTickets, type TicketInput } from '../src/main/db/queries/ticketWrites'

export interface AlertFigures {
  evaluateMs: number
  referenceMs: number
  replayMs: number
  segments: number
  replayDays: number
}

class Rollback extends Error {}

function syncPage(lastCreated: number): TicketInput[] {
  const out: TicketInput[] = []
  const channels = ['email', 'in_app', 'web_form', 'social', 'creator_portal', 'phone']
  const types = ['account_recovery', 'bug_crash', 'live_gifts_coins', 'creator_payouts', 'ban_appeal']
  const regions = ['NA', 'EU', 'SEA', 'LATAM', 'IN']
  for (let i = 0; i < 2000; i++) {
    const createdAt = lastCreated + 1000 + i * 1500
    out.push({
      externalId: `BENCH-SYNC-${i}`,
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
      rawJson: null,
    })
  }
  return out
}

export function alertFigures(file: string): AlertFigures {
  const db = openDatabase(file)
  let out: AlertFigures | null = null
  try {
    db.transaction(() => {
      const t0 = performance.now()
      const replay = evaluateAlerts(db, { now: 0 })
      const replayMs = performance.now() - t0
      const last = db.prepare('SELECT max(created_at) AS t FROM tickets').get() as { t: number }
      upsertTickets(db, ensureSource(db, 'file', 'Bench sync'), syncPage(last.t))
      const t1 = performance.now()
      const after = evaluateAlerts(db, { now: 1 })
      const evaluateMs = performance.now() - t1
      // The same hours the evaluation read, aggregated from tickets instead of rollups.
      const from =
        ((after.fromHour ?? 0) - 168 - DEFAULT_DETECT.maturityHours - DEFAULT_DETECT.weeks * WEEK_HOURS) * 3_600_000
      const t2 = performance.now()
      db.prepare(
        `SELECT created_at / 3600000, case_type, channel, region, count(*), sum(escalated), count(first_reply_minutes),
           sum(first_reply_minutes) FROM tickets WHERE created_at >= ? GROUP BY 1, 2, 3, 4`,
      ).all(from)
      const referenceMs = performance.now() - t2
      out = {
        evaluateMs,
        referenceMs,
        replayMs,
        segments: after.segments,
        replayDays: replay.fromHour !== null && replay.toHour !== null ? (replay.toHour - replay.fromHour) / 24 : 0,
      }
      throw new Rollback()
    })()
  } catch (err) {
    if (!(err instanceof Rollback)) throw err
  } finally {
    db.close()
  }
  if (!out) throw new Error('The alerts bench produced no figures.')
  return out
}
