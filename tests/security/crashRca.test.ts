/**
 * Issue 7 part 4: "kill at random moments during ... RCA autosave": every answered autosave survives a SIGKILL, the
 * one in flight is either wholly there or wholly absent, and the file stays sound.
 */
import { describe, expect, it } from 'vitest'
import { runRcaCrash } from './crashRca'

describe('killing the app while it autosaves an RCA', () => {
  it('keeps every answered save whole and never tears the one in flight', async () => {
    const report = await runRcaCrash({ kills: 12, maxKillDelayMs: 400, seed: 3 })
    expect(report.kills).toBe(12)
    // Saves really happened between kills (the drill is not killing idle processes).
    expect(report.saves).toBeGreaterThan(12)
  }, 300_000)
})
