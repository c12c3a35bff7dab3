/**
 * A reference implementation in plain TypeScript of the grid's filters, sorts and facets, for the property tests:
 * what SQLite must answer for a handful of tickets held in memory.
 */
import type { TicketFilters, TicketQuery } from '../../src/shared/api/contract'
import { REVIEW_STATES, type ReviewState, type TicketSortColumn } from '../../src/shared/domain'

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export const SOURCES = ['Alpha', 'Beta'] as const

export interface Ticket {
  source: (typeof SOURCES)[number]
  status: string
  priority: string | null
  caseType: string | null
  channel: string
  region: string | null
  assignee: string | null
  group: string | null
  tags: string[]
  createdAt: number
  firstReplyMinutes: number | null
  firstResolutionMinutes: number | null
  fullResolutionMinutes: number | null
  reopens: number
  replies: number
  csat: number | null
  review: { state: ReviewState; flagged: boolean } | null
  labels: string[]
  escalations: number[]
}
export interface Row extends Ticket {
  id: number
}

const inList = <T>(list: readonly (T | null)[] | undefined, v: T | null): boolean =>
  list === undefined || list.length === 0 || list.includes(v)
/** Any of the ticket's values is listed, or null is listed and the ticket has none. */
const anyIn = <T>(list: readonly (T | null)[] | undefined, vs: readonly T[]): boolean =>
  list === undefined || list.length === 0 || (vs.length === 0 ? list.includes(null) : vs.some((v) => list.includes(v)))
const inRange = (r: { min?: number; max?: number; empty?: boolean } | undefined, v: number | null): boolean =>
  r === undefined ||
  (v === null
    ? r.empty === true
    : (r.min !== undefined || r.max !== undefined) &&
      (r.min === undefined || v >= r.min) &&
      (r.max === undefined || v <= r.max))

export function matches(t: Row, f: TicketFilters, omit?: string): boolean {
  const on = (k: string): boolean => k !== omit
  return (
    (!on('status') || inList(f.status, t.status)) &&
    (!on('priority') || inList(f.priority, t.priority)) &&
    (!on('channel') || inList(f.channel, t.channel)) &&
    (!on('caseType') || inList(f.caseType, t.caseType)) &&
    (!on('region') || inList(f.region, t.region)) &&
    (!on('source') || inList(f.source, t.source)) &&
    (!on('assignee') || inList(f.assignee, t.assignee)) &&
    (!on('group') || inList(f.group, t.group)) &&
    (!on('tags') || anyIn(f.tags, t.tags)) &&
    (!on('reviewState') || inList<ReviewState>(f.reviewState, t.review?.state ?? null)) &&
    (!on('labels') || anyIn(f.labels, t.labels)) &&
    (!on('flagged') || f.flagged === undefined || f.flagged === (t.review?.flagged ?? false)) &&
    (f.escalationId === undefined || t.escalations.some((e) => f.escalationId?.includes(e))) &&
    inRange(f.firstReplyMinutes, t.firstReplyMinutes) &&
    inRange(f.firstResolutionMinutes, t.firstResolutionMinutes) &&
    inRange(f.fullResolutionMinutes, t.fullResolutionMinutes) &&
    inRange(f.reopens, t.reopens) &&
    inRange(f.replies, t.replies) &&
    inRange(f.csat, t.csat) &&
    (f.createdFrom === undefined || t.createdAt >= f.createdFrom) &&
    (f.createdTo === undefined || t.createdAt < f.createdTo)
  )
}

type Key = string | number | null
const rank = (list: readonly string[], v: string | null): number | null => {
  if (v === null) return null
  const i = list.indexOf(v)
  return i < 0 ? list.length + 1 : i + 1
}
/** Each sort column's key as SQLite orders it: workflow ranks for status and priority, source by its id. */
const SORT_KEY: Record<TicketSortColumn, (t: Row) => Key> = {
  id: (t) => t.id,
  externalId: (t) => `E-${t.id}`,
  subject: (t) => `S-${t.id}`,
  status: (t) => rank(['new', 'open', 'pending', 'hold', 'solved', 'closed'], t.status),
  priority: (t) => rank(PRIORITIES, t.priority),
  caseType: (t) => t.caseType,
  channel: (t) => t.channel,
  region: (t) => t.region,
  source: (t) => SOURCES.indexOf(t.source),
  type: () => null,
  requester: () => null,
  assignee: (t) => t.assignee,
  group: (t) => t.group,
  createdAt: (t) => t.createdAt,
  updatedAt: (t) => t.createdAt,
  solvedAt: () => null,
  firstReplyMinutes: (t) => t.firstReplyMinutes,
  fullResolutionMinutes: (t) => t.fullResolutionMinutes,
  reopens: (t) => t.reopens,
  replies: (t) => t.replies,
  csat: (t) => t.csat,
  reviewState: (t) => rank(REVIEW_STATES, t.review?.state ?? null),
  flagged: (t) => (t.review?.flagged ? 1 : null),
}
/** Sort columns whose ties go by creation time, then id (the grid's (column, created_at) indexes). */
export const THEN_CREATED: ReadonlySet<TicketSortColumn> = new Set<TicketSortColumn>([
  'status',
  'priority',
  'caseType',
  'channel',
  'region',
  'source',
  // Since migration 18 sorted through their (column, created_at) indexes.
  'assignee',
  'group',
  'reviewState',
  'flagged',
])

/** SQLite's BINARY order: UTF-8 bytes, which is code point order (JavaScript's `<` compares UTF-16 units). */
function cmpText(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0) as number)
  const y = [...b].map((c) => c.codePointAt(0) as number)
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number)
  return x.length - y.length
}
function cmp(a: Key, b: Key, sign: number): number {
  if (a === b) return 0
  if (a === null) return 1 // empties last in both directions
  if (b === null) return -1
  if (typeof a === 'string' && typeof b === 'string') return Math.sign(cmpText(a, b)) * sign
  return (a < b ? -1 : 1) * sign
}

export function reference(rows: Row[], q: TicketQuery): number[] {
  const sign = q.sort.dir === 'asc' ? 1 : -1
  const key = SORT_KEY[q.sort.column]
  return rows
    .filter((t) => matches(t, q.filters))
    .sort((a, b) => {
      let c = cmp(key(a), key(b), sign)
      if (c === 0 && THEN_CREATED.has(q.sort.column)) c = cmp(a.createdAt, b.createdAt, sign)
      return c === 0 ? cmp(a.id, b.id, sign) : c
    })
    .map((t) => t.id)
}

/** Expected facet of a value field: counts under every other filter, by value ("" and null kept apart). */
export function referenceFacet(rows: Row[], f: TicketFilters, field: string): Map<string | null, number> {
  const out = new Map<string | null, number>()
  const bump = (v: string | null): void => void out.set(v, (out.get(v) ?? 0) + 1)
  for (const t of rows) {
    if (!matches(t, f, field)) continue
    if (field === 'tags' || field === 'labels') {
      const vs = field === 'tags' ? t.tags : t.labels
      if (vs.length === 0) bump(null)
      for (const v of vs) bump(v)
    } else if (field === 'reviewState') bump(t.review?.state ?? null)
    else bump((t as unknown as Record<string, string | null>)[field] as string | null)
  }
  return out
}
