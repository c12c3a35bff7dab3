/**
 * A HubSpot CRM v3 API on 127.0.0.1 that answers as connectors.md describes: ticket search (filters, one sort,
 * `after` offsets, `total`, HTTP 400 past 10,000 results), the ticket list (at most 100 a page, `paging.next.after`,
 * archived tickets only with `archived=true`), ticket pipelines with `metadata.isClosed`, 429 bodies with their
 * policyName, and 401 INVALID_AUTHENTICATION. Every property value is a string, as HubSpot sends them.
 *
 * Tickets that share an `hs_lastmodifieddate` come back in no particular order (as HubSpot promises none), so a
 * connector that relies on the order of ties loses tickets here too. Data is generated from a seed; faults are
 * switched on per test.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { rng } from '../helpers/tickets'

export interface FakeTicket {
  id: number
  properties: Record<string, string | null>
  archived: boolean
  archivedAt: number | null
  /** Raw JSON overrides for unreadable-record tests (replace `properties` entries with non-strings, drop the id, …). */
  raw?: Record<string, unknown>
  /** Notes associated with it, instead of id % 3 (a long-running ticket: more than one page of associations). */
  noteCount?: number
}

export interface HubSpotFakeOptions {
  tickets?: number
  seed?: number
  start?: number
  token?: string
  /** Results a search may page through (HubSpot: 10,000). */
  searchCap?: number
  /** This many tickets of the generated ones share one hs_lastmodifieddate (a bulk import). */
  sameMillisecond?: number
}

/** Associations one batch-read result lists for one object before paging (HubSpot: 500). */
export const ASSOCIATION_PAGE = 500

export interface HubSpotFaults {
  /** The next `times` requests answer 429 with this policy (and Retry-After when given). */
  rateLimit?: { policy: 'TEN_SECONDLY_ROLLING' | 'DAILY'; times: number; retryAfter?: string }
  /** The next n requests answer 502. */
  unavailable?: number
  /** Error messages repeat the Authorization header (a badly behaved proxy): it must never reach the analyst. */
  echoToken?: boolean
}

type StageRow = readonly [id: string, label: string, closed: boolean]
export const STAGES: readonly { pipeline: string; label: string; stages: readonly StageRow[] }[] = [
  {
    pipeline: '0',
    label: 'Support Pipeline',
    stages: [
      ['1', 'New', false],
      ['2', 'Waiting on contact', false],
      ['3', 'Waiting on us', false],
      ['4', 'Closed', true],
    ],
  },
  {
    pipeline: '77',
    label: 'Trust & Safety',
    stages: [
      ['701', 'Triage', false],
      ['702', 'Actioned', true],
    ],
  },
]

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T
const iso = (ms: number): string => new Date(ms).toISOString()

export function generateTickets(count: number, seed: number, start: number, firstId: number, sameMs = 0): FakeTicket[] {
  const r = rng(seed + firstId)
  const out: FakeTicket[] = []
  let t = start
  for (let i = 0; i < count; i++) {
    if (i >= sameMs && r() < 0.8) t += 1 + Math.floor(r() * 3_000)
    const pipeline = pick(r, STAGES)
    const [stageId, , closed] = pick(r, pipeline.stages)
    const created = t - Math.floor(r() * 86_400_000 * 2)
    const id = firstId + i
    out.push({
      id,
      archived: false,
      archivedAt: null,
      properties: {
        hs_object_id: String(id),
        subject: `Ticket ${id}: ${pick(r, ['Payout missing', 'Hacked account', 'Appeal'])}`,
        content: `Content of ticket ${id}`,
        hs_pipeline: pipeline.pipeline,
        hs_pipeline_stage: stageId,
        hs_ticket_priority: pick(r, ['LOW', 'MEDIUM', 'HIGH', 'URGENT', null]),
        hs_ticket_category: pick(r, ['creator_payouts', 'ACCOUNT_RECOVERY;ban_appeal', 'PRODUCT_ISSUE', null]),
        source_type: pick(r, ['EMAIL', 'CHAT', 'PHONE', 'FORM', 'FACEBOOK']),
        createdate: iso(created),
        hs_lastmodifieddate: iso(t),
        // HubSpot sends some dates as epoch ms strings: both forms appear.
        closed_date: closed ? (r() < 0.5 ? iso(t) : String(t)) : null,
        time_to_close: closed ? String(t - created) : null,
        time_to_first_agent_reply: r() < 0.7 ? String(Math.floor(r() * 7_200_000)) : null,
        hubspot_owner_id: r() < 0.8 ? String(100 + (i % 9)) : null,
      },
    })
  }
  return out
}

/** Order of ties in search: stable but unrelated to the id. */
const scramble = (id: number): number => Math.imul(id ^ 0x5bd1e995, 0x27d4eb2d) >>> 0

export type EngagementType = 'notes' | 'emails' | 'communications'

/** An engagement (note, email, communication) as the CRM stores it. */
export interface FakeEngagement {
  id: string
  properties: Record<string, string | null>
  createdAt: string
}

/**
 * The engagements generated for a ticket: notes for id % 3, emails for id % 2 (the first incoming from the customer,
 * HTML bodies), a WhatsApp message for every fifth ticket.
 */
export function engagementsOf(t: FakeTicket): Record<EngagementType, FakeEngagement[]> {
  const created = Date.parse(t.properties.createdate ?? '') || 0
  const at = (k: number): string => iso(created + k * 60_000)
  return {
    notes: Array.from({ length: t.noteCount ?? t.id % 3 }, (_, k) => ({
      id: `${t.id}0${k}`,
      createdAt: at(k + 1),
      properties: {
        hs_note_body: `<p>Note ${k + 1} on ticket ${t.id}</p>`,
        hs_timestamp: at(k + 1),
        hubspot_owner_id: '101',
      },
    })),
    emails: Array.from({ length: t.id % 2 }, (_, k) => ({
      id: `${t.id}1${k}`,
      createdAt: at(k + 5),
      properties: {
        hs_email_text: `Email ${k + 1} &amp; more about ticket ${t.id}`,
        hs_email_subject: `Ticket ${t.id}`,
        hs_email_direction: k === 0 ? 'INCOMING_EMAIL' : 'EMAIL',
        hs_email_from_email: k === 0 ? `user${t.id}@example.com` : 'support@example.com',
        hs_timestamp: at(k + 5),
      },
    })),
    communications:
      t.id % 5 === 0
        ? [
            {
              id: `${t.id}20`,
              createdAt: at(9),
              properties: {
                hs_communication_body: `WhatsApp about ticket ${t.id}`,
                hs_communication_channel_type: 'WHATS_APP',
                hs_timestamp: String(created + 9 * 60_000),
                hubspot_owner_id: null,
              },
            },
          ]
        : [],
  }
}

export class HubSpotFake {
  readonly tickets = new Map<number, FakeTicket>()
  readonly faults: HubSpotFaults = {}
  readonly requests: { method: string; path: string; body: unknown }[] = []
  private readonly o: Required<HubSpotFakeOptions>
  private readonly server: http.Server
  private nextId = 1001
  url = ''

  constructor(options: HubSpotFakeOptions = {}) {
    this.o = {
      tickets: 0,
      seed: 1,
      start: Date.parse('2026-01-01T00:00:00Z'),
      token: 'pat-na1-fake-token-0001',
      searchCap: 10_000,
      sameMillisecond: 0,
      ...options,
    }
    this.add(this.o.tickets, this.o.sameMillisecond)
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ status: 'error', message: String(err), category: 'INTERNAL_ERROR' }))
      })
    })
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.url
  }

  close(): Promise<void> {
    this.server.closeAllConnections()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  add(count: number, sameMs = 0): FakeTicket[] {
    let newest = this.o.start
    for (const t of this.tickets.values())
      newest = Math.max(
        newest,
        Number(t.properties.hs_lastmodifieddate ? Date.parse(t.properties.hs_lastmodifieddate) : 0),
      )
    const made = generateTickets(
      count,
      this.o.seed,
      this.tickets.size ? newest + 1000 : this.o.start,
      this.nextId,
      sameMs,
    )
    this.nextId += count
    for (const t of made) this.tickets.set(t.id, t)
    return made
  }

  update(id: number, properties: Record<string, string | null>, at = Date.now()): void {
    const t = this.mustGet(id)
    Object.assign(t.properties, properties, { hs_lastmodifieddate: iso(at) })
  }

  archive(id: number, at = Date.now()): void {
    const t = this.mustGet(id)
    t.archived = true
    t.archivedAt = at
  }

  live(): FakeTicket[] {
    return [...this.tickets.values()].filter((t) => !t.archived)
  }

  private mustGet(id: number): FakeTicket {
    const t = this.tickets.get(id)
    if (!t) throw new Error(`no fake ticket ${id}`)
    return t
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x')
    const text = await readBody(req)
    let body: unknown = null
    try {
      body = text ? JSON.parse(text) : null
    } catch {
      body = undefined
    }
    this.requests.push({ method: req.method ?? '', path: url.pathname + url.search, body })
    const correlationId = `c0ffee-${this.requests.length}`
    const json = (status: number, payload: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' })
      res.end(JSON.stringify(payload))
    }
    const error = (status: number, category: string, message: string): void =>
      json(status, { status: 'error', message, correlationId, category })
    const auth = req.headers.authorization
    if (auth !== `Bearer ${this.o.token}`)
      return error(
        401,
        'INVALID_AUTHENTICATION',
        `Authentication credentials not found.${this.faults.echoToken ? ` Received ${auth}` : ''}`,
      )
    const rl = this.faults.rateLimit
    if (rl && rl.times > 0) {
      rl.times--
      res.writeHead(429, {
        'content-type': 'application/json;charset=utf-8',
        ...(rl.retryAfter ? { 'retry-after': rl.retryAfter } : {}),
      })
      return void res.end(
        JSON.stringify({
          status: 'error',
          message:
            rl.policy === 'DAILY'
              ? 'You have reached your daily limit.'
              : 'You have reached your ten_secondly_rolling limit.',
          errorType: 'RATE_LIMIT',
          correlationId,
          policyName: rl.policy,
        }),
      )
    }
    if ((this.faults.unavailable ?? 0) > 0) {
      this.faults.unavailable = (this.faults.unavailable ?? 0) - 1
      return error(502, 'BAD_GATEWAY', 'Bad gateway')
    }
    if (req.method === 'GET' && url.pathname === '/crm/v3/pipelines/tickets') return json(200, { results: pipelines() })
    const assoc = /^\/crm\/v4\/associations\/tickets\/(notes|emails|communications)\/batch\/read$/.exec(url.pathname)
    if (req.method === 'POST' && assoc) {
      const inputs = isObj(body) && Array.isArray(body.inputs) ? body.inputs : null
      if (!inputs || inputs.length > 1000) return error(400, 'VALIDATION_ERROR', 'inputs: between 1 and 1000 ids')
      const type = assoc[1] as EngagementType
      const results: unknown[] = []
      const errors: unknown[] = []
      for (const input of inputs) {
        const id = Number(isObj(input) ? input.id : NaN)
        const t = this.tickets.get(id)
        const all = t ? engagementsOf(t)[type] : []
        // At most ASSOCIATION_PAGE per object; `paging.next.after` (an opaque token) asks for the next ones.
        const after = isObj(input) && typeof input.after === 'string' ? input.after : null
        const offset = after === null ? 0 : Number(Buffer.from(after, 'base64url').toString('utf8').replace(/^at:/, ''))
        if (after !== null && (!Number.isInteger(offset) || offset <= 0 || offset > all.length))
          return error(400, 'VALIDATION_ERROR', `Invalid paging token for ${String(id)}.`)
        const to = all.slice(offset, offset + ASSOCIATION_PAGE)
        const next = offset + ASSOCIATION_PAGE < all.length ? offset + ASSOCIATION_PAGE : null
        if (to.length)
          results.push({
            from: { id: String(id) },
            to: to.map((e) => ({
              toObjectId: Number(e.id),
              associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 228, label: null }],
            })),
            ...(next === null
              ? {}
              : {
                  paging: {
                    next: {
                      after: Buffer.from(`at:${next}`).toString('base64url'),
                      link: `${this.url}/crm/v4/objects/tickets/${String(id)}/associations/${type}?after=…`,
                    },
                  },
                }),
          })
        else
          errors.push({
            status: 'error',
            category: 'OBJECT_NOT_FOUND',
            message: `No ${type} is associated with ticket ${String(id)}.`,
            context: { fromObjectId: [String(id)] },
          })
      }
      return json(errors.length ? 207 : 200, {
        status: 'COMPLETE',
        results,
        ...(errors.length ? { numErrors: errors.length, errors } : {}),
      })
    }
    const read = /^\/crm\/v3\/objects\/(notes|emails|communications)\/batch\/read$/.exec(url.pathname)
    if (req.method === 'POST' && read) {
      const inputs = isObj(body) && Array.isArray(body.inputs) ? body.inputs : null
      if (!inputs || inputs.length > 100) return error(400, 'VALIDATION_ERROR', 'inputs: between 1 and 100 ids')
      const props = isObj(body) && Array.isArray(body.properties) ? (body.properties as string[]) : []
      const type = read[1] as EngagementType
      // An engagement id is its ticket's id and two digits (engagementsOf), or more for a ticket with many notes.
      const byTicket = new Map<number, Map<string, FakeEngagement>>()
      const find = (id: string): FakeEngagement | undefined => {
        for (let digits = 2; digits < id.length; digits++) {
          const ticketId = Number(id.slice(0, -digits))
          const t = this.tickets.get(ticketId)
          if (!t) continue
          let ofTicket = byTicket.get(ticketId)
          if (!ofTicket) byTicket.set(ticketId, (ofTicket = new Map(engagementsOf(t)[type].map((e) => [e.id, e]))))
          const e = ofTicket.get(id)
          if (e) return e
        }
        return undefined
      }
      const results = inputs
        .map((i) => find(String(isObj(i) ? i.id : '')))
        .filter((e): e is FakeEngagement => e !== undefined)
        .map((e) => ({
          id: e.id,
          properties: Object.fromEntries(props.map((p) => [p, e.properties[p] ?? null])),
          createdAt: e.createdAt,
          updatedAt: e.createdAt,
          archived: false,
        }))
      return json(200, { status: 'COMPLETE', results, startedAt: iso(Date.now()), completedAt: iso(Date.now()) })
    }
    if (req.method === 'POST' && url.pathname === '/crm/v3/objects/tickets/search') {
      if (body === undefined || body === null) return error(400, 'VALIDATION_ERROR', 'Invalid input JSON.')
      return this.search(body as SearchBody, json, error)
    }
    if (req.method === 'GET' && url.pathname === '/crm/v3/objects/tickets') {
      const limit = Number(url.searchParams.get('limit') ?? '10')
      if (!Number.isInteger(limit) || limit < 1 || limit > 100)
        return error(400, 'VALIDATION_ERROR', 'limit must be between 1 and 100')
      const archived = url.searchParams.get('archived') === 'true'
      const afterId = Number(url.searchParams.get('after') ?? '0')
      const props = (url.searchParams.get('properties') ?? '').split(',').filter(Boolean)
      const rows = [...this.tickets.values()]
        .filter((t) => t.archived === archived && t.id >= afterId)
        .sort((a, b) => a.id - b.id)
      const page = rows.slice(0, limit)
      const more = rows.length > limit
      const nextAfter = more ? String((rows[limit] as FakeTicket).id) : null
      return json(200, {
        results: page.map((t) => this.render(t, props)),
        ...(nextAfter
          ? { paging: { next: { after: nextAfter, link: `${this.url}${url.pathname}?after=${nextAfter}` } } }
          : {}),
      })
    }
    return error(404, 'OBJECT_NOT_FOUND', `No route for ${req.method} ${url.pathname}`)
  }

  private search(
    q: SearchBody,
    json: (s: number, b: unknown) => void,
    error: (s: number, c: string, m: string) => void,
  ): void {
    const limit = q.limit ?? 10
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      return error(400, 'VALIDATION_ERROR', 'limit must be between 1 and 200')
    const offset = Number(q.after ?? '0')
    if (!Number.isInteger(offset) || offset < 0) return error(400, 'VALIDATION_ERROR', 'after must be a number')
    if (offset >= this.o.searchCap)
      return error(
        400,
        'VALIDATION_ERROR',
        `There was a problem with the request: cannot page beyond ${this.o.searchCap} results.`,
      )
    const filters = (q.filterGroups ?? [])[0]?.filters ?? []
    const tests: ((t: FakeTicket) => boolean)[] = []
    for (const f of filters) {
      const cmp = COMPARE[f.operator]
      if (!cmp) return error(400, 'VALIDATION_ERROR', `Unsupported operator ${f.operator}`)
      const want = Number(f.value)
      tests.push((t) => cmp(numeric(t, f.propertyName), want))
    }
    const sort = q.sorts?.[0]
    const dir = sort?.direction === 'DESCENDING' ? -1 : 1
    const rows = [...this.tickets.values()]
      .filter((t) => !t.archived && tests.every((x) => x(t)))
      .sort(
        (a, b) =>
          (sort ? dir * (numeric(a, sort.propertyName) - numeric(b, sort.propertyName)) : 0) ||
          scramble(a.id) - scramble(b.id),
      )
    const page = rows.slice(offset, offset + limit)
    const next = offset + limit < rows.length ? String(offset + limit) : null
    json(200, {
      total: rows.length,
      results: page.map((t) => this.render(t, q.properties ?? [])),
      ...(next ? { paging: { next: { after: next } } } : {}),
    })
  }

  private render(t: FakeTicket, props: string[]): Record<string, unknown> {
    const defaults = ['hs_object_id', 'createdate', 'hs_lastmodifieddate']
    const properties: Record<string, unknown> = {}
    for (const p of new Set([...defaults, ...props])) properties[p] = t.properties[p] ?? null
    const out: Record<string, unknown> = {
      id: String(t.id),
      properties,
      createdAt: t.properties.createdate,
      updatedAt: t.properties.hs_lastmodifieddate,
      archived: t.archived,
      ...(t.archived && t.archivedAt !== null ? { archivedAt: iso(t.archivedAt) } : {}),
    }
    if (t.raw) {
      const { properties: rawProps, ...rest } = t.raw
      Object.assign(out, rest)
      if (rawProps && typeof rawProps === 'object') Object.assign(properties, rawProps)
    }
    return out
  }
}

interface SearchBody {
  filterGroups?: { filters: { propertyName: string; operator: string; value: string }[] }[]
  sorts?: { propertyName: string; direction: string }[]
  properties?: string[]
  limit?: number
  after?: string
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  EQ: (a, b) => a === b,
  NEQ: (a, b) => a !== b,
  GT: (a, b) => a > b,
  GTE: (a, b) => a >= b,
  LT: (a, b) => a < b,
  LTE: (a, b) => a <= b,
}

/** A property as a number for filters and sorts: ids as is, dates as epoch ms (how HubSpot compares them). */
function numeric(t: FakeTicket, name: string): number {
  if (name === 'hs_object_id') return t.id
  const v = t.properties[name]
  if (v === null || v === undefined) return Number.NaN
  return /^\d+$/.test(v) ? Number(v) : Date.parse(v)
}

function pipelines(): unknown[] {
  return STAGES.map((p, i) => ({
    id: p.pipeline,
    label: p.label,
    displayOrder: i,
    archived: false,
    stages: p.stages.map(([id, label, closed], j) => ({
      id,
      label,
      displayOrder: j,
      archived: false,
      metadata: { ticketState: closed ? 'CLOSED' : 'OPEN', isClosed: String(closed) },
    })),
  }))
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (text += c))
    req.on('end', () => resolve(text))
    req.on('error', reject)
  })
}
