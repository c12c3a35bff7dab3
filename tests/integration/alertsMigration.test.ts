/** Migration 10 (alerts): its tables, and the combination rollup its triggers keep equal to a full recomputation. */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createSecondaryIndexes, dropSecondaryIndexes, openDatabase, type Db } from '../../src/main/db/connection'
import { rebuildAlertRollup, REBUILD_ALERT_ROLLUP } from '../../src/main/db/migrations/010_alerts'
import { ensureSource, upsertTickets } from '../../src/main/db/queries/ticketWrites'
import { randomTickets, rng, T0 } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'

const snapshot = (db: Db) => db.prepare('SELECT * FROM alert_rollup ORDER BY hour, case_type, channel, region').all()

function recomputed(db: Db): unknown[] {
  db.exec('SAVEPOINT recompute')
  try {
    db.exec(REBUILD_ALERT_ROLLUP)
    return snapshot(db)
  } finally {
    db.exec('ROLLBACK TO recompute; RELEASE recompute')
  }
}

describe('migration 10: alerts', () => {
  it('creates strict tables for alerts, mutes and evaluator state', () => {
    const db = openDatabase(path.join(tempDir(), 'w.sqlite'))
    const tables = db
      .prepare(
        "SELECT name, strict FROM pragma_table_list WHERE name IN ('alerts', 'alert_mutes', 'alert_state', 'alert_rollup')",
      )
      .all() as { name: string; strict: number }[]
    expect(tables.map((t) => t.name).sort()).toEqual(['alert_mutes', 'alert_rollup', 'alert_state', 'alerts'])
    expect(tables.every((t) => t.strict === 1)).toBe(true)
    // A severity or direction outside the lists is refused by the schema itself.
    expect(() =>
      db
        .prepare(
          `INSERT INTO alerts (kpi, direction, seg_key, severity, started_at, detected_at, last_seen_at, window_hours,
             observed, expected, spread, score, sample, created_at, updated_at)
           VALUES ('volume', 'sideways', '[null,null,null]', 'low', 0, 0, 0, 24, 1, 1, 1, 1, 1, 0, 0)`,
        )
        .run(),
    ).toThrow(/CHECK/)
    db.close()
  })

  it('keeps the combination rollup equal to a recomputation through inserts, updates, deletes and a bulk load', () => {
    const db = openDatabase(path.join(tempDir(), 'w.sqlite'))
    const source = ensureSource(db, 'file', 'Alpha')
    const tickets = randomTickets(400, 3)
    upsertTickets(db, source, tickets)
    expect(snapshot(db).length).toBeGreaterThan(0)
    expect(snapshot(db)).toEqual(recomputed(db))
    // A newer version of some tickets moves their case type, channel, solve time, CSAT …
    const r = rng(9)
    const changed = tickets.slice(0, 120).map((t, i) => ({
      ...t,
      updatedAt: t.updatedAt + 10_000,
      caseType: i % 3 === 0 ? 'copyright' : t.caseType,
      channel: i % 4 === 0 ? 'phone' : t.channel,
      region: i % 5 === 0 ? null : t.region,
      csat: i % 2 === 0 ? Math.ceil(r() * 5) : null,
      firstSolvedAt: i % 6 === 0 ? null : t.firstSolvedAt,
      solvedAt: i % 6 === 0 ? null : t.solvedAt,
      escalated: i % 7 === 0,
    }))
    upsertTickets(db, source, changed)
    db.prepare('UPDATE tickets SET reopens = reopens + 1 WHERE id % 11 = 0').run()
    db.prepare('DELETE FROM tickets WHERE id % 13 = 0').run()
    expect(snapshot(db)).toEqual(recomputed(db))
    // The measures add up to the tickets table itself.
    const totals = db.prepare('SELECT sum(created) AS c, sum(solved) AS s FROM alert_rollup').get() as {
      c: number
      s: number
    }
    const direct = db
      .prepare('SELECT count(*) AS c, count(coalesce(first_solved_at, solved_at)) AS s FROM tickets')
      .get() as { c: number; s: number }
    expect(totals).toEqual(direct)
    // A bulk load drops the triggers and rebuilds once at the end.
    dropSecondaryIndexes(db)
    expect(snapshot(db)).toEqual([])
    upsertTickets(
      db,
      source,
      randomTickets(50, 4).map((t) => ({ ...t, externalId: `B-${t.externalId}` })),
    )
    createSecondaryIndexes(db)
    expect(snapshot(db)).toEqual(recomputed(db))
    db.exec('DELETE FROM tickets')
    expect(snapshot(db)).toEqual([])
    db.close()
  })

  it('rebuilds in slices after a bulk load exactly as in one pass, whatever hours the slices cut near', () => {
    const db = openDatabase(path.join(tempDir(), 'w.sqlite'))
    const source = ensureSource(db, 'file', 'Alpha')
    const H = 3_600_000
    const r = rng(21)
    // Crowded hours (a slice's last row falls inside them), exact hour edges, and instants around and before the
    // epoch, where SQLite's division (toward zero) makes hour 0 two hours long.
    const instants = [-3 * H - 1, -H - 1, -H, -H + 1, -1, 0, 1, H - 1, H, H + 1, 2 * H, 5 * H - 1]
    const tickets = randomTickets(600, 5).map((t, i) => {
      // 264 tickets in four hours, a few milliseconds apart: a slice of a few rows ends inside them.
      const crowded = T0 - (T0 % H) + (i % 4) * H + (i % 97)
      const createdAt = i < 36 ? (instants[i % instants.length] as number) : i < 300 ? crowded : t.createdAt
      const solved = i % 3 === 0 ? null : createdAt + Math.floor(r() * 40) * (i % 2 ? H : 1)
      return { ...t, createdAt, updatedAt: createdAt + 1000, firstSolvedAt: i % 5 ? solved : null, solvedAt: solved }
    })
    upsertTickets(db, source, tickets)
    const whole = recomputed(db)
    expect(whole.length).toBeGreaterThan(100)
    for (const sliceRows of [1, 7, 50, 10_000]) {
      db.exec('SAVEPOINT sliced')
      rebuildAlertRollup(db, sliceRows)
      expect(snapshot(db)).toEqual(whole)
      db.exec('ROLLBACK TO sliced; RELEASE sliced')
    }
    db.close()
  })
})
