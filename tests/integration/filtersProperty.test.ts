/**
 * Property tests of the grid's query builder: random small workspaces (hostile strings, unicode, empty strings and
 * nulls in every field) and random filters and sorts, compared with a reference implementation in plain TypeScript.
 * Every page is read by keyset paging (and again through the small-result id list), and the ordered ids, the count and
 * every facet must equal the reference's.
 */
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TicketFilters, TicketQuery } from '../../src/shared/api/contract'
import { ticketFiltersSchema } from '../../src/shared/api/schemas'
import { parseViewFile, viewFileContent } from '../../src/shared/views'
import { REVIEW_STATES, SORT_COLUMNS, VALUE_FILTER_FIELDS } from '../../src/shared/domain'
import { openDatabase, type Db } from '../../src/main/db/connection'
import { addLabel, setReview } from '../../src/main/db/queries/analyst'
import { TicketQueries } from '../../src/main/db/queries/tickets'
import { ensureSource, upsertTickets, type TicketInput } from '../../src/main/db/queries/ticketWrites'
import {
  matches,
  PRIORITIES,
  reference,
  referenceFacet,
  SOURCES,
  type Row,
  type Ticket,
} from '../helpers/filterReference'
import { tempDir } from '../helpers/tmp'

/** Strings that have broken query builders: quotes, LIKE wildcards, escapes, comments, unicode, emoji, blanks. */
const HOSTILE = [
  "O'Brien",
  'Ana "AJ" Ruiz',
  '%',
  '_',
  'a%b_c',
  '\\',
  ';',
  '--',
  "'; DROP TABLE tickets; --",
  '',
  ' ',
  'Zoë Ångström',
  '李雷',
  '😀 emoji',
  'null',
  'Tier 1',
] as const
const LABELS = HOSTILE.filter((s) => s.trim() !== '')
const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed', 'weird'] as const
const ESCALATIONS = [1, 2, 3] as const
const DAY = 86_400_000
const T0 = Date.parse('2026-03-01T00:00:00Z')
/** Few distinct creation times, so ties (and the id tie-break) are common. */
const TIMES = [0, 1, 2, 3, 4, 5].map((d) => T0 + d * DAY)

const hostile = fc.constantFrom(...HOSTILE)
const nullable = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(a, { nil: null, freq: 3 })
const small = fc.integer({ min: 0, max: 6 })
const uniq = <T>(a: fc.Arbitrary<T>, max: number): fc.Arbitrary<T[]> => fc.uniqueArray(a, { maxLength: max })

const ticketArb: fc.Arbitrary<Ticket> = fc.record({
  source: fc.constantFrom(...SOURCES),
  status: fc.constantFrom(...STATUSES),
  priority: nullable(fc.constantFrom(...PRIORITIES)),
  caseType: nullable(hostile),
  channel: fc.constantFrom('email', 'phone', "in'app"),
  region: nullable(fc.constantFrom('EU', 'NA', '')),
  assignee: nullable(hostile),
  group: nullable(hostile),
  tags: uniq(hostile, 3),
  createdAt: fc.constantFrom(...TIMES),
  firstReplyMinutes: nullable(small),
  firstResolutionMinutes: nullable(small),
  fullResolutionMinutes: nullable(small),
  reopens: fc.integer({ min: 0, max: 3 }),
  replies: fc.integer({ min: 0, max: 4 }),
  csat: nullable(fc.integer({ min: 1, max: 5 })),
  review: nullable(fc.record({ state: fc.constantFrom(...REVIEW_STATES), flagged: fc.boolean() })),
  labels: uniq(fc.constantFrom(...LABELS), 2),
  escalations: uniq(fc.constantFrom(...ESCALATIONS), 2),
})

/** A value list: mostly values, sometimes null ("no value"), sometimes values nobody has. */
const valueList = (values: fc.Arbitrary<string>): fc.Arbitrary<(string | null)[]> =>
  uniq(nullable(values), 3).filter((l) => l.length > 0)

const rangeArb = (nullableField: boolean, lo: number, hi: number) =>
  fc
    .record(
      {
        min: fc.integer({ min: lo, max: hi }),
        max: fc.integer({ min: lo, max: hi }),
        empty: nullableField ? fc.constant(true) : fc.constant(undefined),
      },
      { requiredKeys: [] },
    )
    .map((r) => {
      const out: { min?: number; max?: number; empty?: boolean } = {}
      if (r.min !== undefined && r.max !== undefined && r.min > r.max) [r.min, r.max] = [r.max, r.min]
      if (r.min !== undefined) out.min = r.min
      if (r.max !== undefined) out.max = r.max
      if (r.empty) out.empty = true
      return out
    })
    .filter((r) => r.min !== undefined || r.max !== undefined || r.empty === true)

/** Every filter at once would match almost nothing: each query keeps up to three of them (often none). */
const filtersArb: fc.Arbitrary<TicketFilters> = fc
  .tuple(
    fc.record({
      status: valueList(fc.constantFrom(...STATUSES)),
      priority: valueList(fc.constantFrom(...PRIORITIES)),
      channel: valueList(fc.constantFrom('email', 'phone', "in'app")),
      caseType: valueList(hostile),
      region: valueList(fc.constantFrom('EU', 'NA', '')),
      source: valueList(fc.constantFrom(...SOURCES, 'Nobody')),
      assignee: valueList(hostile),
      group: valueList(hostile),
      tags: valueList(hostile),
      reviewState: uniq(nullable(fc.constantFrom(...REVIEW_STATES)), 2).filter((l) => l.length > 0),
      labels: valueList(fc.constantFrom(...LABELS)),
      flagged: fc.boolean(),
      escalationId: uniq(fc.integer({ min: 1, max: 4 }), 2).filter((l) => l.length > 0),
      firstReplyMinutes: rangeArb(true, 0, 6),
      firstResolutionMinutes: rangeArb(true, 0, 6),
      fullResolutionMinutes: rangeArb(true, 0, 6),
      reopens: rangeArb(false, 0, 3),
      replies: rangeArb(false, 0, 4),
      csat: rangeArb(true, 1, 5),
      createdFrom: fc.constantFrom(...TIMES),
      createdTo: fc.constantFrom(...TIMES),
    }),
    fc.uniqueArray(fc.nat(40), { maxLength: 3 }),
  )
  .map(([all, picks]) => {
    const keys = Object.keys(all)
    const chosen = new Set(picks.map((p) => keys[p % keys.length]))
    return Object.fromEntries(Object.entries(all).filter(([k]) => chosen.has(k))) as TicketFilters
  })

const queryArb: fc.Arbitrary<TicketQuery> = fc.record({
  filters: filtersArb,
  sort: fc.record({ column: fc.constantFrom(...SORT_COLUMNS), dir: fc.constantFrom('asc' as const, 'desc' as const) }),
})

// ---- the workspace --------------------------------------------------------------------------------------------

let db: Db
let sources: Record<string, number>

function load(tickets: Ticket[]): Row[] {
  db.exec(
    'DELETE FROM escalation_tickets; DELETE FROM analyst_labels; DELETE FROM analyst_review; DELETE FROM tickets;',
  )
  const rows: Row[] = []
  tickets.forEach((t, i) => {
    const input: TicketInput = {
      externalId: `new-${i}`,
      subject: `S-${i}`,
      description: '',
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
      createdAt: t.createdAt,
      updatedAt: t.createdAt,
      firstSolvedAt: null,
      solvedAt: null,
      firstReplyMinutes: t.firstReplyMinutes,
      firstResolutionMinutes: t.firstResolutionMinutes,
      fullResolutionMinutes: t.fullResolutionMinutes,
      reopens: t.reopens,
      replies: t.replies,
      csat: t.csat,
      sensitive: false,
      escalated: false,
    }
    upsertTickets(db, sources[t.source] as number, [input])
    const id = db.prepare('SELECT max(id) FROM tickets').pluck().get() as number
    // External ids and subjects follow the local id, so sorting by them has a known order.
    db.prepare('UPDATE tickets SET external_id = ?, subject = ? WHERE id = ?').run(`E-${id}`, `S-${id}`, id)
    if (t.review) {
      db.prepare('INSERT INTO analyst_review (ticket_id, state, flagged, updated_at) VALUES (?, ?, ?, 0)').run(
        id,
        t.review.state,
        t.review.flagged ? 1 : 0,
      )
    }
    for (const label of t.labels) {
      db.prepare('INSERT INTO analyst_labels (ticket_id, label, created_at) VALUES (?, ?, 0)').run(id, label)
    }
    for (const e of t.escalations) {
      db.prepare('INSERT INTO escalation_tickets (escalation_id, ticket_id, added_at) VALUES (?, ?, 0)').run(e, id)
    }
    rows.push({ ...t, id })
  })
  return rows
}

/** Every row of the query, `size` at a time, as the grid's infinite model asks for them. */
function readAll(queries: TicketQueries, q: TicketQuery, size: number): number[] {
  const ids: number[] = []
  for (let start = 0; start < 1_000; start += size) {
    const page = queries.page(q, start, size)
    ids.push(...page.rows.map((r) => r.id))
    if (page.last) return ids
  }
  throw new Error('paging never ended')
}

describe('grid filters and sorts against a reference implementation', () => {
  beforeAll(() => {
    db = openDatabase(path.join(tempDir('owb-prop-'), 'p.sqlite'))
    sources = { Alpha: ensureSource(db, 'file', 'Alpha'), Beta: ensureSource(db, 'zendesk', 'Beta') }
    for (const id of ESCALATIONS) {
      db.prepare(
        "INSERT INTO escalations (id, title, priority, created_at, updated_at) VALUES (?, 'Escalation', 'P2', 0, 0)",
      ).run(id)
    }
  })
  afterAll(() => db.close())

  it('pages, counts and facets every filter and sort exactly like the reference', () => {
    fc.assert(
      fc.property(
        fc.array(ticketArb, { maxLength: 30 }),
        fc.array(queryArb, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 7 }),
        (tickets, queries, size) => {
          const rows = load(tickets)
          // Both strategies: the small-result id list, and keyset walks (id lists switched off).
          const pagers = [new TicketQueries(db), new TicketQueries(db, { idListMax: 0 })]
          for (const q of queries) {
            expect(ticketFiltersSchema.safeParse(q.filters).success).toBe(true)
            const expected = reference(rows, q)
            for (const pager of pagers) {
              expect(readAll(pager, q, size), JSON.stringify(q)).toEqual(expected)
              expect(pager.count(q.filters)).toBe(expected.length)
            }
            const facets = pagers[0]?.facets(q.filters)
            for (const field of VALUE_FILTER_FIELDS) {
              const want = referenceFacet(rows, q.filters, field)
              // Not reviewed is always listed (with its count, possibly 0); elsewhere a zero count is not listed.
              if (field === 'reviewState' && !want.has(null)) want.set(null, 0)
              // As sorted lists, so a value listed twice is caught.
              const byValue = (a: [string | null, number], b: [string | null, number]): number =>
                String(a[0]).localeCompare(String(b[0])) || Number(a[0] === null) - Number(b[0] === null)
              const got = (facets?.[field] ?? []).map((c): [string | null, number] => [c.value, c.count]).sort(byValue)
              expect(got, `${field} facet of ${JSON.stringify(q.filters)}`).toEqual([...want.entries()].sort(byValue))
            }
            const flaggedRows = rows.filter((t) => matches(t, q.filters, 'flagged'))
            const flagged = flaggedRows.filter((t) => t.review?.flagged).length
            expect(facets?.flagged).toEqual({ flagged, unflagged: flaggedRows.length - flagged })
          }
        },
      ),
      { numRuns: 150 },
    )
  })

  it("never serves a count or an order cached before the analyst's own write", () => {
    const rows = load(
      Array.from({ length: 6 }, (_, i) => ({
        source: 'Alpha' as const,
        status: 'open',
        priority: null,
        caseType: null,
        channel: 'email',
        region: null,
        assignee: null,
        group: null,
        tags: [],
        createdAt: TIMES[i] as number,
        firstReplyMinutes: null,
        firstResolutionMinutes: null,
        fullResolutionMinutes: null,
        reopens: 0,
        replies: 0,
        csat: null,
        review: null,
        labels: [],
        escalations: [],
      })),
    )
    const ids = rows.map((r) => r.id)
    const queries = new TicketQueries(db)
    const byReview: TicketQuery = { filters: {}, sort: { column: 'reviewState', dir: 'asc' } }
    expect(queries.count({ labels: ['wave'] })).toBe(0)
    expect(queries.page(byReview, 0, 10).rows.map((r) => r.id)).toEqual(ids)
    // Written straight to the tables, as the analyst handlers do, with no invalidate() call.
    addLabel(db, ids[2] as number, 'wave')
    setReview(db, ids[4] as number, 'reviewed')
    expect(queries.count({ labels: ['wave'] })).toBe(1)
    expect(queries.page(byReview, 0, 1).rows.map((r) => r.id)).toEqual([ids[4]])
    expect(queries.page({ filters: { labels: ['wave'] }, sort: byReview.sort }, 0, 5).rows[0]?.labels).toEqual(['wave'])
  })

  it('rejects a range whose minimum is above its maximum, or that says nothing', () => {
    const bad = ticketFiltersSchema.safeParse({ csat: { min: 4, max: 2 } })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.message).toBe('CSAT: the minimum must not be more than the maximum.')
    expect(ticketFiltersSchema.safeParse({ reopens: {} }).error?.issues[0]?.message).toBe(
      'Reopens: give a minimum or a maximum.',
    )
    expect(ticketFiltersSchema.safeParse({ reopens: { empty: true } }).success).toBe(false)
    expect(ticketFiltersSchema.safeParse({ replies: { min: -1 } }).success).toBe(false)
    expect(ticketFiltersSchema.safeParse({ csat: { max: 6 } }).success).toBe(false)
    expect(ticketFiltersSchema.safeParse({ firstReplyMinutes: { min: 1.5 } }).success).toBe(false)
    expect(ticketFiltersSchema.safeParse({ firstReplyMinutes: { empty: true } }).success).toBe(true)
  })

  it('keeps the new filters and sorts in a saved view file, and refuses an inverted range in one', () => {
    const definition = {
      version: 1 as const,
      filters: {
        assignee: ["O'Brien", null],
        tags: ['%_;--'],
        reviewState: [null],
        labels: ['wave'],
        flagged: true,
        escalationId: [3],
        csat: { min: 1, max: 2 },
        firstReplyMinutes: { empty: true },
      },
      sort: { column: 'reviewState' as const, dir: 'desc' as const },
      columns: [],
    }
    const parsed = parseViewFile(viewFileContent({ name: 'Wave', definition }, 0))
    expect(parsed).toEqual({ ok: true, name: 'Wave', definition })
    const inverted = viewFileContent(
      { name: 'Bad', definition: { ...definition, filters: { csat: { min: 5, max: 1 } } } },
      0,
    )
    expect(parseViewFile(inverted)).toEqual({
      ok: false,
      message: 'This view file is not valid (view.filters.csat: CSAT: the minimum must not be more than the maximum.).',
    })
  })

  it('migration 8 indexes serve the assignee, group and review filters', () => {
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all() as string[]).sort()
    expect(names).toEqual(
      expect.arrayContaining([
        'tickets_assignee_created',
        'tickets_group_created',
        'tickets_people_cover',
        'tickets_untagged',
        'analyst_review_state',
        'analyst_review_flagged',
      ]),
    )
    const plan = (sql: string): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ')
    expect(plan("SELECT id FROM tickets WHERE assignee = 'x' ORDER BY created_at DESC LIMIT 10")).toContain(
      'tickets_assignee_created',
    )
    expect(plan("SELECT id FROM tickets WHERE group_name = 'x' ORDER BY created_at LIMIT 10")).toContain(
      'tickets_group_created',
    )
  })
})
