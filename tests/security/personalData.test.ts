/**
 * reliability.md, Local data: "a canary string placed in a ticket is absent from logs, crash output and temp files
 * after every operation" (issue 7), "Tokens never reach logs, errors or the renderer", "a purge removes data from the
 * file (secure_delete)", checked by searching the file's bytes.
 */
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AuditPage, BackupsPurged } from '../../src/shared/api/methods/security'
import type { ImportInspection } from '../../src/shared/importMapping'
import type { WorkbenchEvent } from '../../src/shared/api/types'
import { startWebServer, type WebServer } from '../../src/main/web/server'
import { exportsDir } from '../../src/main/export/exportFiles'
import { uploadsDir } from '../../src/main/ingest/uploads'
import { syncHarness, syncOnce, type Harness } from '../helpers/syncHarness'
import { tempDir } from '../helpers/tmp'
import { openDatabase, type Db } from '../../src/main/db/connection'
import { purgeTicket } from '../../src/main/db/queries/purge'
import { ensureSource, upsertTickets, type TicketInput } from '../../src/main/db/queries/ticketWrites'
import { randomTickets } from '../helpers/tickets'
import { rewriteManifestAfterPurge, verifyBackup } from '../../src/main/workspace/backup'
import { WorkspaceManager } from '../../src/main/workspace/manager'
import { CANARY, seededBackend, type Seeded } from './seed'

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? files(p) : [p]
  })
}
const holds = (file: string, needle: string) => {
  const bytes = fs.readFileSync(file)
  return [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le'), Buffer.from(needle.toLowerCase(), 'utf8')].some(
    (b) => bytes.includes(b),
  )
}

let s: Seeded | null = null
let server: WebServer | null = null
let h: Harness | null = null
let tmp = ''
const savedTmp = process.env.TMPDIR
beforeEach(() => {
  tmp = tempDir('owb-canary-tmp-')
})
afterEach(async () => {
  if (savedTmp === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = savedTmp
  await server?.close()
  s?.backend.close()
  await h?.close()
  server = null
  s = null
  h = null
})

function upload(port: number, token: string, name: string, body: string): Promise<{ uploadId: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/upload?name=${encodeURIComponent(name)}`,
        headers: { host: `127.0.0.1:${port}`, 'x-workbench-token': token },
      },
      (res) => {
        let text = ''
        res.on('data', (c: Buffer) => (text += c.toString('utf8')))
        res.on('end', () => {
          const body = JSON.parse(text) as { uploadId?: string; value?: { uploadId: string } }
          const id = body.uploadId ?? body.value?.uploadId
          if (!id) reject(new Error(`upload refused: ${text}`))
          else resolve({ uploadId: id })
        })
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe('a canary in a ticket', () => {
  it('never reaches the log, errors or a temporary file, whatever the analyst does with the ticket', async () => {
    s = await seededBackend(120, { canaryAt: 5, transport: 'web' })
    // Everything the app writes to "temp" goes here for this test, so a stray file cannot hide among others'.
    process.env.TMPDIR = tmp
    const seeded = s
    server = await startWebServer({
      dispatch: seeded.backend.dispatch,
      onEvent: seeded.backend.onEvent,
      rendererDir: tempDir('owb-renderer-'),
      port: 0,
      downloadsDir: exportsDir(seeded.dataDir),
      uploadsDir: uploadsDir(seeded.dataDir),
      log: (l) => seeded.logs.push(l),
    })
    const web = server
    const events: WorkbenchEvent[] = []
    seeded.backend.onEvent((e) => events.push(e))
    const taskDone = (taskId: string) =>
      new Promise<void>((resolve) => {
        const check = () =>
          events.some((e) => e.type === 'task' && e.task.taskId === taskId && e.task.state !== 'running')
        if (check()) return resolve()
        const off = seeded.backend.onEvent(() => {
          if (check()) {
            off()
            resolve()
          }
        })
      })
    const id = seeded.ids[5] as number
    const query = { filters: { text: CANARY }, sort: { column: 'createdAt', dir: 'desc' } }
    const csv = `Id,Subject,Description,Status,Priority,Via,Created at,Updated at,Tags\n9001,"Refund ${CANARY}","Card ${CANARY} charged twice",open,high,email,2025-01-31T14:05:00Z,2025-02-01T10:00:00Z,billing\n`

    const operations: [string, () => Promise<unknown>][] = [
      ['search', () => seeded.call('tickets.page', { query, startRow: 0, limit: 50 })],
      [
        'count and facets',
        async () => {
          await seeded.call('tickets.count', { filters: { text: CANARY } })
          await seeded.call('tickets.facets', { filters: { text: CANARY } })
        },
      ],
      ['open and reveal', () => seeded.call('tickets.get', { id, reveal: true })],
      ['related', () => seeded.call('tickets.related', { id })],
      [
        'label and note',
        async () => {
          await seeded.call('analyst.addLabel', { ticketId: id, label: 'payout' })
          await seeded.call('analyst.addNote', { ticketId: id, body: 'Checked with payments' })
        },
      ],
      [
        'export CSV',
        async () => {
          const t = await seeded.call<{ taskId: string }>('export.tickets', {
            ...query,
            columns: ['id', 'subject', 'requester'],
            format: 'csv',
            timeZone: 'UTC',
          })
          await taskDone(t.taskId)
        },
      ],
      [
        'export XLSX',
        async () => {
          const t = await seeded.call<{ taskId: string }>('export.tickets', {
            ...query,
            columns: ['id', 'subject'],
            format: 'xlsx',
            timeZone: 'UTC',
          })
          await taskDone(t.taskId)
        },
      ],
      [
        'trends',
        () =>
          seeded.call('trends.volume', {
            filters: { text: CANARY },
            groupBy: 'channel',
            grain: 'day',
            timeZone: 'UTC',
          }),
      ],
      ['backup', () => seeded.call('backup.create', {})],
      [
        'audit export',
        async () => {
          const file = await seeded.call<{ content: string }>('audit.export', { format: 'csv' })
          expect(file.content).not.toContain(CANARY)
        },
      ],
      [
        'upload and import',
        async () => {
          const { uploadId } = await upload(web.port, web.token, `refunds-${CANARY}.csv`, csv)
          const inspection = await seeded.call<ImportInspection>('import.inspect', { file: { uploadId } })
          const t = await seeded.call<{ taskId: string }>('import.start', {
            file: { uploadId },
            mapping: inspection.mapping,
            timeZone: 'UTC',
            sourceName: 'Refunds',
          })
          await taskDone(t.taskId)
        },
      ],
      [
        'a failing call',
        async () => {
          // A refusal quoting the input must not quote the ticket text the analyst searched for.
          const r = await seeded.raw('tickets.page', {
            query: { ...query, sort: { column: CANARY, dir: 'asc' } },
            startRow: 0,
            limit: 1,
          })
          expect(r.ok).toBe(false)
          expect(r.error?.message).not.toContain(CANARY)
        },
      ],
      [
        'an unexpected failure mid-request',
        async () => {
          // Crash output: a handler that throws deep inside SQLite (the file closed under it) logs a stack, never text.
          const ws = seeded.backend.manager.require()
          const db = ws.db
          const real = db.prepare.bind(db)
          ;(db as unknown as { prepare: unknown }).prepare = () => {
            throw new Error(`SQLITE_IOERR while reading page 7`)
          }
          try {
            const r = await seeded.raw('tickets.get', { id, reveal: true })
            expect(r).toMatchObject({ ok: false, error: { code: 'internal' } })
          } finally {
            ;(db as unknown as { prepare: unknown }).prepare = real
          }
        },
      ],
      ['purge', () => seeded.call('purge.ticket', { id })],
    ]
    const allowed = (f: string) => {
      const rel = path.relative(seeded.dataDir, f)
      // The analyst's own files: the workspace, its backups and the exports they asked for.
      return /^(workspaces|backups)[\\/]/.test(rel) || /^exports[\\/]/.test(rel)
    }
    for (const [name, op] of operations) {
      await op()
      expect(seeded.logs.join('\n'), `log after ${name}`).not.toContain(CANARY)
      const stray = [...files(tmp), ...files(seeded.dataDir).filter((f) => !allowed(f))].filter((f) => holds(f, CANARY))
      expect(stray, `temporary files holding the canary after ${name}`).toEqual([])
      const half = files(seeded.dataDir).filter((f) => /\.(tmp|partial)(-\d+)?$|\.tmp-/.test(f))
      expect(half, `half-written files after ${name}`).toEqual([])
    }
    // The log did record things (the check above is not vacuous).
    expect(seeded.logs.join('\n')).toMatch(/tickets\.get failed/)
    const audit = await seeded.call<AuditPage>('audit.list', { limit: 1000 })
    expect(JSON.stringify(audit)).not.toContain(CANARY)
  })
})

describe('purging', () => {
  const dbFiles = (ws: { info: { file: string } }) =>
    [ws.info.file, `${ws.info.file}-wal`].filter((f) => fs.existsSync(f))

  it('a ticket: its subject, body, comments and requester are gone from the file bytes, not just unlinked', async () => {
    s = await seededBackend(400, { canaryAt: 17 })
    const ws = s.backend.manager.require()
    // Commit everything into the main file first, so the canary is really on disk where a lost laptop would show it.
    ws.db.pragma('wal_checkpoint(TRUNCATE)')
    expect(dbFiles(ws).some((f) => holds(f, CANARY))).toBe(true)
    // The search index holds it too (it is a normal, non-sensitive ticket).
    expect(await s.call('tickets.count', { filters: { text: CANARY } })).toEqual({ count: 1 })
    const waiting = await s.call<{ count: number }>('tickets.count', { filters: { text: 'waiting' } })
    await s.call('purge.ticket', { id: s.ids[17] })
    expect(dbFiles(ws).filter((f) => holds(f, CANARY))).toEqual([])
    expect(await s.call('tickets.count', { filters: {} })).toEqual({ count: 399 })
    expect(ws.db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(await s.raw('purge.ticket', { id: s.ids[17] })).toMatchObject({ ok: false, error: { code: 'not_found' } })
    const audit = await s.call<AuditPage>('audit.list', { actions: ['purge.'] })
    expect(audit.entries[0]).toMatchObject({ action: 'purge.ticket', target: `ticket ${s.ids[17]}` })
    // Search still works after the index was rewritten.
    expect(await s.call('tickets.count', { filters: { text: 'waiting' } })).toEqual({ count: waiting.count - 1 })
  })

  it('a source: removing it overwrites its tickets in the file', async () => {
    h = await syncHarness({ tickets: 30, perPage: 10 })
    await syncOnce(h)
    const ws = h.backend.manager.require()
    const marker = 'payout missing since Tuesday'
    ws.db.pragma('wal_checkpoint(TRUNCATE)')
    expect(dbFiles(ws).some((f) => holds(f, marker))).toBe(true)
    await h.call('sources.remove', { id: h.source.id })
    expect(dbFiles(ws).filter((f) => holds(f, marker))).toEqual([])
    expect(ws.db.pragma('quick_check', { simple: true })).toBe('ok')
  })
})

describe('purging leaves no fragment in the file', () => {
  /** A fresh workspace with the canary in an ordinary insert among 400 (so page splits copied its row around). */
  function workspaceWithCanary(at: number, before?: (db: Db) => void): { db: Db; file: string; id: number } {
    const file = path.join(tempDir(), 'w.sqlite')
    const db = openDatabase(file)
    before?.(db)
    const source = ensureSource(db, 'file', 'A')
    const tickets = randomTickets(400, 3)
    tickets[at] = { ...(tickets[at] as TicketInput), subject: `Payout ${CANARY} missing`, requester: CANARY }
    for (let i = 0; i < tickets.length; i += 50) upsertTickets(db, source, tickets.slice(i, i + 50))
    const id = (db.prepare('SELECT id FROM tickets WHERE requester = ?').get(CANARY) as { id: number }).id
    db.pragma('wal_checkpoint(TRUNCATE)')
    return { db, file, id }
  }
  const onDisk = (file: string) => [file, `${file}-wal`].filter((f) => fs.existsSync(f) && holds(f, CANARY))

  it('of a ticket anywhere in the table: the root page and index pages it was split through are zeroed too', () => {
    for (const at of [0, 3, 200]) {
      const { db, file, id } = workspaceWithCanary(at)
      expect(onDisk(file)).toEqual([file])
      expect(purgeTicket(db, id)).toBe(true)
      expect(onDisk(file), `canary inserted at ${at}`).toEqual([])
      db.close()
    }
  })

  it('of a file written without secure_delete (an older version): the first purge compacts it once', () => {
    const { db, file, id } = workspaceWithCanary(0, (d) => {
      d.prepare(`DELETE FROM workspace_meta WHERE key = 'secure_delete_throughout'`).run()
      d.pragma('secure_delete = OFF')
    })
    expect(purgeTicket(db, id)).toBe(true)
    expect(onDisk(file)).toEqual([])
    expect(db.prepare(`SELECT value FROM workspace_meta WHERE key = 'secure_delete_throughout'`).get()).toEqual({
      value: '1',
    })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect((db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n).toBe(399)
    db.close()
  })
})

describe('purging reaches the backups', () => {
  const backupFiles = (dataDir: string, id: string) => {
    const dir = path.join(dataDir, 'backups', id)
    return fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.sqlite'))
      .map((n) => path.join(dir, n))
  }

  it('a purged ticket is gone from every backup and pre-migration copy, which still verify and restore', async () => {
    s = await seededBackend(400, { canaryAt: 17 })
    const ws = s.backend.manager.require()
    const { dataDir } = s.backend.manager
    await s.call('backup.create', {})
    await s.call('backup.create', {})
    // A copy as a migration leaves beside the workspace file.
    const preMigration = `${ws.info.file}.v12.bak`
    ws.db.prepare('VACUUM INTO ?').run(preMigration)
    const backups = backupFiles(dataDir, ws.info.id)
    expect(backups).toHaveLength(2)
    for (const f of [...backups, preMigration]) expect(holds(f, CANARY)).toBe(true)

    const r = await s.call<{ backups: BackupsPurged }>('purge.ticket', { id: s.ids[17] })
    expect(r.backups).toEqual({ cleaned: 3, failed: [] })
    for (const f of [...backups, preMigration]) expect(holds(f, CANARY), path.basename(f)).toBe(false)
    // No scratch copy is left behind.
    expect(files(path.join(dataDir, 'backups')).filter((f) => !/\.sqlite(\.json)?$/.test(f))).toEqual([])
    for (const f of backups) expect(verifyBackup(f).tickets).toBe(399)
    const audit = await s.call<AuditPage>('audit.list', { actions: ['purge.'] })
    expect(audit.entries[0]).toMatchObject({
      action: 'purge.ticket',
      detail: { backupsCleaned: 3, backupsNotCleaned: [] },
    })
    // A restore of a cleaned backup brings back every other ticket and not the purged one.
    const restored = await s.call<{ counts: Record<string, number> }>('backup.restore', {
      workspaceId: ws.info.id,
      name: path.basename(backups[0] as string),
    })
    expect(restored.counts.tickets).toBe(399)
    expect(await s.call('tickets.count', { filters: { text: CANARY } })).toEqual({ count: 0 })
  })

  it('reports a backup it cannot clean, leaves it in place, and still cleans the others', async () => {
    s = await seededBackend(200, { canaryAt: 5 })
    const ws = s.backend.manager.require()
    await s.call('backup.create', {})
    await s.call('backup.create', {})
    const [damaged, good] = backupFiles(s.backend.manager.dataDir, ws.info.id) as [string, string]
    const bytes = fs.readFileSync(damaged)
    bytes.fill(0x5a, 4096 * 2, 4096 * 6)
    fs.writeFileSync(damaged, bytes)
    const r = await s.call<{ backups: BackupsPurged }>('purge.ticket', { id: s.ids[5] })
    expect(r.backups.cleaned).toBe(1)
    expect(r.backups.failed).toEqual([{ name: path.basename(damaged), reason: expect.any(String) }])
    expect(fs.readFileSync(damaged)).toEqual(bytes)
    expect(holds(good, CANARY)).toBe(false)
  })

  it('a kill while a backup is being swapped leaves it verifiable, old or cleaned', async () => {
    s = await seededBackend(50)
    await s.call('backup.create', {})
    const [file] = backupFiles(s.backend.manager.dataDir, s.backend.manager.require().info.id) as [string]
    const before = verifyBackup(file)
    // The manifest is rewritten first; the swap that follows never happens.
    expect(() =>
      rewriteManifestAfterPurge(file, { ...before, tickets: (before.tickets ?? 0) - 1 }, () => {
        throw new Error('killed')
      }),
    ).toThrow('killed')
    expect(verifyBackup(file)).toEqual(before)
  })

  it('removing a source removes its tickets from the backups too, and the audit log says so', async () => {
    h = await syncHarness({ tickets: 30, perPage: 10 })
    await syncOnce(h)
    const ws = h.backend.manager.require()
    await h.call('backup.create', {})
    const marker = 'payout missing since Tuesday'
    const [file] = backupFiles(h.backend.manager.dataDir, ws.info.id) as [string]
    expect(holds(file, marker)).toBe(true)
    const r = await h.call<{ tickets: number; backups: BackupsPurged }>('sources.remove', { id: h.source.id })
    expect(r.backups).toEqual({ cleaned: 1, failed: [] })
    expect(holds(file, marker)).toBe(false)
    expect(verifyBackup(file).tickets).toBe(0)
    const audit = await h.call<AuditPage>('audit.list', { actions: ['purge.'] })
    expect(audit.entries[0]).toMatchObject({
      action: 'purge.source',
      detail: { tickets: r.tickets, backupsCleaned: 1 },
    })
  })
})

describe('source credentials', () => {
  // A developer's WORKBENCH_CREDENTIALS_FILE would move the file out of the data folder, and its check with it.
  beforeEach(() => vi.stubEnv('WORKBENCH_CREDENTIALS_FILE', ''))
  afterEach(() => vi.unstubAllEnvs())

  it('never reach the log, an error, an event, an audit entry or anything the renderer is sent', async () => {
    h = await syncHarness({ tickets: 12, perPage: 5 })
    const token = h.fake.options.apiToken
    await syncOnce(h)
    // A wrong token: the refusal names the problem, not the token.
    h.fake.options.apiToken = 'another-token-entirely-000'
    const failed = await syncOnce(h)
    expect(failed.outcome).not.toBe('done')
    const seen: string[] = [h.logs.join('\n'), JSON.stringify(h.events), JSON.stringify(failed)]
    for (const m of ['sources.list', 'app.info', 'audit.list']) seen.push(JSON.stringify(await h.raw(m, {})))
    seen.push(JSON.stringify(await h.raw('sources.mapping', { id: h.source.id })))
    seen.push(JSON.stringify(await h.raw('sources.test', { id: h.source.id })))
    for (const text of seen) expect(text).not.toContain(token)
    // The credentials file (browser mode's and the CLI's store) is owner-only.
    const cred = path.join(h.dataDir, 'credentials.json')
    expect(files(h.dataDir)).toContain(cred)
    expect(fs.statSync(cred).mode & 0o077).toBe(0)
  })
})

describe('files on disk', () => {
  // POSIX modes: Windows has none (its ACLs on the user profile folder do this job), so there the test is skipped.
  it.skipIf(process.platform === 'win32')(
    'a new data folder, and every workspace file, are readable by this user only',
    () => {
      const dataDir = path.join(tempDir(), 'fresh', 'Ops Workbench')
      const manager = new WorkspaceManager(dataDir)
      manager.start({ noDemo: true })
      const created = manager.create('Trust and safety')
      const file = created.file
      const db = openDatabase(file)
      db.prepare("INSERT INTO workspace_meta (key, value) VALUES ('probe', '1') ON CONFLICT (key) DO NOTHING").run()
      const mode = (f: string) => fs.statSync(f).mode & 0o777
      expect(mode(dataDir)).toBe(0o700)
      expect(mode(path.dirname(file))).toBe(0o700)
      expect(mode(file)).toBe(0o600)
      expect(mode(`${file}-wal`)).toBe(0o600)
      db.close()
      manager.close()
    },
  )
})
