/**
 * The Zendesk connector: the cursor flavour of the incremental ticket export (start_time on the first request, the
 * opaque cursor alone afterwards), users, groups and metric sets side-loaded, deletes from `status: "deleted"`,
 * comments of changed tickets (switchable), duplicates at page boundaries dropped.
 */
import type { FieldMapping, SourceCredentials } from '../../../shared/api/methods/sources'
import { HttpClient, type HttpClientOptions } from '../http'
import { ConnectorError, type Connector, type ConnectorRunOptions, type SyncedTicket, type SyncPage } from '../types'
import { arrayOf, isObj, mapComment, mapTicket, ZendeskLookups } from './records'
import type { CommentInput, QuarantinedRecord } from '../types'

export interface ZendeskConfig {
  baseUrl: string
  credentials: SourceCredentials
  mapping: FieldMapping
  fetchComments: boolean
  /** Export page size, at most 1000 (Zendesk's limit). */
  perPage?: number
  /** Unix seconds the first sync starts from (0: everything the account holds). */
  startTime?: number
  /** Comment requests in flight at once while a page's changed tickets are fetched. */
  commentConcurrency?: number
  http?: Partial<HttpClientOptions>
}

const INCLUDE = 'users,groups,metric_sets'

const generatedOf = (raw: unknown): number =>
  isObj(raw) && typeof raw.generated_timestamp === 'number' ? raw.generated_timestamp : 0

/** The Authorization header for Zendesk credentials, or a ConnectorError saying what is missing. */
export function zendeskAuthorization(credentials: SourceCredentials): string {
  if (credentials.accessToken) return `Bearer ${credentials.accessToken}`
  if (credentials.apiToken && credentials.email)
    return `Basic ${Buffer.from(`${credentials.email}/token:${credentials.apiToken}`).toString('base64')}`
  if (credentials.apiToken)
    throw new ConnectorError('auth', 'A Zendesk API token needs the email address of the agent it belongs to.')
  throw new ConnectorError('auth', 'Enter an email address and API token (or an OAuth access token) for this source.')
}

export function createZendeskConnector(config: ZendeskConfig): Connector {
  const http = new HttpClient({
    ...config.http,
    baseUrl: config.baseUrl,
    authorization: zendeskAuthorization(config.credentials),
    vendor: 'Zendesk',
  })
  const perPage = Math.min(1000, Math.max(1, config.perPage ?? 1000))
  const startTime = Math.max(0, Math.floor(config.startTime ?? 0))
  const concurrency = Math.max(1, config.commentConcurrency ?? 4)

  async function comments(
    ticketId: number,
    requesterId: unknown,
    lookups: ZendeskLookups,
    signal: AbortSignal,
  ): Promise<CommentInput[] | undefined> {
    const out: CommentInput[] = []
    let after: string | null = null
    for (;;) {
      const qs = new URLSearchParams({ 'page[size]': '100', include: 'users' })
      if (after) qs.set('page[after]', after)
      const res = await http.getJson(`/api/v2/tickets/${ticketId}/comments.json?${qs}`, signal, [404])
      // Deleted since the export listed it: keep whatever the cache has; the delete arrives in a later page.
      if (res.status === 404) return undefined
      const body = res.body
      if (!isObj(body) || !Array.isArray(body.comments))
        throw new ConnectorError(
          'protocol',
          `Zendesk answered the comments of ticket ${ticketId} without a comments list.`,
        )
      lookups.absorbUsers(body)
      for (const c of body.comments) {
        const mapped = mapComment(c, lookups, requesterId)
        if (mapped) out.push(mapped)
      }
      const meta = isObj(body.meta) ? body.meta : {}
      if (meta.has_more === true && typeof meta.after_cursor === 'string' && meta.after_cursor)
        after = meta.after_cursor
      else return out
    }
  }

  async function withComments(
    entries: { synced: SyncedTicket; zendeskId: number; requesterId: unknown }[],
    lookups: ZendeskLookups,
    signal: AbortSignal,
  ): Promise<void> {
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < entries.length) {
        const e = entries[next++] as (typeof entries)[number]
        e.synced.comments = await comments(e.zendeskId, e.requesterId, lookups, signal)
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, entries.length) }, worker))
  }

  return {
    kind: 'zendesk',

    async test(signal) {
      const res = await http.getJson('/api/v2/users/me.json', signal)
      const user = isObj(res.body) && isObj(res.body.user) ? res.body.user : null
      // Zendesk answers an anonymous user (id null) rather than 401 on some accounts when nobody is signed in.
      if (!user || typeof user.id !== 'number')
        throw new ConnectorError(
          'auth',
          'Zendesk did not recognise these credentials (it answered as an anonymous user).',
        )
      const name = typeof user.name === 'string' ? user.name : `user ${user.id}`
      const role = typeof user.role === 'string' ? ` (${user.role})` : ''
      return { detail: `Connected to ${new URL(config.baseUrl).host} as ${name}${role}.` }
    },

    async *pages(options: ConnectorRunOptions): AsyncIterable<SyncPage> {
      const { signal } = options
      const lookups = new ZendeskLookups()
      /** Newest generated_timestamp handed over per ticket this run: a repeat at a page boundary is dropped. */
      const seen = new Map<string, number>()
      let cursor = options.cursor ?? ''
      for (;;) {
        const qs = new URLSearchParams(cursor ? { cursor } : { start_time: String(startTime) })
        qs.set('per_page', String(perPage))
        qs.set('include', INCLUDE)
        const res = await http.getJson(`/api/v2/incremental/tickets/cursor.json?${qs}`, signal)
        const body = res.body
        if (!isObj(body) || !Array.isArray(body.tickets))
          throw new ConnectorError('protocol', 'Zendesk answered the ticket export without a tickets list.')
        const after = typeof body.after_cursor === 'string' && body.after_cursor ? body.after_cursor : null
        const done = body.end_of_stream === true
        if (!done && !after)
          throw new ConnectorError(
            'protocol',
            'Zendesk answered a ticket export page without a cursor to the next one.',
          )
        lookups.absorb(body)

        // The last record of an id in this page wins (Zendesk lists changes oldest first): a readable version after
        // an unreadable one clears it; an unreadable one after a readable one is quarantined beside it (the engine
        // writes the ticket first, then the quarantine entry).
        type Latest =
          | { kind: 'ticket'; synced: SyncedTicket; zendeskId: number; requesterId: unknown }
          | { kind: 'deleted' }
          | { kind: 'quarantine'; record: QuarantinedRecord }
        const latest = new Map<string, Latest>()
        const quarantined: QuarantinedRecord[] = []
        for (const raw of arrayOf(body.tickets)) {
          const mapped = mapTicket(raw, lookups, config.mapping)
          if (mapped.kind === 'quarantine' && mapped.record.externalId === null) {
            quarantined.push(mapped.record)
            continue
          }
          const id = mapped.kind === 'quarantine' ? (mapped.record.externalId as string) : mapped.id
          const generated = mapped.kind === 'quarantine' ? generatedOf(raw) : mapped.generated
          const prev = seen.get(id)
          if (prev !== undefined && generated <= prev && !latest.has(id)) continue
          if (mapped.kind === 'quarantine' && latest.get(id)?.kind === 'ticket') {
            // Readable, then unreadable: the readable version is still the best the cache can have.
            quarantined.push(mapped.record)
            seen.set(id, Math.max(prev ?? 0, generated))
            continue
          }
          seen.set(id, Math.max(prev ?? 0, generated))
          latest.delete(id)
          latest.set(
            id,
            mapped.kind === 'ticket'
              ? {
                  kind: 'ticket',
                  synced: { ticket: mapped.ticket },
                  zendeskId: mapped.zendeskId,
                  requesterId: isObj(raw) ? raw.requester_id : null,
                }
              : mapped.kind === 'deleted'
                ? { kind: 'deleted' }
                : { kind: 'quarantine', record: mapped.record },
          )
        }
        const tickets: SyncedTicket[] = []
        const deletes: string[] = []
        const needComments: { synced: SyncedTicket; zendeskId: number; requesterId: unknown }[] = []
        for (const [id, e] of latest) {
          if (e.kind === 'deleted') deletes.push(id)
          else if (e.kind === 'quarantine') quarantined.push(e.record)
          else {
            tickets.push(e.synced)
            if (config.fetchComments)
              needComments.push({ synced: e.synced, zendeskId: e.zendeskId, requesterId: e.requesterId })
          }
        }
        if (needComments.length > 0) await withComments(needComments, lookups, signal)
        yield { tickets, deletes, quarantined, cursor: after ?? cursor, done }
        if (done) return
        cursor = after as string
      }
    },
  }
}
