/**
 * Filters and sorts of the case grid as SQL. Column names come only from the whitelist below; every value is a bound
 * parameter, so no text an analyst types ever becomes SQL.
 */
import type { TicketFilters, TicketSort } from '../../../shared/api/contract'
import {
  RANGE_FILTER_FIELDS,
  REVIEW_STATES,
  type RangeFilterField,
  type TicketSortColumn,
  type ValueFilterField,
} from '../../../shared/domain'
import { parseSearch } from '../../../shared/search'

/** A search that does not parse; its message is the parser's sentence for the analyst. */
export class SearchSyntaxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SearchSyntaxError'
  }
}

/** The FTS5 MATCH expression of a search, or null when it holds nothing to search for. Throws SearchSyntaxError. */
export function searchMatch(text: string | undefined): string | null {
  if (text === undefined) return null
  const parsed = parseSearch(text)
  if (!parsed.ok) throw new SearchSyntaxError(parsed.message)
  return parsed.match
}

interface ColumnSql {
  /** Column of the `tickets` table to order by (status and priority order by their workflow rank). */
  expr: string
  nullable: boolean
  /** Sort keys after this column: enum columns sort within value by creation time, matching their (col, created_at) index. */
  thenCreated?: boolean
  /** The index whose order is the sort key's order (null: the table's own rowid order). */
  index: string | null
  /**
   * For a key read from an analyst table (a correlated subquery): the ids that have a value. Those are few, so the
   * values segment is driven by them and sorted, and the empties segment walks `index` skipping them.
   */
  present?: string
}

/** Workflow order of review states, as the triage keys number them (1 to review, 2 reviewed, 3 needs escalation). */
const REVIEW_RANK = `(SELECT CASE state WHEN 'to_review' THEN 1 WHEN 'reviewed' THEN 2 ELSE 3 END
  FROM analyst_review WHERE analyst_review.ticket_id = tickets.id)`

export const COLUMN_SQL: Record<TicketSortColumn, ColumnSql> = {
  id: { expr: 'id', nullable: false, index: null },
  externalId: { expr: 'external_id', nullable: false, index: 'tickets_external' },
  subject: { expr: 'subject', nullable: false, index: 'tickets_subject' },
  status: { expr: 'status_rank', nullable: false, thenCreated: true, index: 'tickets_status_rank' },
  priority: { expr: 'priority_rank', nullable: true, thenCreated: true, index: 'tickets_priority_rank' },
  caseType: { expr: 'case_type', nullable: true, thenCreated: true, index: 'tickets_case_type_created' },
  channel: { expr: 'channel', nullable: false, thenCreated: true, index: 'tickets_channel_created' },
  region: { expr: 'region', nullable: true, thenCreated: true, index: 'tickets_region_created' },
  source: { expr: 'source_id', nullable: false, thenCreated: true, index: 'tickets_source_created' },
  type: { expr: 'type', nullable: true, index: 'tickets_type' },
  requester: { expr: 'requester', nullable: true, index: 'tickets_requester' },
  assignee: { expr: 'assignee', nullable: true, thenCreated: true, index: 'tickets_assignee_created' },
  group: { expr: 'group_name', nullable: true, thenCreated: true, index: 'tickets_group_created' },
  createdAt: { expr: 'created_at', nullable: false, index: 'tickets_created' },
  updatedAt: { expr: 'updated_at', nullable: false, index: 'tickets_updated' },
  solvedAt: { expr: 'solved_at', nullable: true, index: 'tickets_solved' },
  firstReplyMinutes: { expr: 'first_reply_minutes', nullable: true, index: 'tickets_first_reply' },
  fullResolutionMinutes: { expr: 'full_resolution_minutes', nullable: true, index: 'tickets_full_resolution' },
  reopens: { expr: 'reopens', nullable: false, index: 'tickets_reopens' },
  replies: { expr: 'replies', nullable: false, index: 'tickets_replies' },
  csat: { expr: 'csat', nullable: true, index: 'tickets_csat' },
  reviewState: {
    expr: REVIEW_RANK,
    nullable: true,
    thenCreated: true,
    index: 'tickets_created',
    present: 'SELECT ticket_id FROM analyst_review',
  },
  // Flagged tickets have the value 1, every other ticket none: flagged first in both directions, newest first within.
  flagged: {
    expr: '(SELECT 1 FROM analyst_review WHERE analyst_review.ticket_id = tickets.id AND flagged = 1)',
    nullable: true,
    thenCreated: true,
    index: 'tickets_created',
    present: 'SELECT ticket_id FROM analyst_review WHERE flagged = 1',
  },
}

/** Value-filter fields stored as a column of `tickets`, and their columns. `source` filters by source name. */
const VALUE_FILTER_SQL = {
  status: 'status',
  priority: 'priority',
  channel: 'channel',
  caseType: 'case_type',
  region: 'region',
  source: 'source_id',
  assignee: 'assignee',
  group: 'group_name',
} as const

export type ValueField = keyof typeof VALUE_FILTER_SQL

/** The column behind a value-filter field. */
export function valueColumn(field: ValueField): string {
  return VALUE_FILTER_SQL[field]
}
export const VALUE_FIELDS = Object.keys(VALUE_FILTER_SQL) as ValueField[]

/**
 * An untagged ticket: every writer stores `tags_json` and the ticket_tags rows from the same list, so a ticket without
 * tag rows has `tags_json = '[]'`, which the partial index tickets_untagged (migration 008) finds without probing the
 * tags of every ticket (0.7 s at 1M tickets); the probe still confirms each one.
 */
export const UNTAGGED = `tags_json = '[]' AND NOT EXISTS (SELECT 1 FROM ticket_tags WHERE ticket_tags.ticket_id = tickets.id)`

/**
 * Multi-value fields kept in a table beside `tickets`: `valueIds` selects the ids having any of the bound values,
 * `none` matches tickets with no value. Analyst tables are small, so "none" is NOT IN the set of ids they hold.
 */
const SET_FILTER_SQL = {
  tags: {
    valueIds: (marks: string) => `SELECT ticket_id FROM ticket_tags WHERE tag IN (${marks})`,
    none: `(${UNTAGGED})`,
  },
  reviewState: {
    valueIds: (marks: string) => `SELECT ticket_id FROM analyst_review WHERE state IN (${marks})`,
    none: 'id NOT IN (SELECT ticket_id FROM analyst_review)',
  },
  labels: {
    valueIds: (marks: string) => `SELECT ticket_id FROM analyst_labels WHERE label IN (${marks})`,
    none: 'id NOT IN (SELECT ticket_id FROM analyst_labels)',
  },
} as const

export type SetField = keyof typeof SET_FILTER_SQL
export const SET_FIELDS = Object.keys(SET_FILTER_SQL) as SetField[]

/** Numeric range fields and their columns. */
const RANGE_SQL: Record<RangeFilterField, string> = {
  firstReplyMinutes: 'first_reply_minutes',
  firstResolutionMinutes: 'first_resolution_minutes',
  fullResolutionMinutes: 'full_resolution_minutes',
  reopens: 'reopens',
  replies: 'replies',
  csat: 'csat',
}

/** A filter the facets can leave out (each field's values are counted under every other filter). */
export type OmitField = ValueFilterField | 'flagged'

export interface SqlPart {
  sql: string
  params: unknown[]
}

/**
 * Where a search's hits come from: by default the FTS index, re-read by every statement; a caller that keeps hits
 * (a temp table per search on its connection) returns that table's name instead.
 */
export type SearchSource = (match: string) => string | null

/** `(a OR b)` of the parts, or the single part. */
const anyOf = (ors: string[]): string => (ors.length === 1 ? (ors[0] as string) : `(${ors.join(' OR ')})`)

/** Splits a value list into its values and whether it asks for "no value" (null). */
function splitNull<T>(values: readonly (T | null)[]): { nonNull: T[]; wantsNull: boolean } {
  const nonNull = values.filter((v): v is T => v !== null)
  return { nonNull, wantsNull: nonNull.length !== values.length }
}

/**
 * WHERE clause for the filters (without the keyword), or '1' when nothing is filtered. The outer table must be
 * `tickets` (correlated subqueries name it). An absent or empty value list does not filter; `null` in a list matches
 * tickets with no value.
 */
export function whereClause(filters: TicketFilters, omit?: OmitField, searchSource?: SearchSource): SqlPart {
  const clauses: string[] = []
  const params: unknown[] = []
  for (const field of VALUE_FIELDS) {
    if (field === omit) continue
    const values = filters[field]
    if (!values || values.length === 0) continue
    const col = VALUE_FILTER_SQL[field]
    const { nonNull, wantsNull } = splitNull(values)
    const ors: string[] = []
    if (nonNull.length > 0) {
      const marks = nonNull.map(() => '?').join(', ')
      ors.push(
        field === 'source' ? `${col} IN (SELECT id FROM sources WHERE name IN (${marks}))` : `${col} IN (${marks})`,
      )
      params.push(...nonNull)
    }
    // source_id is never null: a null source matches nothing, which is what the analyst asked for.
    if (wantsNull) ors.push(field === 'source' ? '0' : `${col} IS NULL`)
    clauses.push(anyOf(ors))
  }
  // With an analyst set (a few thousand ids at most) to start from, a tag filter is checked per ticket, not used to
  // drive the query: tags match tens of thousands (`+id` keeps SQLite from starting at them; 65 ms against 10).
  const smallDriver =
    (filters.reviewState ?? []).some((v) => v !== null) ||
    (filters.labels ?? []).some((v) => v !== null) ||
    filters.flagged === true ||
    (filters.escalationId?.length ?? 0) > 0
  for (const field of SET_FIELDS) {
    if (field === omit) continue
    const values = filters[field]
    if (!values || values.length === 0) continue
    const { nonNull, wantsNull } = splitNull<string>(values)
    const ors: string[] = []
    if (nonNull.length > 0) {
      const id = field === 'tags' && smallDriver ? '+id' : 'id'
      ors.push(`${id} IN (${SET_FILTER_SQL[field].valueIds(nonNull.map(() => '?').join(', '))})`)
      params.push(...nonNull)
    }
    if (wantsNull) ors.push(SET_FILTER_SQL[field].none)
    clauses.push(anyOf(ors))
  }
  if (filters.flagged !== undefined && omit !== 'flagged') {
    clauses.push(`id ${filters.flagged ? 'IN' : 'NOT IN'} (SELECT ticket_id FROM analyst_review WHERE flagged = 1)`)
  }
  if (filters.escalationId && filters.escalationId.length > 0) {
    const marks = filters.escalationId.map(() => '?').join(', ')
    clauses.push(`id IN (SELECT ticket_id FROM escalation_tickets WHERE escalation_id IN (${marks}))`)
    params.push(...filters.escalationId)
  }
  for (const field of RANGE_FILTER_FIELDS) {
    const range = filters[field]
    if (!range) continue
    const col = RANGE_SQL[field]
    const bounds: string[] = []
    if (range.min !== undefined) {
      bounds.push(`${col} >= ?`)
      params.push(range.min)
    }
    if (range.max !== undefined) {
      bounds.push(`${col} <= ?`)
      params.push(range.max)
    }
    const ors = bounds.length > 0 ? [bounds.join(' AND ')] : []
    if (range.empty === true) ors.push(`${col} IS NULL`)
    // The schema refuses a range that says nothing; should one get here it matches nothing rather than everything.
    clauses.push(ors.length === 0 ? '0' : anyOf(ors))
  }
  if (filters.createdFrom !== undefined) {
    clauses.push('created_at >= ?')
    params.push(filters.createdFrom)
  }
  if (filters.createdTo !== undefined) {
    clauses.push('created_at < ?')
    params.push(filters.createdTo)
  }
  // The expression is built by the parser from quoted tokens and bound as a parameter, never pasted into the SQL.
  const match = searchMatch(filters.text)
  if (match !== null) {
    const table = searchSource?.(match) ?? null
    if (table !== null) clauses.push(`id IN ${table}`)
    else {
      clauses.push('id IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?)')
      params.push(match)
    }
  }
  return { sql: clauses.length ? clauses.join(' AND ') : '1', params }
}

/**
 * True when the query reads the analyst's tables (review, flag, labels, escalations). Those change without any write
 * to tickets, so whatever is cached for such a query must be keyed by the connection's write stamp as well.
 */
export function readsAnalystTables(filters: TicketFilters, sort?: TicketSort): boolean {
  return (
    (filters.reviewState?.length ?? 0) > 0 ||
    (filters.labels?.length ?? 0) > 0 ||
    filters.flagged !== undefined ||
    (filters.escalationId?.length ?? 0) > 0 ||
    sort?.column === 'reviewState' ||
    sort?.column === 'flagged'
  )
}

/** Fields of the covering filter index (migration 001). */
const COVER_FIELDS: readonly ValueField[] = ['status', 'priority', 'channel', 'caseType', 'region', 'source']
/** Fields of the covering people index (migration 008): the cover fields plus assignee and group. */
const PEOPLE_COVER_FIELDS: readonly ValueField[] = [...COVER_FIELDS, 'assignee', 'group']

/**
 * Which filters are active, leaving out `omit`: value fields; whether any other kind is (tags, ranges, analyst); and
 * whether those others are all numeric ranges.
 */
function activeFilters(
  filters: TicketFilters,
  omit?: OmitField,
): { values: ValueField[]; other: boolean; onlyRanges: boolean } {
  const values = VALUE_FIELDS.filter((f) => f !== omit && (filters[f]?.length ?? 0) > 0)
  const ranges = RANGE_FILTER_FIELDS.some((f) => filters[f] !== undefined)
  const sets =
    SET_FIELDS.some((f) => f !== omit && (filters[f]?.length ?? 0) > 0) ||
    (filters.flagged !== undefined && omit !== 'flagged') ||
    (filters.escalationId?.length ?? 0) > 0
  return { values, other: sets || ranges, onlyRanges: ranges && !sets }
}

/**
 * "Not reviewed" and "not flagged" match nearly every ticket, and counting them probes the analyst's table once per
 * ticket (90 ms at 1M). They are counted as a difference instead: every ticket under the other filters (an index
 * count, usually cached) minus the few the analyst's table lists. Null when the filters hold no such negative.
 */
export function complementCount(filters: TicketFilters): { all: TicketFilters; minus: TicketFilters | null } | null {
  const states = filters.reviewState
  if (states?.includes(null)) {
    const { reviewState: _r, ...all } = filters
    const unlisted = REVIEW_STATES.filter((s) => !states.includes(s))
    return { all, minus: unlisted.length > 0 ? { ...all, reviewState: unlisted } : null }
  }
  if (filters.flagged === false) {
    const { flagged: _f, ...all } = filters
    return { all, minus: { ...all, flagged: true } }
  }
  return null
}

/**
 * True when counting under these filters reads rows, not just an index: a tag, a range or one of the analyst's tables
 * is filtered (the facets then share one pass over the matching rows).
 */
export function readsRows(filters: TicketFilters): boolean {
  return activeFilters(filters).other
}

/**
 * Index hint for counting: with two or more value filters, the covering filter index answers from the index alone
 * (skip-scanning its leading columns when they are not filtered). The planner cannot see bound values, so it tends
 * to pick one filter's index and read every candidate row instead: 87 ms against 4 ms at 1M tickets. Only when every
 * filter is in the index: a filter on tags, a range or the analyst's tables needs the row (or drives from a small set).
 */
export function countHint(filters: TicketFilters, omit?: OmitField): string {
  const { values, other, onlyRanges } = activeFilters(filters, omit)
  // With ranges too, the value filters still narrow in the index first; only the few left read their row.
  if ((other && !onlyRanges) || values.length < 2) return ''
  if (values.every((f) => COVER_FIELDS.includes(f))) return 'INDEXED BY tickets_filter_cover'
  return values.every((f) => PEOPLE_COVER_FIELDS.includes(f)) ? 'INDEXED BY tickets_people_cover' : ''
}

/**
 * Index hint for the assignee and group facets: grouping by a column outside the filter index would read every
 * matching row (1.4 s under one channel at 1M tickets); the people index holds it beside every value filter.
 */
export function facetHint(field: ValueFilterField, filters: TicketFilters): string {
  if (field !== 'assignee' && field !== 'group') return countHint(filters, field)
  const { values, other } = activeFilters(filters, field)
  if (other || values.length === 0) return ''
  return values.every((f) => PEOPLE_COVER_FIELDS.includes(f)) ? 'INDEXED BY tickets_people_cover' : ''
}

/** Sort key columns for keyset paging: the sorted column, creation time for enum columns, then id. */
export function sortKey(sort: TicketSort): { first: ColumnSql; rest: string[] } {
  const first = COLUMN_SQL[sort.column]
  const rest = first.expr === 'id' ? [] : first.thenCreated ? ['created_at', 'id'] : ['id']
  return { first, rest }
}
