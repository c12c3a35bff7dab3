import { describe, expect, it } from 'vitest'
import { runCrashSync } from '../helpers/crashSync'

describe('killing a sync at random moments', () => {
  it('50 kill -9s lose no committed page, double nothing, keep the file sound, and the next run finishes', async () => {
    const tickets = 3_000
    const report = await runCrashSync({ kills: 50, tickets, pageLimit: 10, maxKillDelayMs: 400 })
    expect(report.kills).toBe(50)
    // Most kills must land while pages are still being written, or the drill proves little.
    expect(report.killsMidSync).toBeGreaterThanOrEqual(40)
    expect(report.finalTickets).toBe(tickets - Math.floor(tickets / 7))
  }, 420_000)

  it('30 kill -9s of a re-sync from the start: each ticket re-read carries the new mapping, the rest the old, and the next plain sync finishes it', async () => {
    const tickets = 2_000
    const report = await runCrashSync({
      kills: 30,
      tickets,
      pageLimit: 10,
      maxKillDelayMs: 400,
      remap: true,
      seed: 20_261_208,
    })
    expect(report.kills).toBe(30)
    expect(report.killsMidSync).toBeGreaterThanOrEqual(20)
    expect(report.finalTickets).toBe(tickets - Math.floor(tickets / 7))
  }, 420_000)
})
