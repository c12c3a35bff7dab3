/**
 * The HubSpot connector (CRM v3 tickets).
 *
 * Changes: CRM search on `hs_lastmodifieddate GTE {watermark − overlap}`, sorted ascending, 200 a page, `after`
 * paging. Search cannot page past 10,000 results, so before reaching the cap (or on its 400) the query restarts with
 * a new GTE from the last `hs_lastmodifieddate` seen; tickets already handed over this run are dropped by id. When
 * more than a page of tickets share one millisecond and a restart would not move, those are drained by
 * `hs_object_id` (EQ on the date, GT on the id) before going on. The watermark overlaps a few seconds because search
 * lags writes.
 *
 * Comments: each page's tickets get their associated notes, emails and communications (threads.ts).
 *
 * Deletes: archived tickets (`GET /crm/v3/objects/tickets?archived=true`), those archived since the last run.
 * Status: the ticket's pipeline stage, through the mapping or the stage's `metadata.isClosed`.
 */
import type { FieldMapping, SourceCredentials } from '../../../shared/api/methods/sources'
import type { TransportOptions } from '../http'
import { parseWatermarkCursor } from '../cursor'
import type { OnUnmapped } from '../salesforce/records'
import {
  ConnectorError,
  type Connector,
  type ConnectorRunOptions,
  type QuarantinedRecord,
  type SyncedTicket,
  type SyncPage,
} from '../types'
import { HubSpotApi, HubSpotApiError } from './api'
import { resolveHubSpotMapping, ticketProperties, type HubSpotMappingOverrides } from './mapping'
import { isObj, mapHubSpotTicket, parseHubSpotDate, type Stage } from './records'
import { fetchThreads } from './threads'

export interface HubSpotConfig {
  /** https://api.hubapi.com unless a test server. */
  baseUrl: string
  credentials: SourceCredentials
  mapping?: FieldMapping
  hubspotMapping?: HubSpotMappingOverrides
  /** Bring each ticket's notes, emails and communications (its thread) along; true by default. */
  comments?: boolean
  /** Search page size, at most 200 (HubSpot's limit). */
  perPage?: number
  /** How far before the watermark each run searches again; 5 s by default (search lags writes). */
  overlapMs?: number
  /** Epoch ms the first sync starts from (0: every ticket). */
  startFrom?: number
  /** Least time between two searches (HubSpot allows about 4 a second); 250 ms by default. */
  searchIntervalMs?: number
  http?: TransportOptions
}

export interface HubSpotDeps {
  now?: () => number
  onUnmapped?: OnUnmapped
}

export interface HubSpotCursor {
  v: 1
  /** hs_lastmodifieddate (epoch ms) and id of the newest ticket handed over; null before the first. */
  modified: number | null
  id: string | null
  /** Archivals are applied up to this moment (epoch ms); set when the first run starts. */
  archivedSince: number | null
}

/** HubSpot search answers at most this many results per query (`after` beyond it is a 400). */
export const SEARCH_CAP = 10_000
const DELETE_PAGE = 1_000
const MAX_STALLED_RESTARTS = 3

export function parseHubSpotCursor(text: string | null): HubSpotCursor {
  return parseWatermarkCursor(text, 'HubSpot', ['modified', 'archivedSince'] as const)
}

/** Numeric order of HubSpot ids (strings of digits). */
const idAfter = (a: string, b: string): boolean => a.length > b.length || (a.length === b.length && a > b)

/** Which slice of tickets a search asks for: a date range, or one crowded millisecond drained by id. */
type Window = { kind: 'range'; gte: number } | { kind: 'tie'; at: number; afterId: string }

export function createHubSpotConnector(config: HubSpotConfig, deps: HubSpotDeps = {}): Connector {
  const mapping = resolveHubSpotMapping(config.hubspotMapping, config.mapping)
  const api = new HubSpotApi(config.baseUrl, config.credentials.accessToken ?? '', {
    ...config.http,
    searchIntervalMs: config.searchIntervalMs,
  })
  const now = deps.now ?? Date.now
  const limit = Math.min(200, Math.max(1, config.perPage ?? 200))
  const overlapMs = Math.max(0, config.overlapMs ?? 5_000)
  const properties = ticketProperties(mapping)

  async function stages(signal: AbortSignal): Promise<Map<string, Stage>> {
    const body = await api.get('/crm/v3/pipelines/tickets', signal)
    if (!isObj(body) || !Array.isArray(body.results))
      throw new ConnectorError('protocol', 'HubSpot answered the ticket pipelines without a results list.')
    const out = new Map<string, Stage>()
    for (const p of body.results) {
      if (!isObj(p) || !Array.isArray(p.stages)) continue
      for (const s of p.stages) {
        if (!isObj(s) || typeof s.id !== 'string') continue
        const meta = isObj(s.metadata) ? s.metadata : {}
        out.set(s.id, {
          label: typeof s.label === 'string' ? s.label : s.id,
          isClosed: meta.isClosed === 'true' || meta.isClosed === true,
        })
      }
    }
    return out
  }

  function searchBody(w: Window, after: string | null): Record<string, unknown> {
    const filters =
      w.kind === 'range'
        ? [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(w.gte) }]
        : [
            { propertyName: 'hs_lastmodifieddate', operator: 'EQ', value: String(w.at) },
            { propertyName: 'hs_object_id', operator: 'GT', value: w.afterId },
          ]
    const sortBy = w.kind === 'range' ? 'hs_lastmodifieddate' : 'hs_object_id'
    return {
      filterGroups: [{ filters }],
      sorts: [{ propertyName: sortBy, direction: 'ASCENDING' }],
      properties,
      limit,
      ...(after ? { after } : {}),
    }
  }

  async function* changes(
    state: HubSpotCursor,
    signal: AbortSignal,
    handed: Map<string, number>,
  ): AsyncGenerator<SyncPage> {
    const stageMap = await stages(signal)
    let w: Window = {
      kind: 'range',
      gte: state.modified === null ? Math.max(0, config.startFrom ?? 0) : state.modified - overlapMs,
    }
    let after: string | null = null
    let totalHint: number | undefined
    let stalled = 0
    /** The last ticket of the current query in its sort order: where a restart picks up. */
    let last: { modified: number; id: string } | null = null
    for (;;) {
      let body: unknown
      try {
        body = await api.search('/crm/v3/objects/tickets/search', searchBody(w, after), signal)
      } catch (err) {
        // The 10,000-result cap answers 400: restart below as if the page had said so.
        if (!(err instanceof HubSpotApiError) || err.status !== 400 || after === null) throw err
        body = null
      }
      const capped = body === null
      const tickets: SyncedTicket[] = []
      const quarantined: QuarantinedRecord[] = []
      let next: string | null = null
      if (!capped) {
        if (!isObj(body) || !Array.isArray(body.results))
          throw new ConnectorError('protocol', 'HubSpot answered the ticket search without a results list.')
        if (totalHint === undefined && typeof body.total === 'number') totalHint = body.total
        for (const raw of body.results) {
          const m = mapHubSpotTicket(raw, mapping, stageMap, deps.onUnmapped)
          if (m.kind === 'quarantine') {
            quarantined.push(m.record)
            continue
          }
          last = { modified: m.modified, id: m.id }
          const prev = handed.get(m.id)
          if (prev !== undefined && prev >= m.modified) continue
          handed.set(m.id, m.modified)
          tickets.push({ ticket: m.ticket })
          if (
            state.modified === null ||
            m.modified > state.modified ||
            (m.modified === state.modified && idAfter(m.id, state.id ?? ''))
          ) {
            state.modified = m.modified
            state.id = m.id
          }
        }
        const paging = isObj(body.paging) && isObj(body.paging.next) ? body.paging.next : null
        next = paging && typeof paging.after === 'string' && paging.after ? paging.after : null
      }
      if (tickets.length > 0) stalled = 0
      if (config.comments !== false && tickets.length > 0) {
        const threads = await fetchThreads(
          api,
          tickets.map((t) => t.ticket.externalId),
          signal,
        )
        for (const t of tickets) t.comments = threads.get(t.ticket.externalId) ?? []
      }
      if (tickets.length > 0 || quarantined.length > 0)
        yield { tickets, deletes: [], quarantined, cursor: JSON.stringify(state), done: false, totalHint }

      const nextOffset = next !== null && /^\d+$/.test(next) ? Number(next) : null
      const atCap = capped || (nextOffset !== null && nextOffset + limit > SEARCH_CAP)
      if (!atCap) {
        if (next !== null) {
          after = next
          continue
        }
        // A drained millisecond: go on with what is after it.
        if (w.kind === 'tie') {
          w = { kind: 'range', gte: w.at + 1 }
          after = null
          last = null
          continue
        }
        return
      }
      if (++stalled > MAX_STALLED_RESTARTS + 1)
        throw new ConnectorError(
          'protocol',
          'HubSpot search kept hitting its 10,000-result limit without moving on; try again later.',
        )
      if (!last)
        throw new ConnectorError(
          'protocol',
          'HubSpot search hit its 10,000-result limit before answering a readable ticket.',
        )
      // Restart from the last ticket seen. If it is where this query began, one millisecond holds more tickets than a
      // query can page through: drain that millisecond by id instead, from its first id (ties came in no promised
      // order, so the last one seen says nothing about the others; those handed over already are dropped by id).
      if (w.kind === 'tie') w = { kind: 'tie', at: w.at, afterId: last.id }
      else if (last.modified > w.gte) w = { kind: 'range', gte: last.modified }
      else w = { kind: 'tie', at: last.modified, afterId: '0' }
      after = null
    }
  }

  async function* archived(
    state: HubSpotCursor,
    runStart: number,
    signal: AbortSignal,
    handed: Map<string, number>,
  ): AsyncGenerator<SyncPage> {
    const since = (state.archivedSince ?? runStart) - overlapMs
    let after: string | null = null
    let pending: string[] = []
    for (;;) {
      const qs = new URLSearchParams({ archived: 'true', limit: '100', properties: 'hs_object_id' })
      if (after) qs.set('after', after)
      const body = await api.get(`/crm/v3/objects/tickets?${qs}`, signal)
      if (!isObj(body) || !Array.isArray(body.results))
        throw new ConnectorError('protocol', 'HubSpot answered the archived tickets without a results list.')
      for (const r of body.results) {
        if (!isObj(r) || typeof r.id !== 'string' || !r.id) continue
        const at = parseHubSpotDate(r.archivedAt) ?? parseHubSpotDate(r.updatedAt)
        if (at !== null && at < since) continue
        // Restored and changed after its archival: the search handed over the live ticket this run.
        const seen = handed.get(r.id)
        if (seen !== undefined && at !== null && seen > at) continue
        pending.push(r.id)
      }
      const paging = isObj(body.paging) && isObj(body.paging.next) ? body.paging.next : null
      after = paging && typeof paging.after === 'string' && paging.after ? paging.after : null
      if (!after) break
      if (pending.length >= DELETE_PAGE) {
        yield { tickets: [], deletes: pending, quarantined: [], cursor: JSON.stringify(state), done: false }
        pending = []
      }
    }
    state.archivedSince = runStart
    if (pending.length > 0)
      yield { tickets: [], deletes: pending, quarantined: [], cursor: JSON.stringify(state), done: false }
  }

  return {
    kind: 'hubspot',

    async test(signal) {
      const body = await api.get('/crm/v3/objects/tickets?limit=1', signal)
      if (!isObj(body) || !Array.isArray(body.results))
        throw new ConnectorError('protocol', 'HubSpot answered the test request without a results list.')
      return {
        detail: `Connected to ${api.host}; ${body.results.length > 0 ? 'tickets are readable' : 'no ticket is visible to this token yet'}.`,
      }
    },

    async *pages(options: ConnectorRunOptions): AsyncIterable<SyncPage> {
      const state = parseHubSpotCursor(options.cursor)
      const runStart = now()
      const handed = new Map<string, number>()
      // On the first run search sees only live tickets, so there is nothing to delete; archivals count from its
      // start, and every page's cursor carries that, so a first run cut short still covers them when it resumes.
      const first = state.archivedSince === null
      if (first) state.archivedSince = runStart
      yield* changes(state, options.signal, handed)
      if (!first) yield* archived(state, runStart, options.signal, handed)
      yield { tickets: [], deletes: [], quarantined: [], cursor: JSON.stringify(state), done: true }
    },
  }
}
