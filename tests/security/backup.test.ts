/**
 * reliability.md, Local data: backups (online backup API to a temporary file, then rename; a restored backup passes
 * integrity_check with equal row counts), automatic daily backups kept for a number of days, damaged and truncated
 * files set aside with a way back, migrations after a backup.
 */
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AppInfo, WorkbenchEvent } from '../../src/shared/api/types'
import type { ImportInspection } from '../../src/shared/importMapping'
import type { AuditPage, BackupInfo, BackupList } from '../../src/shared/api/methods/security'
import type { EscalationSummary } from '../../src/shared/escalations'
import type { RcaDocument, RcaTemplate } from '../../src/shared/rca'
import { openDatabase } from '../../src/main/db/connection'
import { runDailyBackup } from '../../src/main/security/dailyBackups'
import {
  BACKUP_FILE,
  backupsDir,
  createBackup,
  listBackups,
  pruneBackups,
  tableCounts,
  verifyBackup,
} from '../../src/main/workspace/backup'
import { createBackend } from '../../src/main/app/backend'
import { seededBackend, type Seeded } from './seed'

let open: Seeded[] = []
afterEach(() => {
  for (const s of open) s.backend.close()
  open = []
})
async function seeded(n = 200, options: Parameters<typeof seededBackend>[1] = {}) {
  const s = await seededBackend(n, options)
  open.push(s)
  return s
}
const countsOf = (file: string) => {
  const db = new Database(file, { readonly: true })
  try {
    return tableCounts(db)
  } finally {
    db.close()
  }
}

describe('workspace backups', () => {
  it('takes a consistent copy through a temporary file that passes integrity_check with equal row counts', async () => {
    const s = await seeded(300)
    await s.call('analyst.addNote', { ticketId: s.ids[0], body: 'Called the creator back' })
    const before = tableCounts(s.backend.manager.require().db)
    const b = await s.call<BackupInfo>('backup.create', {})
    expect(b).toMatchObject({ kind: 'manual', tickets: 300, notes: 1, workspaceId: 'my-workspace' })
    const dir = backupsDir(s.dataDir, 'my-workspace')
    // No temporary file left behind, no -wal/-shm: the backup is one standalone file.
    expect(fs.readdirSync(dir).sort()).toEqual([b.name, `${b.name}.json`])
    const copy = new Database(path.join(dir, b.name), { readonly: true })
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete')
    copy.close()
    const after = countsOf(path.join(dir, b.name))
    expect({ ...after, audit_log: 0 }).toEqual({ ...before, audit_log: 0 })
    const audit = await s.call<AuditPage>('audit.list', { actions: ['backup.'] })
    expect(audit.entries[0]).toMatchObject({ action: 'backup.create', target: b.name })
  })

  it('a backup cut off half-written leaves nothing under a backup name, lists nothing new, and the earlier ones intact', async () => {
    const s = await seeded(200)
    const first = await s.call<BackupInfo>('backup.create', {})
    await s.call('analyst.addNote', { ticketId: s.ids[0], body: 'Between the backups' })
    const second = await s.call<BackupInfo>('backup.create', {})
    const dir = backupsDir(s.dataDir, 'my-workspace')
    const digest = (name: string) =>
      createHash('sha256')
        .update(fs.readFileSync(path.join(dir, name)))
        .digest('hex')
    const earlier = [first.name, `${first.name}.json`, second.name, `${second.name}.json`]
    const digests = earlier.map(digest)
    const listed = (await s.call<BackupList>('backup.list', {})).backups
    const backupNames = () =>
      fs
        .readdirSync(dir)
        .filter((n) => BACKUP_FILE.test(n))
        .sort()
    const db = s.backend.manager.require().db
    const copy = db.backup.bind(db)
    let cutOff = false
    vi.spyOn(db, 'backup').mockImplementation(async (destination) => {
      await copy(destination)
      fs.truncateSync(destination, Math.floor(fs.statSync(destination).size / 2))
      // What a kill at this moment would leave: the half copy under no backup name, nothing new offered to restore.
      expect(backupNames()).toEqual([first.name, second.name].sort())
      expect(listBackups(s.dataDir, 'my-workspace')).toEqual(listed)
      cutOff = true
      throw new Error('ENOSPC: no space left on device, write')
    })
    const r = await s.raw('backup.create', {})
    expect(cutOff).toBe(true)
    expect(r).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/failed unexpectedly; nothing was changed/) },
    })
    expect(fs.readdirSync(dir).sort()).toEqual([...earlier].sort())
    expect((await s.call<BackupList>('backup.list', {})).backups).toEqual(listed)
    expect(earlier.map(digest)).toEqual(digests)
    expect(verifyBackup(path.join(dir, first.name))).toMatchObject({ tickets: 200, analyst_notes: 0 })
    expect(verifyBackup(path.join(dir, second.name))).toMatchObject({ tickets: 200, analyst_notes: 1 })
    // The next backup is whole again.
    vi.restoreAllMocks()
    const third = await s.call<BackupInfo>('backup.create', {})
    expect(verifyBackup(path.join(dir, third.name))).toMatchObject({ tickets: 200, analyst_notes: 1 })
  })

  it('restores: the work since the backup is replaced, the replaced file is kept aside, the audit trail survives', async () => {
    const s = await seeded(250)
    const note = await s.call<{ id: number }>('analyst.addNote', { ticketId: s.ids[1], body: 'Before the backup' })
    const b = await s.call<BackupInfo>('backup.create', {})
    const backupCounts = countsOf(path.join(backupsDir(s.dataDir, 'my-workspace'), b.name))
    await s.call('analyst.deleteNote', { id: note.id })
    await s.call('analyst.addNote', { ticketId: s.ids[2], body: 'After the backup' })
    await s.call('views.export', { id: (await s.call<{ id: number }>('views.save', viewInput())).id })
    const restored = await s.call<{ setAside: string; counts: Record<string, number> }>('backup.restore', {
      workspaceId: 'my-workspace',
      name: b.name,
    })
    expect(fs.existsSync(restored.setAside)).toBe(true)
    const ws = s.backend.manager.require()
    expect(ws.db.pragma('integrity_check', { simple: true })).toBe('ok')
    const now = tableCounts(ws.db)
    expect({ ...now, audit_log: 0 }).toEqual({ ...backupCounts, audit_log: 0 })
    const notes = ws.db.prepare('SELECT body FROM analyst_notes').all()
    expect(notes).toEqual([{ body: 'Before the backup' }])
    // The view export after the backup is still on record, and the restore itself too.
    const actions = (await s.call<AuditPage>('audit.list', {})).entries.map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['backup.restore', 'export.view', 'backup.create']))
    expect(await s.call<{ count: number }>('tickets.count', { filters: {} })).toEqual({ count: 250 })
  })

  it('refuses to restore while a file import runs, naming the file; restores once the import has finished', async () => {
    const s = await seeded(50)
    const b = await s.call<BackupInfo>('backup.create', {})
    const file = path.join(s.dataDir, 'big-export.csv')
    const rows = ['Id,Subject,Description,Status,Priority,Via,Created at,Updated at,Tags']
    for (let i = 1; i <= 20_000; i++)
      rows.push(`${i},Subject ${i},Description ${i},open,high,email,2025-01-31T14:05:00Z,2025-02-01T10:00:00Z,billing`)
    fs.writeFileSync(file, `${rows.join('\n')}\n`)
    const inspection = await s.call<ImportInspection>('import.inspect', { file: { path: file } })
    const finished = new Promise<WorkbenchEvent>((resolve) =>
      s.backend.onEvent(
        (e) => e.type === 'task' && e.task.kind === 'import' && e.task.state !== 'running' && resolve(e),
      ),
    )
    await s.call('import.start', {
      file: { path: file },
      mapping: inspection.mapping,
      timeZone: 'UTC',
      sourceName: 'Big',
    })
    const refused = await s.raw('backup.restore', { workspaceId: 'my-workspace', name: b.name })
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'busy',
        message: 'An import of big-export.csv is running; wait for it to finish or cancel it, then restore.',
      },
    })
    // Nothing was moved aside: the import ran to the end into the workspace file.
    expect(await finished).toMatchObject({ task: { state: 'done' } })
    await new Promise((resolve) => setImmediate(resolve))
    expect(await s.call<{ count: number }>('tickets.count', { filters: {} })).toEqual({ count: 20_050 })
    expect(await s.raw('backup.restore', { workspaceId: 'my-workspace', name: b.name })).toMatchObject({ ok: true })
    expect(await s.call<{ count: number }>('tickets.count', { filters: {} })).toEqual({ count: 50 })
  })

  it('refuses a damaged or incomplete backup before touching the workspace', async () => {
    const s = await seeded(200)
    const b = await s.call<BackupInfo>('backup.create', {})
    const file = path.join(backupsDir(s.dataDir, 'my-workspace'), b.name)
    const bytes = fs.readFileSync(file)
    bytes.fill(0x41, 4096 * 3, bytes.length - 4096)
    fs.writeFileSync(file, bytes)
    await s.call('analyst.addNote', { ticketId: s.ids[0], body: 'Kept' })
    const r = await s.raw('backup.restore', { workspaceId: 'my-workspace', name: b.name })
    expect(r).toMatchObject({ ok: false, error: { code: 'workspace_corrupt' } })
    expect(r.error?.message).toMatch(/backup .* (damaged|incomplete)/)
    // Still open, still holding the note.
    const ws = s.backend.manager.require()
    expect(ws.db.prepare('SELECT body FROM analyst_notes').all()).toEqual([{ body: 'Kept' }])

    // An intact file whose manifest disagrees (rows missing) is refused too.
    const b2 = await s.call<BackupInfo>('backup.create', {})
    const f2 = path.join(backupsDir(s.dataDir, 'my-workspace'), b2.name)
    const m = JSON.parse(fs.readFileSync(`${f2}.json`, 'utf8')) as { counts: Record<string, number> }
    m.counts.tickets = (m.counts.tickets ?? 0) + 5
    fs.writeFileSync(`${f2}.json`, JSON.stringify(m))
    expect(await s.raw('backup.restore', { workspaceId: 'my-workspace', name: b2.name })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/incomplete \(tickets: 200 rows, 205 expected\)/) },
    })
  })

  it('refuses names that are not one of the workspace backups (no path tricks)', async () => {
    const s = await seeded(10)
    for (const name of ['../my-workspace.sqlite', '/etc/passwd', 'my-workspace-20260101T000000Z-manual.sqlite']) {
      const r = await s.raw('backup.restore', { workspaceId: 'my-workspace', name })
      expect(r.ok).toBe(false)
      expect(['invalid_input', 'workspace_unavailable']).toContain(r.error?.code)
    }
  })

  it('takes one automatic backup a day and removes automatic ones older than the kept days, keeping manual ones', async () => {
    const s = await seeded(50)
    const ws = s.backend.manager.require()
    const day = 86_400_000
    const t0 = Date.parse('2026-11-01T09:00:00Z')
    await s.call('backup.setSettings', { keepDays: 3 })
    expect(await runDailyBackup(s.backend.manager, () => {}, t0)).toMatch(/-auto\.sqlite$/)
    expect(await runDailyBackup(s.backend.manager, () => {}, t0 + 3_600_000)).toBeNull()
    await createBackup(ws.db, s.dataDir, 'my-workspace', 'manual', t0 + 1000)
    for (let d = 1; d <= 5; d++) await runDailyBackup(s.backend.manager, () => {}, t0 + d * day)
    const list = listBackups(s.dataDir, 'my-workspace')
    const autos = list.filter((b) => b.kind === 'auto').map((b) => b.createdAt)
    expect(autos).toEqual([5, 4, 3, 2].map((d) => t0 + d * day))
    expect(list.filter((b) => b.kind === 'manual')).toHaveLength(1)
    expect(pruneBackups(s.dataDir, 'my-workspace', 3, t0 + 5 * day)).toBe(0)
    expect(pruneBackups(s.dataDir, 'my-workspace', 2, t0 + 5 * day)).toBe(1)
    // Turned off: nothing more is taken, old ones still go.
    await s.call('backup.setSettings', { autoDaily: false })
    expect(await runDailyBackup(s.backend.manager, () => {}, t0 + 9 * day)).toBeNull()
    expect(listBackups(s.dataDir, 'my-workspace').map((b) => b.kind)).toEqual(['manual'])
    const settings = (await s.call<BackupList>('backup.list', {})).settings
    expect(settings).toEqual({ autoDaily: false, keepDays: 3 })
    expect(await s.raw('backup.setSettings', { keepDays: 0 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
    expect(await s.raw('backup.setSettings', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })
})

function viewInput() {
  return {
    name: 'Payouts',
    definition: { version: 1, filters: {}, sort: { column: 'createdAt', dir: 'desc' }, columns: [] },
  }
}

describe('damaged workspace files', () => {
  const damage = {
    'bytes overwritten': (file: string) => {
      const b = fs.readFileSync(file)
      b.fill(0x5a, 200, b.length)
      fs.writeFileSync(file, b)
    },
    'truncated to half': (file: string) => fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2)),
    'truncated to nothing': (file: string) => fs.truncateSync(file, 0),
    'header only': (file: string) => fs.truncateSync(file, 100),
  }
  for (const [how, hurt] of Object.entries(damage)) {
    it(`${how}: set aside with a message, the app keeps serving, the last backup brings the notes, escalations and RCAs back`, async () => {
      const s = await seeded(150)
      await s.call('analyst.addNote', { ticketId: s.ids[3], body: 'Escalated to payments' })
      const esc = await s.call<EscalationSummary>('escalations.create', {
        title: 'Payouts stuck',
        priority: 'P1',
        ticketIds: [s.ids[3], s.ids[4]],
      })
      const [template] = await s.call<RcaTemplate[]>('rca.templates', {})
      const doc = await s.call<RcaDocument>('rca.create', {
        escalationId: esc.id,
        templateId: template?.id,
        title: 'Payout outage RCA',
      })
      const key = Object.keys(doc.content.sections).find((k) => doc.content.sections[k]?.kind === 'text') as string
      const rcaText = 'The payout job retried without backoff.'
      const content = {
        ...doc.content,
        sections: { ...doc.content.sections, [key]: { kind: 'text', text: rcaText, cites: [] } },
      }
      await s.call('rca.save', { id: doc.id, title: doc.title, content, baseRevision: doc.revision })
      const b = await s.call<BackupInfo>('backup.create', {})
      const file = s.backend.manager.require().info.file
      s.backend.close()
      open = open.filter((x) => x !== s)
      for (const sfx of ['-wal', '-shm']) fs.rmSync(file + sfx, { force: true })
      hurt(file)
      const again = await createBackend({ dataDir: s.dataDir, transport: 'web', noDemo: true })
      try {
        const info = (await again.dispatch('app.info', {})) as { ok: true; value: AppInfo }
        expect(info.value.workspace).toBeNull()
        expect(info.value.workspaceProblem).toMatch(
          /my-workspace\.sqlite .*moved aside to my-workspace\.sqlite\.damaged-/,
        )
        expect(info.value.workspaceProblem).toMatch(/restored from the last backup under Settings → Backups/)
        expect(fs.existsSync(file)).toBe(false)
        expect(fs.readdirSync(path.dirname(file)).some((f) => f.startsWith('my-workspace.sqlite.damaged-'))).toBe(true)
        const list = (await again.dispatch('backup.list', {})) as { ok: true; value: BackupList }
        expect(list.value).toMatchObject({ workspaceId: 'my-workspace', backups: [{ name: b.name }] })
        const r = await again.dispatch('backup.restore', { workspaceId: 'my-workspace', name: b.name })
        expect(r.ok).toBe(true)
        const db = again.manager.require().db
        expect(db.prepare('SELECT body FROM analyst_notes').all()).toEqual([{ body: 'Escalated to payments' }])
        const escalations = (await again.dispatch('escalations.list', {})) as { ok: true; value: EscalationSummary[] }
        expect(escalations.value).toEqual([expect.objectContaining({ id: esc.id, title: 'Payouts stuck', tickets: 2 })])
        const rca = (await again.dispatch('rca.get', { id: doc.id })) as { ok: true; value: RcaDocument }
        expect(rca.value).toMatchObject({ title: 'Payout outage RCA', escalationId: esc.id })
        expect(rca.value.content.sections[key]).toMatchObject({ kind: 'text', text: rcaText })
        expect(db.pragma('quick_check', { simple: true })).toBe('ok')
      } finally {
        again.close()
      }
      // The next launch opens the restored workspace normally: no loop.
      const third = await createBackend({ dataDir: s.dataDir, transport: 'web', noDemo: true })
      expect(third.manager.open?.info.id).toBe('my-workspace')
      third.close()
    })
  }

  it('after a restart, the backups of a workspace set aside earlier are still offered and restore it', async () => {
    const s = await seeded(80)
    await s.call('analyst.addNote', { ticketId: s.ids[0], body: 'Kept in the backup' })
    await s.call<BackupInfo>('backup.create', {})
    const file = s.backend.manager.require().info.file
    s.backend.close()
    open = open.filter((x) => x !== s)
    fs.truncateSync(file, 0)
    // First launch after the damage sets it aside; the analyst then makes another workspace and restarts.
    const first = await createBackend({ dataDir: s.dataDir, transport: 'web', noDemo: true })
    await first.dispatch('workspace.create', { name: 'Fresh start' })
    first.close()
    const later = await createBackend({ dataDir: s.dataDir, transport: 'web', noDemo: true })
    try {
      const list = (await later.dispatch('backup.list', {})) as { ok: true; value: BackupList }
      expect(list.value.workspaceId).toBe('fresh-start')
      expect(list.value.others).toEqual([
        { workspaceId: 'my-workspace', backups: 1, newest: expect.any(Number), present: false },
      ])
      const theirs = (await later.dispatch('backup.list', { workspaceId: 'my-workspace' })) as {
        ok: true
        value: BackupList
      }
      const name = theirs.value.backups[0]?.name as string
      expect(await later.dispatch('backup.restore', { workspaceId: 'my-workspace', name })).toMatchObject({ ok: true })
      expect(later.manager.require().info.id).toBe('my-workspace')
      expect(later.manager.require().db.prepare('SELECT body FROM analyst_notes').all()).toEqual([
        { body: 'Kept in the backup' },
      ])
    } finally {
      later.close()
    }
  })

  it('a file whose WAL was lost opens at its last checkpoint, consistent', async () => {
    const s = await seeded(120)
    const ws = s.backend.manager.require()
    ws.db.pragma('wal_checkpoint(TRUNCATE)')
    const file = ws.info.file
    // Copy the main file alone while later commits sit only in the WAL (as a sync tool or a crash might leave it).
    await s.call('analyst.addNote', { ticketId: s.ids[0], body: 'only in the WAL' })
    const copyDir = path.join(s.dataDir, 'copy', 'workspaces')
    fs.mkdirSync(copyDir, { recursive: true })
    fs.copyFileSync(file, path.join(copyDir, 'my-workspace.sqlite'))
    const db = openDatabase(path.join(copyDir, 'my-workspace.sqlite'))
    expect(db.pragma('quick_check', { simple: true })).toBe('ok')
    expect((db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n).toBe(120)
    expect(db.prepare('SELECT count(*) AS n FROM analyst_notes').get()).toEqual({ n: 0 })
    db.close()
  })
})
