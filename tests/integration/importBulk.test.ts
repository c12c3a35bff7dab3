/**
 * The bulk-load rebuild (db/queries/bulkRollups.ts) against the migrations' own: after a bulk load every derived
 * table must equal a full recomputation, whatever the tickets hold (nulls, reopened, closed without a solve date,
 * several sources, values with quotes).
 */
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSecondaryIndexes, dropSecondaryIndexes, openDatabase, type Db } from '../../src/main/db/connection'
import { rebuildAfterBulkLoad, rebuildRollupHour } from '../../src/main/db/queries/bulkRollups'
import { ensureSource, upsertTickets, type TicketInput } from '../../src/main/db/queries/ticketWrites'
import { tempDir } from '../helpers/tmp'

const H = 3_600_000
const T0 = Date.parse('2026-03-01T00:00:00Z')

const DERIVED = [
  'SELECT * FROM rollup_hour ORDER BY dim, val, hour',
  `SELECT m.metric, m.hour, s.channel, s.case_type, s.region, s.priority, s.source_id, s.assignee, s.group_name,
     m.minute, m.n FROM rollup_minutes m JOIN rollup_segments s ON s.id = m.seg ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`,
  'SELECT rowid FROM tickets_fts ORDER BY rowid',
  'SELECT tag, ticket_id FROM ticket_tags ORDER BY 1, 2',
  "SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name",
]
const snapshot = (db: Db): unknown[][] => DERIVED.map((q) => db.prepare(q).all())

const ticketArb = fc.record({
  status: fc.constantFrom('new', 'open', 'pending', 'solved', 'closed', 'deleted'),
  priority: fc.constantFrom('urgent', 'low', null),
  channel: fc.constantFrom('email', 'phone', "it's odd"),
  caseType: fc.constantFrom('ban_appeal', null),
  region: fc.constantFrom('EU', null),
  assignee: fc.constantFrom('Ana', "O'Brien", null),
  group: fc.constantFrom('Tier 1', null),
  createdHour: fc.integer({ min: 0, max: 40 }),
  solveAfterMin: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
  firstReply: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
  reopens: fc.integer({ min: 0, max: 2 }),
  replies: fc.integer({ min: 0, max: 4 }),
  csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  escalated: fc.boolean(),
  tags: fc.subarray(['vip', 'payout', 'hacked']),
  source: fc.integer({ min: 0, max: 1 }),
})

type Row = typeof ticketArb extends fc.Arbitrary<infer R> ? R : never

function toTicket(t: Row, i: number): TicketInput {
  const createdAt = T0 + t.createdHour * H + i
  const solvedAt = t.solveAfterMin === null ? null : createdAt + t.solveAfterMin * 60_000
  return {
    externalId: `T-${i}`,
    subject: `Subject ${i}`,
    description: 'text',
    status: t.status,
    priority: t.priority,
    type: null,
    caseType: t.caseType,
    channel: t.channel,
    tags: t.tags,
    region: t.region,
    locale: null,
    requester: null,
    assignee: t.assignee,
    group: t.group,
    createdAt,
    updatedAt: (solvedAt ?? createdAt) + 1000,
    firstSolvedAt: solvedAt,
    solvedAt,
    firstReplyMinutes: t.firstReply,
    firstResolutionMinutes: t.solveAfterMin,
    fullResolutionMinutes: t.solveAfterMin === null ? null : t.solveAfterMin + t.reopens * 60,
    reopens: t.reopens,
    replies: t.replies,
    csat: t.csat,
    sensitive: false,
    escalated: t.escalated,
    rawJson: null,
  }
}

describe('bulk-load rebuild', () => {
  it('leaves every derived table equal to the migrations’ own rebuild', () => {
    const db = openDatabase(path.join(tempDir('owb-bulk-'), 'w.sqlite'))
    const sources = [ensureSource(db, 'file', 'A'), ensureSource(db, 'file', 'B')]
    fc.assert(
      fc.property(fc.array(ticketArb, { minLength: 0, maxLength: 120 }), (rows) => {
        db.exec('DELETE FROM tickets')
        rows.forEach((r, i) => upsertTickets(db, sources[r.source] as number, [toTicket(r, i)]))
        db.exec('BEGIN IMMEDIATE')
        try {
          dropSecondaryIndexes(db)
          createSecondaryIndexes(db)
          const expected = snapshot(db)
          dropSecondaryIndexes(db)
          rebuildAfterBulkLoad(db)
          expect(snapshot(db)).toEqual(expected)
        } finally {
          db.exec('ROLLBACK')
        }
      }),
      { numRuns: 40 },
    )
    db.close()
  })

  it('declines (and writes nothing) for hours it cannot key, so the migrations’ rebuild runs instead', () => {
    const db = openDatabase(path.join(tempDir('owb-bulk-'), 'w.sqlite'))
    const src = ensureSource(db, 'file', 'Old')
    const r = fc.sample(ticketArb, 1)[0] as Row
    upsertTickets(db, src, [
      { ...toTicket(r, 1), createdAt: -10 * H, updatedAt: -10 * H + 1, solvedAt: null, firstSolvedAt: null },
    ])
    const before = db.prepare('SELECT count(*) AS n FROM rollup_hour').get()
    expect(rebuildRollupHour(db)).toBe(false)
    expect(db.prepare('SELECT count(*) AS n FROM rollup_hour').get()).toEqual(before)
    db.close()
  })
})
