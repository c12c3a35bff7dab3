import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/main/cli/commands'
import { tempDir } from '../helpers/tmp'

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(args, {
    out: (t) => (out += t + '\n'),
    err: (t) => (err += t + '\n'),
    progress: () => {},
    env,
  })
  return { code, out, err }
}

describe('the command line', () => {
  it('creates a demo workspace and reports its counts as JSON', async () => {
    const dir = tempDir()
    const made = await cli(['demo', '--tickets', '2000', '--seed', '3', '--end', '2026-06-30', '--data-dir', dir])
    expect(made.code).toBe(0)
    expect(made.out).toMatch(/Demo workspace ready: 2,000 tickets/)
    const stats = await cli(['stats', '--json', '--data-dir', dir])
    expect(stats.code).toBe(0)
    const parsed = JSON.parse(stats.out) as {
      workspace: string
      isDemo: boolean
      tickets: number
      bySource: { value: string; count: number }[]
      byStatus: unknown[]
      byChannel: { value: string }[]
    }
    expect(parsed).toMatchObject({ workspace: 'demo', isDemo: true, tickets: 2000 })
    expect(parsed.bySource.reduce((s, r) => s + r.count, 0)).toBe(2000)
    expect(parsed.byChannel.map((c) => c.value).sort()).toEqual([
      'creator_portal',
      'email',
      'in_app',
      'phone',
      'social',
      'web_form',
    ])
  })

  it('calls any API method and reports bad arguments with exit code 2', async () => {
    const dir = tempDir()
    expect((await cli(['demo', '--tickets', '500', '--data-dir', dir])).code).toBe(0)
    const count = await cli(['api', 'tickets.count', '{"filters":{"channel":["email"]}}', '--data-dir', dir])
    expect(count.code).toBe(0)
    expect(JSON.parse(count.out).count).toBeGreaterThan(0)
    const bad = await cli(['api', 'tickets.count', '{"filters":{"channel":"email"}}', '--data-dir', dir])
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/invalid_input: Invalid arguments for tickets.count: filters.channel/)
    expect((await cli(['api', 'tickets.nope', '{}', '--data-dir', dir])).code).toBe(2)
    expect((await cli(['api', 'tickets.count', '{not json', '--data-dir', dir])).err).toMatch(/not valid JSON/)
  })

  it('says what is wrong with a mistyped command or option', async () => {
    const dir = tempDir()
    expect(await cli(['frobnicate', '--data-dir', dir])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/Unknown command "frobnicate"/),
    })
    expect(await cli(['stats', '--jsn', '--data-dir', dir])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/Unknown option --jsn/),
    })
    expect(await cli(['demo', '--tickets', 'lots', '--data-dir', dir])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--tickets must be a whole number/),
    })
    expect(await cli(['demo', '--end', '30/06/2026', '--data-dir', dir])).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--end must be a date/),
    })
    expect((await cli(['help'])).out).toMatch(/Usage: npm run cli/)
  })

  it('fails with the folder named when the data directory is unusable', async () => {
    const dir = tempDir()
    const r = await cli(['stats', '--data-dir', path.join(dir, 'missing', '\u0000bad')])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/data folder/)
  })

  it('starts empty with --no-demo', async () => {
    const dir = tempDir()
    const r = await cli(['stats', '--json', '--no-demo', '--data-dir', dir])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out)).toMatchObject({ tickets: 0, isDemo: false })
  })
})
