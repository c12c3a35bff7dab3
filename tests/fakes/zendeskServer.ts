/**
 * A Zendesk Support API on 127.0.0.1 that answers as /work/shared/specs/connectors.md describes (shapes checked
 * against the real captures in tests/fixtures/zendesk/): the cursor incremental export with start_time then cursor
 * only, per_page up to 1000, users / groups / metric_sets side-loads (metric sets inline for even ids and top-level
 * for odd ids: a client must accept either), the last ticket of a page repeated first on the next (a boundary
 * duplicate), deletes as `status: "deleted"`, comments with cursor paging and 404 RecordNotFound for deleted tickets,
 * 401 `{"error":"Couldn't authenticate you"}`, and injectable faults: 429 with Retry-After, 5xx, 409, connection
 * resets, malformed JSON, unreadable records. Tickets are generated deterministically from (id, version).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeZendeskOptions {
  /** Tickets 1..N created in order (default 100). */
  tickets?: number
  email?: string
  apiToken?: string
  /** Every k-th ticket is deleted after all tickets were created (0: none). */
  deleteEvery?: number
  /** Comments of ticket `id` (default 1 + id % 3). */
  commentsPer?: (id: number) => number
  /** Export requests allowed per window before 429 (null: off, the default). */
  rateLimit?: { requests: number; windowMs: number; retryAfterSeconds: number } | null
  /** Repeat the last record of a page first on the next (Zendesk does at shared timestamps). Default true. */
  boundaryDuplicates?: boolean
  /** Serve at most this many records a page whatever per_page asks (small pages for crash tests). */
  pageLimit?: number
  /** Milliseconds to wait before answering each request (a slow network). */
  latencyMs?: number
  /**
   * Render each export page once and serve the stored bytes on later requests for it (the bench, where the server
   * shares the machine's cores with the sync it serves, as the real Zendesk does not). Only for a stream that does
   * not change while served: update, remove and corrupt refuse to run with it.
   */
  renderOnce?: boolean
}

export interface Fault {
  on: 'export' | 'comments' | 'any'
  times: number
  status?: number
  retryAfter?: string
  body?: string
  /** Destroy the socket instead of answering (a connection reset). */
  reset?: boolean
  /** Let this many matching requests through first. */
  skip?: number
}

interface Entry {
  id: number
  version: number
  deleted: boolean
  /** An unreadable record (created_at not a date): the client must quarantine it. */
  broken?: boolean
}

const BASE_GENERATED = 1_700_000_000
const BASE_CREATED_MS = Date.parse('2026-01-01T00:00:00Z')
const CHANNELS = ['email', 'web', 'mobile', 'api', 'voice', 'twitter', 'native_messaging']
/** The `via.channel` the fake gives ticket `id`. */
export const channelOf = (id: number): string => CHANNELS[id % CHANNELS.length] as string
const CASE_TYPES = ['creator_payouts', 'ban_appeal', 'account_recovery', 'self_harm', 'copyright']
const REGIONS = ['na', 'eu', 'latam', 'sea']
const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed']
export const CASE_TYPE_FIELD = 360_000_001
export const REGION_FIELD = 360_000_002

export function encodeCursor(position: number): string {
  return Buffer.from(JSON.stringify({ p: position, k: 'fake' })).toString('base64url')
}
export function decodeCursor(cursor: string): number {
  return (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { p: number }).p
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

export class FakeZendesk {
  url = ''
  readonly requests: { path: string; query: URLSearchParams; status: number }[] = []
  readonly stream: Entry[] = []
  private readonly faults: Fault[] = []
  private server: http.Server | null = null
  private windowStart = 0
  private windowCount = 0
  private readonly rendered = new Map<string, string>()
  /** Answer 401 to everything (credentials revoked). */
  refuseAuth = false
  readonly options: Required<Omit<FakeZendeskOptions, 'rateLimit'>> & Pick<FakeZendeskOptions, 'rateLimit'>

  constructor(options: FakeZendeskOptions = {}) {
    this.options = {
      tickets: 100,
      email: 'agent@example.com',
      apiToken: 'fake-zendesk-token-0123456789',
      deleteEvery: 0,
      commentsPer: (id) => 1 + (id % 3),
      boundaryDuplicates: true,
      pageLimit: 1000,
      latencyMs: 0,
      renderOnce: false,
      ...options,
    }
    for (let id = 1; id <= this.options.tickets; id++) this.stream.push({ id, version: 1, deleted: false })
    if (this.options.deleteEvery > 0)
      for (let id = this.options.deleteEvery; id <= this.options.tickets; id += this.options.deleteEvery)
        this.stream.push({ id, version: 2, deleted: true })
  }

  get authorization(): string {
    return `Basic ${Buffer.from(`${this.options.email}/token:${this.options.apiToken}`).toString('base64')}`
  }

  /** Queues a fault for the next matching requests. */
  fail(fault: Fault): void {
    this.faults.push({ ...fault })
  }

  clearFaults(): void {
    this.faults.length = 0
  }

  /** A newer version of a ticket enters the stream (an update upstream). */
  update(id: number): void {
    this.refuseIfRendered()
    const latest = this.latest(id)
    this.stream.push({ id, version: (latest?.version ?? 0) + 1, deleted: false })
  }

  remove(id: number): void {
    this.refuseIfRendered()
    const latest = this.latest(id)
    this.stream.push({ id, version: (latest?.version ?? 0) + 1, deleted: true })
  }

  /** An unreadable record enters the stream (as a new version of `id`). */
  corrupt(id: number): void {
    this.refuseIfRendered()
    const latest = this.latest(id)
    this.stream.push({ id, version: (latest?.version ?? 0) + 1, deleted: false, broken: true })
  }

  private refuseIfRendered(): void {
    if (this.options.renderOnce) throw new Error('a renderOnce stream cannot change: its pages are already served')
  }

  latest(id: number): Entry | undefined {
    for (let i = this.stream.length - 1; i >= 0; i--) if (this.stream[i]?.id === id) return this.stream[i]
    return undefined
  }

  /** What the cache must hold once fully synced: live ticket id → version (unreadable versions are not live). */
  expected(): Map<number, number> {
    const out = new Map<number, number>()
    for (const e of this.stream) {
      if (e.deleted) out.delete(e.id)
      else if (!e.broken) out.set(e.id, e.version)
    }
    return out
  }

  static updatedAt(id: number, version: number): number {
    return BASE_CREATED_MS + id * 60_000 + version * 3_600_000
  }

  ticket(e: Entry, position: number): Record<string, unknown> {
    const { id, version } = e
    const createdMs = BASE_CREATED_MS + id * 60_000
    const base = {
      url: `${this.url}/api/v2/tickets/${id}.json`,
      id,
      external_id: null,
      generated_timestamp: BASE_GENERATED + position,
      updated_at: iso(FakeZendesk.updatedAt(id, version)),
      created_at: e.broken ? 'not a date' : iso(createdMs),
    }
    if (e.deleted) return { ...base, status: 'deleted', subject: `Ticket ${id}` }
    const caseType = CASE_TYPES[id % CASE_TYPES.length] as string
    const solved = STATUSES[id % STATUSES.length] === 'solved' || STATUSES[id % STATUSES.length] === 'closed'
    const metric = {
      id: 900_000 + id,
      ticket_id: id,
      reopens: id % 4 === 0 ? 1 : 0,
      replies: 1 + (id % 5),
      solved_at: solved ? iso(createdMs + 7_200_000) : null,
      reply_time_in_minutes: { calendar: 10 + (id % 90), business: 5 },
      first_resolution_time_in_minutes: solved ? { calendar: 120, business: 60 } : { calendar: null, business: null },
      full_resolution_time_in_minutes: solved
        ? { calendar: 120 + (id % 30), business: 60 }
        : { calendar: null, business: null },
    }
    return {
      ...base,
      via: { channel: channelOf(id), source: { from: {}, to: {}, rel: null } },
      type: id % 3 === 0 ? 'incident' : 'question',
      subject: `Ticket ${id} version ${version}`,
      raw_subject: `Ticket ${id} version ${version}`,
      description: `Description of ticket ${id}: payout missing since Tuesday.`,
      priority: ['low', 'normal', 'high', 'urgent'][id % 4],
      status: STATUSES[id % STATUSES.length],
      requester_id: 10_000 + id,
      assignee_id: 500 + (id % 10),
      group_id: 700 + (id % 3),
      tags: [caseType, id % 11 === 0 ? 'escalated' : 'vip'],
      custom_fields: [
        { id: CASE_TYPE_FIELD, value: `ct_${caseType}` },
        { id: REGION_FIELD, value: REGIONS[id % REGIONS.length] },
        { id: 26_703_268, value: false },
      ],
      satisfaction_rating:
        id % 5 === 0 ? { score: 'good' } : id % 7 === 0 ? { score: 'bad', comment: 'slow' } : { score: 'unoffered' },
      ...(id % 2 === 0 ? { metric_set: metric } : {}),
      _metric: metric,
    }
  }

  private users(ids: number[]): Record<string, unknown>[] {
    return [...new Set(ids)].map((id) => ({
      id,
      name: id >= 10_000 ? `Requester ${id - 10_000}` : `Agent ${id - 500}`,
      role: id >= 10_000 ? 'end-user' : 'agent',
      locale: id >= 10_000 ? (id % 2 ? 'en-US' : 'pt-BR') : 'en-US',
    }))
  }

  private exportPage(query: URLSearchParams): { status: number; body: unknown } {
    const cursor = query.get('cursor')
    const start = query.get('start_time')
    if (cursor !== null && start !== null)
      return { status: 400, body: { error: 'InvalidPaginationParameter', description: 'cursor and start_time' } }
    const perPage = Math.min(1000, this.options.pageLimit, Math.max(1, Number(query.get('per_page') ?? 1000)))
    let position: number
    if (cursor !== null) {
      try {
        position = decodeCursor(cursor)
      } catch {
        return { status: 400, body: { error: 'InvalidCursor' } }
      }
    } else {
      const t = Number(start ?? NaN)
      if (!Number.isFinite(t)) return { status: 400, body: { error: 'InvalidValue', description: 'start_time' } }
      position = Math.max(0, t - BASE_GENERATED)
    }
    const from = this.options.boundaryDuplicates && position > 0 && cursor !== null ? position - 1 : position
    const to = Math.min(this.stream.length, position + perPage)
    const records = this.stream.slice(from, to).map((e, i) => this.ticket(e, from + i))
    const include = (query.get('include') ?? '').split(',')
    const live = records.filter((t) => t.status !== 'deleted')
    const metricSets = live.filter((t) => (t.id as number) % 2 === 1).map((t) => t._metric)
    for (const t of records) delete t._metric
    const after = encodeCursor(to)
    return {
      status: 200,
      body: {
        tickets: records,
        after_url: `${this.url}/api/v2/incremental/tickets/cursor.json?cursor=${after}`,
        before_url: null,
        after_cursor: after,
        before_cursor: null,
        end_of_stream: to >= this.stream.length,
        ...(include.includes('users')
          ? { users: this.users(live.flatMap((t) => [t.requester_id as number, t.assignee_id as number])) }
          : {}),
        ...(include.includes('groups')
          ? { groups: [700, 701, 702].map((id) => ({ id, name: `Tier ${id - 699}` })) }
          : {}),
        ...(include.includes('metric_sets') ? { metric_sets: metricSets } : {}),
      },
    }
  }

  private comments(id: number, query: URLSearchParams): { status: number; body: unknown } {
    const latest = this.latest(id)
    if (!latest || latest.deleted) return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } }
    const n = this.options.commentsPer(id)
    const size = Math.min(100, Math.max(1, Number(query.get('page[size]') ?? 100)))
    const after = Number(query.get('page[after]') ?? 0)
    const all = Array.from({ length: n }, (_, k) => ({
      id: id * 100 + k,
      type: 'Comment',
      author_id: k % 2 === 0 ? 10_000 + id : 500 + (id % 10),
      body: `Comment ${k} on ticket ${id} (v${latest.version})`,
      plain_body: `Comment ${k} on ticket ${id} (v${latest.version})`,
      public: k !== 2,
      created_at: iso(BASE_CREATED_MS + id * 60_000 + k * 60_000),
      attachments: [],
    }))
    const page = all.slice(after, after + size)
    const more = after + size < n
    return {
      status: 200,
      body: {
        comments: page,
        users: this.users(page.map((c) => c.author_id)),
        meta: { has_more: more, after_cursor: more ? String(after + size) : null, before_cursor: null },
      },
    }
  }

  private takeFault(kind: 'export' | 'comments' | 'other'): Fault | null {
    const i = this.faults.findIndex((f) => f.on === 'any' || f.on === kind)
    if (i < 0) return null
    const f = this.faults[i] as Fault
    if (f.skip) {
      f.skip--
      return null
    }
    f.times--
    if (f.times <= 0) this.faults.splice(i, 1)
    return f
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const path = url.pathname
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      this.requests.push({ path, query: url.searchParams, status })
      const text = typeof body === 'string' ? body : JSON.stringify(body)
      res.writeHead(status, {
        'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
        ...headers,
      })
      res.end(text)
    }
    if (this.refuseAuth || req.headers.authorization !== this.authorization)
      return send(401, { error: "Couldn't authenticate you" })
    const kind =
      path === '/api/v2/incremental/tickets/cursor.json'
        ? 'export'
        : /\/comments\.json$/.test(path)
          ? 'comments'
          : 'other'
    const fault = this.takeFault(kind)
    if (fault?.reset) {
      this.requests.push({ path, query: url.searchParams, status: 0 })
      req.socket.destroy()
      return
    }
    if (fault) {
      const status = fault.status ?? 503
      return send(status, fault.body ?? (status === 429 ? 'Too many requests' : { error: 'ServerError' }), {
        ...(fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {}),
      })
    }
    if (kind === 'export') {
      const limit = this.options.rateLimit
      if (limit) {
        const now = Date.now()
        if (now - this.windowStart >= limit.windowMs) {
          this.windowStart = now
          this.windowCount = 0
        }
        if (++this.windowCount > limit.requests)
          return send(429, 'Rate limit exceeded', { 'retry-after': String(limit.retryAfterSeconds) })
      }
      if (!this.options.renderOnce) {
        const { status, body } = this.exportPage(url.searchParams)
        return send(status, body)
      }
      const key = [...url.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).join('&')
      let text = this.rendered.get(key)
      if (text === undefined) {
        const { status, body } = this.exportPage(url.searchParams)
        if (status !== 200) return send(status, body)
        this.rendered.set(key, (text = JSON.stringify(body)))
      }
      this.requests.push({ path, query: url.searchParams, status: 200 })
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(text)
      return
    }
    const m = /^\/api\/v2\/tickets\/(\d+)\/comments\.json$/.exec(path)
    if (m) {
      const { status, body } = this.comments(Number(m[1]), url.searchParams)
      return send(status, body)
    }
    if (path === '/api/v2/users/me.json') return send(200, { user: { id: 1, name: 'Fake Agent', role: 'admin' } })
    return send(404, { error: 'InvalidEndpoint', description: 'Not found' })
  }

  async start(port = 0): Promise<string> {
    this.server = http.createServer((req, res) => {
      if (this.options.latencyMs > 0) setTimeout(() => this.handle(req, res), this.options.latencyMs)
      else this.handle(req, res)
    })
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.url
  }

  async close(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = null
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
