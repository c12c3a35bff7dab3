/** `score-alerts` on a generated demo: every injected incident is scored, and the report is what the CLI prints. */
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/main/cli/commands'
import { openDatabase } from '../../src/main/db/connection'
import type { AlertScoreReport } from '../../src/main/alerts/score'
import { WorkspaceManager } from '../../src/main/workspace/manager'
import { tempDir } from '../helpers/tmp'

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(args, {
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    progress: () => {},
    env: {},
  })
  return { code, out, err }
}

describe('score-alerts', () => {
  it('scores detection against the demo incidents without touching the inbox', { timeout: 240_000 }, async () => {
    const dataDir = tempDir()
    // The default demo (50,000 tickets, seed 42) on a fixed end date, so the figures are the same on every run.
    const demo = ['demo', '--tickets', '50000', '--seed', '42', '--end', '2026-12-01', '--data-dir', dataDir]
    expect((await cli(demo)).code).toBe(0)
    const file = new WorkspaceManager(dataDir).fileOf('demo')
    const db = openDatabase(file)
    db.prepare("INSERT INTO alert_state (key, value) VALUES ('marker', 'kept')").run()
    db.close()

    const { code, out } = await cli(['score-alerts', '--json', '--data-dir', dataDir])
    expect(code).toBe(0)
    const report = JSON.parse(out) as AlertScoreReport
    expect(report.incidents.map((i) => i.kind).sort()).toEqual(['creep', 'resolution_regression', 'surge', 'surge'])
    expect(report.minSample).toBe(20)
    expect(report.evaluatedDays).toBeGreaterThan(100)
    // The release surge (4× bug_crash via in_app for 30 hours) is found within a day of its start.
    const release = report.incidents.find((i) => i.title.startsWith('App crashes'))
    expect(release?.detected).toBe(true)
    expect(release?.delayHours).toBeLessThanOrEqual(24)
    expect(release?.firstAlert?.kpi).toBe('volume')
    // Every figure is consistent with the counts it comes from.
    expect(report.recall).toBe(report.incidents.filter((i) => i.detected).length / 4)
    expect(report.precision).toBeCloseTo(report.alerts.matched / report.alerts.total, 10)
    expect(report.falseHighPer30Days).toBeCloseTo((report.alerts.falseHigh / report.evaluatedDays) * 30, 1)
    expect(report.falseHighPer30Days).toBeLessThanOrEqual(1)
    for (const i of report.incidents) if (i.detected) expect(i.delayHours).toBeGreaterThanOrEqual(0)
    // The target: every injected incident within one day of its start, at most one false high per 30 days.
    for (const i of report.incidents) expect(i.withinOneDay, `${i.title}: ${i.delayHours} h`).toBe(true)
    expect(report.target).toEqual({ allWithinOneDay: true, falseHighAtMostOnePer30Days: true, met: true })

    // Scoring replays on a copy that is rolled back: the workspace's alerts and state are as they were.
    const after = openDatabase(file)
    expect(after.prepare('SELECT count(*) AS n FROM alerts').get()).toEqual({ n: 0 })
    expect(after.prepare("SELECT value FROM alert_state WHERE key = 'marker'").get()).toEqual({ value: 'kept' })
    after.close()

    const text = await cli(['score-alerts', '--data-dir', dataDir])
    expect(text.out).toMatch(/^Recall \d+ %, precision \d+ %/)
  })

  it('says what to do in a workspace without injected incidents', async () => {
    const { code, err } = await cli(['score-alerts', '--json', '--no-demo', '--data-dir', tempDir()])
    expect(code).toBe(1)
    expect(err).toMatch(/no injected incidents/)
  })
})
