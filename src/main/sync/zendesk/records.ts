/**
 * Reading Zendesk records: an incremental export page's tickets with their side-loads (users, groups, metric sets),
 * and comments. Vendor JSON is untrusted: every field is checked, and a ticket that cannot be read becomes a
 * quarantined record with the reason instead of failing the page.
 */
import type { FieldMapping } from '../../../shared/api/methods/sources'
import type { TicketInput } from '../../db/queries/ticketWrites'
import type { CommentInput, QuarantinedRecord } from '../types'
import { mapCaseType, mapChannel, mapRegion } from './mapping'

type Obj = Record<string, unknown>

interface ZendeskUser {
  name: string
  locale: string | null
  role: string | null
}

/** Side-loaded records, kept across the pages of one run (a user seen on page 1 is the requester on page 9). */
export class ZendeskLookups {
  readonly users = new Map<number, ZendeskUser>()
  readonly groups = new Map<number, string>()
  /** Top-level metric sets of the current page, by ticket id. */
  metrics = new Map<number, Obj>()

  /** Reads `users[]`, `groups[]` and `metric_sets[]` of a response body; ignores entries it cannot read. */
  absorb(body: Obj): void {
    this.absorbUsers(body)
    for (const g of arrayOf(body.groups)) {
      if (isObj(g) && typeof g.id === 'number' && typeof g.name === 'string') this.groups.set(g.id, g.name)
    }
    this.metrics = new Map()
    for (const m of arrayOf(body.metric_sets)) {
      if (isObj(m) && typeof m.ticket_id === 'number') this.metrics.set(m.ticket_id, m)
    }
  }

  absorbUsers(body: Obj): void {
    for (const u of arrayOf(body.users)) {
      if (isObj(u) && typeof u.id === 'number')
        this.users.set(u.id, {
          name: typeof u.name === 'string' && u.name ? u.name : `User ${u.id}`,
          locale: typeof u.locale === 'string' ? u.locale : null,
          role: typeof u.role === 'string' ? u.role : null,
        })
    }
  }

  userName(id: unknown): string | null {
    if (typeof id !== 'number') return null
    return this.users.get(id)?.name ?? `User ${id}`
  }
}

export type MappedRecord =
  | { kind: 'ticket'; id: string; generated: number; ticket: TicketInput; zendeskId: number }
  | { kind: 'deleted'; id: string; generated: number }
  | { kind: 'quarantine'; record: QuarantinedRecord }

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
export const arrayOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])

const RAW_LIMIT = 4_096
export function rawExcerpt(raw: unknown): string {
  let text: string
  try {
    text = JSON.stringify(raw) ?? String(raw)
  } catch {
    text = String(raw)
  }
  return text.length > RAW_LIMIT ? `${text.slice(0, RAW_LIMIT)}…` : text
}

function quarantine(raw: unknown, id: string | null, reason: string): MappedRecord {
  return { kind: 'quarantine', record: { externalId: id, reason, raw: rawExcerpt(raw) } }
}

function time(v: unknown): number | null {
  if (typeof v !== 'string') return null
  const t = Date.parse(v)
  return Number.isFinite(t) ? t : null
}

/** A metric duration: `{calendar, business}` (calendar minutes are the workbench's definition) or a bare number. */
function minutes(v: unknown): number | null {
  const n = isObj(v) ? v.calendar : v
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.round(n) : null
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '')
const optText = (v: unknown): string | null => (typeof v === 'string' && v ? v : null)

/** CSAT per kpis.md on the 1–5 scale: Zendesk's good/bad is binary, so good → 5 and bad → 1; others unrated. */
function csat(rating: unknown): number | null {
  const score = isObj(rating) ? rating.score : null
  return score === 'good' ? 5 : score === 'bad' ? 1 : null
}

/** One export record onto the workbench's ticket fields (or a delete, or a quarantine entry with the reason). */
export function mapTicket(raw: unknown, lookups: ZendeskLookups, mapping: FieldMapping): MappedRecord {
  if (!isObj(raw)) return quarantine(raw, null, 'The record is not a JSON object.')
  const zid = raw.id
  if (typeof zid !== 'number' || !Number.isSafeInteger(zid) || zid <= 0)
    return quarantine(raw, typeof zid === 'string' ? zid : null, 'The ticket has no numeric id.')
  const id = String(zid)
  const generated = typeof raw.generated_timestamp === 'number' ? raw.generated_timestamp : 0
  if (raw.status === 'deleted') return { kind: 'deleted', id, generated }
  const createdAt = time(raw.created_at)
  const updatedAt = time(raw.updated_at)
  if (createdAt === null)
    return quarantine(raw, id, `created_at is missing or not a date (${JSON.stringify(raw.created_at)}).`)
  if (updatedAt === null)
    return quarantine(raw, id, `updated_at is missing or not a date (${JSON.stringify(raw.updated_at)}).`)
  if (typeof raw.status !== 'string' || !raw.status) return quarantine(raw, id, 'The ticket has no status.')
  if (raw.tags !== undefined && !Array.isArray(raw.tags)) return quarantine(raw, id, 'tags is not a list.')
  const tags = arrayOf(raw.tags).filter((t): t is string => typeof t === 'string')
  const fields = arrayOf(raw.custom_fields)
    .filter(isObj)
    .filter((f): f is { id: number; value: unknown } => typeof f.id === 'number')
  const metric = isObj(raw.metric_set) ? raw.metric_set : (lookups.metrics.get(zid) ?? {})
  const via = isObj(raw.via) ? raw.via : {}
  const caseType = mapCaseType(mapping, fields, tags)
  const firstResolutionMinutes = minutes(metric.first_resolution_time_in_minutes)
  const solvedAt = time(metric.solved_at)
  const requesterId = raw.requester_id
  const ticket: TicketInput = {
    externalId: id,
    subject: text(raw.subject) || text(raw.raw_subject),
    description: text(raw.description),
    status: raw.status,
    priority: optText(raw.priority),
    type: optText(raw.type),
    caseType,
    channel: mapChannel(mapping, optText(via.channel)),
    tags,
    region: mapRegion(mapping, fields),
    locale: typeof requesterId === 'number' ? (lookups.users.get(requesterId)?.locale ?? null) : null,
    requester: lookups.userName(requesterId),
    assignee: lookups.userName(raw.assignee_id),
    group: typeof raw.group_id === 'number' ? (lookups.groups.get(raw.group_id) ?? `Group ${raw.group_id}`) : null,
    createdAt,
    updatedAt,
    firstSolvedAt: firstResolutionMinutes !== null ? createdAt + firstResolutionMinutes * 60_000 : solvedAt,
    solvedAt,
    firstReplyMinutes: minutes(metric.reply_time_in_minutes),
    firstResolutionMinutes,
    fullResolutionMinutes: minutes(metric.full_resolution_time_in_minutes),
    reopens: count(metric.reopens),
    replies: count(metric.replies),
    csat: csat(raw.satisfaction_rating),
    // Zendesk has no sensitivity flag of its own; the workspace derives it from the case type (queries/wellbeing.ts).
    sensitive: false,
    escalated: tags.includes('escalated'),
  }
  return { kind: 'ticket', id, generated, ticket, zendeskId: zid }
}

/** One comment of `/tickets/{id}/comments.json`; null when it cannot be read (the others are kept). */
export function mapComment(raw: unknown, lookups: ZendeskLookups, requesterId: unknown): CommentInput | null {
  if (!isObj(raw) || typeof raw.id !== 'number') return null
  const createdAt = time(raw.created_at)
  if (createdAt === null) return null
  const body = typeof raw.plain_body === 'string' ? raw.plain_body : text(raw.body)
  const authorId = raw.author_id
  const role = typeof authorId === 'number' ? lookups.users.get(authorId)?.role : undefined
  return {
    externalId: String(raw.id),
    author: typeof authorId === 'number' && authorId > 0 ? lookups.userName(authorId) : null,
    authorRole:
      typeof authorId !== 'number' || authorId <= 0
        ? 'system'
        : authorId === requesterId || role === 'end-user'
          ? 'requester'
          : 'agent',
    public: raw.public !== false,
    body,
    createdAt,
  }
}
