/** `npm run cli -- backup | restore | audit`: the same backups and audit log as Settings, from a terminal. */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/main/cli/commands'
import { tempDir } from '../helpers/tmp'
import { seededBackend } from './seed'

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

describe('the security commands of the CLI', () => {
  it('backs up, lists, restores the newest backup (also of a damaged workspace) and prints or exports the audit log', async () => {
    const s = await seededBackend(60)
    await s.call('analyst.addNote', { ticketId: s.ids[0], body: 'Before' })
    const file = s.backend.manager.require().info.file
    s.backend.close()
    const dir = s.dataDir
    const made = await cli(['backup', '--data-dir', dir, '--json'])
    expect(made.code, made.err).toBe(0)
    const backup = JSON.parse(made.out) as { name: string; tickets: number }
    expect(backup.tickets).toBe(60)
    const listed = await cli(['backup', 'list', '--data-dir', dir])
    expect(listed.out).toContain(backup.name)
    expect(listed.out).toMatch(/Taken by you|manual/)

    // Damage the workspace: the CLI sets it aside on open, and restore brings the backup back.
    fs.writeFileSync(file, Buffer.alloc(4096, 0x41))
    for (const sfx of ['-wal', '-shm']) fs.rmSync(file + sfx, { force: true })
    const restored = await cli(['restore', '--workspace', 'my-workspace', '--data-dir', dir])
    expect(restored.code, restored.err).toBe(0)
    expect(restored.out).toMatch(/^Restored my-workspace from my-workspace-\d{8}T\d{9}Z-manual\.sqlite: 60 tickets\./)
    expect(fs.readdirSync(path.dirname(file)).some((f) => f.includes('.damaged-'))).toBe(true)

    const audit = await cli(['audit', '--data-dir', dir])
    expect(audit.code).toBe(0)
    // The restore is on record; what the damaged file held after the backup could not be read back.
    expect(audit.out).toMatch(/backup\.restore +my-workspace-/)
    const out = path.join(tempDir(), 'audit.json')
    const exported = await cli(['audit', '--format', 'json', '--out', out, '--data-dir', dir])
    expect(exported.code, exported.err).toBe(0)
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toMatchObject({ kind: 'ops-workbench.audit', version: 1 })
    expect(fs.statSync(out).mode & 0o077).toBe(0)
  })

  it('says what is wrong with mistyped commands', async () => {
    const dir = tempDir()
    expect(await cli(['audit', '--format', 'pdf', '--out', 'x', '--data-dir', dir])).toMatchObject({ code: 2 })
    expect(await cli(['audit', '--out', 'x', '--data-dir', dir])).toMatchObject({ code: 2 })
    expect(await cli(['backup', 'now', '--data-dir', dir])).toMatchObject({ code: 2 })
    const none = await cli(['restore', 'nope-20260101T000000Z-manual.sqlite', '--data-dir', dir, '--no-demo'])
    expect(none.code).toBe(1)
    expect(none.err).toMatch(/no backup "nope-20260101T000000Z-manual\.sqlite"|There is no backup/)
  })
})
