/**
 * A Salesforce REST API on 127.0.0.1 that answers as connectors.md describes: the OAuth 2 token endpoint, SOQL
 * queries on Case (the subset a connector sends: field list, SystemModstamp / IsDeleted conditions, ORDER BY
 * SystemModstamp, Id, LIMIT) in batches with `nextRecordsUrl` and `totalSize`, `queryAll`, the deleted-records
 * endpoint with `earliestDateAvailable`, error arrays `[{message, errorCode}]` and `Sforce-Limit-Info`.
 *
 * Data is generated from a seed; faults are switched on per test (expired sessions, expired query locators, the daily
 * quota, 503s, unreadable records, an error that echoes the token).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { rng } from '../helpers/tickets'

export interface FakeCase {
  Id: string
  CaseNumber: string
  Subject: string
  Description: string
  Status: string
  Priority: string | null
  Origin: string | null
  Reason: string | null
  Type: string | null
  IsClosed: boolean
  IsEscalated: boolean
  IsDeleted: boolean
  CreatedDate: number
  ClosedDate: number | null
  LastModifiedDate: number
  SystemModstamp: number
  OwnerId: string
  ContactId: string | null
  SuppliedEmail: string | null
  /** Extra fields (custom `__c` ones), and raw overrides for unreadable-record tests. */
  extra: Record<string, unknown>
  deletedDate: number | null
  /** The case's thread: CaseComment and EmailMessage records as the API answers them (dates already formatted). */
  CaseComments: Record<string, unknown>[]
  EmailMessages: Record<string, unknown>[]
}

export interface SalesforceFakeOptions {
  cases?: number
  seed?: number
  /** SystemModstamp of the first generated case; later ones follow, some sharing a millisecond. */
  start?: number
  clientId?: string
  clientSecret?: string
  refreshToken?: string
  /** Largest batch the server hands out (Salesforce: 2000; `Sforce-Query-Options` may ask for less). */
  maxBatch?: number
  dailyLimit?: number
  /** Largest child list a subquery answers inline; the rest follows through the child's own `nextRecordsUrl`. */
  childBatch?: number
}

export interface SalesforceFaults {
  /** Every token issued so far stops working (the next data request answers 401 INVALID_SESSION_ID). */
  expireSessions?: boolean
  /** The nth `nextRecordsUrl` request (1-based, counted from when set) answers 400 INVALID_QUERY_LOCATOR. */
  invalidLocatorAt?: number[]
  /** Data requests answer 403 REQUEST_LIMIT_EXCEEDED. */
  limitExceeded?: boolean
  /** This many next data requests answer 503 SERVER_UNAVAILABLE. */
  unavailable?: number
  /** Error messages repeat the bearer token (a badly behaved proxy): it must never reach the analyst. */
  echoToken?: boolean
}

const FIELDS = [
  'Id',
  'CaseNumber',
  'Subject',
  'Description',
  'Status',
  'Priority',
  'Origin',
  'Reason',
  'Type',
  'IsClosed',
  'IsEscalated',
  'IsDeleted',
  'CreatedDate',
  'ClosedDate',
  'LastModifiedDate',
  'SystemModstamp',
  'OwnerId',
  'ContactId',
  'AccountId',
  'ParentId',
  'SuppliedEmail',
]
const DATE_FIELDS = new Set(['CreatedDate', 'ClosedDate', 'LastModifiedDate', 'SystemModstamp'])

/** Salesforce's record datetime format: `2024-01-05T10:11:12.000+0000`. */
export function sfDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000')
}

function caseId(n: number): string {
  return `500${n.toString(36).toUpperCase().padStart(12, '0')}AAA`
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T

export function generateCases(count: number, seed: number, start: number, from = 0): FakeCase[] {
  const r = rng(seed + from)
  const out: FakeCase[] = []
  let t = start
  for (let i = from; i < from + count; i++) {
    // Runs of equal SystemModstamp values so the (SystemModstamp, Id) order and its tie-break are exercised.
    if (r() < 0.7) t += 1 + Math.floor(r() * 5_000)
    const status = pick(r, ['New', 'Working', 'Escalated', 'Closed', 'Closed', 'Waiting on Customer'])
    const created = t - Math.floor(r() * 86_400_000 * 3)
    const closed = status === 'Closed'
    out.push({
      Id: caseId(i),
      CaseNumber: String(1000 + i).padStart(8, '0'),
      Subject: `Case ${i}: ${pick(r, ['Payout missing', 'Login loop', 'Copyright claim', 'Appeal a ban'])}`,
      Description: `Description of case ${i}`,
      Status: status,
      Priority: pick(r, ['High', 'Medium', 'Low', null]),
      Origin: pick(r, ['Phone', 'Email', 'Web', 'Chatter']),
      Reason: pick(r, ['Creator Payouts', 'Account recovery', 'Other', null]),
      Type: pick(r, ['Problem', 'Question', null]),
      IsClosed: closed,
      IsEscalated: status === 'Escalated' || r() < 0.05,
      IsDeleted: false,
      CreatedDate: created,
      ClosedDate: closed ? t : null,
      LastModifiedDate: t,
      SystemModstamp: t,
      OwnerId: r() < 0.8 ? `005${String(i % 7).padStart(15, '0')}` : `00G${String(i % 3).padStart(15, '0')}`,
      ContactId: r() < 0.5 ? `003${String(i).padStart(15, '0')}` : null,
      SuppliedEmail: r() < 0.5 ? `user${i}@example.com` : null,
      extra: {},
      deletedDate: null,
      CaseComments: Array.from({ length: i % 3 }, (_, k) => ({
        attributes: { type: 'CaseComment' },
        Id: `00a${i.toString(36).toUpperCase().padStart(10, '0')}${k}AB`,
        CommentBody: `Comment ${k + 1} on case ${i}`,
        IsPublished: k % 2 === 0,
        CreatedById: `005${String(i % 7).padStart(15, '0')}`,
        CreatedDate: sfDate(created + (k + 1) * 60_000),
      })),
      EmailMessages: Array.from({ length: i % 2 }, (_, k) => ({
        attributes: { type: 'EmailMessage' },
        Id: `02s${i.toString(36).toUpperCase().padStart(10, '0')}${k}AB`,
        Subject: `Re: case ${i}`,
        TextBody: `Email ${k + 1} about case ${i}`,
        Incoming: k === 0,
        FromAddress: k === 0 ? `user${i}@example.com` : 'support@example.com',
        MessageDate: sfDate(created + (k + 1) * 90_000),
        CreatedDate: sfDate(created + (k + 1) * 90_000),
      })),
    })
  }
  return out
}

interface Locator {
  rows: Record<string, unknown>[]
  offset: number
  batch: number
}

export class SalesforceFake {
  readonly cases = new Map<string, FakeCase>()
  readonly faults: SalesforceFaults = {}
  /** Every request as received (method, path with query, whether it carried a bearer token). */
  readonly requests: { method: string; path: string; auth: string | null }[] = []
  readonly tokensIssued: string[] = []
  /** Sessions this server accepts; a login server and an instance share one set (`instance.sessions = login.sessions`). */
  sessions = new Set<string>()
  private readonly locators = new Map<string, Locator>()
  private readonly server: http.Server
  private readonly o: Required<SalesforceFakeOptions>
  private next = 0
  private locatorRequests = 0
  private apiUsage = 0
  /** Deletions before this moment are no longer listed (the recycle bin was emptied). */
  earliestDateAvailable: number
  /** What the token answer names as the org's instance (this server unless a test says otherwise). */
  instanceUrl: string | null = null
  url = ''

  constructor(options: SalesforceFakeOptions = {}) {
    this.o = {
      cases: 0,
      seed: 1,
      start: Date.parse('2026-01-01T00:00:00Z'),
      clientId: 'fake-client-id',
      clientSecret: 'fake-client-secret-123',
      refreshToken: '',
      maxBatch: 2000,
      dailyLimit: 5000,
      childBatch: 200,
      ...options,
    }
    this.earliestDateAvailable = Date.now() - 15 * 86_400_000
    this.add(this.o.cases)
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' })
        res.end(JSON.stringify([{ message: String(err), errorCode: 'UNKNOWN_EXCEPTION' }]))
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

  /** Adds `count` generated cases after the newest one; answers them. */
  add(count: number): FakeCase[] {
    const newest = Math.max(this.o.start, ...[...this.cases.values()].map((c) => c.SystemModstamp))
    const made = generateCases(count, this.o.seed, this.cases.size ? newest + 1000 : this.o.start, this.next)
    this.next += count
    for (const c of made) this.cases.set(c.Id, c)
    return made
  }

  /** Removes a case for good (purged from the recycle bin): no longer listed anywhere, not even as deleted. */
  purge(id: string): void {
    this.cases.delete(id)
  }

  /** Changes a case as an agent would: SystemModstamp moves to `at` (default: now). */
  update(id: string, fields: Partial<FakeCase>, at = Date.now()): void {
    const c = this.mustGet(id)
    Object.assign(c, fields, { LastModifiedDate: at, SystemModstamp: at })
  }

  delete(id: string, at = Date.now()): void {
    const c = this.mustGet(id)
    Object.assign(c, { IsDeleted: true, deletedDate: at, SystemModstamp: at })
  }

  /** The live (not deleted) cases, as the connector should end up holding them. */
  live(): FakeCase[] {
    return [...this.cases.values()].filter((c) => !c.IsDeleted)
  }

  private mustGet(id: string): FakeCase {
    const c = this.cases.get(id)
    if (!c) throw new Error(`no fake case ${id}`)
    return c
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x')
    const auth = req.headers.authorization ?? null
    this.requests.push({ method: req.method ?? '', path: url.pathname + url.search, auth })
    const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers })
      res.end(JSON.stringify(body))
    }
    if (url.pathname === '/services/oauth2/token') {
      if (req.method !== 'POST') return json(405, { error: 'invalid_request', error_description: 'must use HTTP POST' })
      const form = new URLSearchParams(await readBody(req))
      return this.token(form, json)
    }
    const m = /^\/services\/data\/(v\d+\.0)(\/.*)$/.exec(url.pathname)
    if (!m) return json(404, [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }])
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : null
    const limits = { 'sforce-limit-info': `api-usage=${++this.apiUsage}/${this.o.dailyLimit}` }
    const err = (status: number, errorCode: string, message: string): void =>
      json(status, [{ message, errorCode }], limits)
    if (!token || !this.sessions.has(token) || this.faults.expireSessions)
      return err(401, 'INVALID_SESSION_ID', `Session expired or invalid${this.faults.echoToken ? `: ${auth}` : ''}`)
    if (this.faults.limitExceeded) return err(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.')
    if ((this.faults.unavailable ?? 0) > 0) {
      this.faults.unavailable = (this.faults.unavailable ?? 0) - 1
      return err(503, 'SERVER_UNAVAILABLE', 'Server temporarily unavailable')
    }
    const path = m[2] as string
    const batchHint = /batchSize=(\d+)/.exec(String(req.headers['sforce-query-options'] ?? ''))
    const batch = Math.min(this.o.maxBatch, Math.max(200, batchHint ? Number(batchHint[1]) : 2000))
    if (path === '/query' || path === '/queryAll') {
      const parsed = parseSoql(url.searchParams.get('q') ?? '')
      if ('error' in parsed) return err(400, parsed.code, parsed.error)
      const rows = [...this.cases.values()]
        .filter((c) => (path === '/queryAll' || !c.IsDeleted) && parsed.where.every((w) => w(c)))
        .sort((a, b) =>
          parsed.byId
            ? a.Id < b.Id
              ? -1
              : a.Id > b.Id
                ? 1
                : 0
            : a.SystemModstamp - b.SystemModstamp || (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0),
        )
        .slice(0, parsed.limit ?? undefined)
        .map((c) => this.project(c, parsed, m[1] as string))
      return json(200, this.page({ rows, offset: 0, batch }, m[1] as string), limits)
    }
    const loc = /^\/query\/(01g[A-Za-z0-9]+)-(\d+)$/.exec(path)
    if (loc) {
      this.locatorRequests++
      const l = this.locators.get(loc[1] as string)
      const fail = this.faults.invalidLocatorAt?.includes(this.locatorRequests)
      if (!l || fail || Number(loc[2]) !== l.offset) return err(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator')
      return json(200, this.page(l, m[1] as string, loc[1]), limits)
    }
    if (path === '/sobjects/Case/deleted/' || path === '/sobjects/Case/deleted') {
      const start = Date.parse(url.searchParams.get('start') ?? '')
      const end = Date.parse(url.searchParams.get('end') ?? '')
      if (Number.isNaN(start) || Number.isNaN(end) || end <= start)
        return err(400, 'INVALID_REPLICATION_DATE', 'start and end must be dates with start before end')
      const deletedRecords = [...this.cases.values()]
        .filter(
          (c) =>
            c.deletedDate !== null &&
            c.deletedDate >= Math.max(start, this.earliestDateAvailable) &&
            c.deletedDate < end,
        )
        .map((c) => ({ id: c.Id, deletedDate: sfDate(c.deletedDate as number) }))
      return json(
        200,
        {
          deletedRecords,
          earliestDateAvailable: sfDate(this.earliestDateAvailable),
          latestDateCovered: sfDate(Math.floor(end / 60_000) * 60_000),
        },
        limits,
      )
    }
    return err(404, 'NOT_FOUND', 'The requested resource does not exist')
  }

  private page(l: Locator, version: string, id?: string): Record<string, unknown> {
    const records = l.rows.slice(l.offset, l.offset + l.batch)
    l.offset += records.length
    const done = l.offset >= l.rows.length
    const locatorId = id ?? `01g${Math.random().toString(36).slice(2, 12)}`
    if (!done) this.locators.set(locatorId, l)
    else this.locators.delete(locatorId)
    return {
      totalSize: l.rows.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/${version}/query/${locatorId}-${l.offset}` }),
      records,
    }
  }

  private project(
    c: FakeCase,
    parsed: Extract<Parsed, { fields: string[] }>,
    version: string,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {
      attributes: { type: 'Case', url: `/services/data/${version}/sobjects/Case/${c.Id}` },
    }
    for (const f of parsed.fields) {
      const v = f in c.extra ? c.extra[f] : (c as unknown as Record<string, unknown>)[f]
      out[f] = DATE_FIELDS.has(f) && typeof v === 'number' ? sfDate(v) : (v ?? null)
    }
    // A subquery answers null when the case has no such child, a list otherwise; a long one is split like any query.
    for (const rel of parsed.children) {
      const rows = rel in c.extra ? (c.extra[rel] as Record<string, unknown>[]) : c[rel]
      out[rel] = rows.length ? this.page({ rows, offset: 0, batch: this.o.childBatch }, version) : null
    }
    return out
  }

  private token(form: URLSearchParams, json: (s: number, b: unknown) => void): void {
    const grant = form.get('grant_type')
    const okClient = form.get('client_id') === this.o.clientId
    const ok =
      grant === 'client_credentials'
        ? okClient && form.get('client_secret') === this.o.clientSecret
        : grant === 'refresh_token'
          ? okClient && !!this.o.refreshToken && form.get('refresh_token') === this.o.refreshToken
          : null
    if (ok === null)
      return json(400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' })
    if (!ok) return json(400, { error: 'invalid_grant', error_description: 'authentication failure' })
    const token = `00Dfake!${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`
    this.tokensIssued.push(token)
    this.sessions.add(token)
    this.faults.expireSessions = false
    json(200, {
      access_token: token,
      instance_url: this.instanceUrl ?? this.url,
      id: `${this.url}/id/00Dfake/005fake`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      signature: 'c2lnbmF0dXJl',
    })
  }
}

type ChildRel = 'CaseComments' | 'EmailMessages'
type Parsed =
  | { fields: string[]; children: ChildRel[]; where: ((c: FakeCase) => boolean)[]; byId: boolean; limit: number | null }
  | { error: string; code: string }

const CHILD_FIELDS: Record<ChildRel, string[]> = {
  CaseComments: ['Id', 'ParentId', 'CommentBody', 'IsPublished', 'CreatedById', 'CreatedDate'],
  EmailMessages: ['Id', 'ParentId', 'Subject', 'TextBody', 'Incoming', 'FromAddress', 'MessageDate', 'CreatedDate'],
}

/** The SOQL a connector sends, nothing more: anything else is MALFORMED_QUERY, an unknown field INVALID_FIELD. */
export function parseSoql(q: string): Parsed {
  const m =
    /^SELECT\s+(.+?)\s+FROM\s+Case(?:\s+WHERE\s+(.+?))?(?:\s+ORDER\s+BY\s+(SystemModstamp\s*,\s*Id|Id))?(?:\s+LIMIT\s+(\d+))?\s*$/i.exec(
      q.trim(),
    )
  if (!m) return { error: `unexpected token in query: ${q.slice(0, 80)}`, code: 'MALFORMED_QUERY' }
  // Parent-to-child subqueries on the case's comments and emails, then the plain field list.
  const children: ChildRel[] = []
  let list = m[1] as string
  for (const sub of list.match(/\(\s*SELECT[^()]*\)/gi) ?? []) {
    const sm = /^\(\s*SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+ORDER\s+BY\s+(\w+))?\s*\)$/i.exec(sub)
    if (!sm) return { error: `unexpected token in subquery: ${sub.slice(0, 80)}`, code: 'MALFORMED_QUERY' }
    const rel = sm[2] as string
    if (rel !== 'CaseComments' && rel !== 'EmailMessages')
      return { error: `Didn't understand relationship '${rel}' in FROM part of query call.`, code: 'INVALID_TYPE' }
    for (const f of (sm[1] as string).split(',').map((x) => x.trim()))
      if (!CHILD_FIELDS[rel].includes(f))
        return { error: `No such column '${f}' on entity '${rel}'.`, code: 'INVALID_FIELD' }
    children.push(rel)
    list = list.replace(sub, '')
  }
  const fields = list
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
  for (const f of fields)
    if (!FIELDS.includes(f) && !/^[A-Za-z0-9_]+__c$/.test(f))
      return { error: `No such column '${f}' on entity 'Case'.`, code: 'INVALID_FIELD' }
  const where: ((c: FakeCase) => boolean)[] = []
  for (const cond of m[2] ? m[2].split(/\s+AND\s+/i) : []) {
    const t = /^SystemModstamp\s*(>=|>)\s*(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z)$/.exec(cond.trim())
    const d = /^IsDeleted\s*=\s*(TRUE|FALSE)$/i.exec(cond.trim())
    const idAfter = /^Id\s*>\s*'([A-Za-z0-9]{15,18})'$/.exec(cond.trim())
    if (idAfter) {
      const after = idAfter[1] as string
      where.push((c) => c.Id > after)
    } else if (t) {
      const at = Date.parse(t[2] as string)
      where.push(t[1] === '>' ? (c) => c.SystemModstamp > at : (c) => c.SystemModstamp >= at)
    } else if (d) {
      const want = (d[1] as string).toUpperCase() === 'TRUE'
      where.push((c) => c.IsDeleted === want)
    } else return { error: `unexpected condition: ${cond}`, code: 'MALFORMED_QUERY' }
  }
  return { fields, children, where, byId: /^Id$/i.test(m[3] ?? ''), limit: m[4] ? Number(m[4]) : null }
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
