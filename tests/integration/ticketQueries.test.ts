import path from 'node:path'
import { describe, expect, it, beforeAll, afterAll } from 'vitest'
import { SORTABLE_COLUMNS, type TicketColumnKey } from '../../src/shared/domain'
import type { TicketFilters, TicketQuery } from '../../src/shared/api/contract'
import { openDatabase, type Db } from '../../src/main/db/connection'
import { TicketQueries } from '../../src/main/db/queries/tickets'
import { ensureSource, upsertTickets, type TicketInput } from '../../src/main/db/queries/ticketWrites'
import { THEN_CREATED } from '../helpers/filterReference'
import { randomTickets, T0 } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'

interface Ref extends TicketInput {
  id: number
  source: string
}

const FIELD: Record<TicketColumnKey, (t: Ref) => string | number | null> = {
  id: (t) => t.id,
  externalId: (t) => t.externalId,
  subject: (t) => t.subject,
  status: (t) => ['new', 'open', 'pending', 'hold', 'solved', 'closed'].indexOf(t.status),
  priority: (t) => (t.priority === null ? null : ['low', 'normal', 'high', 'urgent'].indexOf(t.priority)),
  caseType: (t) => t.caseType,
  channel: (t) => t.channel,
  region: (t) => t.region,
  source: (t) => (t.source === 'Alpha' ? 1 : 2),
  type: (t) => t.type,
  requester: (t) => t.requester,
  assignee: (t) => t.assignee,
  group: (t) => t.group,
  createdAt: (t) => t.createdAt,
  updatedAt: (t) => t.updatedAt,
  solvedAt: (t) => t.solvedAt,
  firstReplyMinutes: (t) => t.firstReplyMinutes,
  fullResolutionMinutes: (t) => t.fullResolutionMinutes,
  reopens: (t) => t.reopens,
  replies: (t) => t.replies,
  csat: (t) => t.csat,
}

/** Values by code point (no astral characters in the data); `sign` flips the direction of values only. */
function cmp(a: string | number | null, b: string | number | null, sign = 1): number {
  if (a === b) return 0
  // Empty values last whichever the direction.
  if (a === null) return 1
  if (b === null) return -1
  return (a < b ? -1 : 1) * sign
}

function reference(all: Ref[], q: TicketQuery): Ref[] {
  const f = q.filters
  const inList = (list: (string | null)[] | undefined, v: string | null): boolean =>
    !list || list.length === 0 || list.includes(v)
  const rows = all.filter(
    (t) =>
      inList(f.status, t.status) &&
      inList(f.priority, t.priority) &&
      inList(f.channel, t.channel) &&
      inList(f.caseType, t.caseType) &&
      inList(f.region, t.region) &&
      inList(f.source, t.source) &&
      (f.createdFrom === undefined || t.createdAt >= f.createdFrom) &&
      (f.createdTo === undefined || t.createdAt < f.createdTo),
  )
  // Contract columns only here; the analyst's review and flag sorts are checked in filtersProperty.test.ts.
  const column = q.sort.column as TicketColumnKey
  const get = FIELD[column]
  const sign = q.sort.dir === 'asc' ? 1 : -1
  return rows.sort((a, b) => {
    let c = cmp(get(a), get(b), sign)
    if (c === 0 && THEN_CREATED.has(column)) c = cmp(a.createdAt, b.createdAt, sign)
    if (c === 0) c = cmp(a.id, b.id, sign)
    return c
  })
}

describe('ticket queries against a reference implementation', () => {
  let db: Db
  let queries: TicketQueries
  let all: Ref[]

  beforeAll(() => {
    db = openDatabase(path.join(tempDir(), 'q.sqlite'))
    const alpha = ensureSource(db, 'file', 'Alpha')
    const beta = ensureSource(db, 'zendesk', 'Beta')
    const tickets = randomTickets(900, 11)
    upsertTickets(db, alpha, tickets.slice(0, 600))
    upsertTickets(db, beta, tickets.slice(600))
    queries = new TicketQueries(db)
    const ids = db.prepare('SELECT id, external_id, source_id FROM tickets').all() as {
      id: number
      external_id: string
      source_id: number
    }[]
    const byExt = new Map(tickets.map((t) => [t.externalId, t]))
    all = ids.map((r) => ({
      ...(byExt.get(r.external_id) as TicketInput),
      id: r.id,
      source: r.source_id === alpha ? 'Alpha' : 'Beta',
    }))
  })
  afterAll(() => db.close())

  const filterSets: TicketFilters[] = [
    {},
    { status: ['open', 'pending'] },
    { priority: [null, 'urgent'] },
    { assignee: undefined, region: ['EU'], channel: ['email', 'phone'], createdFrom: T0 + 10 * 86_400_000 },
    { source: ['Beta'], caseType: [null] },
    { createdFrom: T0 + 5 * 86_400_000, createdTo: T0 + 20 * 86_400_000 },
    { status: ["'; DROP TABLE tickets; --", 'open'] },
  ].map((f) => {
    const { assignee: _ignored, ...rest } = f as TicketFilters & { assignee?: unknown }
    return rest
  })

  it('orders priority by urgency and status by workflow, with empty values last', () => {
    const desc = queries
      .page({ filters: {}, sort: { column: 'priority', dir: 'desc' } }, 0, 1000)
      .rows.map((r) => r.priority)
    const order = [...new Set(desc)]
    expect(order).toEqual(['urgent', 'high', 'normal', 'low', null])
    const asc = queries.page({ filters: {}, sort: { column: 'status', dir: 'asc' } }, 0, 1000).rows.map((r) => r.status)
    expect([...new Set(asc)]).toEqual(['new', 'open', 'pending', 'hold', 'solved', 'closed'])
    const csat = queries.page({ filters: {}, sort: { column: 'csat', dir: 'desc' } }, 0, 1000).rows.map((r) => r.csat)
    expect(csat[0]).toBe(5)
    expect(csat.at(-1)).toBeNull()
  })

  it('pages every sort column in both directions exactly like the reference, reading sequentially', () => {
    // Both strategies: small filtered results as one ordered id list, and keyset walks (id lists switched off).
    for (const pager of [queries, new TicketQueries(db, { idListMax: 0 })])
      for (const column of SORTABLE_COLUMNS) {
        for (const dir of ['asc', 'desc'] as const) {
          for (const filters of [filterSets[0], filterSets[2], filterSets[3]] as TicketFilters[]) {
            const q: TicketQuery = { filters, sort: { column, dir } }
            const expected = reference(all, q).map((t) => t.id)
            const got: number[] = []
            for (let start = 0; ; start += 37) {
              const page = pager.page(q, start, 37)
              got.push(...page.rows.map((r) => r.id))
              if (page.last) break
            }
            expect(got, `${column} ${dir} ${JSON.stringify(filters)}`).toEqual(expected)
          }
        }
      }
  })

  it('jumps straight to deep positions (no earlier page read) and matches the reference', () => {
    for (const column of ['csat', 'assignee', 'createdAt', 'priority', 'firstReplyMinutes'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        const fresh = new TicketQueries(db)
        const q: TicketQuery = {
          filters: column === 'csat' ? { status: ['open', 'solved', 'closed', 'new', 'pending'] } : {},
          sort: { column, dir },
        }
        const expected = reference(all, q).map((t) => t.id)
        for (const start of [700, 250, 899, 100]) {
          const page = fresh.page(q, start, 50)
          expect(page.rows.map((r) => r.id)).toEqual(expected.slice(start, start + 50))
          expect(page.last).toBe(start + 50 >= expected.length)
        }
        expect(fresh.page(q, 5_000, 50)).toEqual({ rows: [], last: true })
      }
    }
  })

  it('counts and facets agree with the reference for every filter set, hostile values included', () => {
    for (const filters of filterSets) {
      const expected = reference(all, { filters, sort: { column: 'id', dir: 'asc' } })
      expect(queries.count(filters)).toBe(expected.length)
    }
    const facets = queries.facets({ channel: ['email'] })
    // A field's facet ignores its own filter: every channel is still offered with its count.
    expect(facets.channel.map((c) => c.value).sort()).toEqual(['email', 'in_app', 'phone'])
    const emailCount = all.filter((t) => t.channel === 'email').length
    expect(facets.status.reduce((s, c) => s + c.count, 0)).toBe(emailCount)
    expect(facets.source.map((s) => s.value).sort()).toEqual(['Alpha', 'Beta'])
    expect(db.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 900 })
  })

  it('withholds the text of sensitive tickets from lists and details until revealed', () => {
    const sensitive = all.find((t) => t.sensitive) as Ref
    const rows = queries.page(
      { filters: { caseType: ['self_harm'] }, sort: { column: 'id', dir: 'asc' } },
      0,
      1000,
    ).rows
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((r) => r.sensitive && r.subject === null)).toBe(true)
    const hidden = queries.get(sensitive.id, false)
    expect(hidden).toMatchObject({ withheld: true, subject: null, description: null })
    const shown = queries.get(sensitive.id, true)
    expect(shown).toMatchObject({ withheld: false, subject: sensitive.subject, description: 'desc' })
    expect(queries.get(999_999, false)).toBeNull()
  })

  it('cuts daily volume in the analyst time zone and counts every ticket once', () => {
    const utc = queries.volume({}, 'channel', 'day', 'UTC')
    const tokyo = queries.volume({}, 'channel', 'day', 'Asia/Tokyo')
    const sum = (s: typeof utc): number => s.series.reduce((a, x) => a + x.data.reduce((b, y) => b + y, 0), 0)
    expect(sum(utc)).toBe(900)
    expect(sum(tokyo)).toBe(900)
    expect(utc.total).toBe(900)
    // Reference: tickets per UTC date for one channel.
    const email = utc.series.find((s) => s.key === 'email')
    const first = utc.buckets[0] as string
    const expectedFirst = all.filter(
      (t) => t.channel === 'email' && new Date(t.createdAt).toISOString().slice(0, 10) === first,
    ).length
    expect(email?.data[0]).toBe(expectedFirst)
    const weekly = queries.volume({ status: ['open'] }, 'status', 'week', 'America/New_York')
    expect(weekly.series).toHaveLength(1)
    expect(sum(weekly)).toBe(all.filter((t) => t.status === 'open').length)
  })

  it('never lets a replayed or older record overwrite a newer one, and keeps ids stable', () => {
    const src = ensureSource(db, 'file', 'Alpha')
    const before = db
      .prepare("SELECT id, subject, updated_at FROM tickets WHERE external_id = 'T-1' AND source_id = ?")
      .get(src) as { id: number; subject: string; updated_at: number }
    const original = randomTickets(900, 11)[1] as TicketInput
    expect(upsertTickets(db, src, [original])).toBe(0)
    expect(upsertTickets(db, src, [{ ...original, subject: 'older', updatedAt: original.updatedAt - 1 }])).toBe(0)
    expect(upsertTickets(db, src, [{ ...original, subject: 'newer', updatedAt: original.updatedAt + 1 }])).toBe(1)
    const after = db
      .prepare("SELECT id, subject FROM tickets WHERE external_id = 'T-1' AND source_id = ?")
      .get(src) as { id: number; subject: string }
    expect(after).toEqual({ id: before.id, subject: 'newer' })
    // Restore for the other tests' reference.
    db.prepare('UPDATE tickets SET subject = ?, updated_at = ? WHERE id = ?').run(
      before.subject,
      before.updated_at,
      before.id,
    )
  })
})
