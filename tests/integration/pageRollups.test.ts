/**
 * Sync pages keep the rollups and the full-text index set-based (migration 17, queries/pageRollups.ts): whatever the pages hold (new
 * tickets, newer versions, older versions that must be skipped, deletes, a ticket twice), every rollup table must end
 * exactly as the per-row triggers leave it, and equal to a full rebuild.
 */
import path from 'node:path'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSecondaryIndexes, dropSecondaryIndexes, openDatabase, type Db } from '../../src/main/db/connection'
import { MIGRATIONS } from '../../src/main/db/migrations'
import { REBUILD_ROLLUPS } from '../../src/main/db/migrations/009_rollups'
import { ROLLUP_DIMENSIONS as DIMENSIONS } from '../../src/main/db/migrations/rollupFacts'
import { REBUILD_ALERT_ROLLUP } from '../../src/main/db/migrations/010_alerts'
import { REBUILD_BACKLOG } from '../../src/main/db/migrations/014_clusters'
import { migration017 } from '../../src/main/db/migrations/017_page_rollups'
import { beginRun, commitPage } from '../../src/main/db/queries/syncWrites'
import { ensureSource, upsertTickets, type TicketInput } from '../../src/main/db/queries/ticketWrites'
import type { CommentInput, SyncPage } from '../../src/main/sync/types'
import { T0, ticketArb } from '../helpers/ticketCommands'
import { snapshot } from '../helpers/rollups'
import { randomTickets } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'

const H = 3_600_000
const H0 = T0 / H
const IDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l']

/** A page entry: one of a few ids, at one of a few versions (a lower one than the cached is skipped). */
const WORDS = ['alpha', 'bravo', 'charlie', 'delta']
const entryArb = fc.record({
  id: fc.constantFrom(...IDS),
  version: fc.integer({ min: 0, max: 4 }),
  ticket: ticketArb,
  subject: fc.constantFrom(...WORDS),
  tags: fc.subarray(['vip', 'escalated', 'billing']),
  sensitive: fc.boolean(),
  comments: fc.option(fc.array(fc.constantFrom(...WORDS), { maxLength: 3 }), { nil: undefined }),
})
const pageArb = fc.record({
  tickets: fc.array(entryArb, { maxLength: 6 }),
  deletes: fc.subarray(IDS, { maxLength: 2 }),
})

type Entry = typeof entryArb extends fc.Arbitrary<infer E> ? E : never
const ticketOf = (e: Entry): TicketInput => ({
  ...e.ticket,
  externalId: e.id,
  subject: e.subject,
  tags: e.tags,
  sensitive: e.sensitive,
  updatedAt: e.ticket.createdAt + e.version * 7 * 60_000,
})
const commentsOf = (e: Entry): CommentInput[] | undefined =>
  e.comments?.map((body, i) => ({
    externalId: `${e.id}-${i}`,
    author: null,
    authorRole: 'agent',
    public: true,
    body,
    createdAt: e.ticket.createdAt,
  }))

/** Which tickets each word finds (the full-text index holds no text to compare directly). */
const found = (db: Db) =>
  WORDS.map((w) => db.prepare('SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ? ORDER BY rowid').pluck().all(w))

interface Workspace {
  db: Db
  source: number
}

function workspace(name: string): Workspace {
  const db = openDatabase(path.join(tempDir(), `${name}.sqlite`))
  return { db, source: ensureSource(db, 'zendesk', 'Z') }
}

/** Every row of every table the rollup triggers write (segment ids included: both paths must give the same). */
function tables(db: Db): Record<string, unknown[]> {
  const all = (sql: string) => db.prepare(sql).all()
  return {
    hour: all('SELECT * FROM rollup_hour ORDER BY dim, val, hour'),
    segments: all('SELECT * FROM rollup_segments ORDER BY id'),
    minutes: all('SELECT * FROM rollup_minutes ORDER BY metric, hour, seg, minute'),
    backlog: all('SELECT * FROM rollup_backlog ORDER BY seg, minute'),
    alert: all('SELECT * FROM alert_rollup ORDER BY hour, case_type, channel, region'),
    packed: all('SELECT metric, dim, hour FROM rollup_minutes_packed ORDER BY 1, 2, 3'),
    tickets: all('SELECT * FROM tickets ORDER BY id'),
    comments: all('SELECT * FROM ticket_comments ORDER BY id'),
    tags: all('SELECT * FROM ticket_tags ORDER BY tag, ticket_id'),
    found: found(db),
  }
}

/** Marks every hour as packed, so the hours a page unpacks show as the marks it removed. */
function packEverything(db: Db): void {
  db.exec('DELETE FROM rollup_minutes_packed')
  const add = db.prepare(
    `INSERT INTO rollup_minutes_packed (metric, dim, hour, val, data) VALUES (?, ?, ?, char(0), x'')`,
  )
  db.transaction(() => {
    for (let hour = H0 - 2; hour < H0 + 100; hour++)
      for (const metric of [1, 2, 3]) for (const [dim] of DIMENSIONS) add.run(metric, dim, hour)
  })()
}

/** The hours a write marked (alert_dirty) and whose rollup_hour version moved, since `before`. */
function marks(db: Db, before: { seq: number; versions: Map<number, number> }): { dirty: number[]; moved: number[] } {
  const dirty = db.prepare('SELECT hour FROM alert_dirty WHERE seq > ? ORDER BY hour').pluck().all(before.seq)
  const moved = (
    db.prepare('SELECT hour, v FROM rollup_hour_version ORDER BY hour').all() as { hour: number; v: number }[]
  )
    .filter((r) => before.versions.get(r.hour) !== r.v)
    .map((r) => r.hour)
  return { dirty: dirty as number[], moved }
}

function markState(db: Db): { seq: number; versions: Map<number, number> } {
  const seq = (db.prepare('SELECT coalesce(max(seq), 0) AS s FROM alert_dirty').get() as { s: number }).s
  const rows = db.prepare('SELECT hour, v FROM rollup_hour_version').all() as { hour: number; v: number }[]
  return { seq, versions: new Map(rows.map((r) => [r.hour, r.v])) }
}

/** The rollups a full rebuild gives, computed in a savepoint that is rolled back. */
function rebuilt(db: Db): Record<string, unknown[]> {
  const spelled = () => ({
    ...snapshot(db),
    alert: db.prepare('SELECT * FROM alert_rollup ORDER BY hour, case_type, channel, region').all(),
  })
  const incremental = spelled()
  db.exec('SAVEPOINT rebuild')
  try {
    db.exec(REBUILD_ROLLUPS)
    db.exec(REBUILD_BACKLOG)
    db.exec(REBUILD_ALERT_ROLLUP)
    expect(incremental).toEqual(spelled())
    return incremental
  } finally {
    db.exec('ROLLBACK TO rebuild; RELEASE rebuild')
  }
}

describe('sync pages with set-based rollups and full-text index (migration 17)', () => {
  it('leave every rollup exactly as the per-row triggers do, and equal to a full rebuild', () => {
    const triggers = workspace('triggers')
    const paged = workspace('paged')
    const run = beginRun(paged.db, paged.source, 'manual', T0)
    fc.assert(
      fc.property(fc.array(pageArb, { minLength: 1, maxLength: 6 }), (pages) => {
        for (const w of [triggers, paged]) w.db.exec('DELETE FROM tickets')
        for (const [n, p] of pages.entries()) {
          const tickets = p.tickets.map(ticketOf)
          const page: SyncPage = {
            tickets: p.tickets.map((e) => ({ ticket: ticketOf(e), comments: commentsOf(e) })),
            deletes: p.deletes,
            quarantined: [],
            cursor: `c${n}`,
            done: false,
          }
          for (const w of [triggers, paged]) packEverything(w.db)
          const before = [markState(triggers.db), markState(paged.db)] as const
          // The reference: the same writes with the per-row triggers, as every writer but a sync page does them.
          triggers.db.transaction(() => {
            upsertTickets(triggers.db, triggers.source, tickets, (i, ticketId) => {
              const comments = commentsOf(p.tickets[i] as Entry)
              if (!comments) return
              triggers.db.prepare('DELETE FROM ticket_comments WHERE ticket_id = ?').run(ticketId)
              for (const c of comments)
                triggers.db
                  .prepare(
                    `INSERT INTO ticket_comments (ticket_id, external_id, author, author_role, public, body, created_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?)`,
                  )
                  .run(ticketId, c.externalId, c.author, c.authorRole, 1, c.body, c.createdAt)
            })
            for (const id of p.deletes)
              triggers.db
                .prepare('DELETE FROM tickets WHERE source_id = ? AND external_id = ?')
                .run(triggers.source, id)
          })()
          commitPage(paged.db, paged.source, run, page, T0)
          expect(tables(paged.db)).toEqual(tables(triggers.db))
          expect(marks(paged.db, before[1])).toEqual(marks(triggers.db, before[0]))
          expect(paged.db.prepare('SELECT count(*) AS n FROM deferred_triggers').get()).toEqual({ n: 0 })
        }
        rebuilt(paged.db)
      }),
      { numRuns: 50 },
    )
    triggers.db.close()
    paged.db.close()
  }, 300_000)

  it('hold as the triggers do for a full page spread over hundreds of hours, and for its newer versions', () => {
    // A thousand tickets over 60 days: each field sums far more (value, hour) rows than the page's sums start with.
    const first = randomTickets(1000, 7)
    const newer = first
      .filter((_, i) => i % 3 === 0)
      .map((t, i) => ({
        ...t,
        status: i % 2 ? 'solved' : 'open',
        solvedAt: i % 2 ? t.createdAt + 9_000_000 : null,
        firstSolvedAt: i % 2 ? (t.firstSolvedAt ?? t.createdAt + 9_000_000) : t.firstSolvedAt,
        channel: i % 4 ? t.channel : 'phone',
        updatedAt: t.updatedAt + 60_000,
      }))
    const triggers = workspace('spread-triggers')
    const paged = workspace('spread-paged')
    const run = beginRun(paged.db, paged.source, 'manual', T0)
    for (const [n, tickets] of [first, newer].entries()) {
      triggers.db.transaction(() => upsertTickets(triggers.db, triggers.source, tickets))()
      const page: SyncPage = {
        tickets: tickets.map((ticket) => ({ ticket })),
        deletes: [],
        quarantined: [],
        cursor: `c${n}`,
        done: false,
      }
      commitPage(paged.db, paged.source, run, page, T0)
      expect(tables(paged.db)).toEqual(tables(triggers.db))
    }
    expect((paged.db.prepare('SELECT count(*) AS n FROM rollup_hour').get() as { n: number }).n).toBeGreaterThan(2000)
    rebuilt(paged.db)
    triggers.db.close()
    paged.db.close()
  })

  it('turn the triggers back on when a page fails, with nothing of it kept', () => {
    const w = workspace('failing')
    const run = beginRun(w.db, w.source, 'manual', T0)
    const sample = fc.sample(ticketArb, { numRuns: 150, seed: 5 }) as Omit<TicketInput, 'externalId'>[]
    upsertTickets(
      w.db,
      w.source,
      sample.map((t, i) => ({ ...t, externalId: `old-${i}` })),
    )
    const before = tables(w.db)
    const page: SyncPage = {
      tickets: [{ ticket: { ...(sample[0] as Omit<TicketInput, 'externalId'>), externalId: 'new' } }],
      deletes: [],
      quarantined: [],
      cursor: 'c',
      done: false,
      // A reconciliation listing none of the 150 cached tickets is refused, after the page's upserts.
      liveIds: { ids: [], first: true, last: true },
    }
    expect(() => commitPage(w.db, w.source, run, page, T0)).toThrow(/nothing was deleted/)
    expect(tables(w.db)).toEqual(before)
    expect(w.db.prepare('SELECT count(*) AS n FROM deferred_triggers').get()).toEqual({ n: 0 })
    // The triggers are on again for every other writer.
    w.db.prepare(`UPDATE tickets SET status = 'open', assignee = 'Zoë'`).run()
    rebuilt(w.db)
    commitPage(w.db, w.source, run, { ...page, liveIds: undefined }, T0)
    rebuilt(w.db)
    w.db.close()
  })
})

const guardedTriggers = (db: Db) =>
  db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND sql LIKE '%deferred_triggers%' ORDER BY name`)
    .pluck()
    .all()

describe('migration 17', () => {
  it('guards the rollup triggers of a workspace that holds tickets, which keep their rollups (and 18 its unpack triggers)', () => {
    const sample = fc.sample(ticketArb, { numRuns: 30, seed: 17 }) as Omit<TicketInput, 'externalId'>[]
    const tickets = sample.map((t, i) => ({ ...t, externalId: `M-${i}` }))
    const file = path.join(tempDir(), 'old.sqlite')
    const old = new Database(file)
    for (const m of MIGRATIONS.filter((m) => m.version < migration017.version)) {
      old.exec(m.sql)
      if (m.indexes) old.exec(m.indexes)
    }
    old.pragma(`user_version = ${migration017.version - 1}`)
    upsertTickets(old as unknown as Db, ensureSource(old as unknown as Db, 'zendesk', 'Z'), tickets)
    old.close()
    const db = openDatabase(file)
    const guarded = guardedTriggers(db)
    expect(guarded).toEqual(
      [
        'ticket_comments_fts_delete',
        'ticket_comments_fts_insert',
        'ticket_comments_fts_update',
        'tickets_fts_delete',
        'tickets_fts_insert',
        'tickets_fts_update',
        'tickets_alert_dirty_delete',
        'tickets_alert_dirty_insert',
        'tickets_alert_dirty_update',
        'tickets_alert_rollup_delete',
        'tickets_alert_rollup_insert',
        'tickets_alert_rollup_update',
        'tickets_backlog_delete',
        'tickets_backlog_insert',
        'tickets_backlog_update',
        'tickets_rollup_delete',
        'tickets_rollup_insert',
        'tickets_rollup_update',
        // Migration 18: the unpack triggers on rollup_minutes.
        'rollup_minutes_unpack_delete',
        'rollup_minutes_unpack_insert',
        'rollup_minutes_unpack_update',
      ].sort(),
    )
    // Migration 18 dropped the two indexes that lead others.
    expect(
      db.prepare(`SELECT name FROM sqlite_master WHERE name IN ('tickets_assignee', 'tickets_group')`).all(),
    ).toEqual([])
    rebuilt(db)
    // Unflagged writes still go through the triggers.
    db.prepare(`UPDATE tickets SET status = 'closed', solved_at = created_at + 60000`).run()
    rebuilt(db)
    // A bulk load drops the triggers and re-creates them guarded.
    dropSecondaryIndexes(db)
    expect(guardedTriggers(db)).toEqual([])
    createSecondaryIndexes(db)
    expect(guardedTriggers(db)).toEqual(guarded)
    // and leaves the retired indexes retired.
    expect(
      db.prepare(`SELECT name FROM sqlite_master WHERE name IN ('tickets_assignee', 'tickets_group')`).all(),
    ).toEqual([])
    db.close()
  })
})
