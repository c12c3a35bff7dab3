import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createBackend } from '../../src/main/app/backend'
import { openDatabase, type Db } from '../../src/main/db/connection'
import { ensureSource } from '../../src/main/db/queries/ticketWrites'
import { runSync } from '../../src/main/sync/engine'
import { createSalesforceConnector, type SalesforceConfig } from '../../src/main/sync/salesforce/connector'
import { ConnectorError, type Connector, type SyncPage } from '../../src/main/sync/types'
import type { FieldMapping, SourceSummary } from '../../src/shared/api/methods/sources'
import { SalesforceFake, type SalesforceFakeOptions } from '../fakes/salesforceServer'
import { tempDir } from '../helpers/tmp'

const open: { close(): Promise<void> | void }[] = []
afterEach(async () => {
  while (open.length) await open.pop()?.close()
})

const FAST = { baseBackoffMs: 1, maxBackoffMs: 5, maxRetries: 3, timeoutMs: 5_000, maxRetryAfterMs: 2_000 }

async function fake(options: SalesforceFakeOptions = {}): Promise<SalesforceFake> {
  const f = new SalesforceFake(options)
  await f.start()
  open.push(f)
  return f
}

function connector(f: SalesforceFake, config: Partial<SalesforceConfig> = {}): Connector {
  return createSalesforceConnector({
    baseUrl: f.url,
    credentials: { clientId: 'fake-client-id', clientSecret: 'fake-client-secret-123' },
    http: FAST,
    ...config,
  })
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

describe('Salesforce connector against the loopback server', () => {
  it('signs in, pages through nextRecordsUrl batches in (SystemModstamp, Id) order and keeps the watermark', async () => {
    const f = await fake({ cases: 2_345 })
    const { pages, cursor } = await drain(connector(f, { batchSize: 500 }))
    const got = ids(pages)
    expect(got).toHaveLength(2_345)
    expect(new Set(got).size).toBe(2_345)
    expect(pages[0]?.totalHint).toBe(2_345)
    const newest = [...f.cases.values()]
      .sort((a, b) => a.SystemModstamp - b.SystemModstamp || (a.Id < b.Id ? -1 : 1))
      .at(-1)
    expect(JSON.parse(cursor)).toMatchObject({ v: 1, modstamp: newest?.SystemModstamp, id: newest?.Id })
    const queries = f.requests.filter((r) => r.path.includes('/query'))
    expect(queries).toHaveLength(5)
    expect(decodeURIComponent(queries[0]?.path ?? '')).toMatch(
      /FROM Case WHERE SystemModstamp >= 1970-01-01T00:00:00Z ORDER BY SystemModstamp, Id$/,
    )
    expect(queries.slice(1).every((q) => /^\/services\/data\/v60\.0\/query\/01g/.test(q.path))).toBe(true)
    expect(f.requests.filter((r) => r.path === '/services/oauth2/token')).toHaveLength(1)
  })

  it('fetches only what changed since the watermark, with deletes from the deleted endpoint', async () => {
    const f = await fake({ cases: 300 })
    const first = await drain(connector(f))
    expect(first.pages.flatMap((p) => p.deletes)).toEqual([])
    const [a, b, c] = [...f.cases.keys()]
    const now = Date.now()
    f.update(a as string, { Status: 'Closed', ClosedDate: now - 3_000, IsClosed: true }, now - 3_000)
    f.delete(b as string, now - 2_000)
    f.delete(c as string, now - 2_000)
    const added = f.add(4).map((x) => x.Id)
    const second = await drain(connector(f), first.cursor)
    // Everything changed is there; the rest is the overlap (60 s before the watermark) re-read, nothing older.
    expect(ids(second.pages)).toEqual(expect.arrayContaining([a, ...added]))
    const watermark = JSON.parse(first.cursor).modstamp as number
    const rereads = ids(second.pages).filter((id) => id !== a && !added.includes(id))
    expect(
      rereads.every((id) => (f.cases.get(id)?.SystemModstamp ?? 0) >= Math.floor((watermark - 60_000) / 1000) * 1000),
    ).toBe(true)
    expect(rereads.length).toBeLessThan(f.cases.size / 2)
    expect(second.pages.flatMap((p) => p.deletes).sort()).toEqual([b, c].sort())
    const deleted = f.requests.find((r) => r.path.includes('/sobjects/Case/deleted/'))
    expect(deleted?.path).toMatch(/start=\d{4}-.*Z&end=\d{4}-.*Z/)
    // The next run's delete window starts where Salesforce says this one is covered (latestDateCovered, a minute).
    const until = JSON.parse(second.cursor).deletesUntil as number
    expect(until % 60_000).toBe(0)
    expect(until).toBeGreaterThan((JSON.parse(first.cursor).deletesUntil as number) - 60_000)
  })

  it('resumes from the watermark when the query locator expires, losing and repeating nothing', async () => {
    const f = await fake({ cases: 1_500 })
    f.faults.invalidLocatorAt = [2, 4]
    const { pages } = await drain(connector(f, { batchSize: 200 }))
    const got = ids(pages)
    expect(new Set(got).size).toBe(got.length)
    expect(got).toHaveLength(1_500)
    const fresh = f.requests.filter((r) => /\/query\?q=/.test(r.path))
    expect(fresh).toHaveLength(3)
  })

  it('refreshes an expired session once and carries on; refused credentials are an auth error', async () => {
    const f = await fake({ cases: 900 })
    const c = connector(f, { batchSize: 200 })
    const iter = c.pages({ cursor: null, signal: new AbortController().signal })[Symbol.asyncIterator]()
    const firstPage = await iter.next()
    expect(firstPage.value?.tickets).toHaveLength(200)
    f.faults.expireSessions = true
    let n = firstPage.value?.tickets.length ?? 0
    for (let r = await iter.next(); !r.done; r = await iter.next()) n += r.value.tickets.length
    expect(n).toBe(900)
    expect(f.tokensIssued).toHaveLength(2)

    const none = await failure(connector(f, { credentials: {} }).test(new AbortController().signal))
    expect(none).toMatchObject({
      kind: 'auth',
      message: expect.stringMatching(/^Enter the connected app’s consumer key/),
    })

    const bad = connector(f, { credentials: { clientId: 'fake-client-id', clientSecret: 'wrong-secret-value' } })
    const err = await failure(bad.test(new AbortController().signal))
    expect(err.kind).toBe('auth')
    expect(err.message).toContain('invalid_grant')
    expect(err.message).not.toContain('wrong-secret-value')
  })

  it('answers the connection test with a sentence after one cheap query', async () => {
    const f = await fake({ cases: 3 })
    const { detail } = await connector(f).test(new AbortController().signal)
    expect(detail).toMatch(/^Connected to 127\.0\.0\.1:\d+; cases are readable\. API usage today: 1\/5000\.$/)
    expect(decodeURIComponent(f.requests.at(-1)?.path ?? '')).toContain('SELECT Id FROM Case LIMIT 1')
  })

  it('stops on the daily quota without signing in again, and retries 503 with backoff', async () => {
    const f = await fake({ cases: 10 })
    f.faults.unavailable = 2
    expect(ids((await drain(connector(f))).pages)).toHaveLength(10)

    f.faults.limitExceeded = true
    const before = f.tokensIssued.length
    const err = await failure(drain(connector(f)))
    expect(err.kind).toBe('rate_limited')
    expect(err.message).toMatch(/daily API requests \(api-usage=\d+\/5000\)/)
    expect(f.tokensIssued.length).toBe(before + 1)
  })

  it('quarantines unreadable cases with the reason and keeps the rest of the batch', async () => {
    const f = await fake({ cases: 20 })
    const list = [...f.cases.values()]
    ;(list[3] as (typeof list)[number]).extra.Id = null
    ;(list[5] as (typeof list)[number]).extra.CreatedDate = 'yesterday'
    ;(list[7] as (typeof list)[number]).extra.Subject = 42
    const { pages } = await drain(connector(f))
    const q = pages.flatMap((p) => p.quarantined)
    expect(q.map((x) => x.reason)).toEqual([
      'The case has no valid Id (15 or 18 letters and digits).',
      'CreatedDate is not a date ("yesterday").',
      'Subject should be text but is 42.',
    ])
    expect(q[1]?.externalId).toBe(list[5]?.Id)
    expect(q[1]?.raw).toContain('"yesterday"')
    expect(ids(pages)).toHaveLength(17)
  })

  it('never lets a token into an error, and refuses an instance_url that would carry it over plain http', async () => {
    const f = await fake({ cases: 1 })
    f.faults.echoToken = true
    const token = 'session-token-that-must-not-leak'
    const c = connector(f, { credentials: { accessToken: token } })
    const err = await failure(drain(c))
    expect(err.kind).toBe('auth')
    expect(err.message).toContain('INVALID_SESSION_ID')
    expect(err.message).not.toContain(token)
    expect(err.message).toContain('[redacted]')

    f.instanceUrl = 'http://evil.example.com'
    const queriesBefore = f.requests.filter((r) => r.path.includes('/query')).length
    const err2 = await failure(drain(connector(f)))
    expect(err2.kind).toBe('protocol')
    expect(err2.message).toContain('only sent over https')
    expect(f.requests.filter((r) => r.path.includes('/query'))).toHaveLength(queriesBefore)
  })
})

describe('Salesforce run state', () => {
  it('talks to the instance named in the token answer, not the login URL', async () => {
    const login = await fake({ cases: 0 })
    const instance = await fake({ cases: 7 })
    instance.sessions = login.sessions
    login.instanceUrl = instance.url
    const { pages } = await drain(connector(login))
    expect(ids(pages)).toHaveLength(7)
    expect(login.requests.map((r) => r.path)).toEqual(['/services/oauth2/token'])
    expect(instance.requests.every((r) => r.path.startsWith('/services/data/v60.0/'))).toBe(true)
  })

  it('still applies deletions that happened while a first run was cut short', async () => {
    const f = await fake({ cases: 600 })
    const now = Date.now()
    // The first run started a minute ago and stopped after its first batch (a kill, a cancel).
    const c1 = createSalesforceConnector(
      {
        baseUrl: f.url,
        credentials: { clientId: 'fake-client-id', clientSecret: 'fake-client-secret-123' },
        batchSize: 200,
        http: FAST,
      },
      { now: () => now - 60_000 },
    )
    let cursor: string | null = null
    const seen = new Set<string>()
    for await (const p of c1.pages({ cursor: null, signal: new AbortController().signal })) {
      cursor = p.cursor
      for (const id of ids([p])) seen.add(id)
      break
    }
    const victim = [...f.cases.keys()][0] as string
    f.delete(victim, now - 30_000)
    const second = await drain(connector(f), cursor)
    expect(second.pages.flatMap((p) => p.deletes)).toEqual([victim])
    for (const id of ids(second.pages)) seen.add(id)
    expect(f.live().every((c) => seen.has(c.Id))).toBe(true)
  })

  it('says in the log when Salesforce no longer lists deletions from before the last sync', async () => {
    const f = await fake({ cases: 1 })
    const logs: string[] = []
    f.earliestDateAvailable = Date.now() - 86_400_000
    const stale = JSON.stringify({ v: 1, modstamp: null, id: null, deletesUntil: Date.now() - 20 * 86_400_000 })
    await drain(connector(f, { http: { ...FAST, log: (l) => logs.push(l) } }), stale)
    expect(logs.some((l) => /deletions between .* are no longer listed; every cached case id is checked/.test(l))).toBe(
      true,
    )
  })

  it('turns an unknown mapped field into a sentence about the mapping, and a damaged cursor into a config error', async () => {
    const f = await fake({ cases: 1 })
    const err = await failure(drain(connector(f, { salesforceMapping: { regionField: 'Regionn' } })))
    expect(err.kind).toBe('config')
    expect(err.message).toContain("No such column 'Regionn' on entity 'Case'")
    expect(err.message).toContain('Fix the field mapping of this source.')
    const bad = await failure(drain(connector(f), '{"v":2}'))
    expect(bad.message).toMatch(/sync position is not readable/)
  })
})

describe('Salesforce through the sync engine', () => {
  function workspace(): { db: Db; sourceId: number } {
    const db = openDatabase(path.join(tempDir('owb-sf-'), 'w.sqlite'))
    open.push({ close: () => void db.close() })
    return { db, sourceId: ensureSource(db, 'salesforce', 'Acme Salesforce') }
  }
  const sync = (db: Db, sourceId: number, c: Connector) =>
    runSync({ db, sourceId, connector: c, trigger: 'cli', signal: new AbortController().signal })
  const count = (db: Db) => (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n

  it('fills the cache through an expired query locator, applies deletes, and a replay changes nothing', async () => {
    const f = await fake({ cases: 2_100 })
    // The locator of the second batch has expired: the run resumes from the watermark instead of failing.
    f.faults.invalidLocatorAt = [1]
    const { db, sourceId } = workspace()
    const r1 = await sync(db, sourceId, connector(f))
    expect(r1).toMatchObject({ outcome: 'done', tickets: 2_100, deletes: 0, quarantined: 0 })
    expect(count(db)).toBe(2_100)
    expect(f.requests.filter((r) => /\/query\?q=/.test(r.path))).toHaveLength(2)

    const row = db.prepare('SELECT * FROM tickets WHERE external_id = ?')
    const sample = [...f.cases.values()].find((c) => c.Status === 'Escalated')
    expect(row.get(sample?.Id)).toMatchObject({ status: 'open', escalated: 1 })

    const victims = [...f.cases.keys()].slice(10, 15)
    for (const id of victims) f.delete(id, Date.now() - 1_000)
    const r2 = await sync(db, sourceId, connector(f))
    expect(r2).toMatchObject({ outcome: 'done', deletes: 5 })
    expect(count(db)).toBe(2_095)
    expect(row.get(victims[0])).toBeUndefined()

    const r3 = await sync(db, sourceId, connector(f))
    expect(r3).toMatchObject({ outcome: 'done', tickets: 0, deletes: 0 })
    expect(count(db)).toBe(2_095)
  })

  it('caches each case thread (CaseComments and EmailMessages) from the same query, following split child lists', async () => {
    // Child lists longer than one record come back split: the connector follows each child's nextRecordsUrl.
    const f = await fake({ cases: 30, childBatch: 1 })
    const { db, sourceId } = workspace()
    const r = await sync(db, sourceId, connector(f))
    expect(r).toMatchObject({ outcome: 'done', tickets: 30 })
    const comments = db.prepare(
      `SELECT c.external_id AS id, c.author_role AS role, c.public, c.body FROM ticket_comments c
       JOIN tickets t ON t.id = c.ticket_id WHERE t.external_id = ? ORDER BY c.created_at, c.external_id`,
    )
    for (const c of f.cases.values()) {
      const want = [
        ...c.CaseComments.map((x) => ({ id: `CaseComment:${String(x.Id)}`, at: String(x.CreatedDate) })),
        ...c.EmailMessages.map((x) => ({ id: `EmailMessage:${String(x.Id)}`, at: String(x.MessageDate) })),
      ]
      expect((comments.all(c.Id) as { id: string }[]).map((x) => x.id).sort()).toEqual(want.map((w) => w.id).sort())
    }
    // Case 5 has two comments (one published, one internal) and one incoming email from the customer.
    const five = [...f.cases.values()][5]
    expect(comments.all(five?.Id)).toEqual([
      { id: expect.stringMatching(/^CaseComment:/), role: 'agent', public: 1, body: 'Comment 1 on case 5' },
      { id: expect.stringMatching(/^EmailMessage:/), role: 'requester', public: 1, body: 'Email 1 about case 5' },
      { id: expect.stringMatching(/^CaseComment:/), role: 'agent', public: 0, body: 'Comment 2 on case 5' },
    ])
    expect(f.requests.some((q) => /\/query\/01g/.test(q.path))).toBe(true)
    // The thread is searchable like any ticket text.
    const hit = db.prepare('SELECT count(*) AS n FROM tickets_fts WHERE tickets_fts MATCH \'"Email 1 about case 5"\'')
    expect((hit.get() as { n: number }).n).toBeGreaterThanOrEqual(1)
    // A replay changes nothing: no comment doubled.
    const total = () => (db.prepare('SELECT count(*) AS n FROM ticket_comments').get() as { n: number }).n
    const before = total()
    await sync(db, sourceId, connector(f))
    expect(total()).toBe(before)
  })

  it('re-checks every id when deletions fall outside the deleted window (and weekly), removing what the org lost', async () => {
    const f = await fake({ cases: 300 })
    const { db, sourceId } = workspace()
    let clock = Date.now()
    const at = () => clock
    const c = () =>
      createSalesforceConnector(
        {
          baseUrl: f.url,
          credentials: { clientId: 'fake-client-id', clientSecret: 'fake-client-secret-123' },
          http: FAST,
        },
        { now: at },
      )
    expect(await sync(db, sourceId, c())).toMatchObject({ outcome: 'done', tickets: 300 })
    const idChecks = () => f.requests.filter((r) => /SELECT%20Id%20FROM%20Case(%20WHERE|%20ORDER)/.test(r.path)).length
    expect(idChecks()).toBe(0)

    // Three cases are purged while the source sits unsynced for 20 days: the deleted endpoint no longer covers it.
    const purged = [...f.cases.keys()].slice(40, 43)
    for (const id of purged) f.purge(id)
    clock += 20 * 86_400_000
    f.earliestDateAvailable = clock - 15 * 86_400_000
    const r = await sync(db, sourceId, c())
    expect(r).toMatchObject({ outcome: 'done', deletes: 3 })
    expect(count(db)).toBe(297)
    expect(idChecks()).toBe(1)
    const row = db.prepare('SELECT 1 FROM tickets WHERE external_id = ?')
    expect(purged.every((id) => row.get(id) === undefined)).toBe(true)
    expect(db.prepare('SELECT count(*) AS n FROM sync_reconcile').get()).toEqual({ n: 0 })

    // The next run soon after needs no check; a week later it checks again, and finds nothing to remove.
    clock += 60_000
    await sync(db, sourceId, c())
    expect(idChecks()).toBe(1)
    clock += 8 * 86_400_000
    f.earliestDateAvailable = clock - 15 * 86_400_000
    expect(await sync(db, sourceId, c())).toMatchObject({ outcome: 'done', deletes: 0 })
    expect(idChecks()).toBe(2)

    // A check that misses most of the cache (the user lost access) is refused: nothing is deleted.
    for (const id of [...f.cases.keys()].slice(0, 250)) f.purge(id)
    clock += 8 * 86_400_000
    f.earliestDateAvailable = clock - 15 * 86_400_000
    const refused = await sync(db, sourceId, c())
    expect(refused.outcome).toBe('error')
    expect(refused.error).toMatch(/found 250 of the 297 cached cases missing upstream; nothing was deleted/)
    expect(count(db)).toBe(297)
  })

  it('pauses the source on refused credentials with a sentence that holds no secret', async () => {
    const f = await fake({ cases: 5 })
    const { db, sourceId } = workspace()
    const r = await sync(
      db,
      sourceId,
      connector(f, { credentials: { clientId: 'fake-client-id', clientSecret: 'not-the-secret' } }),
    )
    expect(r.outcome).toBe('paused')
    expect(r.errorKind).toBe('auth')
    expect(r.error).toContain('Salesforce refused the sign-in (invalid_grant: authentication failure)')
    expect(r.error).not.toContain('not-the-secret')
    expect(count(db)).toBe(0)
  })

  it('is registered: a Salesforce source added through the API tests and syncs', async () => {
    const f = await fake({ cases: 150 })
    const backend = await createBackend({
      dataDir: tempDir('owb-sf-api-'),
      transport: 'cli',
      noDemo: true,
      allowLoopback: true,
      sync: { perPage: 200, http: FAST },
    })
    open.push({ close: () => backend.close() })
    const added = await backend.dispatch('sources.add', {
      kind: 'salesforce',
      name: 'Acme Salesforce',
      baseUrl: f.url,
      scheduleMinutes: 0,
      credentials: { clientId: 'fake-client-id', clientSecret: 'fake-client-secret-123' },
      acceptPlainText: true,
    })
    if (!added.ok) throw new Error(added.error.message)
    const source = added.value as SourceSummary
    const tested = await backend.dispatch('sources.test', { id: source.id })
    expect(tested).toMatchObject({ ok: true, value: { detail: expect.stringMatching(/^Connected to 127\.0\.0\.1/) } })
    expect(await backend.sync.start(source.id, 'cli').done).toMatchObject({ outcome: 'done', tickets: 150 })
  })

  it('runs with the Salesforce part of the mapping the Sources screen edits: statuses, priorities, case type field', async () => {
    const f = await fake({ cases: 120 })
    const backend = await createBackend({
      dataDir: tempDir('owb-sf-map-'),
      transport: 'cli',
      noDemo: true,
      allowLoopback: true,
      sync: { perPage: 200, http: FAST },
    })
    open.push({ close: () => backend.close() })
    const added = await backend.dispatch('sources.add', {
      kind: 'salesforce',
      name: 'Mapped Salesforce',
      baseUrl: f.url,
      scheduleMinutes: 0,
      credentials: { clientId: 'fake-client-id', clientSecret: 'fake-client-secret-123' },
      acceptPlainText: true,
    })
    if (!added.ok) throw new Error(added.error.message)
    const id = (added.value as SourceSummary).id
    const loaded = await backend.dispatch('sources.mapping', { id })
    if (!loaded.ok) throw new Error(loaded.error.message)
    const { mapping, defaults } = loaded.value as { mapping: FieldMapping; defaults: FieldMapping }
    // The screen starts from Salesforce's own picklists.
    expect(defaults.vendor).toMatchObject({ caseTypeField: 'Reason', statusValues: { Working: 'open' } })
    const bad = await backend.dispatch('sources.setMapping', {
      id,
      mapping: { ...mapping, vendor: { ...mapping.vendor!, caseTypeField: 'Category__x__c' } },
    })
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/Salesforce field mapping is not valid/) },
    })
    const edited = {
      ...mapping,
      vendor: {
        statusValues: { ...mapping.vendor!.statusValues, 'Waiting on Customer': 'pending' },
        priorityValues: { High: 'urgent', Medium: 'normal', Low: 'low' },
        caseTypeField: 'Type',
        regionField: null,
      },
    }
    const set = await backend.dispatch('sources.setMapping', { id, mapping: edited })
    expect(set.ok).toBe(true)
    expect(await backend.sync.start(id, 'cli').done).toMatchObject({ outcome: 'done', tickets: 120 })
    const db = backend.manager.require().db
    const row = db.prepare('SELECT status, priority, case_type FROM tickets WHERE external_id = ?')
    for (const c of f.cases.values()) {
      const got = row.get(c.Id) as { status: string; priority: string | null; case_type: string | null }
      if (c.Status === 'Waiting on Customer') expect(got.status).toBe('pending')
      if (c.Priority === 'High') expect(got.priority).toBe('urgent')
      expect(got.case_type).toBe(c.Type === null ? null : c.Type === 'Problem' ? 'Problem' : 'Question')
    }

    // Edited again: the cached cases follow only once the source is read again from the start.
    const high = [...f.cases.values()].filter((c) => c.Priority === 'High').map((c) => c.Id)
    expect(high.length).toBeGreaterThan(0)
    const priorities = () => new Set(high.map((caseId) => (row.get(caseId) as { priority: string }).priority))
    const reset = await backend.dispatch('sources.setMapping', {
      id,
      mapping: {
        ...edited,
        vendor: { ...edited.vendor, priorityValues: { ...edited.vendor.priorityValues, High: 'high' } },
      },
    })
    expect(reset.ok).toBe(true)
    expect(await backend.sync.start(id, 'cli').done).toMatchObject({ outcome: 'done', tickets: 0 })
    expect(priorities()).toEqual(new Set(['urgent']))
    expect(await backend.sync.start(id, 'manual', { fromStart: true }).done).toMatchObject({
      outcome: 'done',
      tickets: 120,
    })
    expect(priorities()).toEqual(new Set(['high']))
  })
})
