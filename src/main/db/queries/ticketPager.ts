/**
 * Keyset paging for the case grid. AG Grid's infinite model asks for rows by position; positions are turned into
 * keys ("the row after (value, created_at, id)") through anchors remembered per query, so the millionth row costs an
 * index seek, not an OFFSET scan. A jump to an unseen position walks the covering index once, recording an anchor
 * every block on the way; later pages near it are seeks.
 *
 * A nullable sort column is paged as two segments, values then empties: analysts want blanks last in both
 * directions, and row-value comparisons with NULL are never true, so each segment is its own keyset.
 */
import type { TicketFilters, TicketQuery } from '../../../shared/api/contract'
import type { Db } from '../connection'
import { LruCache } from '../../lib/lruCache'
import { sortKey, whereClause, type SearchSource } from './ticketSql'

type Key = unknown[]

interface Segment {
  /** Extra condition of the segment ('' when the column is not nullable). */
  cond: string
  /** Key columns ordered in this segment. */
  cols: string[]
  /** Slice of the full key these columns correspond to. */
  keyFrom: number
  /** Never take the plan's index hint: the segment is driven by a small set of ids (an analyst table). */
  noHint?: boolean
}

interface Plan {
  /** `INDEXED BY …` / `NOT INDEXED` when walking the sort order beats sorting the matches, else ''. */
  hint: string
  where: string
  params: unknown[]
  segments: Segment[]
  dir: 'ASC' | 'DESC'
  keyCols: string[]
}

/**
 * How many rows the query matches out of how many in all, when known. Picks the plan: sorting every match costs about
 * `matching` row reads per page; walking the sort index and skipping non-matches costs about limit × total ÷ matching.
 * SQLite's planner, left alone, prefers the filter's index and re-sorts all matches on every page.
 */
export interface Selectivity {
  matching: number
  total: number
}

export function plan(query: TicketQuery, limit: number, selectivity?: Selectivity, searchSource?: SearchSource): Plan {
  const { first, rest } = sortKey(query.sort)
  let hint = ''
  const filtered = selectivity && selectivity.matching < selectivity.total
  if (
    filtered &&
    selectivity.matching > 0 &&
    (limit * selectivity.total) / selectivity.matching < selectivity.matching
  ) {
    hint = first.index ? `INDEXED BY ${first.index}` : 'NOT INDEXED'
  }
  const where = whereClause(query.filters, undefined, searchSource)
  const dir = query.sort.dir === 'asc' ? 'ASC' : 'DESC'
  const keyCols = [first.expr, ...rest]
  let segments: Segment[]
  if (!first.nullable) {
    segments = [{ cond: '', cols: keyCols, keyFrom: 0 }]
  } else if (first.present) {
    // A key from an analyst table: the few tickets with a value are found by id and sorted; the rest walk `index`.
    const values: Segment = { cond: `id IN (${first.present})`, cols: keyCols, keyFrom: 0, noHint: true }
    const nulls: Segment = { cond: `id NOT IN (${first.present})`, cols: rest, keyFrom: 1 }
    segments = [values, nulls]
  } else {
    const nulls: Segment = { cond: `${first.expr} IS NULL`, cols: rest, keyFrom: 1 }
    const values: Segment = { cond: `${first.expr} IS NOT NULL`, cols: keyCols, keyFrom: 0 }
    segments = [values, nulls]
  }
  return { hint, where: where.sql, params: where.params, segments, dir, keyCols }
}

function segmentIndexOf(p: Plan, key: Key): number {
  if (p.segments.length === 1) return 0
  const isNull = key[0] === null
  return p.segments.findIndex((s) => (s.keyFrom === 1) === isNull)
}

/** Hint, WHERE and ORDER BY of segment `i`, continuing after `after` when `i` is the segment the key belongs to. */
function segmentQuery(
  p: Plan,
  i: number,
  after: Key | null,
  start: number,
): { hint: string; where: string; order: string; params: unknown[] } {
  const seg = p.segments[i] as Segment
  const conds = [p.where]
  const params = [...p.params]
  if (seg.cond) conds.push(seg.cond)
  if (after !== null && i === start) {
    const op = p.dir === 'ASC' ? '>' : '<'
    conds.push(`(${seg.cols.join(', ')}) ${op} (${seg.cols.map(() => '?').join(', ')})`)
    params.push(...after.slice(seg.keyFrom))
  }
  const order = seg.cols.map((c) => `${c} ${p.dir}`).join(', ')
  return { hint: seg.noHint ? '' : p.hint, where: conds.join(' AND '), order, params }
}

/**
 * Runs `select` over the ordered result after `after` (exclusive), segment by segment. Rows come back as arrays
 * (raw = true) or as objects (raw = false) that also carry the sort key as `_k0`, `_k1`, … (see keyOf): a key may be
 * an expression, such as the review rank read from the analyst's table.
 */
export function* scan(db: Db, p: Plan, select: string, after: Key | null, raw: boolean): Generator<unknown> {
  const start = after === null ? 0 : segmentIndexOf(p, after)
  const columns = raw ? select : `${select}, ${p.keyCols.map((c, k) => `${c} AS _k${k}`).join(', ')}`
  for (let i = start; i < p.segments.length; i++) {
    const q = segmentQuery(p, i, after, start)
    const stmt = db.prepare(`SELECT ${columns} FROM tickets ${q.hint} WHERE ${q.where} ORDER BY ${q.order}`)
    if (raw) stmt.raw(true)
    yield* stmt.iterate(...q.params)
  }
}

/**
 * The key of the row `skip` rows after `after` (0: the very next row), or null past the end. SQLite does the
 * skipping inside its own loop (LIMIT 1 OFFSET), an order of magnitude faster than stepping keys out to JavaScript.
 */
function keyAfterSkip(db: Db, p: Plan, after: Key | null, skip: number): Key | null {
  const start = after === null ? 0 : segmentIndexOf(p, after)
  let remaining = skip
  for (let i = start; i < p.segments.length; i++) {
    const q = segmentQuery(p, i, after, start)
    const key = db
      .prepare(
        `SELECT ${p.keyCols.join(', ')} FROM tickets ${q.hint} WHERE ${q.where} ORDER BY ${q.order} LIMIT 1 OFFSET ?`,
      )
      .raw(true)
      .get(...q.params, remaining) as Key | undefined
    if (key) return key
    if (i + 1 < p.segments.length) {
      remaining -= db
        .prepare(`SELECT count(*) FROM tickets WHERE ${q.where}`)
        .pluck()
        .get(...q.params) as number
    }
  }
  return null
}

function keyOf(row: Record<string, unknown>, cols: string[]): Key {
  return cols.map((_c, k) => row[`_k${k}`])
}

/**
 * Up to this many matches, a query's whole order is computed once as a list of ids and every page is a slice of it.
 * Walking an index in sort order assumes matches are spread evenly along it; when the filter and the sort column are
 * correlated (account recovery goes only to Tier 1 agents, so sorting by assignee skips whole blocks) a walk can read
 * a large share of the table per page. One ordered id list costs a single sort of the matches.
 */
export const ID_LIST_MAX = 50_000

export class TicketPager {
  /** Anchors per query: position → key of the row just before it. Least recently used queries are dropped. */
  private readonly anchors: LruCache<string, Map<number, Key | null>>
  /** Whole orders of small filtered queries, as ids. */
  private readonly idLists: LruCache<string, number[]>

  constructor(
    private readonly db: Db,
    maxQueries = 24,
    private readonly idListMax = ID_LIST_MAX,
    private readonly searchSource?: SearchSource,
  ) {
    this.anchors = new LruCache(maxQueries)
    this.idLists = new LruCache(maxQueries)
  }

  /** Forget every anchor and id list: call after any write to tickets. */
  invalidate(): void {
    this.anchors.clear()
    this.idLists.clear()
  }

  private idListFor(query: TicketQuery, p: Plan, stamp: string): number[] {
    return this.idLists.getOrCreate(queryKey(query, stamp), () => {
      const ids: number[] = []
      for (const row of scan(this.db, { ...p, hint: '' }, 'id', null, true) as Generator<[number]>) ids.push(row[0])
      return ids
    })
  }

  private pageFromIds(
    ids: number[],
    startRow: number,
    limit: number,
    select: string,
  ): { rows: Record<string, unknown>[]; last: boolean } {
    const slice = ids.slice(startRow, startRow + limit)
    if (slice.length === 0) return { rows: [], last: true }
    const found = this.db
      .prepare(`SELECT ${select} FROM tickets WHERE id IN (${slice.map(() => '?').join(', ')})`)
      .all(...slice) as Record<string, unknown>[]
    const byId = new Map(found.map((r) => [r.id as number, r]))
    const rows = slice.map((i) => byId.get(i)).filter((r): r is Record<string, unknown> => r !== undefined)
    return { rows, last: startRow + limit >= ids.length }
  }

  private anchorsFor(query: TicketQuery, stamp: string): Map<number, Key | null> {
    return this.anchors.getOrCreate(queryKey(query, stamp), () => new Map([[0, null]]))
  }

  /**
   * Rows [startRow, startRow + limit) of the query, with the full row objects selected by `select`. `stamp` tells
   * apart the states of data the tickets table does not hold (the analyst's tables): cached orders are kept per stamp.
   */
  page(
    query: TicketQuery,
    startRow: number,
    limit: number,
    select: string,
    selectivity?: Selectivity,
    stamp = '',
  ): { rows: Record<string, unknown>[]; last: boolean } {
    const p = plan(query, limit, selectivity, this.searchSource)
    if (selectivity && selectivity.matching < selectivity.total && selectivity.matching <= this.idListMax) {
      return this.pageFromIds(this.idListFor(query, p, stamp), startRow, limit, select)
    }
    const anchors = this.anchorsFor(query, stamp)
    let from = 0
    for (const pos of anchors.keys()) if (pos <= startRow && pos > from) from = pos
    let after = anchors.get(from) ?? null
    if (from < startRow) {
      // A jump past the known anchors: find the key just before startRow from the nearest anchor, then seek.
      const key = keyAfterSkip(this.db, p, after, startRow - from - 1)
      if (key === null) return { rows: [], last: true }
      anchors.set(startRow, key)
      after = key
    }
    const rows: Record<string, unknown>[] = []
    let last = true
    for (const row of scan(this.db, p, select, after, false) as Generator<Record<string, unknown>>) {
      if (rows.length === limit) {
        last = false
        break
      }
      rows.push(row)
    }
    const lastRow = rows[rows.length - 1]
    if (lastRow) anchors.set(startRow + rows.length, keyOf(lastRow, p.keyCols))
    return { rows, last }
  }
}

/** One key per query: equal filters (in any order) and the same sort share anchors and id lists. */
function queryKey(query: TicketQuery, stamp: string): string {
  return JSON.stringify([canonicalFilters(query.filters), query.sort, stamp])
}

/** Filters with empty lists removed and values sorted, so equal filters share anchors and cached counts. */
export function canonicalFilters(filters: TicketFilters): TicketFilters {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(filters).sort(([a], [b]) => a.localeCompare(b))) {
    if (v === undefined) continue
    if (Array.isArray(v)) {
      if (v.length === 0) continue
      out[k] = [...new Set(v as unknown[])].sort((a, b) => String(a).localeCompare(String(b)))
    } else if (typeof v === 'object' && v !== null) {
      // A range: its bounds in one order.
      out[k] = Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
    } else out[k] = v
  }
  return out as TicketFilters
}
