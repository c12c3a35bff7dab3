/**
 * The filter bar's counts: each multi-select field's values with how many tickets each would match under every other
 * filter, and the flagged / not flagged split. Fields with many values list the most frequent FACET_LIMIT.
 */
import type { TicketFilters } from '../../../shared/api/contract'
import { FACET_LIMIT } from '../../../shared/api/schemas'
import type { CountByValue, TicketFacets } from '../../../shared/api/types'
import type { ReviewState, ValueFilterField } from '../../../shared/domain'
import type { Db } from '../connection'
import {
  countHint,
  facetHint,
  readsRows,
  UNTAGGED,
  VALUE_FIELDS,
  valueColumn,
  type OmitField,
  type SqlPart,
  type ValueField,
} from './ticketSql'

/** What the facets borrow from the query object: its connection, WHERE builder (search hits kept), cached counts. */
export interface FacetContext {
  db: Db
  where(filters: TicketFilters, omit?: OmitField): SqlPart
  count(filters: TicketFilters): number
  sourceName(id: number): string
}

/**
 * Up to this many matches, fields without a filter of their own are counted in one pass over the matching rows
 * (when the filters need the rows anyway); above it, each field is counted from its index.
 */
const SHARED_PASS_MAX = 200_000

/** Each field's values counted under every other filter, so a dropdown shows what picking a value would give. */
export function facetsOf(ctx: FacetContext, filters: TicketFilters): TicketFacets {
  const out = {} as Record<ValueFilterField, CountByValue[]>
  const shared = sharedPass(ctx, filters)
  for (const field of VALUE_FIELDS) out[field] = shared.get(field) ?? facet(ctx, field, filters)
  out.tags = shared.get('tags') ?? tagFacet(ctx, filters)
  out.reviewState = reviewFacet(ctx, filters)
  out.labels = labelFacet(ctx, filters)
  return { ...out, flagged: flagFacet(ctx, filters) }
}

function facet(ctx: FacetContext, field: ValueField, filters: TicketFilters): CountByValue[] {
  const where = ctx.where(filters, field)
  const col = valueColumn(field)
  // "(none)" sorts first so the limit never drops it; the filter bar orders options itself.
  const rows = ctx.db
    .prepare(
      `SELECT ${col} AS value, count(*) AS count FROM tickets ${facetHint(field, filters)} WHERE ${where.sql}
       GROUP BY ${col} ORDER BY ${col} IS NULL DESC, count DESC LIMIT ${FACET_LIMIT}`,
    )
    .all(...where.params) as { value: string | number | null; count: number }[]
  return rows.map((r) => ({
    value: field === 'source' ? ctx.sourceName(r.value as number) : (r.value as string | null),
    count: r.count,
  }))
}

/**
 * Facets of the fields that have no filter of their own all count in the same population, the matching tickets.
 * When reaching those tickets reads rows (a tag, a range, an analyst filter: 5 s for every facet under a CSAT range at
 * 1M tickets on a busy machine, each field re-reading the same 58k rows), one statement reads them once into a
 * materialised CTE and groups it per field. Returns the facets it made; the rest are counted one by one.
 */
function sharedPass(ctx: FacetContext, filters: TicketFilters): Map<ValueFilterField, CountByValue[]> {
  const out = new Map<ValueFilterField, CountByValue[]>()
  if (!readsRows(filters) || ctx.count(filters) > SHARED_PASS_MAX) return out
  const own = (f: string): boolean => {
    const v = (filters as Record<string, unknown>)[f]
    return Array.isArray(v) && v.length > 0
  }
  const fields = VALUE_FIELDS.filter((f) => !own(f))
  const withTags = !own('tags')
  if (fields.length === 0 && !withTags) return out
  const where = ctx.where(filters)
  const branch = (name: string, col: string, from = 'pop'): string =>
    `SELECT * FROM (SELECT '${name}' AS f, ${col} AS value, count(*) AS count FROM ${from} GROUP BY ${col}
     ORDER BY ${col} IS NULL DESC, count DESC LIMIT ${FACET_LIMIT})`
  const branches = fields.map((f) => branch(f, valueColumn(f)))
  if (withTags) {
    branches.push(branch('tags', 'tag', 'pop JOIN ticket_tags ON ticket_tags.ticket_id = pop.id'))
    branches.push(
      `SELECT 'tags', NULL, count(*) FROM pop
       WHERE NOT EXISTS (SELECT 1 FROM ticket_tags WHERE ticket_tags.ticket_id = pop.id)`,
    )
  }
  const cols = ['id', ...fields.map(valueColumn)].join(', ')
  const rows = ctx.db
    .prepare(
      `WITH pop AS MATERIALIZED (SELECT ${cols} FROM tickets WHERE ${where.sql}) ${branches.join(' UNION ALL ')}`,
    )
    .all(...where.params) as { f: ValueFilterField; value: string | number | null; count: number }[]
  for (const f of fields) out.set(f, [])
  if (withTags) out.set('tags', [])
  for (const r of rows) {
    // "No tags" is listed only when some ticket has none, as the per-field count does.
    if (r.count === 0) continue
    const value = r.f === 'source' ? ctx.sourceName(r.value as number) : (r.value as string | null)
    out.get(r.f)?.push({ value, count: r.count })
  }
  // The untagged count came last; "(none)" leads the list, as the per-field facets order it.
  const tags = out.get('tags')
  const none = tags?.findIndex((t) => t.value === null) ?? -1
  if (tags && none > 0) tags.unshift(...tags.splice(none, 1))
  return out
}

/** The filters without one field's filter: the population a facet of that field counts in. */
function countWithout(ctx: FacetContext, filters: TicketFilters, field: OmitField): number {
  const { [field]: _omitted, ...rest } = filters
  return ctx.count(rest)
}

/**
 * Rows of an analyst table (`table`, keyed by ticket_id) whose ticket matches the filters. The table is small, so
 * each of its rows checks its ticket by id rather than the filters materialising every matching ticket.
 */
function analystMatch(ctx: FacetContext, table: string, filters: TicketFilters, omit: OmitField): SqlPart {
  const where = ctx.where(filters, omit)
  if (where.sql === '1') return { sql: '1', params: [] }
  return {
    sql: `EXISTS (SELECT 1 FROM tickets WHERE tickets.id = ${table}.ticket_id AND ${where.sql})`,
    params: where.params,
  }
}

function tagFacet(ctx: FacetContext, filters: TicketFilters): CountByValue[] {
  const where = ctx.where(filters, 'tags')
  const hint = countHint(filters, 'tags')
  const within = where.sql === '1' ? '1' : `ticket_id IN (SELECT id FROM tickets ${hint} WHERE ${where.sql})`
  const rows = ctx.db
    .prepare(
      `SELECT tag AS value, count(*) AS count FROM ticket_tags WHERE ${within}
       GROUP BY tag ORDER BY count DESC LIMIT ${FACET_LIMIT}`,
    )
    .all(...where.params) as CountByValue[]
  const untagged = ctx.db
    .prepare(`SELECT count(*) FROM tickets WHERE ${where.sql} AND ${UNTAGGED}`)
    .pluck()
    .get(...where.params) as number
  return untagged > 0 ? [{ value: null, count: untagged }, ...rows] : rows
}

function reviewFacet(ctx: FacetContext, filters: TicketFilters): CountByValue[] {
  const match = analystMatch(ctx, 'analyst_review', filters, 'reviewState')
  const rows = ctx.db
    .prepare(`SELECT state AS value, count(*) AS count FROM analyst_review WHERE ${match.sql} GROUP BY state`)
    .all(...match.params) as { value: ReviewState; count: number }[]
  const reviewed = rows.reduce((sum, r) => sum + r.count, 0)
  return [...rows, { value: null, count: countWithout(ctx, filters, 'reviewState') - reviewed }]
}

function labelFacet(ctx: FacetContext, filters: TicketFilters): CountByValue[] {
  const match = analystMatch(ctx, 'analyst_labels', filters, 'labels')
  const rows = ctx.db
    .prepare(
      `SELECT label AS value, count(*) AS count FROM analyst_labels WHERE ${match.sql}
       GROUP BY label ORDER BY count DESC LIMIT ${FACET_LIMIT}`,
    )
    .all(...match.params) as CountByValue[]
  const labelled = ctx.db
    .prepare(`SELECT count(DISTINCT ticket_id) FROM analyst_labels WHERE ${match.sql}`)
    .pluck()
    .get(...match.params) as number
  const unlabelled = countWithout(ctx, filters, 'labels') - labelled
  return unlabelled > 0 ? [{ value: null, count: unlabelled }, ...rows] : rows
}

function flagFacet(ctx: FacetContext, filters: TicketFilters): { flagged: number; unflagged: number } {
  const match = analystMatch(ctx, 'analyst_review', filters, 'flagged')
  const flagged = ctx.db
    .prepare(`SELECT count(*) FROM analyst_review WHERE flagged = 1 AND ${match.sql}`)
    .pluck()
    .get(...match.params) as number
  return { flagged, unflagged: countWithout(ctx, filters, 'flagged') - flagged }
}
