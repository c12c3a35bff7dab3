/** Import runs through the API: idempotent re-imports, newer exports, cancel and resume, reports, presets. */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../src/main/app/backend'
import { indexStatements, openDatabase } from '../../src/main/db/connection'
import { prepareImport } from '../../src/main/ingest/importService'
import { runImport, type ImportProgress } from '../../src/main/ingest/runImport'
import type { ImportInspection, ImportPreset, ImportRunSummary, ImportReject } from '../../src/shared/importMapping'
import type { TaskProgress, WorkbenchEvent } from '../../src/shared/api/types'
import { tempDir } from '../helpers/tmp'

async function call<T>(backend: Backend, method: string, input: unknown): Promise<T> {
  const r = await backend.dispatch(method, input)
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`)
  return r.value as T
}

function csv(rows: { id: string; subject: string; status: string; updated: string }[], extra = ''): string {
  return (
    'Id,Subject,Status,Created at,Updated at\n' +
    rows.map((r) => `${r.id},"${r.subject}",${r.status},2025-01-01T00:00:00Z,${r.updated}`).join('\n') +
    '\n' +
    extra
  )
}

/** Starts an import through the API and waits for its last task event. */
async function importViaApi(backend: Backend, file: string, extra: Record<string, unknown> = {}) {
  const inspection = await call<ImportInspection>(backend, 'import.inspect', { file: { path: file } })
  const events: TaskProgress[] = []
  let resolveDone: (t: TaskProgress) => void = () => {}
  const done = new Promise<TaskProgress>((r) => (resolveDone = r))
  const off = backend.onEvent((e: WorkbenchEvent) => {
    if (e.type !== 'task' || e.task.kind !== 'import') return
    events.push(e.task)
    if (e.task.state !== 'running') resolveDone(e.task)
  })
  const started = await call<{ taskId: string; runId: number }>(backend, 'import.start', {
    file: { path: file },
    mapping: inspection.mapping,
    presetId: inspection.presetId,
    timeZone: 'UTC',
    ...extra,
  })
  const last = await done
  off()
  const report = await call<{ run: ImportRunSummary; rejects: ImportReject[]; total: number }>(
    backend,
    'import.report',
    {
      id: started.runId,
    },
  )
  return { started, last, events, report }
}

describe('import runs', () => {
  it('imports, changes nothing on a re-import, and updates in place from a newer export', async () => {
    const dir = tempDir()
    const backend = await createBackend({ dataDir: dir, transport: 'cli', noDemo: true })
    try {
      const file = path.join(dir, 'export.csv')
      const first = [
        { id: '1', subject: 'One', status: 'open', updated: '2025-01-02T00:00:00Z' },
        { id: '2', subject: 'Two', status: 'open', updated: '2025-01-02T00:00:00Z' },
      ]
      fs.writeFileSync(file, csv(first, '3,Three,open,yesterday,\n'))
      const a = await importViaApi(backend, file)
      expect(a.last.state).toBe('done')
      expect(a.report.run).toMatchObject({ sourceName: 'export', rows: 3, inserted: 2, updated: 0, rejected: 1 })
      expect(a.report.rejects).toEqual([
        { line: 4, reason: 'Created: "yesterday" is not a date', excerpt: '3,Three,open,yesterday,' },
      ])
      const idsBefore = backend.manager.require().db.prepare('SELECT id, external_id FROM tickets ORDER BY id').all()

      const again = await importViaApi(backend, file)
      expect(again.report.run).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, rejected: 1 })

      // A newer export: ticket 2 moved on, ticket 1 is older than what we hold (never overwrites), ticket 4 is new.
      fs.writeFileSync(
        file,
        csv([
          { id: '1', subject: 'One (stale)', status: 'closed', updated: '2025-01-01T12:00:00Z' },
          { id: '2', subject: 'Two', status: 'solved', updated: '2025-01-03T00:00:00Z' },
          { id: '4', subject: 'Four', status: 'new', updated: '2025-01-03T00:00:00Z' },
        ]),
      )
      const newer = await importViaApi(backend, file)
      expect(newer.report.run).toMatchObject({ inserted: 1, updated: 1, unchanged: 1, rejected: 0 })
      const db = backend.manager.require().db
      const rows = db.prepare('SELECT id, external_id, subject, status FROM tickets ORDER BY id').all() as {
        id: number
        external_id: string
        subject: string
        status: string
      }[]
      expect(rows.slice(0, 2).map((r) => r.id)).toEqual((idsBefore as { id: number }[]).map((r) => r.id))
      expect(rows.map((r) => [r.external_id, r.subject, r.status])).toEqual([
        ['1', 'One', 'open'],
        ['2', 'Two', 'solved'],
        ['4', 'Four', 'new'],
      ])
      const stats = await call<{ tickets: number }>(backend, 'workspace.stats', {})
      expect(stats.tickets).toBe(3)
      const runs = await call<ImportRunSummary[]>(backend, 'import.reports', {})
      expect(runs.map((r) => r.state)).toEqual(['done', 'done', 'done'])

      const report = await call<{ file: string; rows: number }>(backend, 'import.reportCsv', { id: a.started.runId })
      expect(report.rows).toBe(1)
      expect(fs.readFileSync(report.file, 'utf8')).toBe(
        '\ufeffLine,Reason,Row as written\r\n4,"Created: ""yesterday"" is not a date","3,Three,open,yesterday,"\r\n',
      )
    } finally {
      backend.close()
    }
  })

  it('cancels through task.cancel and keeps the workspace whole', async () => {
    const dir = tempDir()
    const backend = await createBackend({ dataDir: dir, transport: 'cli', noDemo: true })
    try {
      const file = path.join(dir, 'big.csv')
      fs.writeFileSync(
        file,
        csv(
          Array.from({ length: 3000 }, (_, i) => ({
            id: `${i}`,
            subject: 's',
            status: 'open',
            updated: '2025-01-02T00:00:00Z',
          })),
        ),
      )
      const inspection = await call<ImportInspection>(backend, 'import.inspect', { file: { path: file } })
      let finished: (t: TaskProgress) => void = () => {}
      const done = new Promise<TaskProgress>((r) => (finished = r))
      backend.onEvent((e) => {
        if (e.type === 'task' && e.task.kind === 'import' && e.task.state !== 'running') finished(e.task)
      })
      const started = await call<{ taskId: string; runId: number }>(backend, 'import.start', {
        file: { path: file },
        mapping: inspection.mapping,
        timeZone: 'UTC',
      })
      await expect(
        call(backend, 'import.start', { file: { path: file }, mapping: inspection.mapping, timeZone: 'UTC' }),
      ).rejects.toThrow(/already being imported/)
      expect(await call(backend, 'task.cancel', { taskId: started.taskId })).toEqual({ cancelled: true })
      expect((await done).state).toBe('cancelled')
      const report = await call<{ run: ImportRunSummary }>(backend, 'import.report', { id: started.runId })
      expect(report.run.state).toBe('cancelled')
    } finally {
      backend.close()
    }
  })

  it('leaves committed batches consistent when cancelled part-way, and a re-run converges', async () => {
    const dir = tempDir()
    const dbFile = path.join(dir, 'ws.sqlite')
    const file = path.join(dir, 'many.csv')
    const n = 25_000
    fs.writeFileSync(
      file,
      csv(
        Array.from({ length: n }, (_, i) => ({
          id: `T${i}`,
          subject: `subject ${i} ${'x'.repeat(40)}`,
          status: 'open',
          updated: '2025-01-02T00:00:00Z',
        })),
      ),
    )
    const mapping = {
      columns: {
        externalId: 'Id',
        subject: 'Subject',
        status: 'Status',
        createdAt: 'Created at',
        updatedAt: 'Updated at',
      },
      values: {},
      constants: {},
      durationUnits: {},
      dateOrder: 'auto' as const,
    }
    const db = openDatabase(dbFile)
    const steps: NonNullable<ImportProgress['indexing']>[] = []
    const run = async (cancelAfterRows: number | null) => {
      const prepared = await prepareImport(db, { file, fileName: 'many.csv', mapping, presetId: null, timeZone: 'UTC' })
      let rows = 0
      return runImport(
        db,
        { file, fileName: 'many.csv', mapping, timeZone: 'UTC', ...prepared, bulk: cancelAfterRows !== null },
        {
          isCancelled: () => cancelAfterRows !== null && rows >= cancelAfterRows,
          onProgress: (p) => {
            rows = p.rows
            if (p.indexing) steps.push(p.indexing)
          },
        },
      )
    }
    const cancelled = await run(10_000)
    // The rebuild reported each step as it started, in order, from nothing to its last step, in one total.
    const labels = steps.map((s) => s.label)
    expect(labels[0]).toBe('Listing the tags')
    expect(labels).toContain(`Building the sort and filter indexes (1 of ${indexStatements().length})`)
    for (const label of [
      'Building the full-text search index',
      'Summing the trend charts',
      'Summing the alert baselines',
    ])
      expect(labels).toContain(label)
    expect(labels.slice(-2)).toEqual(['Gathering query statistics', 'Writing the workspace file'])
    expect(steps[0]?.done).toBe(0)
    expect(new Set(steps.map((s) => s.total)).size).toBe(1)
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.done).toBeGreaterThan(steps[i - 1]!.done)
    expect(steps.at(-1)!.done).toBeLessThan(steps[0]!.total)
    expect(cancelled.state).toBe('cancelled')
    expect(cancelled.rows).toBeGreaterThanOrEqual(10_000)
    expect(cancelled.rows).toBeLessThan(n)
    const count = () => (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n
    expect(count()).toBe(cancelled.inserted)
    expect(db.pragma('quick_check', { simple: true })).toBe('ok')
    // The bulk load's indexes and full-text index came back even though it was cancelled.
    const indexes = db
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name LIKE 'tickets_%'")
      .get() as { n: number }
    expect(indexes.n).toBeGreaterThan(10)
    expect(
      (db.prepare("SELECT count(*) AS n FROM tickets_fts WHERE tickets_fts MATCH 'subject'").get() as { n: number }).n,
    ).toBe(count())

    const rerun = await run(null)
    expect(rerun).toMatchObject({
      state: 'done',
      rows: n,
      inserted: n - cancelled.inserted,
      unchanged: cancelled.inserted,
    })
    expect(count()).toBe(n)
    expect(db.pragma('quick_check', { simple: true })).toBe('ok')
    db.close()
  })

  it('saves, lists and deletes presets; refuses paths from the browser and columns the file lacks', async () => {
    const dir = tempDir()
    const backend = await createBackend({ dataDir: dir, transport: 'cli', noDemo: true })
    const web = await createBackend({ dataDir: tempDir(), transport: 'web', noDemo: true })
    try {
      const file = path.join(dir, 'x.csv')
      fs.writeFileSync(file, 'Ref,Title,When\nr1,Hello,2025-01-01\n')
      const inspection = await call<ImportInspection>(backend, 'import.inspect', { file: { path: file } })
      expect(inspection.mapping.columns).toMatchObject({ subject: 'Title', createdAt: 'When' })
      const mapping = { ...inspection.mapping, columns: { ...inspection.mapping.columns, externalId: 'Ref' } }
      const saved = await call<ImportPreset>(backend, 'import.savePreset', { name: 'Partner CRM', mapping })
      expect(saved).toMatchObject({ name: 'Partner CRM', builtIn: false })
      const again = await call<ImportPreset>(backend, 'import.savePreset', { name: 'partner crm', mapping })
      expect(again.id).toBe(saved.id)
      const presets = await call<ImportPreset[]>(backend, 'import.presets', {})
      expect(presets.map((p) => p.id)).toEqual([
        'zendesk-csv',
        'zendesk-json',
        'salesforce-cases',
        'hubspot-tickets',
        'avaya-calls',
        'generic',
        saved.id,
      ])
      await call(backend, 'import.deletePreset', { id: saved.id })
      expect((await call<ImportPreset[]>(backend, 'import.presets', {})).some((p) => !p.builtIn)).toBe(false)

      const bad = { ...mapping, columns: { ...mapping.columns, assignee: 'Owner' } }
      await expect(
        call(backend, 'import.start', { file: { path: file }, mapping: bad, timeZone: 'UTC' }),
      ).rejects.toThrow(/invalid_input: The mapping reads "Owner" for Assignee, but the file has no such column/)
      await expect(call(web, 'import.inspect', { file: { path: file } })).rejects.toThrow(/upload the file/)
      const preview = await call<{ rows: { line: number; ticket: { externalId: string } | null }[] }>(
        backend,
        'import.preview',
        {
          file: { path: file },
          mapping,
          timeZone: 'UTC',
        },
      )
      expect(preview.rows).toEqual([
        { line: 2, ticket: expect.objectContaining({ externalId: 'r1', subject: 'Hello' }), error: null },
      ])
    } finally {
      backend.close()
      web.close()
    }
  })
})
