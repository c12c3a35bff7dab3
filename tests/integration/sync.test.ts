import { afterEach, describe, expect, it } from 'vitest'
import type { QuarantineEntry, SourceSummary } from '../../src/shared/api/methods/sources'
import { decodeCursor, FakeZendesk } from '../fakes/zendeskServer'
import { syncHarness, syncOnce, type Harness } from '../helpers/syncHarness'

let h: Harness | null = null
afterEach(async () => {
  await h?.close()
  h = null
})

const db = (x: Harness) => x.backend.manager.require().db
const ticketRows = (x: Harness) =>
  db(x).prepare('SELECT * FROM tickets ORDER BY id').all() as {
    id: number
    external_id: string
    subject: string
    updated_at: number
  }[]
const commentRows = (x: Harness) => db(x).prepare('SELECT * FROM ticket_comments ORDER BY id').all()
const cursorOf = (x: Harness) =>
  (db(x).prepare('SELECT cursor FROM sync_state WHERE source_id = ?').get(x.source.id) as { cursor: string | null })
    .cursor
const source = async (x: Harness) =>
  (await x.call<SourceSummary[]>('sources.list', {})).find((s) => s.id === x.source.id) as SourceSummary

describe('Zendesk sync against the loopback server', () => {
  it('pages through the export with side-loads, drops boundary duplicates, applies deletes and fetches comments', async () => {
    h = await syncHarness({ tickets: 53, deleteEvery: 10, perPage: 7 })
    const result = await syncOnce(h)
    expect(result).toMatchObject({ outcome: 'done', deletes: 5, quarantined: 0 })
    const expected = h.fake.expected()
    const rows = ticketRows(h)
    expect(rows.map((r) => Number(r.external_id)).sort((a, b) => a - b)).toEqual(
      [...expected.keys()].sort((a, b) => a - b),
    )
    expect(rows).toHaveLength(48)

    // First request starts from start_time, every later one carries the cursor alone.
    const exports = h.fake.requests.filter((r) => r.path.endsWith('/cursor.json'))
    expect(exports[0]?.query.get('start_time')).toBe('0')
    expect(exports[0]?.query.get('cursor')).toBeNull()
    for (const r of exports.slice(1)) {
      expect(r.query.get('start_time')).toBeNull()
      expect(r.query.get('cursor')).toBeTruthy()
      expect(r.query.get('include')).toBe('users,groups,metric_sets')
    }
    expect(decodeCursor(cursorOf(h) as string)).toBe(h.fake.stream.length)

    const t = (id: number) =>
      db(h as Harness)
        .prepare('SELECT * FROM tickets WHERE external_id = ?')
        .get(String(id)) as Record<string, unknown>
    // Side-loaded names, metric sets inline (even id) and top-level (odd id), CSAT good/bad, channel mapping.
    expect(t(12)).toMatchObject({
      requester: 'Requester 12',
      assignee: 'Agent 2',
      group_name: 'Tier 1',
      locale: 'pt-BR',
    })
    expect(t(12).first_reply_minutes).toBe(22)
    expect(t(13).first_reply_minutes).toBe(23)
    expect(t(15)).toMatchObject({ csat: 5, case_type: 'creator_payouts' })
    expect(t(14)).toMatchObject({ csat: 1, channel: 'email' })
    expect(t(1)).toMatchObject({ csat: null, channel: 'web_form' })
    expect(t(2).channel).toBe('in_app')
    expect(t(3).channel).toBe('api')
    expect(t(22).escalated).toBe(1)
    const comments = db(h).prepare('SELECT count(*) AS n FROM ticket_comments').get() as { n: number }
    expect(comments.n).toBe([...expected.keys()].reduce((s, id) => s + 1 + (id % 3), 0))

    const list = await source(h)
    expect(list).toMatchObject({ status: 'idle', tickets: 48, quarantined: 0, credentials: 'set', lastError: null })
    expect(list.dataAsOf).toBeGreaterThan(0)
    expect(list.lastRun).toMatchObject({ outcome: 'done', deletes: 5 })
  })

  it('replays the whole export without changing a row, then applies updates, deletes and quarantines unreadable records', async () => {
    h = await syncHarness({ tickets: 30, perPage: 8 })
    await syncOnce(h)
    const before = { tickets: ticketRows(h), comments: commentRows(h) }
    db(h).prepare('UPDATE sync_state SET cursor = NULL').run()
    expect(await syncOnce(h)).toMatchObject({ outcome: 'done', tickets: 0 })
    expect(ticketRows(h)).toEqual(before.tickets)
    expect(commentRows(h)).toEqual(before.comments)

    // Analyst work on a ticket that is then deleted upstream goes with it (cascade, documented in syncWrites.ts).
    const six = before.tickets.find((r) => r.external_id === '6') as { id: number }
    await h.call('analyst.addNote', { ticketId: six.id, body: 'looked at this' })
    h.fake.update(5)
    h.fake.remove(6)
    h.fake.corrupt(7)
    const result = await syncOnce(h)
    expect(result).toMatchObject({ outcome: 'done', tickets: 1, deletes: 1, quarantined: 1 })
    const rows = ticketRows(h)
    expect(rows.find((r) => r.external_id === '5')?.subject).toBe('Ticket 5 version 2')
    expect(rows.find((r) => r.external_id === '6')).toBeUndefined()
    expect(db(h).prepare('SELECT count(*) AS n FROM analyst_notes').get()).toEqual({ n: 0 })
    // The unreadable version is set aside; the cached one stays usable.
    expect(rows.find((r) => r.external_id === '7')?.subject).toBe('Ticket 7 version 1')
    const q = await h.call<QuarantineEntry[]>('sources.quarantine', { id: h.source.id })
    expect(q).toHaveLength(1)
    expect(q[0]).toMatchObject({ externalId: '7' })
    expect(q[0]?.reason).toMatch(/created_at is missing or not a date/)
    expect((await source(h)).quarantined).toBe(1)
    // A readable version later clears the quarantine entry.
    h.fake.update(7)
    await syncOnce(h)
    expect(await h.call<QuarantineEntry[]>('sources.quarantine', { id: h.source.id })).toEqual([])
  })

  it('honours Retry-After on 429 and backs off through 5xx and resets, then finishes', async () => {
    h = await syncHarness({ tickets: 20, perPage: 10 })
    h.fake.fail({ on: 'export', status: 429, retryAfter: '1', times: 1 })
    h.fake.fail({ on: 'comments', status: 503, times: 2 })
    h.fake.fail({ on: 'export', reset: true, times: 1 })
    const result = await syncOnce(h)
    expect(result.outcome).toBe('done')
    expect(h.logs.some((l) => /waiting 1 s before retrying \(rate limited\)/.test(l))).toBe(true)
    expect(h.logs.filter((l) => /HTTP 503/.test(l))).toHaveLength(2)
    expect(h.fake.requests.filter((r) => r.status === 429)).toHaveLength(1)
    expect(ticketRows(h)).toHaveLength(20)
  })

  it('stops with a sentence after 5xx exhaustion and leaves the cache as it was, usable', async () => {
    h = await syncHarness({ tickets: 20, perPage: 10 })
    await syncOnce(h)
    const before = ticketRows(h)
    const cursor = cursorOf(h)
    h.fake.update(3)
    h.fake.fail({ on: 'export', status: 503, times: 50 })
    const result = await syncOnce(h)
    expect(result.outcome).toBe('error')
    expect(result.error).toMatch(/Zendesk kept failing with HTTP 503 .* after 4 attempts\. Nothing was lost/)
    expect(ticketRows(h)).toEqual(before)
    expect(cursorOf(h)).toBe(cursor)
    const s = await source(h)
    expect(s).toMatchObject({ status: 'error', lastErrorKind: 'other' })
    expect(await h.call<{ count: number }>('tickets.count', { filters: {} })).toEqual({ count: 20 })
  })

  it('reports a rate limit that outlasts its retries as rate limited', async () => {
    h = await syncHarness({ tickets: 5, rateLimit: { requests: 0, windowMs: 60_000, retryAfterSeconds: 600 } })
    const result = await syncOnce(h)
    expect(result).toMatchObject({ outcome: 'error', errorKind: 'rate_limited' })
    expect(result.error).toMatch(/rate limiting this account and asks to wait 600 s/)
  })

  it('pauses the source on 401 until the credentials change', async () => {
    h = await syncHarness({ tickets: 10 })
    h.fake.refuseAuth = true
    const result = await syncOnce(h)
    expect(result.outcome).toBe('paused')
    let s = await source(h)
    expect(s.status).toBe('paused')
    expect(s.lastError).toMatch(/^Credentials were refused: enter them again\./)
    expect(s.nextRunAt).toBeNull()
    const test = await h.raw('sources.test', { id: h.source.id })
    expect(test).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    h.fake.refuseAuth = false
    await h.call('sources.setCredentials', {
      id: h.source.id,
      credentials: { email: h.fake.options.email, apiToken: h.fake.options.apiToken },
      acceptPlainText: true,
    })
    s = await source(h)
    expect(s).toMatchObject({ status: 'idle', lastError: null })
    expect(await h.call('sources.test', { id: h.source.id })).toEqual({
      detail: `Connected to ${new URL(h.fake.url).host} as Fake Agent (admin).`,
    })
    expect((await syncOnce(h)).outcome).toBe('done')
  })

  it('ends with a sentence on malformed JSON, keeping every committed page', async () => {
    h = await syncHarness({ tickets: 30, perPage: 10, fetchComments: false })
    h.fake.fail({ on: 'export', status: 200, body: '{"tickets": [{"id": 1,', times: 1 })
    let result = await syncOnce(h)
    expect(result).toMatchObject({ outcome: 'error', errorKind: 'protocol', pages: 0 })
    expect(result.error).toMatch(/not valid JSON \("\{"tickets": \[\{"id": 1,"\)\. Nothing was lost/)
    result = await syncOnce(h)
    expect(result.outcome).toBe('done')
    expect(ticketRows(h)).toHaveLength(30)
  })

  it('commits each cursor with its page: a failure mid-run keeps exactly the committed pages and resumes after them', async () => {
    h = await syncHarness({ tickets: 50, perPage: 10, fetchComments: false })
    // Pages 1 and 2 succeed; then the server fails for good.
    h.fake.fail({ on: 'export', status: 500, times: 100, skip: 2 })
    const first = await syncOnce(h)
    expect(first).toMatchObject({ outcome: 'error', pages: 2 })
    const committed = decodeCursor(cursorOf(h) as string)
    expect(committed).toBe(first.pages * 10)
    // Page k (k > 1) repeats the previous page's last record, so the committed tickets are exactly the stream prefix.
    expect(ticketRows(h).map((r) => Number(r.external_id))).toEqual(Array.from({ length: committed }, (_, i) => i + 1))
    h.fake.clearFaults()
    const before = h.fake.requests.length
    expect((await syncOnce(h)).outcome).toBe('done')
    const resumedFrom = h.fake.requests[before]?.query.get('cursor')
    expect(resumedFrom && decodeCursor(resumedFrom)).toBe(committed)
    expect(ticketRows(h)).toHaveLength(50)
  })

  it('cancels a running sync by its task id and keeps what was committed', async () => {
    h = await syncHarness({ tickets: 200, perPage: 5 })
    const { taskId, done } = h.backend.sync.start(h.source.id, 'manual')
    h.fake.fail({ on: 'export', status: 503, times: 1, retryAfter: '3' })
    expect(await h.call('task.cancel', { taskId })).toEqual({ cancelled: true })
    const result = await done
    expect(result.outcome).toBe('cancelled')
    expect((await source(h)).status).toBe('idle')
    expect(h.events.some((e) => e.type === 'task' && e.task.taskId === taskId && e.task.state === 'cancelled')).toBe(
      true,
    )
  })

  it('never puts the token into errors, logs, events or API answers', async () => {
    h = await syncHarness({ tickets: 10 })
    const token = h.fake.options.apiToken
    const basic = h.fake.authorization.slice('Basic '.length)
    h.fake.fail({ on: 'export', status: 500, body: `upstream echoed ${h.fake.authorization} and ${token}`, times: 10 })
    await syncOnce(h)
    h.fake.refuseAuth = true
    await syncOnce(h)
    const everything = JSON.stringify([
      h.logs,
      h.events,
      await h.call('sources.list', {}),
      await h.raw('sources.test', { id: h.source.id }),
      db(h).prepare('SELECT * FROM sync_runs').all(),
      db(h).prepare('SELECT * FROM sync_state').all(),
    ])
    expect(everything).toContain('Credentials were refused')
    expect(everything).not.toContain(token)
    expect(everything).not.toContain(basic)
  })
})

describe('the fake server itself', () => {
  it('refuses start_time and cursor together, as Zendesk does', async () => {
    const fake = new FakeZendesk({ tickets: 3 })
    await fake.start()
    const res = await fetch(`${fake.url}/api/v2/incremental/tickets/cursor.json?start_time=0&cursor=abc`, {
      headers: { authorization: fake.authorization },
    })
    expect(res.status).toBe(400)
    const unauth = await fetch(`${fake.url}/api/v2/users/me.json`)
    expect(unauth.status).toBe(401)
    expect(await unauth.json()).toEqual({ error: "Couldn't authenticate you" })
    await fake.close()
  })
})

describe('the scheduler', () => {
  it('syncs a due source in the background, never one that is paused, and never twice at once', async () => {
    h = await syncHarness({ tickets: 12 })
    await h.call('sources.update', { id: h.source.id, scheduleMinutes: 15 })
    let s = await source(h)
    expect(s.nextRunAt).not.toBeNull()
    h.backend.sync.tick()
    const first = h.backend.sync.start(h.source.id, 'manual')
    // Joined, not doubled: the manual request gets the scheduled run's task.
    expect(h.backend.sync.isRunning(h.backend.manager.require(), h.source.id)).toBe(true)
    await first.done
    expect(db(h).prepare('SELECT count(*) AS n FROM sync_runs').get()).toEqual({ n: 1 })
    expect(db(h).prepare('SELECT trigger FROM sync_runs').get()).toEqual({ trigger: 'schedule' })
    s = await source(h)
    expect(s.tickets).toBe(12)
    expect(s.nextRunAt).toBeGreaterThan(Date.now() + 14 * 60_000)
    // Not due again yet; and a paused source is never started by the scheduler.
    h.backend.sync.tick()
    expect(h.backend.sync.isRunning(h.backend.manager.require(), h.source.id)).toBe(false)
    db(h).prepare(`UPDATE sync_state SET status = 'paused', last_started_at = 0`).run()
    h.backend.sync.tick()
    expect(h.backend.sync.isRunning(h.backend.manager.require(), h.source.id)).toBe(false)
  })

  it('removes a source with its tickets and credentials, and keeps migration 7 tables tidy', async () => {
    h = await syncHarness({ tickets: 9 })
    h.fake.corrupt(2)
    await syncOnce(h)
    expect(await h.call('sources.remove', { id: h.source.id })).toEqual({
      removed: h.source.id,
      tickets: 9,
      backups: { cleaned: 0, failed: [] },
    })
    for (const table of ['tickets', 'sync_quarantine', 'sync_runs', 'source_settings', 'source_field_mappings'])
      expect(db(h).prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 })
    expect(await h.call('sources.list', {})).toEqual([])
  })
})
