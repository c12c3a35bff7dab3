/**
 * A HubSpot ticket's thread: the notes, emails and communications (SMS, WhatsApp, LinkedIn messages) associated with
 * it. Per page of tickets: one v4 association batch read per engagement type
 * (`POST /crm/v4/associations/tickets/{type}/batch/read`, following `paging.next.after` for a ticket with more than
 * 500), then the engagements themselves in batch reads of 100
 * (`POST /crm/v3/objects/{type}/batch/read`). A ticket with no association of a type is listed among the answer's
 * `errors` (HTTP 207): that is an empty thread, not a failure.
 */
import type { CommentInput } from '../types'
import type { HubSpotApi } from './api'
import { isObj, parseHubSpotDate } from './records'

export const ENGAGEMENT_TYPES = ['notes', 'emails', 'communications'] as const
type EngagementType = (typeof ENGAGEMENT_TYPES)[number]

const PROPERTIES: Record<EngagementType, string[]> = {
  notes: ['hs_note_body', 'hs_timestamp', 'hubspot_owner_id'],
  emails: ['hs_email_text', 'hs_email_subject', 'hs_email_direction', 'hs_email_from_email', 'hs_timestamp'],
  communications: ['hs_communication_body', 'hs_communication_channel_type', 'hs_timestamp', 'hubspot_owner_id'],
}
/** Batch reads of objects take at most 100 inputs; association batch reads 1,000. */
const READ_BATCH = 100
const ASSOCIATION_BATCH = 1_000

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null)

/** HubSpot note and email bodies are HTML: the thread shows their text. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/div|\/li)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** One engagement as a thread entry; null when it cannot be read (the others are kept). */
export function mapEngagement(type: EngagementType, raw: unknown): CommentInput | null {
  if (!isObj(raw) || typeof raw.id !== 'string' || !isObj(raw.properties)) return null
  const p = raw.properties
  const createdAt = parseHubSpotDate(p.hs_timestamp) ?? parseHubSpotDate(raw.createdAt)
  if (createdAt === null) return null
  if (type === 'notes') {
    const body = text(p.hs_note_body)
    if (body === null) return null
    const owner = text(p.hubspot_owner_id)
    return {
      externalId: `note:${raw.id}`,
      author: owner,
      authorRole: 'agent',
      public: false,
      body: htmlToText(body),
      createdAt,
    }
  }
  if (type === 'emails') {
    const body = text(p.hs_email_text) ?? text(p.hs_email_subject)
    if (body === null) return null
    return {
      externalId: `email:${raw.id}`,
      author: text(p.hs_email_from_email),
      authorRole: p.hs_email_direction === 'INCOMING_EMAIL' ? 'requester' : 'agent',
      public: true,
      body: htmlToText(body),
      createdAt,
    }
  }
  const body = text(p.hs_communication_body)
  if (body === null) return null
  const channel = text(p.hs_communication_channel_type)
  return {
    externalId: `communication:${raw.id}`,
    author: text(p.hubspot_owner_id) ?? (channel ? channel.toLowerCase() : null),
    authorRole: 'agent',
    public: true,
    body: htmlToText(body),
    createdAt,
  }
}

/**
 * Engagement ids of each ticket, for one type. A result lists at most 500 associations of one ticket; when there are
 * more it carries `paging.next.after`, and the ticket is asked again with that token until none comes back.
 */
async function associations(
  api: HubSpotApi,
  type: EngagementType,
  ticketIds: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  let pending: { id: string; after?: string }[] = ticketIds.map((id) => ({ id }))
  const seen = new Set<string>()
  while (pending.length > 0) {
    const next: { id: string; after: string }[] = []
    for (let i = 0; i < pending.length; i += ASSOCIATION_BATCH) {
      const inputs = pending.slice(i, i + ASSOCIATION_BATCH)
      const body = await api.post(`/crm/v4/associations/tickets/${type}/batch/read`, { inputs }, signal)
      if (!isObj(body) || !Array.isArray(body.results)) continue
      for (const r of body.results) {
        if (!isObj(r) || !isObj(r.from) || !Array.isArray(r.to)) continue
        const from = String(r.from.id)
        const ids = r.to
          .map((t) =>
            isObj(t) && (typeof t.toObjectId === 'number' || typeof t.toObjectId === 'string')
              ? String(t.toObjectId)
              : null,
          )
          .filter((x): x is string => x !== null)
        out.set(from, [...(out.get(from) ?? []), ...ids])
        const after = isObj(r.paging) && isObj(r.paging.next) ? r.paging.next.after : undefined
        // A token seen before would page forever: the associations read so far are kept.
        if (typeof after === 'string' && after !== '' && !seen.has(`${from}\u0000${after}`)) {
          seen.add(`${from}\u0000${after}`)
          next.push({ id: from, after })
        }
      }
    }
    pending = next
  }
  return out
}

/** The thread of each ticket id (oldest first); tickets with none map to []. */
export async function fetchThreads(
  api: HubSpotApi,
  ticketIds: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, CommentInput[]>> {
  const threads = new Map<string, CommentInput[]>(ticketIds.map((id) => [id, []]))
  if (ticketIds.length === 0) return threads
  for (const type of ENGAGEMENT_TYPES) {
    const byTicket = await associations(api, type, ticketIds, signal)
    const wanted = [...new Set([...byTicket.values()].flat())]
    const read = new Map<string, CommentInput>()
    for (let i = 0; i < wanted.length; i += READ_BATCH) {
      const body = await api.post(
        `/crm/v3/objects/${type}/batch/read`,
        { properties: PROPERTIES[type], inputs: wanted.slice(i, i + READ_BATCH).map((id) => ({ id })) },
        signal,
      )
      if (!isObj(body) || !Array.isArray(body.results)) continue
      for (const r of body.results) {
        const c = mapEngagement(type, r)
        if (c && isObj(r)) read.set(String(r.id), c)
      }
    }
    for (const [ticket, ids] of byTicket) {
      const list = threads.get(ticket)
      if (!list) continue
      for (const id of ids) {
        const c = read.get(id)
        if (c) list.push(c)
      }
    }
  }
  for (const list of threads.values())
    list.sort((a, b) => a.createdAt - b.createdAt || (a.externalId < b.externalId ? -1 : 1))
  return threads
}
