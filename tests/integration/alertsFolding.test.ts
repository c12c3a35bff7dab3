/**
 * One incident, one alert: a broad rise lifts every segment inside it, day after day, and those are folded into the
 * running alert; a sharp surge in one corner of that rise is news and gets its own. And a first-reply slowdown is seen
 * while the slow replies are still arriving.
 */
import { describe, expect, it } from 'vitest'
import { evaluateAlerts } from '../../src/main/alerts/evaluate'
import { openDatabase } from '../../src/main/db/connection'
import { allAlerts } from '../../src/main/db/queries/alerts'
import { ensureSource, upsertTickets, type TicketInput } from '../../src/main/db/queries/ticketWrites'
import { poisson, rng, solvedTicket } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'
import { join } from 'node:path'

const H = 3_600_000
const START = Date.parse('2026-01-05T00:00:00Z')
const WEEKS = 7
const REGIONS = ['NA', 'EU', 'SEA', 'LATAM'] as const

function workspace() {
  const db = openDatabase(join(tempDir(), 'w.sqlite'))
  return { db, source: ensureSource(db, 'file', 'Synthetic') }
}

const named = (caseType: string) => (a: { caseType: string | null }) => a.caseType === caseType

describe('alert folding', () => {
  it('keeps a broad rise one alert, and gives a sharp surge inside it its own', () => {
    const { db, source } = workspace()
    const r = rng(7)
    const rise = START + WEEKS * 7 * 24 * H
    const surge = rise + 3 * 24 * H
    const end = rise + 6 * 24 * H
    const tickets: TicketInput[] = []
    for (let t = START; t < end; t += H) {
      for (const region of REGIONS) {
        // creator_payouts triples in every region from `rise`; in SEA it jumps to 15x for a day from `surge`.
        const factor = t < rise ? 1 : region === 'SEA' && t >= surge && t < surge + 24 * H ? 15 : 3
        const n = poisson(r, 0.4 * factor)
        for (let i = 0; i < n; i++)
          tickets.push(
            solvedTicket(t + Math.floor(r() * H), { caseType: 'creator_payouts', channel: 'in_app', region }),
          )
        const m = poisson(r, 1.5)
        for (let i = 0; i < m; i++)
          tickets.push(solvedTicket(t + Math.floor(r() * H), { caseType: 'copyright', channel: 'in_app', region }))
      }
    }
    upsertTickets(db, source, tickets)
    evaluateAlerts(db, { replayDays: 20 })
    const volume = allAlerts(db).filter((a) => a.kpi === 'volume' && a.direction === 'spike')
    const payouts = volume.filter(named('creator_payouts'))
    // The rise: found once, on the case type as a whole, and still running at the end.
    const broad = payouts.filter((a) => a.region === null && a.detectedAt < surge)
    expect(broad.length).toBe(1)
    expect(broad[0]?.lastSeenAt).toBeGreaterThanOrEqual(end - 26 * H)
    // Each region alone, lifted as much as the whole, is part of it: no alert of its own before the surge.
    expect(payouts.filter((a) => a.region !== null && a.detectedAt < surge)).toEqual([])
    // The SEA surge is five times what the rise explains: its own alert, found within a day.
    const sea = payouts.filter((a) => a.region === 'SEA' && a.detectedAt >= surge)
    expect(sea.length).toBe(1)
    expect((sea[0]?.detectedAt as number) - surge).toBeLessThanOrEqual(24 * H)
    // The steady case type raises nothing.
    expect(volume.filter(named('copyright'))).toEqual([])
    db.close()
  })

  it('sees a first-reply slowdown within hours, while slow replies are still arriving', () => {
    const { db, source } = workspace()
    const r = rng(11)
    const slow = START + WEEKS * 7 * 24 * H
    // Sixteen hours in: windows held back for late replies (12 hours) hold only four hours of the slowdown.
    const end = slow + 16 * H
    const tickets: TicketInput[] = []
    for (let t = START; t < end; t += H) {
      for (const region of REGIONS) {
        const n = poisson(r, 2)
        for (let i = 0; i < n; i++) {
          const at = t + Math.floor(r() * H)
          // Replies take about 8x longer from `slow`; a ticket whose reply has not come by `end` has none yet.
          const frt = Math.round(-Math.log(1 - r()) * (at >= slow ? 480 : 60))
          if (at + frt * 60_000 > end) continue
          tickets.push(solvedTicket(at, { caseType: 'account_recovery', channel: 'in_app', region, frtMinutes: frt }))
        }
      }
    }
    upsertTickets(db, source, tickets)
    evaluateAlerts(db, { replayDays: 20 })
    const frt = allAlerts(db).filter((a) => a.kpi === 'frt' && a.direction === 'spike' && a.detectedAt >= slow)
    expect(frt.length).toBeGreaterThanOrEqual(1)
    expect(frt.every((a) => a.detectedAt - slow <= 16 * H)).toBe(true)
    db.close()
  })
})
