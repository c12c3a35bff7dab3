/**
 * The Salesforce connector (Service Cloud Case object, REST API).
 *
 * Changes: `SELECT … FROM Case WHERE SystemModstamp >= {watermark − overlap} ORDER BY SystemModstamp, Id`, batches
 * followed through `nextRecordsUrl`. The watermark is (SystemModstamp, Id) of the last record handed over, kept in the
 * cursor; the overlap re-reads the last moments because a record can commit with a SystemModstamp slightly older than
 * ones already visible, and re-reading is harmless (the engine's upsert ignores a record that is not newer; the run
 * drops ids it already handed over). An expired query locator (INVALID_QUERY_LOCATOR) restarts the query from the
 * watermark instead of failing the run.
 *
 * Comments: each case's CaseComments and EmailMessages come in the same query as parent-to-child subqueries, so a
 * batch of cases costs one request with its thread (a child list Salesforce splits is followed to its end).
 *
 * Deletes: `sobjects/Case/deleted/?start=&end=`, which reaches about 15 days back (the recycle bin): the window runs
 * from where the last run's deletes stopped to the start of this run. When that window no longer reaches back to the
 * last run (a source left unsynced for weeks), and at least weekly anyway, every case id is listed and the cached
 * cases missing from the list are deleted (`liveIds`, the engine's reconciliation).
 */
import type { FieldMapping, SourceCredentials } from '../../../shared/api/methods/sources'
import { parseWatermarkCursor } from '../cursor'
import {
  ConnectorError,
  type CommentInput,
  type Connector,
  type ConnectorRunOptions,
  type SyncedTicket,
  type SyncPage,
} from '../types'
import type { QuarantinedRecord } from '../types'
import { SalesforceApi, SalesforceApiError, type TransportOptions } from './api'
import {
  CASE_THREAD_SUBQUERIES,
  caseFields,
  resolveSalesforceMapping,
  type SalesforceMappingOverrides,
} from './mapping'
import {
  CHILD_RELATIONSHIPS,
  childBatch,
  isObj,
  mapCase,
  mapCaseChild,
  parseSalesforceDate,
  soqlDateTime,
  type OnUnmapped,
} from './records'

export interface SalesforceConfig {
  /** A login URL (https://login.salesforce.com, https://test.salesforce.com, a My Domain) or the instance URL. */
  baseUrl: string
  credentials: SourceCredentials
  /** The shared field mapping the Sources screen edits (case type, region and channel values). */
  mapping?: FieldMapping
  /** Salesforce-specific overrides: status, priority and origin values, which Case fields hold case type and region. */
  salesforceMapping?: SalesforceMappingOverrides
  /** REST API version, `v60.0` by default. */
  apiVersion?: string
  /** `Sforce-Query-Options: batchSize` (200..2000; a hint Salesforce may ignore). */
  batchSize?: number
  /** How far before the watermark each run re-reads; 60 s by default. */
  overlapMs?: number
  /** Epoch ms the first sync starts from (0: every case the org holds). */
  startFrom?: number
  /** Bring each case's CaseComments and EmailMessages (its thread) along; true by default. */
  comments?: boolean
  http?: TransportOptions
}

export interface SalesforceDeps {
  now?: () => number
  /** Told each picklist value the mapping has no entry for (the Sources screen offers to map it). */
  onUnmapped?: OnUnmapped
}

/** The connector's state between runs, stored as JSON in the engine's cursor. */
export interface SalesforceCursor {
  v: 1
  /** SystemModstamp (epoch ms) and Id of the last case handed over; null before the first one. */
  modstamp: number | null
  id: string | null
  /** Deletes are applied up to this moment (epoch ms); set when the first run starts. */
  deletesUntil: number | null
  /** When every cached id was last checked against the org (epoch ms); null: never. */
  reconciledAt: number | null
}

/** Salesforce keeps deleted records about 15 days; ask a little less so the start stays inside the window. */
const DELETED_WINDOW_MS = 14 * 86_400_000
/** How often every cached id is re-checked against the org even when no deletion gap was seen. */
export const RECONCILE_EVERY_MS = 7 * 86_400_000
/** The deleted endpoint refuses a window shorter than a minute. */
const MIN_DELETED_WINDOW_MS = 60_000
/** Restarts after an expired query locator that make no progress before the run gives up. */
const MAX_STALLED_RESTARTS = 3
const DELETE_PAGE = 2_000

export function parseSalesforceCursor(text: string | null): SalesforceCursor {
  return parseWatermarkCursor(text, 'Salesforce', ['modstamp', 'deletesUntil', 'reconciledAt'] as const, [
    'reconciledAt',
  ])
}

/** (SystemModstamp, Id) order, the query's ORDER BY. */
function after(a: { modstamp: number; id: string }, b: { modstamp: number | null; id: string | null }): boolean {
  if (b.modstamp === null) return true
  return a.modstamp > b.modstamp || (a.modstamp === b.modstamp && a.id > (b.id ?? ''))
}

export function createSalesforceConnector(config: SalesforceConfig, deps: SalesforceDeps = {}): Connector {
  const mapping = resolveSalesforceMapping(config.salesforceMapping, config.mapping)
  const apiVersion = config.apiVersion ?? 'v60.0'
  if (!/^v\d{2,3}\.0$/.test(apiVersion))
    throw new ConnectorError('config', `"${apiVersion}" is not a Salesforce API version such as v60.0.`)
  const api = new SalesforceApi(config.baseUrl, config.credentials, apiVersion, config.http)
  const now = deps.now ?? Date.now
  const overlapMs = Math.max(0, config.overlapMs ?? 60_000)
  const batchSize = Math.min(2000, Math.max(200, config.batchSize ?? 2000))
  const withComments = config.comments !== false
  const select = `SELECT ${[...caseFields(mapping), ...(withComments ? CASE_THREAD_SUBQUERIES : [])].join(', ')} FROM Case`

  /** A case's thread from its subquery results, following a child batch Salesforce split off (`nextRecordsUrl`). */
  async function threadOf(raw: unknown, signal: AbortSignal): Promise<CommentInput[]> {
    const out: CommentInput[] = []
    for (const rel of CHILD_RELATIONSHIPS) {
      let batch = childBatch(raw, rel)
      for (;;) {
        for (const r of batch.records) {
          const c = mapCaseChild(rel, r)
          if (c) out.push(c)
        }
        if (!batch.next) break
        const body = await api.get(batch.next, signal)
        batch =
          isObj(body) && Array.isArray(body.records) ? childBatch({ [rel]: body }, rel) : { records: [], next: null }
      }
    }
    return out.sort((a, b) => a.createdAt - b.createdAt || (a.externalId < b.externalId ? -1 : 1))
  }

  const query = (soql: string, signal: AbortSignal): Promise<unknown> =>
    api.get(`${api.dataPath('/query')}?q=${encodeURIComponent(soql)}`, signal, {
      'sforce-query-options': `batchSize=${batchSize}`,
    })

  function batchOf(body: unknown): { records: unknown[]; next: string | null; total: number | undefined } {
    if (!isObj(body) || !Array.isArray(body.records))
      throw new ConnectorError('protocol', 'Salesforce answered the case query without a records list.')
    const next = body.done === false && typeof body.nextRecordsUrl === 'string' ? body.nextRecordsUrl : null
    if (body.done === false && !next)
      throw new ConnectorError('protocol', 'Salesforce said more cases follow but gave no address for the next batch.')
    return { records: body.records, next, total: typeof body.totalSize === 'number' ? body.totalSize : undefined }
  }

  async function* changes(
    state: SalesforceCursor,
    signal: AbortSignal,
    handed: Map<string, number>,
  ): AsyncGenerator<SyncPage> {
    const from = state.modstamp === null ? Math.max(0, config.startFrom ?? 0) : state.modstamp - overlapMs
    let body = await query(
      `${select} WHERE SystemModstamp >= ${soqlDateTime(from)} ORDER BY SystemModstamp, Id`,
      signal,
    )
    /** Set after an expired locator: records up to this point were handed over in this run already. */
    let resumeAfter: { modstamp: number | null; id: string | null } | null = null
    let stalled = 0
    /** The first query's totalSize: a restarted query counts only what is left, the progress bar wants the whole. */
    let totalHint: number | undefined
    for (;;) {
      const batch = batchOf(body)
      totalHint ??= batch.total
      const tickets: SyncedTicket[] = []
      const quarantined: QuarantinedRecord[] = []
      for (const raw of batch.records) {
        const m = mapCase(raw, mapping, deps.onUnmapped)
        if (m.kind === 'quarantine') {
          quarantined.push(m.record)
          continue
        }
        const key = { modstamp: m.modstamp, id: m.id }
        if (resumeAfter && !after(key, resumeAfter)) continue
        const prev = handed.get(m.id)
        if (prev !== undefined && prev >= m.modstamp) continue
        handed.set(m.id, m.modstamp)
        tickets.push(withComments ? { ticket: m.ticket, comments: await threadOf(raw, signal) } : { ticket: m.ticket })
        if (after(key, state)) {
          state.modstamp = m.modstamp
          state.id = m.id
        }
      }
      if (tickets.length > 0) stalled = 0
      yield { tickets, deletes: [], quarantined, cursor: JSON.stringify(state), done: false, totalHint }
      if (!batch.next) return
      try {
        body = await api.get(batch.next, signal)
      } catch (err) {
        if (!(err instanceof SalesforceApiError) || err.errorCode !== 'INVALID_QUERY_LOCATOR') throw err
        // Locators expire (15 minutes idle, or too many open): start the query again from the watermark.
        if (++stalled > MAX_STALLED_RESTARTS)
          throw new ConnectorError(
            'protocol',
            'Salesforce kept expiring the case query before a batch could be read; try again later.',
          )
        resumeAfter = { modstamp: state.modstamp, id: state.id }
        const since = state.modstamp ?? from
        body = await query(
          `${select} WHERE SystemModstamp >= ${soqlDateTime(since)} ORDER BY SystemModstamp, Id`,
          signal,
        )
      }
    }
  }

  async function* deletes(
    state: SalesforceCursor,
    runStart: number,
    signal: AbortSignal,
    handed: Map<string, number>,
  ): AsyncGenerator<SyncPage, boolean> {
    const known = state.deletesUntil ?? runStart
    const oldest = runStart - DELETED_WINDOW_MS
    const start = Math.max(oldest, known - overlapMs)
    // Salesforce wants more than a minute between start and end; a shorter window is covered by the next run.
    if (runStart - start <= MIN_DELETED_WINDOW_MS) return false
    const qs = `?start=${encodeURIComponent(iso(start))}&end=${encodeURIComponent(iso(runStart))}`
    const body = await api.get(`${api.dataPath('/sobjects/Case/deleted/')}${qs}`, signal)
    if (!isObj(body) || !Array.isArray(body.deletedRecords))
      throw new ConnectorError(
        'protocol',
        'Salesforce answered the deleted-cases request without a deletedRecords list.',
      )
    // Deletions older than the recycle bin (about 15 days, or what an administrator purged) are no longer listed: a
    // source not synced for that long may hold cases deleted in the gap. The run then re-checks every id (reconcile).
    const earliest = parseSalesforceDate(body.earliestDateAvailable)
    const gapFrom = known - overlapMs
    const gap = gapFrom < start || (earliest !== null && gapFrom < earliest)
    if (gap)
      config.http?.log?.(
        `Salesforce: deletions between ${iso(gapFrom)} and ${iso(Math.max(start, earliest ?? start))} are no longer listed; every cached case id is checked against the org instead.`,
      )
    const ids: string[] = []
    for (const d of body.deletedRecords) {
      if (!isObj(d) || typeof d.id !== 'string' || !d.id) continue
      const deletedAt = parseSalesforceDate(d.deletedDate)
      // A case restored after its deletion came back through the query with a newer SystemModstamp: keep it.
      const seen = handed.get(d.id)
      if (seen !== undefined && deletedAt !== null && seen > deletedAt) continue
      ids.push(d.id)
    }
    const covered = parseSalesforceDate(body.latestDateCovered)
    const until = covered !== null ? Math.min(covered, runStart) : runStart
    for (let i = 0; i < ids.length; i += DELETE_PAGE) {
      const last = i + DELETE_PAGE >= ids.length
      if (last) state.deletesUntil = until
      yield {
        tickets: [],
        deletes: ids.slice(i, i + DELETE_PAGE),
        quarantined: [],
        cursor: JSON.stringify(state),
        done: false,
      }
    }
    state.deletesUntil = until
    return gap
  }

  /**
   * Every case id the org holds (`SELECT Id FROM Case ORDER BY Id`), handed to the engine a batch at a time; on the
   * last batch it deletes the cached cases that were not listed. An expired locator resumes after the last id read.
   */
  async function* reconcileIds(
    state: SalesforceCursor,
    runStart: number,
    signal: AbortSignal,
  ): AsyncGenerator<SyncPage> {
    const list = (afterId: string | null): Promise<unknown> =>
      query(`SELECT Id FROM Case${afterId ? ` WHERE Id > '${afterId}'` : ''} ORDER BY Id`, signal)
    let body = await list(null)
    let lastId: string | null = null
    let first = true
    let stalled = 0
    for (;;) {
      const batch = batchOf(body)
      const ids: string[] = []
      for (const r of batch.records) if (isObj(r) && typeof r.Id === 'string' && CASE_ID.test(r.Id)) ids.push(r.Id)
      if (ids.length) {
        lastId = ids[ids.length - 1] as string
        stalled = 0
      }
      const last = batch.next === null
      if (last) state.reconciledAt = runStart
      yield {
        tickets: [],
        deletes: [],
        quarantined: [],
        cursor: JSON.stringify(state),
        done: false,
        liveIds: { ids, first, last },
      }
      first = false
      if (last) return
      try {
        body = await api.get(batch.next as string, signal)
      } catch (err) {
        if (!(err instanceof SalesforceApiError) || err.errorCode !== 'INVALID_QUERY_LOCATOR') throw err
        if (++stalled > MAX_STALLED_RESTARTS)
          throw new ConnectorError(
            'protocol',
            'Salesforce kept expiring the id check before a batch could be read; try again later.',
          )
        body = await list(lastId)
      }
    }
  }

  return {
    kind: 'salesforce',

    async test(signal) {
      const body = await query('SELECT Id FROM Case LIMIT 1', signal)
      if (!isObj(body) || !Array.isArray(body.records))
        throw new ConnectorError('protocol', 'Salesforce answered the test query without a records list.')
      const usage = api.apiUsage ? ` API usage today: ${api.apiUsage.replace(/^api-usage=/, '')}.` : ''
      const any = body.records.length > 0 ? 'cases are readable' : 'no case is visible to this user yet'
      return { detail: `Connected to ${api.host}; ${any}.${usage}` }
    },

    async *pages(options: ConnectorRunOptions): AsyncIterable<SyncPage> {
      const state = parseSalesforceCursor(options.cursor)
      const runStart = now()
      const handed = new Map<string, number>()
      // On the first run the query sees only live cases, so there is nothing to delete; deletions count from its
      // start, and every page's cursor carries that, so a first run cut short still covers them when it resumes.
      const first = state.deletesUntil === null
      if (first) {
        state.deletesUntil = runStart
        state.reconciledAt = runStart
      }
      yield* changes(state, options.signal, handed)
      if (!first) {
        const gap = yield* deletes(state, runStart, options.signal, handed)
        const due = state.reconciledAt === null || runStart - state.reconciledAt >= RECONCILE_EVERY_MS
        if (gap || due) yield* reconcileIds(state, runStart, options.signal)
      }
      yield { tickets: [], deletes: [], quarantined: [], cursor: JSON.stringify(state), done: true }
    },
  }
}

/** A case id as the API writes it (15 or 18 letters and digits): the only thing put back into the id check's SOQL. */
const CASE_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
