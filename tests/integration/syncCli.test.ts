import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../../src/main/cli/commands'
import { FakeZendesk } from '../fakes/zendeskServer'
import { tempDir } from '../helpers/tmp'

let fake: FakeZendesk | null = null
afterEach(async () => {
  await fake?.close()
  fake = null
})

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = ''
  let err = ''
  const progress: string[] = []
  const code = await runCli(args, {
    out: (t) => (out += t + '\n'),
    err: (t) => (err += t + '\n'),
    progress: (t) => progress.push(t),
    env,
  })
  return { code, out, err, progress }
}

describe('sources and sync from the command line', () => {
  it('adds, lists, tests, syncs and removes a source, with exit codes 0, 1 and 2', async () => {
    fake = new FakeZendesk({ tickets: 25 })
    await fake.start()
    const dir = tempDir()
    const base = ['--data-dir', dir, '--no-demo']
    const env = { WORKBENCH_ZENDESK_EMAIL: fake.options.email, WORKBENCH_ZENDESK_TOKEN: fake.options.apiToken }

    const refused = await cli(['sources', 'add', '--name', 'Acme', '--url', fake.url, ...base])
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(/loopback sources are refused unless allowed/)

    const added = await cli(['sources', 'add', '--name', 'Acme', '--url', fake.url, '--allow-loopback', ...base])
    expect(added.code).toBe(0)
    expect(added.out).toMatch(/Added Zendesk source “Acme”/)
    expect(added.out).toMatch(/WORKBENCH_SOURCE_ACME_EMAIL and WORKBENCH_SOURCE_ACME_TOKEN/)

    const noCreds = await cli(['sync', 'Acme', '--allow-loopback', ...base])
    expect(noCreds.code).toBe(1)
    expect(noCreds.err).toMatch(/No credentials are set for this source/)

    const tested = await cli(['sources', 'test', 'acme', '--allow-loopback', ...base], env)
    expect(tested.err).toBe('')
    expect(tested).toMatchObject({ code: 0 })
    expect(tested.out).toMatch(/Connected to 127\.0\.0\.1:\d+ as Fake Agent \(admin\)/)

    const synced = await cli(['sync', '--allow-loopback', ...base], env)
    expect(synced.code).toBe(0)
    expect(synced.out).toMatch(/Acme: 25 tickets changed, 0 deleted, 0 quarantined/)
    expect(synced.progress.some((p) => p.startsWith('Syncing Acme'))).toBe(true)

    // A plain sync finds nothing new; --from-start reads every ticket again (to apply a changed mapping).
    expect((await cli(['sync', 'Acme', '--allow-loopback', ...base], env)).out).toMatch(/Acme: 0 tickets changed/)
    const again = await cli(['sync', 'Acme', '--from-start', '--allow-loopback', ...base], env)
    expect(again.code).toBe(0)
    expect(again.out).toMatch(/Acme: 25 tickets changed, 0 deleted/)
    expect(again.progress.some((p) => p.startsWith('Re-syncing Acme from the start'))).toBe(true)

    const listed = await cli(['sources', 'list', '--json', ...base], env)
    expect(JSON.parse(listed.out)).toEqual([
      expect.objectContaining({ name: 'Acme', tickets: 25, status: 'idle', resyncing: false }),
    ])
    expect(listed.out).not.toContain(fake.options.apiToken)

    fake.refuseAuth = true
    const refusedAuth = await cli(['sync', 'Acme', '--allow-loopback', ...base], env)
    expect(refusedAuth.code).toBe(1)
    expect(refusedAuth.err).toMatch(/Credentials were refused: enter them again/)
    expect(refusedAuth.err).not.toContain(fake.options.apiToken)

    expect((await cli(['sync', 'Nope', ...base])).code).toBe(2)
    expect((await cli(['sources', 'frobnicate', ...base])).code).toBe(2)
    const unconfirmed = await cli(['sources', 'remove', 'Acme', ...base])
    expect(unconfirmed.code).toBe(2)
    expect(unconfirmed.err).toMatch(/deletes its 25 tickets .* add --yes to confirm/)
    const removed = await cli(['sources', 'remove', 'Acme', '--yes', ...base])
    expect(removed).toMatchObject({ code: 0 })
    expect(removed.out).toMatch(/Removed “Acme” and its 25 tickets/)
  })
})
