import { once } from 'node:events'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import crypto from 'node:crypto'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import {
  closeDatabase,
  openDatabase,
  unchangedSinceCheck,
  WorkspaceError,
  createSecondaryIndexes,
  dropSecondaryIndexes,
  type Db,
} from '../../src/main/db/connection'
import { LATEST_VERSION, MIGRATIONS } from '../../src/main/db/migrations'
import { addNote } from '../../src/main/db/queries/analyst'
import { ensureSource, upsertTickets } from '../../src/main/db/queries/ticketWrites'
import { ensureWritableDir } from '../../src/main/workspace/dataDir'
import { randomTickets } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'

const hash = (file: string): string => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')

function expectWorkspaceError(fn: () => unknown, code: string, text: RegExp): void {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(WorkspaceError)
    expect((err as WorkspaceError).code).toBe(code)
    expect((err as Error).message).toMatch(text)
    return
  }
  throw new Error('expected a WorkspaceError')
}

/** About 2 MB of rows, so damage in the middle of the file lands in table pages. */
function fill(db: Db): void {
  db.exec(
    'CREATE TABLE filler (x TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO filler SELECT hex(randomblob(500)) FROM n',
  )
}

/** Overwrites two pages in the middle of the file, as a disk fault would. */
function damage(file: string): void {
  const fd = fs.openSync(file, 'r+')
  fs.writeSync(fd, Buffer.alloc(8192, 0xff), 0, 8192, Math.floor(fs.statSync(file).size / 2 / 4096) * 4096)
  fs.closeSync(fd)
}

describe('the integrity check at open', () => {
  it('is skipped only for a file exactly as a clean close of a checked connection left it', () => {
    const file = path.join(tempDir(), 'w.sqlite')
    const write = (db: ReturnType<typeof openDatabase>) =>
      db
        .prepare(
          "INSERT INTO workspace_meta (key, value) VALUES ('k', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .run(String(Math.random()))
    let db = openDatabase(file)
    write(db)
    expect(unchangedSinceCheck(file)).toBe(false)
    closeDatabase(db)
    expect(unchangedSinceCheck(file)).toBe(true)

    // Open and written: the log holds frames until a clean close (a crash here would leave them).
    db = openDatabase(file)
    write(db)
    expect(unchangedSinceCheck(file)).toBe(false)
    closeDatabase(db)
    expect(unchangedSinceCheck(file)).toBe(true)

    // A plain close (another connection, a tool) stamps nothing, and a second connection keeps the log alive.
    db = openDatabase(file)
    const other = openDatabase(file)
    write(other)
    closeDatabase(db)
    expect(unchangedSinceCheck(file)).toBe(false)
    other.close()
    expect(unchangedSinceCheck(file)).toBe(false)
    closeDatabase(openDatabase(file))
    expect(unchangedSinceCheck(file)).toBe(true)

    // Touched, grown or replaced by a copy (a restore, a sync tool): checked again.
    const future = new Date(Date.now() + 60_000)
    fs.utimesSync(file, future, future)
    expect(unchangedSinceCheck(file)).toBe(false)
    closeDatabase(openDatabase(file))
    fs.appendFileSync(file, Buffer.alloc(4096))
    expect(unchangedSinceCheck(file)).toBe(false)
    fs.truncateSync(file, fs.statSync(file).size - 4096)
    closeDatabase(openDatabase(file))
    expect(unchangedSinceCheck(file)).toBe(true)
    const stat = fs.statSync(file)
    fs.copyFileSync(file, `${file}.copy`)
    fs.utimesSync(`${file}.copy`, stat.atime, stat.mtime)
    fs.renameSync(`${file}.copy`, file)
    expect(fs.statSync(file).size).toBe(stat.size)
    expect(unchangedSinceCheck(file)).toBe(false)
  })

  it('still finds damage written after a clean close', () => {
    const file = path.join(tempDir(), 'w.sqlite')
    const db = openDatabase(file)
    fill(db)
    closeDatabase(db)
    expect(unchangedSinceCheck(file)).toBe(true)
    damage(file)
    expectWorkspaceError(() => openDatabase(file), 'workspace_corrupt', /damaged|integrity/)
  })

  it('is not run again by a second connection of a process that checked the file and holds it open', () => {
    const file = path.join(tempDir(), 'w.sqlite')
    const first = openDatabase(file)
    fill(first)
    first.pragma('wal_checkpoint(TRUNCATE)')
    // Damage the check would find (as the test above shows), written under the open connection.
    damage(file)
    // The sync writer's thread opens it so: at a million tickets the check costs seconds on every sync.
    const second = openDatabase(file, { alreadyChecked: true, backupBeforeMigrate: false })
    expect(second.pragma('user_version', { simple: true })).toBe(first.pragma('user_version', { simple: true }))
    second.close()
    expectWorkspaceError(() => openDatabase(file), 'workspace_corrupt', /damaged|integrity/)
    first.close()
  })
})

describe('opening a workspace file', () => {
  it('applies the durability pragmas and reads them back', () => {
    const db = openDatabase(path.join(tempDir(), 'a.sqlite'))
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2) // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    db.close()
  })

  it('lets one writer in at a time: a save waits for a worker holding the write lock, then both writes land', async () => {
    const file = path.join(tempDir(), 'w.sqlite')
    const db = openDatabase(file)
    upsertTickets(db, ensureSource(db, 'file', 'Fixture'), randomTickets(2, 1))
    const [a, b] = (db.prepare('SELECT id FROM tickets ORDER BY id').all() as { id: number }[]).map((r) => r.id)
    // Set by the worker just before it commits; readable while this thread is blocked in SQLite.
    const flags = new Int32Array(new SharedArrayBuffer(4))
    const worker = new Worker(
      `const { workerData: w, parentPort } = require('node:worker_threads')
       const db = new (require(w.driver))(w.file)
       db.exec('BEGIN IMMEDIATE')
       db.prepare('INSERT INTO analyst_notes (ticket_id, body, created_at, updated_at) VALUES (?, ?, 0, 0)').run(w.ticket, 'From the sync worker')
       parentPort.postMessage('locked')
       Atomics.wait(w.flags, 0, 0, 300)
       Atomics.store(w.flags, 0, 1)
       db.exec('COMMIT')
       db.close()`,
      {
        eval: true,
        workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file, ticket: a, flags },
      },
    )
    const exited = new Promise((resolve, reject) => worker.once('exit', resolve).once('error', reject))
    expect(await once(worker, 'message')).toEqual(['locked'])
    // Blocks in SQLite's busy handler until the worker commits: SQLITE_BUSY here would lose the analyst's note.
    addNote(db, b as number, 'Saved by the analyst')
    expect(Atomics.load(flags, 0)).toBe(1)
    await exited
    expect(db.prepare('SELECT ticket_id, body FROM analyst_notes ORDER BY id').all()).toEqual([
      { ticket_id: a, body: 'From the sync worker' },
      { ticket_id: b, body: 'Saved by the analyst' },
    ])
    db.close()
  })

  it('migrates a new file to the latest version with STRICT tables and the grid indexes', () => {
    const db = openDatabase(path.join(tempDir(), 'a.sqlite'))
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
    const tables = db
      .prepare(
        // The FTS5 table and its shadow tables belong to SQLite's FTS module, which has no STRICT option.
        "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'tickets_fts%'",
      )
      .all() as { name: string; sql: string }[]
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'tickets',
        'ticket_comments',
        'ticket_tags',
        'sources',
        'sync_state',
        'analyst_notes',
        'analyst_review',
        'analyst_labels',
        'demo_incidents',
        'workspace_meta',
      ]),
    )
    for (const t of tables) expect(t.sql, t.name).toMatch(/\)\s*STRICT/)
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT id FROM tickets WHERE channel = 'email' ORDER BY created_at DESC, id DESC LIMIT 100",
      )
      .all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX tickets_channel_created/)
    expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/TEMP B-TREE/)
    db.close()
  })

  it('rejects a row that breaks the STRICT types or a foreign key', () => {
    const db = openDatabase(path.join(tempDir(), 'a.sqlite'))
    expect(() =>
      db.prepare("INSERT INTO sources (kind, name, created_at) VALUES ('demo', 'x', 'not a number')").run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/)
    expect(() =>
      db
        .prepare(
          "INSERT INTO tickets (source_id, external_id, status, channel, created_at, updated_at) VALUES (99, 'a', 'open', 'email', 1, 1)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/)
    db.close()
  })

  it('drops and re-creates the secondary indexes for bulk loads', () => {
    const db = openDatabase(path.join(tempDir(), 'a.sqlite'))
    const count = (): number =>
      (
        db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL").get() as {
          n: number
        }
      ).n
    const before = count()
    dropSecondaryIndexes(db)
    expect(count()).toBe(0)
    createSecondaryIndexes(db)
    expect(count()).toBe(before)
    db.close()
  })

  it('refuses a file from a newer version and leaves it byte-for-byte untouched', () => {
    const file = path.join(tempDir(), 'newer.sqlite')
    const db = openDatabase(file)
    db.pragma(`user_version = ${LATEST_VERSION + 5}`)
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    const before = hash(file)
    expectWorkspaceError(() => openDatabase(file), 'workspace_newer', /newer version of Ops Workbench.*left untouched/)
    expect(hash(file)).toBe(before)
  })

  it('reports a file that is not a database, or a truncated one, as damaged without changing it', () => {
    const dir = tempDir()
    const garbage = path.join(dir, 'garbage.sqlite')
    fs.writeFileSync(garbage, 'this is not sqlite at all, just text that someone renamed')
    expectWorkspaceError(() => openDatabase(garbage), 'workspace_corrupt', /not an Ops Workbench database/)
    expect(fs.readFileSync(garbage, 'utf8')).toMatch(/^this is not sqlite/)

    const good = path.join(dir, 'good.sqlite')
    const db = openDatabase(good)
    db.exec("INSERT INTO workspace_meta (key, value) VALUES ('name', 'x')")
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    const truncated = path.join(dir, 'truncated.sqlite')
    fs.writeFileSync(truncated, fs.readFileSync(good).subarray(0, 5000))
    const before = hash(truncated)
    expectWorkspaceError(() => openDatabase(truncated), 'workspace_corrupt', /damaged|integrity/)
    expect(hash(truncated)).toBe(before)
  })

  it('names the folder when the data directory cannot be created or written', () => {
    const dir = tempDir()
    const file = path.join(dir, 'a-file')
    fs.writeFileSync(file, '')
    expectWorkspaceError(
      () => ensureWritableDir(path.join(file, 'sub')),
      'workspace_unavailable',
      /could not be created.*--data-dir/,
    )
    expectWorkspaceError(() => ensureWritableDir(file), 'workspace_unavailable', /is a file, not a folder/)
    if (process.getuid?.() !== 0) {
      const ro = path.join(dir, 'ro')
      fs.mkdirSync(ro, { mode: 0o500 })
      expectWorkspaceError(() => ensureWritableDir(ro), 'workspace_unavailable', /not writable/)
    }
  })
})
