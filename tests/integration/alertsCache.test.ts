/**
 * Alert evaluation keeps the combination rollups it read in memory and re-reads only the hours written since
 * (migration 16 marks them): whatever the writes, a warm read must give exactly what a full read gives, and a warm
 * evaluation exactly what a cold one finds.
 */
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ComboCache, comboCacheOf, type ComboSpan } from '../../src/main/alerts/comboCache'
import { DEFAULT_DETECT } from '../../src/main/alerts/detect'
import { detectAll, detectAllAsync, evaluateAlerts } from '../../src/main/alerts/evaluate'
import { createSecondaryIndexes, dropSecondaryIndexes, openDatabase, type Db } from '../../src/main/db/connection'
import { ALERT_MEASURES, dataHours, dirtyHoursSince, dirtySeq } from '../../src/main/db/queries/alerts'
import { ensureSource, upsertTickets, type TicketInput } from '../../src/main/db/queries/ticketWrites'
import { apply, commandArb, T0 } from '../helpers/ticketCommands'
import { poisson, rng, solvedTicket } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'

const H = 3_600_000
const H0 = T0 / H

/** A span as comparable rows: [case type, channel, region, hour, ...measures], sorted. */
function rowsOf(span: ComboSpan): unknown[][] {
  const out: unknown[][] = []
  const W = span.values.length / Math.max(1, span.hour.length)
  for (let id = 0; id + 1 < span.comboStart.length; id++) {
    const c = span.combos[id]
    for (let r = span.comboStart[id] as number; r < (span.comboStart[id + 1] as number); r++)
      out.push([c?.caseType, c?.channel, c?.region, span.hour[r], ...span.values.subarray(r * W, (r + 1) * W)])
  }
  return out.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
}

const coldRows = (db: Db, from: number, to: number) => rowsOf(new ComboCache().read(db, from, to))

function workspace(): { db: Db; source: number; file: string } {
  const file = path.join(tempDir(), 'w.sqlite')
  const db = openDatabase(file)
  return { db, source: ensureSource(db, 'file', 'Alpha'), file }
}

describe('changed hours of the alert rollups (migration 16)', () => {
  it('marks the created and solve hours a write touches, newest last, and nothing for unwatched columns', () => {
    const { db, source } = workspace()
    const t = solvedTicket(T0 + 5 * H + 60_000, { caseType: 'copyright', channel: 'email', region: 'EU' })
    upsertTickets(db, source, [t])
    const solveHour = Math.floor((t.firstSolvedAt as number) / H)
    expect(dirtyHoursSince(db, 0)).toEqual({ all: false, hours: [H0 + 5, solveHour] })
    const afterInsert = dirtySeq(db)
    db.prepare('UPDATE tickets SET assignee = ?').run('Ana')
    expect(dirtySeq(db)).toBe(afterInsert)
    db.prepare('UPDATE tickets SET created_at = created_at + ?').run(20 * H)
    // Old and new created hours; the solve hour is unchanged but re-marked with the update.
    expect(dirtyHoursSince(db, afterInsert).hours).toEqual([H0 + 5, solveHour, H0 + 25].sort((a, b) => a - b))
    const afterMove = dirtySeq(db)
    db.prepare('DELETE FROM tickets').run()
    expect(dirtyHoursSince(db, afterMove).hours).toEqual([solveHour, H0 + 25].sort((a, b) => a - b))
  })

  it('marks every hour after a bulk load rebuilt the rollups', () => {
    const { db, source } = workspace()
    upsertTickets(db, source, [solvedTicket(T0, { caseType: 'copyright', channel: 'email', region: 'EU' })])
    const before = dirtySeq(db)
    db.transaction(() => {
      dropSecondaryIndexes(db)
      upsertTickets(db, source, [solvedTicket(T0 + H, { caseType: 'copyright', channel: 'email', region: 'EU' })])
      createSecondaryIndexes(db)
    })()
    expect(dirtyHoursSince(db, before)).toEqual({ all: true, hours: [] })
    expect(db.prepare('SELECT count(*) AS n FROM alert_dirty').get()).toEqual({ n: 1 })
  })
})

describe('alert rollup cache', () => {
  it('gives what a full read gives, after any sequence of writes and any spans', () => {
    const { db, source } = workspace()
    const spanArb = fc
      .tuple(fc.integer({ min: -10, max: 90 }), fc.integer({ min: 0, max: 80 }))
      .map(([a, len]) => [H0 + a, H0 + a + len] as const)
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(commandArb, { maxLength: 12 }), spanArb), { minLength: 1, maxLength: 6 }),
        (steps) => {
          db.exec('DELETE FROM tickets')
          const cache = new ComboCache()
          for (const [commands, [from, to]] of steps) {
            apply(db, source, commands)
            expect(rowsOf(cache.read(db, from, to))).toEqual(coldRows(db, from, to))
          }
        },
      ),
      { numRuns: 80 },
    )
  })

  it('keeps nothing it read inside a transaction that rolled back', () => {
    const { db, source } = workspace()
    const cache = new ComboCache()
    const ticket = (hour: number, ext: string): TicketInput => ({
      ...solvedTicket(T0 + hour * H, { caseType: 'copyright', channel: 'email', region: 'EU' }),
      externalId: ext,
    })
    upsertTickets(db, source, [ticket(1, 'a')])
    cache.read(db, H0, H0 + 48)
    try {
      db.transaction(() => {
        upsertTickets(db, source, [ticket(2, 'b'), ticket(3, 'c')])
        expect(rowsOf(cache.read(db, H0, H0 + 48))).toEqual(coldRows(db, H0, H0 + 48))
        throw new Error('roll back')
      })()
    } catch {
      // expected
    }
    // The rolled-back writes' sequence numbers go to this one: a cache that had kept them would miss it.
    upsertTickets(db, source, [ticket(4, 'd')])
    expect(rowsOf(cache.read(db, H0, H0 + 48))).toEqual(coldRows(db, H0, H0 + 48))
    expect(rowsOf(cache.read(db, H0, H0 + 48)).map((r) => r[3])).toContain(H0 + 4)
  })

  it('sees writes made through another connection to the same file (the CLI beside the app)', () => {
    const { db, source, file } = workspace()
    const other = openDatabase(file)
    const cache = new ComboCache()
    upsertTickets(db, source, [solvedTicket(T0, { caseType: 'copyright', channel: 'email', region: 'EU' })])
    cache.read(db, H0 - 2, H0 + 10)
    upsertTickets(other, source, [solvedTicket(T0 + 2 * H, { caseType: 'ban_appeal', channel: 'phone', region: 'NA' })])
    other.prepare("UPDATE tickets SET region = 'SEA' WHERE case_type = 'copyright'").run()
    other.close()
    expect(rowsOf(cache.read(db, H0 - 2, H0 + 10))).toEqual(coldRows(db, H0 - 2, H0 + 10))
    expect(rowsOf(cache.read(db, H0 - 2, H0 + 10)).map((r) => r[2])).toEqual(['NA', 'NA', 'SEA', 'SEA'])
  })
})

describe('coarser segments summed from the combinations', () => {
  it('equal the per-field rollups (rollup_hour) they replace, after any sequence of writes', () => {
    const { db, source } = workspace()
    const fields = [
      ['caseType', 0],
      ['channel', 1],
      ['region', 2],
    ] as const
    fc.assert(
      fc.property(fc.array(commandArb, { minLength: 1, maxLength: 40 }), (commands) => {
        db.exec('DELETE FROM tickets')
        apply(db, source, commands)
        const rows = rowsOf(new ComboCache().read(db, H0 - 10, H0 + 100))
        const sums = new Map<string, number[]>()
        const add = (key: string, values: number[]) => {
          const s = sums.get(key) ?? values.map(() => 0)
          sums.set(
            key,
            s.map((v, i) => v + (values[i] as number)),
          )
        }
        for (const r of rows) {
          const values = r.slice(4) as number[]
          for (const [dim, i] of fields) add(JSON.stringify([dim, r[i], r[3]]), values)
          add(JSON.stringify(['all', '', r[3]]), values)
        }
        const expected = db
          .prepare(
            `SELECT dim, val, hour, ${ALERT_MEASURES.join(', ')} FROM rollup_hour
             WHERE dim IN ('all', 'caseType', 'channel', 'region') AND (${ALERT_MEASURES.join(' + ')}) > 0`,
          )
          .raw()
          .all() as unknown[][]
        expect(new Map(expected.map((e) => [JSON.stringify(e.slice(0, 3)), e.slice(3)]))).toEqual(sums)
      }),
      { numRuns: 40 },
    )
  })
})

describe('warm alert evaluation', () => {
  it('finds exactly what a cold evaluation finds after a sync lands', async () => {
    const { db, source } = workspace()
    const r = rng(11)
    const start = Date.parse('2026-01-05T00:00:00Z')
    const surge = start + 50 * 24 * H
    const end = surge + 4 * 24 * H
    const batch = (from: number, to: number, tag: string): TicketInput[] => {
      const out: TicketInput[] = []
      for (let t = from; t < to; t += H)
        for (const region of ['NA', 'EU', 'SEA'])
          for (const [caseType, mean] of [
            ['creator_payouts', 0.6],
            ['copyright', 1.2],
          ] as const) {
            const factor = caseType === 'creator_payouts' && region === 'SEA' && t >= surge ? 8 : 1
            const n = poisson(r, mean * factor)
            for (let i = 0; i < n; i++)
              out.push({
                ...solvedTicket(t + Math.floor(r() * H), { caseType, channel: 'in_app', region }),
                externalId: `${tag}-${out.length}`,
              })
          }
      return out
    }
    upsertTickets(db, source, batch(start, surge + 24 * H, 'a'))
    evaluateAlerts(db, { replayDays: 10 })
    // A sync: the next days, and late edits to tickets of the baseline weeks.
    upsertTickets(db, source, batch(surge + 24 * H, end, 'b'))
    db.prepare("UPDATE tickets SET region = 'EU' WHERE id % 97 = 0").run()
    const hours = dataHours(db)
    if (!hours) throw new Error('no data')
    const fromT = hours.last - 48
    const warm = detectAll(db, fromT, hours.last, DEFAULT_DETECT, hours.first)
    comboCacheOf(db).clear()
    const cold = detectAll(db, fromT, hours.last, DEFAULT_DETECT, hours.first)
    expect(warm.found.length).toBeGreaterThan(0)
    expect(warm).toEqual(cold)

    // The app's evaluation gives the event loop turns as it goes, and finds the same.
    let turns = 0
    let counting = true
    const tick = () => {
      if (!counting) return
      turns++
      setImmediate(tick)
    }
    setImmediate(tick)
    const sliced = await detectAllAsync(db, fromT, hours.last, DEFAULT_DETECT, hours.first, 0)
    counting = false
    expect(sliced).toEqual(cold)
    expect(turns).toBeGreaterThan(cold.segments / 2)
  })
})
