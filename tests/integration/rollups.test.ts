import path from 'node:path'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createSecondaryIndexes,
  dropSecondaryIndexes,
  indexStatements,
  openDatabase,
  type Db,
} from '../../src/main/db/connection'
import { MIGRATIONS } from '../../src/main/db/migrations'
import { migration009, REBUILD_ROLLUPS } from '../../src/main/db/migrations/009_rollups'
import { BACKLOG_ROWS, REBUILD_BACKLOG } from '../../src/main/db/migrations/014_clusters'
import { MetricsEngine } from '../../src/main/metrics/engine'
import { rebuildRollupHour } from '../../src/main/db/queries/rollupRebuild'
import { ensureSource, upsertTickets, type TicketInput } from '../../src/main/db/queries/ticketWrites'
import { snapshot } from '../helpers/rollups'
import { tempDir } from '../helpers/tmp'
import { apply, commandArb, T0, ticketArb } from '../helpers/ticketCommands'

const H = 3_600_000
const PERIOD = { filters: {}, from: '2026-03-01', to: '2026-03-04', timeZone: 'UTC' }

/** What a full recomputation from the tickets table gives, computed in a savepoint that is rolled back. */
function recomputed(db: Db): ReturnType<typeof snapshot> {
  db.exec('SAVEPOINT recompute')
  try {
    db.exec(REBUILD_ROLLUPS)
    db.exec(REBUILD_BACKLOG)
    return snapshot(db)
  } finally {
    db.exec('ROLLBACK TO recompute; RELEASE recompute')
  }
}

/** A new workspace with `n` sampled tickets written as a bulk load writes them: indexes and triggers dropped. */
function loadedWithoutIndexes(n: number, seed: number, prefix: string) {
  const db = openDatabase(path.join(tempDir(), 'w.sqlite'))
  const source = ensureSource(db, 'file', 'Alpha')
  const sample = fc.sample(ticketArb, { numRuns: n, seed })
  dropSecondaryIndexes(db)
  upsertTickets(
    db,
    source,
    sample.map((t, i) => ({ ...t, externalId: `${prefix}-${i}` })),
  )
  return { db, source, sample }
}

describe('KPI rollups', () => {
  it('equal a full recomputation after any sequence of inserts, updates and deletes', () => {
    const db = openDatabase(path.join(tempDir(), 'w.sqlite'))
    const source = ensureSource(db, 'file', 'Alpha')
    fc.assert(
      fc.property(fc.array(commandArb, { minLength: 1, maxLength: 40 }), (commands) => {
        db.exec('DELETE FROM tickets')
        const half = Math.floor(commands.length / 2)
        apply(db, source, commands.slice(0, half))
        // Read the dashboard once (which packs the hours it reads), then keep writing: a changed hour must lose its
        // packed copy, so the figures equal those computed from freshly packed hours.
        // The engine also keeps sums and duration blocks of the days and periods it was asked for: after the writes
        // they must give what a fresh engine over freshly packed hours gives.
        const now = () => T0 + 60 * H
        const engine = new MetricsEngine(db, now)
        const figures = (e: MetricsEngine) => [
          e.tiles(PERIOD),
          e.tiles({ ...PERIOD, timeZone: 'America/New_York', filters: { channel: ['email'] } }),
          e.breakdown({ ...PERIOD, groupBy: 'priority' }),
          e.series({ ...PERIOD, kpi: 'frt', groupBy: 'assignee', grain: 'day' }),
          e.series({ ...PERIOD, kpi: 'backlog', groupBy: 'region', grain: 'day', timeZone: 'Asia/Tokyo' }),
          e.flow({ ...PERIOD, grain: 'week' }),
        ]
        figures(engine)
        apply(db, source, commands.slice(half))
        const incremental = snapshot(db)
        expect(incremental).toEqual(recomputed(db))
        const cached = figures(engine)
        db.exec('DELETE FROM rollup_minutes_packed')
        expect(cached).toEqual(figures(new MetricsEngine(db, now)))
      }),
      { numRuns: 60 },
    )
    // Deleting everything leaves no rows behind (no zero rows kept alive).
    db.exec('DELETE FROM tickets')
    expect(snapshot(db)).toEqual({ hour: [], minutes: [], backlog: [] })
    db.close()
  })

  it('are rebuilt in one pass around a bulk load that drops the triggers', () => {
    const { db, source, sample } = loadedWithoutIndexes(200, 7, 'B')
    // Triggers are gone during the load: nothing was maintained row by row.
    expect(snapshot(db).hour).toEqual([])
    createSecondaryIndexes(db)
    const rebuilt = snapshot(db)
    expect(rebuilt.hour.length).toBeGreaterThan(0)
    expect(rebuilt.backlog.length).toBeGreaterThan(0)
    expect(rebuilt).toEqual(recomputed(db))
    // And the triggers are back: a later write is kept incrementally.
    upsertTickets(db, source, [{ ...(sample[0] as Omit<TicketInput, 'externalId'>), externalId: 'after' }])
    expect(snapshot(db)).toEqual(recomputed(db))
    const all = db.prepare(`SELECT sum(created) AS n FROM rollup_hour WHERE dim = 'all'`).get() as { n: number }
    expect(all.n).toBe(201)
    db.close()
  })
})

describe('the in-memory rebuild of rollup_hour', () => {
  it('gives exactly the rows of the SQL rebuild for any tickets', () => {
    const db = openDatabase(path.join(tempDir(), 'w.sqlite'))
    const sources = [ensureSource(db, 'file', 'Alpha'), ensureSource(db, 'file', 'Beta')]
    fc.assert(
      fc.property(fc.array(fc.tuple(ticketArb, fc.nat(1)), { maxLength: 60 }), (tickets) => {
        db.exec('DELETE FROM tickets')
        tickets.forEach(([t, s], i) => upsertTickets(db, sources[s]!, [{ ...t, externalId: `R-${i}` }]))
        const bySql = recomputed(db).hour
        db.exec('SAVEPOINT mem')
        try {
          const read = () => db.prepare('SELECT * FROM rollup_hour ORDER BY dim, val, hour').all()
          rebuildRollupHour(db)
          expect(read()).toEqual(bySql)
          // Read in slices of 7 tickets, the sums added into the table whenever they hold more than 10 rows.
          rebuildRollupHour(db, { slice: 7, maxSlots: 10 })
          expect(read()).toEqual(bySql)
        } finally {
          db.exec('ROLLBACK TO mem; RELEASE mem')
        }
      }),
      { numRuns: 80 },
    )
    db.close()
  })
})

describe('a bulk load into a workspace analysed before', () => {
  it('joins each open ticket to its segment, not each segment to every ticket', () => {
    // A first bulk load ends with ANALYZE, so rollup_segments has statistics...
    const { db } = loadedWithoutIndexes(2_000, 3, 'A')
    createSecondaryIndexes(db)
    // ...which a second one meets while the tickets indexes it has just re-created have none yet.
    db.exec('BEGIN')
    dropSecondaryIndexes(db)
    for (const stmt of indexStatements()) db.exec(stmt)
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${BACKLOG_ROWS}`).all() as { detail: string }[]).map((r) => r.detail)
    db.exec('ROLLBACK')
    // Scanning the segments first and searching the tickets of a source for each is segments x tickets.
    expect(plan[0]).toMatch(/^SCAN t\b/)
    expect(plan.join('\n')).toMatch(/SEARCH s USING .*INDEX sqlite_autoindex_rollup_segments_1/)
    db.close()
  })
})

describe('the segment dictionary', () => {
  it('never reuses an id after a rebuild, so a cached dictionary stays true', () => {
    const db = openDatabase(path.join(tempDir(), 'w.sqlite'))
    const source = ensureSource(db, 'file', 'Alpha')
    const [a, b] = fc.sample(ticketArb, { numRuns: 2, seed: 3 }) as Omit<TicketInput, 'externalId'>[]
    upsertTickets(db, source, [{ ...(a as Omit<TicketInput, 'externalId'>), channel: 'email', externalId: 'a' }])
    const before = db.prepare('SELECT max(id) AS id FROM rollup_segments').get() as { id: number }
    db.exec('DELETE FROM tickets')
    upsertTickets(db, source, [{ ...(b as Omit<TicketInput, 'externalId'>), channel: 'phone', externalId: 'b' }])
    dropSecondaryIndexes(db)
    createSecondaryIndexes(db)
    const after = db.prepare('SELECT min(id) AS id FROM rollup_segments').get() as { id: number }
    expect(after.id).toBeGreaterThan(before.id)
    db.close()
  })
})

describe('migrations 9 and 14', () => {
  it('build the rollups and the open backlog of a workspace that already holds tickets', () => {
    const sample = fc.sample(ticketArb, { numRuns: 50, seed: 11 }) as Omit<TicketInput, 'externalId'>[]
    const tickets = sample.map((t, i) => ({ ...t, externalId: `M-${i}` }))
    // Expected: the same tickets written into a workspace at the latest schema, kept by the triggers.
    const current = openDatabase(path.join(tempDir(), 'now.sqlite'))
    upsertTickets(current, ensureSource(current, 'file', 'Alpha'), tickets)
    const expected = snapshot(current)
    current.close()
    expect(expected.hour.length).toBeGreaterThan(0)
    expect(expected.backlog.length).toBeGreaterThan(0)
    // A workspace from before migration 9, holding the tickets, then opened by this release.
    const file = path.join(tempDir(), 'old.sqlite')
    const old = new Database(file)
    const before = (MIGRATIONS.find((m) => m.name === migration009.name) as { version: number }).version
    for (const m of MIGRATIONS.filter((m) => m.version < before)) old.exec(m.sql)
    old.pragma(`user_version = ${before - 1}`)
    upsertTickets(old as unknown as Db, ensureSource(old as unknown as Db, 'file', 'Alpha'), tickets)
    old.close()
    const db = openDatabase(file)
    expect(snapshot(db)).toEqual(expected)
    db.close()
  })
})
