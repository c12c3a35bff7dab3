import Database from 'better-sqlite3'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contract, DEFAULT_SORT, type TicketFilters } from '../../src/shared/api/contract'
import { parseSearch, searchTokens } from '../../src/shared/search'
import { createDispatcher, type Handlers } from '../../src/main/api/dispatcher'
import { createSecondaryIndexes, dropSecondaryIndexes, openDatabase, type Db } from '../../src/main/db/connection'
import { MIGRATIONS } from '../../src/main/db/migrations'
import { SearchSyntaxError, whereClause } from '../../src/main/db/queries/ticketSql'
import { TicketQueries } from '../../src/main/db/queries/tickets'
import { STREAM_MAX_ROWS, streamSearchPage } from '../../src/main/db/queries/searchPage'
import { ensureSource, upsertTickets, type TicketInput } from '../../src/main/db/queries/ticketWrites'
import { randomTickets, rng, T0 } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'

const WORDS = ['payout', 'payment', 'payday', 'refund', 'card', 'declined', 'login', 'password', 'reset', 'café']

interface Doc {
  id: number
  status: string
  channel: string
  sensitive: boolean
  subject: string[]
  body: string[]
}

/** Writes tickets whose subject, description and comments are drawn from WORDS; returns each one's tokens. */
function seed(db: Db, n: number): Doc[] {
  const r = rng(5)
  const words = (k: number): string =>
    Array.from({ length: k }, () => WORDS[Math.floor(r() * WORDS.length)] as string).join(' ')
  const tickets: TicketInput[] = randomTickets(n, 3).map((t) => ({
    ...t,
    subject: `${words(2)}!`,
    description: words(3),
  }))
  upsertTickets(db, ensureSource(db, 'file', 'Fixture'), tickets)
  const addComment = db.prepare(
    "INSERT INTO ticket_comments (ticket_id, author_role, body, created_at) VALUES (?, 'agent', ?, 0)",
  )
  const rows = db.prepare('SELECT id, subject, description, status, channel, sensitive FROM tickets').all() as {
    id: number
    subject: string
    description: string
    status: string
    channel: string
    sensitive: number
  }[]
  return rows.map((row) => {
    const comments = Array.from({ length: Math.floor(r() * 3) }, () => words(2))
    for (const c of comments) addComment.run(row.id, c)
    return {
      id: row.id,
      status: row.status,
      channel: row.channel,
      sensitive: row.sensitive === 1,
      subject: searchTokens(row.subject),
      body: searchTokens([row.description, ...comments].join(' ')),
    }
  })
}

const has = (d: Doc, w: string): boolean => d.subject.includes(w) || d.body.includes(w)
const hasPrefix = (d: Doc, p: string): boolean => [...d.subject, ...d.body].some((t) => t.startsWith(p))
const hasPhrase = (d: Doc, a: string, b: string): boolean =>
  [d.subject, d.body].some((ts) => ts.some((t, i) => t === a && ts[i + 1] === b))

const CASES: [string, (d: Doc) => boolean][] = [
  ['refund', (d) => has(d, 'refund')],
  ['REFUND card', (d) => has(d, 'refund') && has(d, 'card')],
  ['pay*', (d) => hasPrefix(d, 'pay')],
  ['"card declined"', (d) => hasPhrase(d, 'card', 'declined')],
  ['login OR password', (d) => has(d, 'login') || has(d, 'password')],
  ['reset -login', (d) => has(d, 'reset') && !has(d, 'login')],
  ['reset NOT "card declined"', (d) => has(d, 'reset') && !hasPhrase(d, 'card', 'declined')],
  ['(login OR refund) cafe', (d) => (has(d, 'login') || has(d, 'refund')) && has(d, 'cafe')],
  ['nothing', () => false],
]

describe('full-text search against a reference implementation', () => {
  let db: Db
  let queries: TicketQueries
  let docs: Doc[]

  beforeAll(() => {
    db = openDatabase(path.join(tempDir(), 's.sqlite'))
    docs = seed(db, 400)
    queries = new TicketQueries(db, { idListMax: 50 })
  })
  afterAll(() => db.close())

  const filterSets: TicketFilters[] = [{}, { status: ['open', 'pending'] }, { channel: ['email'], status: ['solved'] }]

  for (const [text, pred] of CASES) {
    for (const base of filterSets) {
      it(`${text} with ${JSON.stringify(base)}: rows, order and count`, () => {
        const filters = { ...base, text }
        const expected = docs
          .filter((d) => !d.sensitive && pred(d))
          .filter((d) => !base.status || base.status.includes(d.status))
          .filter((d) => !base.channel || base.channel.includes(d.channel))
          .map((d) => d.id)
        expect(queries.count(filters)).toBe(expected.length)
        const got: number[] = []
        for (let start = 0; ; start += 37) {
          const page = queries.page({ filters, sort: { column: 'id', dir: 'asc' } }, start, 37)
          got.push(...page.rows.map((r) => r.id))
          if (page.last) break
        }
        expect(got).toEqual(expected.sort((a, b) => a - b))
      })
    }
  }

  it('facets and the volume trend honour the search', () => {
    const n = queries.count({ text: 'refund' })
    const facets = queries.facets({ text: 'refund' })
    expect(facets.status.reduce((a, f) => a + f.count, 0)).toBe(n)
    expect(queries.volume({ text: 'refund' }, 'channel', 'day', 'UTC').total).toBe(n)
    expect(n).toBeGreaterThan(0)
    expect(n).toBeLessThan(queries.count({}))
  })

  it('never finds a sensitive ticket by its text', () => {
    const sensitive = docs.find((d) => d.sensitive && d.subject.length > 0) as Doc
    const rows = queries.page({ filters: { text: sensitive.subject.join(' ') }, sort: DEFAULT_SORT }, 0, 1000).rows
    expect(rows.some((r) => r.id === sensitive.id)).toBe(false)
  })

  it('follows writes: edited subjects, new comments, deleted tickets', () => {
    const target = docs.find((d) => !d.sensitive) as Doc
    const find = (text: string): number[] => {
      queries.invalidate()
      return queries.page({ filters: { text }, sort: DEFAULT_SORT }, 0, 1000).rows.map((r) => r.id)
    }
    db.prepare("UPDATE tickets SET subject = 'zebra crossing' WHERE id = ?").run(target.id)
    expect(find('zebra')).toEqual([target.id])
    db.prepare(
      "INSERT INTO ticket_comments (ticket_id, author_role, body, created_at) VALUES (?, 'agent', 'quokka', 1)",
    ).run(target.id)
    expect(find('quokka zebra')).toEqual([target.id])
    db.prepare('DELETE FROM ticket_comments WHERE ticket_id = ? AND body = ?').run(target.id, 'quokka')
    expect(find('quokka')).toEqual([])
    db.prepare('DELETE FROM tickets WHERE id = ?').run(target.id)
    expect(find('zebra')).toEqual([])
    expect(queries.count({ text: 'zebra' })).toBe(0)
  })

  it('a bulk load rebuilds the index and restores the triggers', () => {
    // The index's own triggers (other migrations keep triggers of their own).
    const ftsTriggers = db.prepare(
      "SELECT count(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%fts%'",
    )
    dropSecondaryIndexes(db)
    expect(ftsTriggers.get()).toEqual({ n: 0 })
    createSecondaryIndexes(db)
    queries.invalidate()
    expect(queries.count({ text: 'refund' })).toBe(docs.filter((d) => !d.sensitive && has(d, 'refund')).length)
    expect(ftsTriggers.get()).toEqual({ n: 6 })
  })
})

describe('bad search syntax', () => {
  it('is invalid_input with the parser’s sentence, from every method that takes filters', async () => {
    const dispatch = createDispatcher({ 'tickets.count': () => ({ count: 1 }) } as unknown as Handlers)
    const res = await dispatch('tickets.count', { filters: { text: '"unclosed' } })
    expect(res.ok).toBe(false)
    if (!res.ok) {
      expect(res.error.code).toBe('invalid_input')
      expect(res.error.message).toContain('Unclosed quote at the start')
    }
    expect(
      contract['tickets.page'].input.safeParse({
        query: { filters: { text: 'a OR' }, sort: DEFAULT_SORT },
        startRow: 0,
        limit: 10,
      }).success,
    ).toBe(false)
    expect(contract['tickets.facets'].input.safeParse({ filters: { text: 'fine words' } }).success).toBe(true)
  })

  it('is refused by the SQL builder too, before any SQL runs', () => {
    expect(() => whereClause({ text: '(a' })).toThrow(SearchSyntaxError)
  })
})

describe('migration 2 on an existing v1 workspace', () => {
  it('indexes the tickets already there, and search works', () => {
    const file = path.join(tempDir(), 'v1.sqlite')
    const v1 = new Database(file)
    const m1 = MIGRATIONS[0]
    v1.exec(m1?.sql ?? '')
    v1.exec(m1?.indexes ?? '')
    v1.pragma('user_version = 1')
    v1.exec(`INSERT INTO sources (id, kind, name, created_at) VALUES (1, 'file', 'Old', 0);
      INSERT INTO tickets (id, source_id, external_id, subject, description, status, channel, created_at, updated_at)
        VALUES (1, 1, 'A', 'Payout missing', 'Where is it', 'open', 'email', 0, 0),
               (2, 1, 'B', 'Login loop', 'cannot sign in', 'open', 'email', 0, 0);
      INSERT INTO ticket_comments (ticket_id, author_role, body, created_at) VALUES (2, 'agent', 'Try a password reset', 0);`)
    v1.close()

    const db = openDatabase(file)
    try {
      const q = new TicketQueries(db)
      const ids = (text: string): number[] =>
        q.page({ filters: { text }, sort: DEFAULT_SORT }, 0, 10).rows.map((r) => r.id)
      expect(ids('payout')).toEqual([1])
      expect(ids('"password reset"')).toEqual([2])
      expect(ids('pay* OR login')).toEqual([2, 1])
      expect(q.count({ text: 'sign' })).toBe(1)
    } finally {
      db.close()
    }
  })
})

/** The rows a search should give, in the grid's order: (key, id) ascending or descending. */
function expectedOrder(
  rows: { id: number; created_at: number }[],
  sort: { column: 'createdAt' | 'id'; dir: 'asc' | 'desc' },
): number[] {
  const sign = sort.dir === 'asc' ? 1 : -1
  return [...rows]
    .sort((a, b) => sign * (sort.column === 'id' ? a.id - b.id : a.created_at - b.created_at || a.id - b.id))
    .map((r) => r.id)
}

describe('the first pages of a search, walked off the index', () => {
  let db: Db
  beforeAll(() => {
    db = openDatabase(path.join(tempDir(), 'walk.sqlite'))
    // 3,400 tickets, ids in no particular creation order, creation times on whole days so ties are common.
    const r = rng(11)
    const tickets: TicketInput[] = randomTickets(3_400, 9).map((t, i) => ({
      ...t,
      createdAt: T0 + Math.floor(r() * 40) * 86_400_000,
      subject: i % 10 === 0 ? 'Unrelated' : `Account review ${i}`,
      description: i % 3 === 0 ? 'please review my account' : 'nothing to see',
    }))
    upsertTickets(db, ensureSource(db, 'file', 'Walk'), tickets)
  })
  afterAll(() => db.close())

  const reference = (text: string, extra = '1'): { id: number; created_at: number }[] => {
    const match = parseSearch(text)
    if (!match.ok || match.match === null) throw new Error('bad search')
    return db
      .prepare(
        `SELECT id, created_at FROM tickets WHERE sensitive = 0 AND ${extra}
         AND id IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?)`,
      )
      .all(match.match) as { id: number; created_at: number }[]
  }

  const sorts = [
    { column: 'createdAt', dir: 'desc' },
    { column: 'createdAt', dir: 'asc' },
    { column: 'id', dir: 'desc' },
    { column: 'id', dir: 'asc' },
  ] as const

  for (const sort of sorts) {
    it(`pages every hit in ${sort.column} ${sort.dir} order, past the walked pages into the pager's`, () => {
      const expected = expectedOrder(reference('account review'), sort)
      expect(expected.length).toBeGreaterThan(STREAM_MAX_ROWS)
      const queries = new TicketQueries(db)
      const got: number[] = []
      for (let start = 0; ; start += 300) {
        const page = queries.page({ filters: { text: 'account review' }, sort }, start, 300)
        got.push(...page.rows.map((r) => r.id))
        if (page.last) break
      }
      expect(got).toEqual(expected)
      expect(queries.count({ text: 'account review' })).toBe(expected.length)
    })
  }

  it('gives the same pages walking the index as paging the materialised hits, under other filters too', () => {
    const filters = { text: 'review', channel: ['email'] }
    const expected = expectedOrder(reference('review', "channel = 'email'"), DEFAULT_SORT_WALK)
    const walked = new TicketQueries(db)
    const paged = new TicketQueries(db)
    // A count under filters materialises the hits, which switches that query object to the keyset pager.
    expect(paged.count(filters)).toBe(expected.length)
    for (const start of [0, 100, 1_000]) {
      const a = walked.page({ filters, sort: DEFAULT_SORT }, start, 100).rows.map((r) => r.id)
      const b = paged.page({ filters, sort: DEFAULT_SORT }, start, 100).rows.map((r) => r.id)
      expect(a).toEqual(expected.slice(start, start + 100))
      expect(b).toEqual(a)
    }
  })

  it('proves its page however ids and creation times disagree, or gives up past its budget', () => {
    const match = parseSearch('account').ok ? '"account"' : ''
    const expected = expectedOrder(reference('account'), DEFAULT_SORT_WALK)
    const full = streamSearchPage(db, match, { sql: '1', params: [] }, DEFAULT_SORT, 0, 50)
    expect(full?.ids).toEqual(expected.slice(0, 50))
    expect(full?.last).toBe(false)
    // Ids here are in no creation order, so 60 hits can never prove the newest 50 of 2,000.
    expect(streamSearchPage(db, match, { sql: '1', params: [] }, DEFAULT_SORT, 0, 50, 60)).toBeNull()
    // In id order there is nothing to prove.
    const byId = streamSearchPage(db, match, { sql: '1', params: [] }, { column: 'id', dir: 'desc' }, 0, 50, 60)
    expect(byId?.ids).toEqual(expectedOrder(reference('account'), { column: 'id', dir: 'desc' }).slice(0, 50))
  })

  it('never returns deleted or sensitive tickets, and counts without them', () => {
    const queries = new TicketQueries(db)
    const before = expectedOrder(reference('account review'), DEFAULT_SORT_WALK)
    const [gone, hidden] = before as [number, number]
    db.prepare('DELETE FROM tickets WHERE id = ?').run(gone)
    db.prepare('UPDATE tickets SET sensitive = 1 WHERE id = ?').run(hidden)
    queries.invalidate()
    const page = queries.page({ filters: { text: 'account review' }, sort: DEFAULT_SORT }, 0, 100)
    const ids = page.rows.map((r) => r.id)
    expect(ids).not.toContain(gone)
    expect(ids).not.toContain(hidden)
    expect(ids).toEqual(before.slice(2, 102))
    expect(queries.count({ text: 'account review' })).toBe(before.length - 2)
  })

  it('carries an excerpt with the match on every row, none on a sensitive one, none without a search', () => {
    const queries = new TicketQueries(db)
    const rows = queries.page({ filters: { text: '"review my"' }, sort: DEFAULT_SORT }, 0, 50).rows
    expect(rows.length).toBe(50)
    for (const row of rows) {
      expect(row.snippet).toEqual({ from: 'description', text: 'please review my account' })
    }
    const words = queries.page({ filters: { text: 'account review' }, sort: DEFAULT_SORT }, 0, 50).rows
    // Both words in the excerpt: from the description when it holds both, else the subject that does.
    for (const row of words) {
      expect(row.snippet?.text).toMatch(/\baccount\b.*\breview\b|\breview\b.*\baccount\b/i)
      expect(row.snippet?.from).toBe(row.snippet?.text === 'please review my account' ? 'description' : 'subject')
    }
    expect(queries.page({ filters: {}, sort: DEFAULT_SORT }, 0, 20).rows.every((r) => r.snippet === undefined)).toBe(
      true,
    )
    const sensitive = queries
      .page({ filters: { text: 'unrelated' }, sort: DEFAULT_SORT }, 0, 1000)
      .rows.filter((r) => r.sensitive)
    expect(sensitive).toEqual([])
  })
})

const DEFAULT_SORT_WALK = { column: 'createdAt', dir: 'desc' } as const
