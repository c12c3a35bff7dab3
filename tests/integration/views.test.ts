import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBackend } from '../../src/main/app/backend'
import { openDatabase } from '../../src/main/db/connection'
import { MIGRATIONS } from '../../src/main/db/migrations'
import type { ApiResult } from '../../src/shared/api/types'
import { VIEW_FILE_KIND, type SavedView, type ViewDefinition } from '../../src/shared/views'
import { tempDir } from '../helpers/tmp'

const definition: ViewDefinition = {
  version: 1,
  filters: { channel: ['email'], text: 'payout' },
  dateRange: { preset: '7d' },
  sort: { column: 'priority', dir: 'desc' },
  columns: [{ key: 'id', width: 90 }, { key: 'subject' }, { key: 'csat', hidden: true }],
}

type Backend = Awaited<ReturnType<typeof createBackend>>

describe('views.* over the dispatcher', () => {
  let backend: Backend
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = (await backend.dispatch(method, input)) as ApiResult<T>
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
    return r.value
  }
  const refusal = async (method: string, input: unknown): Promise<string> => {
    const r = await backend.dispatch(method, input)
    if (r.ok) throw new Error(`${method} was not refused`)
    return r.error.message
  }
  const names = async (): Promise<string[]> => (await call<SavedView[]>('views.list', {})).map((v) => v.name)

  beforeEach(async () => {
    backend = await createBackend({ dataDir: tempDir(), transport: 'cli', noDemo: true })
  })
  afterEach(() => backend.close())

  it('saves, lists by name, renames, overwrites, duplicates and deletes', async () => {
    const saved = await call<SavedView>('views.save', { name: 'Payout backlog', definition })
    expect(saved).toMatchObject({ name: 'Payout backlog', definition })
    await call('views.save', { name: 'abuse queue', definition: { ...definition, filters: {} } })
    expect(await names()).toEqual(['abuse queue', 'Payout backlog'])

    const renamed = await call<SavedView>('views.update', { id: saved.id, name: 'Payouts' })
    expect(renamed).toMatchObject({ id: saved.id, name: 'Payouts', definition })
    const overwritten = await call<SavedView>('views.update', {
      id: saved.id,
      definition: { ...definition, sort: { column: 'id', dir: 'asc' } },
    })
    expect(overwritten).toMatchObject({ name: 'Payouts', definition: { sort: { column: 'id', dir: 'asc' } } })

    const copy = await call<SavedView>('views.duplicate', { id: saved.id })
    expect(copy).toMatchObject({ name: 'Payouts (2)', definition: overwritten.definition })
    expect((await call<SavedView>('views.duplicate', { id: saved.id })).name).toBe('Payouts (3)')

    expect(await call('views.delete', { id: saved.id })).toEqual({ deleted: saved.id })
    expect(await names()).toEqual(['abuse queue', 'Payouts (2)', 'Payouts (3)'])
    expect(await refusal('views.delete', { id: saved.id })).toMatch(/no saved view/)
    expect(await refusal('views.update', { id: saved.id, name: 'x' })).toMatch(/no saved view/)
  })

  it('refuses a name another view has, ignoring case, and a blank one', async () => {
    const a = await call<SavedView>('views.save', { name: 'Payout backlog', definition })
    expect(await refusal('views.save', { name: 'PAYOUT BACKLOG', definition })).toMatch(/already exists/)
    const b = await call<SavedView>('views.save', { name: 'Other', definition })
    expect(await refusal('views.update', { id: b.id, name: 'payout backlog' })).toMatch(/already exists/)
    // Changing only the case of its own name is a rename, not a clash.
    expect((await call<SavedView>('views.update', { id: a.id, name: 'payout Backlog' })).name).toBe('payout Backlog')
    expect(await refusal('views.save', { name: '   ', definition })).toMatch(/needs a name/)
    expect(await refusal('views.save', { name: 'x', definition: { ...definition, version: 2 } })).toMatch(
      /definition\.version/,
    )
  })

  it('exports a file that imports back equal, under "Name (2)" when the name is taken', async () => {
    const saved = await call<SavedView>('views.save', { name: 'Payout backlog', definition })
    const file = await call<{ fileName: string; content: string }>('views.export', { id: saved.id })
    expect(file.fileName).toBe('Payout backlog.owbview.json')
    const parsed = JSON.parse(file.content) as Record<string, unknown>
    expect(parsed).toMatchObject({ kind: VIEW_FILE_KIND, version: 1, view: { name: 'Payout backlog', ...definition } })

    const imported = await call<SavedView>('views.import', { content: file.content })
    expect(imported.name).toBe('Payout backlog (2)')
    expect(imported.definition).toEqual(saved.definition)
    await call('views.delete', { id: saved.id })
    expect((await call<SavedView>('views.import', { content: file.content })).name).toBe('Payout backlog')
  })

  it('refuses a bad file with a sentence that says why, and saves nothing', async () => {
    const good = {
      kind: VIEW_FILE_KIND,
      version: 1,
      exportedAt: '2026-01-01T00:00:00.000Z',
      view: { name: 'Shared', ...definition },
    }
    const cases: [string, string, RegExp][] = [
      ['malformed', '{"kind": "ops-workbench.view", "vers', /not valid JSON/],
      ['wrong kind', JSON.stringify({ ...good, kind: 'something.else' }), /not an Ops Workbench view/],
      ['newer', JSON.stringify({ ...good, version: 2 }), /newer version of Ops Workbench — update to open it/],
      [
        'unknown column',
        JSON.stringify({ ...good, view: { ...good.view, columns: [{ key: 'mood' }] } }),
        /column this version does not know \("mood"\)/,
      ],
      ['unknown field', JSON.stringify({ ...good, view: { ...good.view, colour: 'red' } }), /field .*colour/],
      [
        'bad filter',
        JSON.stringify({ ...good, view: { ...good.view, filters: { text: '(unclosed' } } }),
        /not valid \(view\.filters\.text/,
      ],
      ['too large', JSON.stringify({ ...good, padding: 'x'.repeat(70_000) }), /larger than 64 KB/],
    ]
    for (const [what, content, message] of cases) {
      expect(await refusal('views.import', { content }), what).toMatch(message)
    }
    // Just under the limit in characters but over it in bytes.
    expect(await refusal('views.import', { content: `"${'é'.repeat(40_000)}"` })).toMatch(/larger than 64 KB/)
    expect(await names()).toEqual([])
  })
})

describe('migration 3 (saved views)', () => {
  it('adds a STRICT saved_views table with a case-insensitive unique name on a fresh file', () => {
    const db = openDatabase(path.join(tempDir(), 'fresh.sqlite'))
    try {
      const sql = (
        db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'saved_views'").get() as { sql: string } | undefined
      )?.sql
      expect(sql).toMatch(/\)\s*STRICT/)
      db.prepare(
        "INSERT INTO saved_views (name, definition_json, created_at, updated_at) VALUES ('A', '{}', 0, 0)",
      ).run()
      expect(() =>
        db
          .prepare("INSERT INTO saved_views (name, definition_json, created_at, updated_at) VALUES ('a', '{}', 0, 0)")
          .run(),
      ).toThrow(/UNIQUE/)
      expect(() =>
        db
          .prepare("INSERT INTO saved_views (name, definition_json, created_at, updated_at) VALUES ('b', 'no', 0, 0)")
          .run(),
      ).toThrow(/CHECK/)
    } finally {
      db.close()
    }
  })

  it('upgrades a version 2 workspace: the table appears, tickets and analyst work are untouched', () => {
    const file = path.join(tempDir(), 'v2.sqlite')
    const v2 = new Database(file)
    for (const m of MIGRATIONS.slice(0, 2)) {
      v2.exec(m.sql)
      v2.exec(m.indexes ?? '')
    }
    v2.pragma('user_version = 2')
    v2.exec(`INSERT INTO sources (id, kind, name, created_at) VALUES (1, 'file', 'Old', 0);
      INSERT INTO tickets (id, source_id, external_id, subject, status, channel, created_at, updated_at)
        VALUES (1, 1, 'A', 'Payout missing', 'open', 'email', 5, 5);
      INSERT INTO analyst_notes (ticket_id, body, created_at, updated_at) VALUES (1, 'called them', 6, 6);`)
    const before = v2.prepare('SELECT * FROM tickets').all()
    v2.close()

    const db = openDatabase(file)
    try {
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(3)
      // Later migrations may add columns (with defaults); every column the ticket had keeps its value.
      const after = db.prepare('SELECT * FROM tickets').all() as Record<string, unknown>[]
      expect(after).toHaveLength(1)
      expect(after[0]).toMatchObject(before[0] as Record<string, unknown>)
      expect(db.prepare('SELECT body FROM analyst_notes').all()).toEqual([{ body: 'called them' }])
      expect(db.prepare('SELECT count(*) AS n FROM saved_views').get()).toEqual({ n: 0 })
    } finally {
      db.close()
    }
  })
})
