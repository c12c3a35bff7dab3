/**
 * reliability.md, Local data: "Migrations run in one transaction after a backup; a kill during a migration leaves the
 * old schema usable". 25 SIGKILLs at random moments in the suite; scripts/crash-migrate.mjs runs hundreds.
 */
import { describe, expect, it } from 'vitest'
import { LATEST_VERSION } from '../../src/main/db/migrations'
import { runMigrationCrash } from './crashMigration'

describe('killing the app while it migrates a workspace', () => {
  it('leaves the file wholly at the old schema or wholly migrated, with every ticket, note and label', async () => {
    const report = await runMigrationCrash({ kills: 25, tickets: 15_000, maxKillDelayMs: 1_500, seed: 7 })
    expect(report.finalVersion).toBe(LATEST_VERSION)
    expect(report.tickets).toBe(15_000)
    // The drill really hit migrations in flight, not only idle processes.
    expect(report.killsMidMigration).toBeGreaterThan(8)
    expect(report.killsInsideTransaction).toBeGreaterThan(3)
  }, 300_000)
})
