/**
 * Filters and sorts of the case grid as SQL. Column names come only from the whitelist below; every value is a bound
 * parameter, so no text an analyst types ever becomes SQL.
 */
import type { TicketFilters, TicketSort } from '../../../shared/api/contract'
import type { TicketColumnKey } from '../../../shared/domain'

interface ColumnSql {
  /** Column of the `tickets` table to order by (status and priority order by their workflow rank). */
  expr: string
  nullable: boolean
  /** Sort keys after this column: enum columns sort within value by creation time, matching their (col, created_at) index. */
  thenCreated?: boolean
}

export const COLUMN_SQL: Record<TicketColumnKey, ColumnSql> = {
  id: { expr: 'id', nullable: false },
  externalId: { expr: 'external_id', nullable: false },
  subject: { expr: 'subject', nullable: false },
  status: { expr: 'status_rank', nullable: false, thenCreated: true },
  priority: { expr: 'priority_rank', nullable: true, thenCreated: true },
  caseType: { expr: 'case_type', nullable: true, thenCreated: true },
  channel: { expr: 'channel', nullable: false, thenCreated: true },
  region: { expr: 'region', nullable: true, thenCreated: true },
  source: { expr: 'source_id', nullable: false, thenCreated: true },
  type: { expr: 'type', nullable: true },
  requester: { expr: 'requester', nullable: true },
  assignee: { expr: 'assignee', nullable: true },
  group: { expr: 'group_name', nullable: true },
  createdAt: { expr: 'created_at', nullable: false },
  updatedAt: { expr: 'updated_at', nullable: false },
  solvedAt: { expr: 'solved_at', nullable: true },
  firstReplyMinutes: { expr: 'first_reply_minutes', nullable: true },
  fullResolutionMinutes: { expr: 'full_resolution_minutes', nullable: true },
  reopens: { expr: 'reopens', nullable: false },
  replies: { expr: 'replies', nullable: false },
  csat: { expr: 'csat', nullable: true },
}

/** Value-filter fields and their columns. `source` filters by source name. */
const VALUE_FILTER_SQL = {
  status: 'status',
  priority: 'priority',
  channel: 'channel',
  caseType: 'case_type',
  region: 'region',
  source: 'source_id',
} as const

export type ValueField = keyof typeof VALUE_FILTER_SQL

/** The column behind a value-filter field. */
export function valueColumn(field: ValueField): string {
  return VALUE_FILTER_SQL[field]
}
export const VALUE_FIELDS = Object.keys(VALUE_FILTER_SQL) as ValueField[]

export interface SqlPart {
  sql: string
  params: unknown[]
}

/**
 * WHERE clause for the filters (without the keyword), or '1' when nothing is filtered.
 * An absent or empty value list does not filter; `null` in a list matches tickets with no value.
 */
export function whereClause(filters: TicketFilters, omit?: ValueField): SqlPart {
  const clauses: string[] = []
  const params: unknown[] = []
  for (const field of VALUE_FIELDS) {
    if (field === omit) continue
    const values = filters[field]
    if (!values || values.length === 0) continue
    const col = VALUE_FILTER_SQL[field]
    const nonNull = values.filter((v): v is string => v !== null)
    const wantsNull = nonNull.length !== values.length
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
    clauses.push(ors.length === 1 ? (ors[0] as string) : `(${ors.join(' OR ')})`)
  }
  if (filters.createdFrom !== undefined) {
    clauses.push('created_at >= ?')
    params.push(filters.createdFrom)
  }
  if (filters.createdTo !== undefined) {
    clauses.push('created_at < ?')
    params.push(filters.createdTo)
  }
  return { sql: clauses.length ? clauses.join(' AND ') : '1', params }
}

/** Sort key columns for keyset paging: the sorted column, creation time for enum columns, then id. */
export function sortKey(sort: TicketSort): { first: ColumnSql; rest: string[] } {
  const first = COLUMN_SQL[sort.column]
  const rest = first.expr === 'id' ? [] : first.thenCreated ? ['created_at', 'id'] : ['id']
  return { first, rest }
}
