import { describe, expect, it } from 'vitest'
import { runCrashImport } from '../helpers/crashImport'

describe('killing an import at random moments', () => {
  it('50 kill -9s leave a sound file holding exactly the committed rows, and the next run finishes', async () => {
    const tickets = 8_000
    const report = await runCrashImport({ kills: 50, tickets, maxKillDelayMs: 2_500 })
    expect(report.kills).toBe(50)
    // Most kills must land while rows are still being written, on both paths, or the drill proves little.
    expect(report.killsMidImport).toBeGreaterThanOrEqual(25)
    expect(report.bulkRuns).toBeGreaterThanOrEqual(10)
    expect(report.finalTickets).toBe(tickets)
  }, 420_000)
})
