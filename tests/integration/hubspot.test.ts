import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createBackend } from '../../src/main/app/backend'
import { openDatabase } from '../../src/main/db/connection'
import { ensureSource } from '../../src/main/db/queries/ticketWrites'
import { runSync } from '../../src/main/sync/engine'
import { createHubSpotConnector, type HubSpotConfig } from '../../src/main/sync/hubspot/connector'
import { ConnectorError, type Connector, type SyncPage } from '../../src/main/sync/types'
import type { FieldMapping, SourceSummary } from '../../src/shared/api/methods/sources'
import { engagementsOf, HubSpotFake, type FakeTicket, type HubSpotFakeOptions } from '../fakes/hubspotServer'
import { tempDir } from '../helpers/tmp'

const open: { close(): Promise<void> | void }[] = []
afterEach(async () => {
  while (open.length) await open.pop()?.close()
})

const FAST = { baseBackoffMs: 1, maxBackoffMs: 5, maxRetries: 3, timeoutMs: 10_000, maxRetryAfterMs: 2_000 }
const TOKEN = 'pat-na1-fake-token-0001'

async function fake(options: HubSpotFakeOptions = {}): Promise<HubSpotFake> {
  const f = new HubSpotFake({ token: TOKEN, ...options })
  await f.start()
  open.push(f)
  return f
}

function connector(f: HubSpotFake, config: Partial<HubSpotConfig> = {}, now?: () => number): Connector {
  return createHubSpotConnector(
    { baseUrl: f.url, credentials: { accessToken: TOKEN }, searchIntervalMs: 0, http: FAST, ...config },
    { now },
  )
}

async function drain(c: Connector, cursor: string | null = null): Promise<{ pages: SyncPage[]; cursor: string }> {
  const pages: SyncPage[] = []
  for await (const p of c.pages({ cursor, signal: new AbortController().signal })) pages.push(p)
  const last = pages.at(-1)
  if (!last?.done) throw new Error('the run did not end with a done page')
  return { pages, cursor: last.cursor }
}

const ids = (pages: SyncPage[]) => pages.flatMap((p) => p.tickets.map((t) => t.ticket.externalId))
const failure = async (p: Promise<unknown>): Promise<ConnectorError> => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(err instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(err)}`)
  return err
}
const searches = (f: HubSpotFake) =>
  f.requests
    .filter((r) => r.path === '/crm/v3/objects/tickets/search')
    .map(
      (r) =>
        r.body as {
          after?: string
          filterGroups: { filters: { operator: string; value: string; propertyName: string }[] }[]
        },
    )

describe('HubSpot connector against the loopback server', () => {
  it('searches hs_lastmodifieddate ascending, 200 a page, and maps stages, priorities, sources and durations', async () => {
    const f = await fake({ tickets: 1_234 })
    const { pages, cursor } = await drain(connector(f))
    const got = ids(pages)
    expect(got).toHaveLength(1_234)
    expect(new Set(got).size).toBe(1_234)
    expect(pages[0]?.totalHint).toBe(1_234)
    const first = f.requests.find((r) => r.path.endsWith('/search'))?.body
    expect(first).toMatchObject({
      filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: '0' }] }],
      sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
      limit: 200,
    })
    expect(searches(f).map((s) => s.after ?? null)).toEqual([null, '200', '400', '600', '800', '1000', '1200'])
    const newest = Math.max(...f.live().map((t) => Date.parse(t.properties.hs_lastmodifieddate as string)))
    expect(JSON.parse(cursor)).toMatchObject({ v: 1, modified: newest })

    const byId = new Map(pages.flatMap((p) => p.tickets.map((t) => [t.ticket.externalId, t.ticket] as const)))
    for (const t of f.live().slice(0, 200)) {
      const mapped = byId.get(String(t.id))
      const p = t.properties
      const closed = p.hs_pipeline_stage === '4' || p.hs_pipeline_stage === '702'
      expect(mapped?.status).toBe(
        (
          { '1': 'new', '2': 'pending', '3': 'open', '4': 'closed', '701': 'open', '702': 'closed' } as Record<
            string,
            string
          >
        )[p.hs_pipeline_stage as string],
      )
      expect(mapped?.priority).toBe(
        p.hs_ticket_priority
          ? { LOW: 'low', MEDIUM: 'normal', HIGH: 'high', URGENT: 'urgent' }[p.hs_ticket_priority]
          : null,
      )
      expect(mapped?.channel).toBe(
        { EMAIL: 'email', CHAT: 'in_app', PHONE: 'phone', FORM: 'web_form', FACEBOOK: 'FACEBOOK' }[
          p.source_type as string
        ],
      )
      expect(mapped?.fullResolutionMinutes).toBe(closed ? Math.round(Number(p.time_to_close) / 60_000) : null)
      expect(mapped?.solvedAt).toBe(
        closed ? Number(/^\d+$/.test(p.closed_date ?? '') ? p.closed_date : Date.parse(p.closed_date as string)) : null,
      )
      expect(mapped?.firstReplyMinutes).toBe(
        p.time_to_first_agent_reply ? Math.round(Number(p.time_to_first_agent_reply) / 60_000) : null,
      )
    }
  })

  it('crosses the 10,000-result cap of search with 12,345 tickets: nothing lost, nothing twice', async () => {
    const f = await fake({ tickets: 12_345, seed: 5 })
    const { pages } = await drain(connector(f))
    const got = ids(pages)
    expect(new Set(got).size).toBe(got.length)
    expect(got).toHaveLength(12_345)
    // The restart is a fresh query (no `after`) from a later GTE watermark, never a request past 10,000.
    const s = searches(f)
    expect(s.every((x) => Number(x.after ?? 0) < 10_000)).toBe(true)
    const restarts = s.filter((x, i) => i > 0 && x.after === undefined)
    expect(restarts).toHaveLength(1)
    expect(Number(restarts[0]?.filterGroups[0]?.filters[0]?.value)).toBeGreaterThan(0)
  })

  it('restarts on the 400 past the cap, and drains a millisecond too crowded to page through by id', async () => {
    // A portal whose search stops at 400 results, and 450 tickets written in the same millisecond.
    const f = await fake({ tickets: 1_000, searchCap: 400, sameMillisecond: 450 })
    const { pages } = await drain(connector(f, { perPage: 100 }))
    const got = ids(pages)
    expect(new Set(got).size).toBe(got.length)
    expect(got.sort()).toEqual(
      f
        .live()
        .map((t) => String(t.id))
        .sort(),
    )
    const tie = searches(f).find((x) => x.filterGroups[0]?.filters.some((g) => g.propertyName === 'hs_object_id'))
    expect(tie?.filterGroups[0]?.filters.map((g) => g.operator)).toEqual(['EQ', 'GT'])
  })

  it('fetches what changed since the watermark (with overlap) and applies archived tickets as deletes', async () => {
    const f = await fake({ tickets: 250 })
    const now = Date.now()
    // The first run started 20 s ago; the archivals happened 10 s ago, between the runs.
    const first = await drain(connector(f, {}, () => now - 20_000))
    expect(first.pages.flatMap((p) => p.deletes)).toEqual([])
    f.update(1001, { subject: 'Changed' }, now - 2_000)
    f.archive(1002, now - 10_000)
    f.archive(1003, now - 10_000)
    const second = await drain(
      connector(f, {}, () => now),
      first.cursor,
    )
    expect(ids(second.pages)).toContain('1001')
    expect(ids(second.pages).length).toBeLessThan(20)
    expect(second.pages.flatMap((p) => p.deletes).sort()).toEqual(['1002', '1003'])
    const gte = Number(searches(f).at(-1)?.filterGroups[0]?.filters[0]?.value)
    expect(gte).toBe((JSON.parse(first.cursor).modified as number) - 5_000)
    expect(
      f.requests.some((r) => r.path.startsWith('/crm/v3/objects/tickets?') && r.path.includes('archived=true')),
    ).toBe(true)

    // Archivals already applied (older than the 5 s overlap) are not sent again.
    const third = await drain(
      connector(f, {}, () => now + 1_000),
      second.cursor,
    )
    expect(third.pages.flatMap((p) => p.deletes)).toEqual([])
  })

  it('still applies archivals that happened while a first run was cut short', async () => {
    const f = await fake({ tickets: 500 })
    const now = Date.now()
    let cursor: string | null = null
    for await (const p of connector(f, {}, () => now - 60_000).pages({
      cursor: null,
      signal: new AbortController().signal,
    })) {
      cursor = p.cursor
      break
    }
    f.archive(1001, now - 30_000)
    const second = await drain(
      connector(f, {}, () => now),
      cursor,
    )
    expect(second.pages.flatMap((p) => p.deletes)).toEqual(['1001'])
  })

  it('waits out the ten-secondly limit, stops at once on the daily one', async () => {
    const f = await fake({ tickets: 30 })
    f.faults.rateLimit = { policy: 'TEN_SECONDLY_ROLLING', times: 2, retryAfter: '0' }
    expect(ids((await drain(connector(f))).pages)).toHaveLength(30)

    f.faults.rateLimit = { policy: 'DAILY', times: 5 }
    const before = f.requests.length
    const err = await failure(drain(connector(f)))
    expect(err.kind).toBe('rate_limited')
    expect(err.message).toMatch(/daily API limit/)
    expect(f.requests.length - before).toBe(1)
  })

  it('treats 401 INVALID_AUTHENTICATION as refused credentials, with no token in the sentence', async () => {
    const f = await fake({ tickets: 3 })
    f.faults.echoToken = true
    const secret = 'pat-na1-wrong-token-9999'
    const err = await failure(connector(f, { credentials: { accessToken: secret } }).test(new AbortController().signal))
    expect(err.kind).toBe('auth')
    expect(err.message).toContain('INVALID_AUTHENTICATION')
    expect(err.message).not.toContain(secret)
    const none = await failure(connector(f, { credentials: {} }).test(new AbortController().signal))
    expect(none).toMatchObject({
      kind: 'auth',
      message: 'Enter the private app (or OAuth) access token for this HubSpot source.',
    })
    expect(await connector(f).test(new AbortController().signal)).toEqual({
      detail: expect.stringMatching(/^Connected to 127\.0\.0\.1:\d+; tickets are readable\.$/),
    })
    expect(f.requests.at(-1)?.path).toBe('/crm/v3/objects/tickets?limit=1')
  })

  it('quarantines unreadable tickets with the reason and keeps the rest of the page', async () => {
    const f = await fake({ tickets: 12 })
    ;(f.tickets.get(1002) as { raw?: Record<string, unknown> }).raw = { id: null }
    ;(f.tickets.get(1004) as { raw?: Record<string, unknown> }).raw = { properties: { createdate: 'last Tuesday' } }
    ;(f.tickets.get(1006) as { raw?: Record<string, unknown> }).raw = { properties: { time_to_close: 12 } }
    const { pages } = await drain(connector(f))
    expect(pages.flatMap((p) => p.quarantined).map((q) => [q.externalId, q.reason])).toEqual([
      [null, 'The ticket has no numeric id.'],
      ['1004', 'createdate is not a date ("last Tuesday").'],
      ['1006', 'time_to_close should be a string but is 12.'],
    ])
    expect(ids(pages)).toHaveLength(9)
  })
})

describe('HubSpot through the sync engine', () => {
  it('syncs 12,345 tickets across the search cap into the cache; a replay writes nothing', async () => {
    const f = await fake({ tickets: 12_345, seed: 9 })
    const db = openDatabase(path.join(tempDir('owb-hs-'), 'w.sqlite'))
    open.push({ close: () => void db.close() })
    const sourceId = ensureSource(db, 'hubspot', 'Acme HubSpot')
    const count = (): number => (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n
    const sync = (c: Connector) =>
      runSync({ db, sourceId, connector: c, trigger: 'cli', signal: new AbortController().signal })
    expect(await sync(connector(f))).toMatchObject({ outcome: 'done', tickets: 12_345, quarantined: 0 })
    expect(count()).toBe(12_345)

    f.archive(1500, Date.now() - 1_000)
    expect(await sync(connector(f))).toMatchObject({ outcome: 'done', tickets: 0, deletes: 1 })
    expect(count()).toBe(12_344)
    expect(await sync(connector(f))).toMatchObject({ outcome: 'done', tickets: 0, deletes: 0 })
  })

  it('caches each ticket thread: associated notes, emails and communications, oldest first, as text', async () => {
    const f = await fake({ tickets: 450 })
    const db = openDatabase(path.join(tempDir('owb-hs-'), 'w.sqlite'))
    open.push({ close: () => void db.close() })
    const sourceId = ensureSource(db, 'hubspot', 'Acme HubSpot')
    const sync = (c: Connector) =>
      runSync({ db, sourceId, connector: c, trigger: 'cli', signal: new AbortController().signal })
    expect(await sync(connector(f))).toMatchObject({ outcome: 'done', tickets: 450 })
    const thread = db.prepare(
      `SELECT c.external_id AS id, c.author_role AS role, c.public, c.body FROM ticket_comments c
       JOIN tickets t ON t.id = c.ticket_id WHERE t.external_id = ? ORDER BY c.created_at, c.external_id`,
    )
    let expected = 0
    for (const t of f.tickets.values()) {
      const e = engagementsOf(t)
      const want = [
        ...e.notes.map((x) => `note:${x.id}`),
        ...e.emails.map((x) => `email:${x.id}`),
        ...e.communications.map((x) => `communication:${x.id}`),
      ]
      expected += want.length
      expect((thread.all(String(t.id)) as { id: string }[]).map((r) => r.id).sort()).toEqual(want.sort())
    }
    expect(expected).toBeGreaterThan(400)
    // Ticket 1016: two notes (internal, HTML stripped) and none of the other kinds; 1015: a note, an incoming email, a WhatsApp message.
    expect(thread.all('1016')).toEqual([
      { id: 'note:101600', role: 'agent', public: 0, body: 'Note 1 on ticket 1016' },
      { id: 'note:101601', role: 'agent', public: 0, body: 'Note 2 on ticket 1016' },
    ])
    expect(thread.all('1015')).toEqual([
      { id: 'note:101500', role: 'agent', public: 0, body: 'Note 1 on ticket 1015' },
      { id: 'email:101510', role: 'requester', public: 1, body: 'Email 1 & more about ticket 1015' },
      { id: 'communication:101520', role: 'agent', public: 1, body: 'WhatsApp about ticket 1015' },
    ])
    // Per page of 200 tickets: one association read per type, object reads of at most 100.
    const reads = f.requests.filter((r) => r.path.includes('/batch/read'))
    expect(reads.every((r) => ((r.body as { inputs: unknown[] }).inputs.length ?? 0) <= 1000)).toBe(true)
    expect(reads.filter((r) => r.path.startsWith('/crm/v4/associations/tickets/notes/'))).toHaveLength(3)
    const total = () => (db.prepare('SELECT count(*) AS n FROM ticket_comments').get() as { n: number }).n
    expect(total()).toBe(expected)
    await sync(connector(f))
    expect(total()).toBe(expected)
  })

  it('follows association paging: a ticket with more than 500 notes keeps every one', async () => {
    const f = await fake({ tickets: 30 })
    const long = f.tickets.get(1016) as FakeTicket
    long.noteCount = 1_234
    const db = openDatabase(path.join(tempDir('owb-hs-'), 'w.sqlite'))
    open.push({ close: () => void db.close() })
    const sourceId = ensureSource(db, 'hubspot', 'Acme HubSpot')
    const sync = () =>
      runSync({ db, sourceId, connector: connector(f), trigger: 'cli', signal: new AbortController().signal })
    expect(await sync()).toMatchObject({ outcome: 'done', tickets: 30 })
    const notesOf = (id: string) =>
      (
        db
          .prepare(
            `SELECT count(*) AS n FROM ticket_comments c JOIN tickets t ON t.id = c.ticket_id
             WHERE t.external_id = ? AND c.external_id LIKE 'note:%'`,
          )
          .get(id) as { n: number }
      ).n
    expect(notesOf('1016')).toBe(1_234)
    expect(notesOf('1017')).toBe(1017 % 3)
    // Three association pages for that ticket: the first with the others, then two asked with the tokens it got.
    const paged = f.requests
      .filter((r) => r.path === '/crm/v4/associations/tickets/notes/batch/read')
      .map((r) => (r.body as { inputs: { id: string; after?: string }[] }).inputs)
    expect(paged.length).toBe(3)
    expect(paged.slice(1).map((inputs) => inputs.map((i) => i.id))).toEqual([['1016'], ['1016']])
    expect(paged.slice(1).every((inputs) => typeof inputs[0]?.after === 'string')).toBe(true)
  })

  it('is registered: a HubSpot source added through the API syncs from the Sources machinery', async () => {
    const f = await fake({ tickets: 120 })
    const backend = await createBackend({
      dataDir: tempDir('owb-hs-api-'),
      transport: 'cli',
      noDemo: true,
      allowLoopback: true,
      sync: { perPage: 100, http: FAST },
    })
    open.push({ close: () => backend.close() })
    const added = await backend.dispatch('sources.add', {
      kind: 'hubspot',
      name: 'Acme HubSpot',
      baseUrl: f.url,
      scheduleMinutes: 0,
      credentials: { accessToken: TOKEN },
      acceptPlainText: true,
    })
    if (!added.ok) throw new Error(added.error.message)
    const source = added.value as SourceSummary
    const result = await backend.sync.start(source.id, 'cli').done
    expect(result).toMatchObject({ outcome: 'done', tickets: 120 })

    // An edited priority mapping reaches the cached tickets once the source is read again from the start.
    const db = backend.manager.require().db
    const priorities = () =>
      db
        .prepare('SELECT DISTINCT priority FROM tickets WHERE external_id IN (SELECT value FROM json_each(?))')
        .all(
          JSON.stringify(
            [...f.tickets.values()]
              .filter((t) => t.properties.hs_ticket_priority === 'MEDIUM')
              .map((t) => String(t.id)),
          ),
        )
        .map((r) => (r as { priority: string }).priority)
    expect(priorities()).toEqual(['normal'])
    const loaded = await backend.dispatch('sources.mapping', { id: source.id })
    if (!loaded.ok) throw new Error(loaded.error.message)
    const { mapping } = loaded.value as { mapping: FieldMapping }
    const vendor = mapping.vendor!
    const set = await backend.dispatch('sources.setMapping', {
      id: source.id,
      mapping: { ...mapping, vendor: { ...vendor, priorityValues: { ...vendor.priorityValues, MEDIUM: 'high' } } },
    })
    expect(set.ok).toBe(true)
    expect(await backend.sync.start(source.id, 'manual', { fromStart: true }).done).toMatchObject({
      outcome: 'done',
      tickets: 120,
    })
    expect(priorities()).toEqual(['high'])
  })
})
