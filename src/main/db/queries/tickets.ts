/** Typed read queries over tickets for the grid, the detail panel, facets, stats and the volume trend. */
import type { TicketFilters, TicketQuery } from '../../../shared/api/contract'
import type { CountByValue, TicketFacets, TrendSeries, WorkspaceStats } from '../../../shared/api/types'
import type { TicketComment, TicketDetail, TicketRow } from '../../../shared/domain'
import { valueLabel } from '../../../shared/domain'
import { bucketIndex, localBuckets } from '../../../shared/time'
import type { Db } from '../connection'
import { LruCache } from '../../lib/lruCache'
import { getReview, labelsOf, notesOf, reviewsOf } from './analyst'
import { facetsOf } from './ticketFacets'
import { TicketPager } from './ticketPager'
import { countSearchHits, snippetTexts, STREAM_MAX_ROWS, streamable, streamSearchPage } from './searchPage'
import { parseSearch } from '../../../shared/search'
import { buildSnippet } from '../../../shared/snippet'
import {
  complementCount,
  countHint,
  readsAnalystTables,
  searchMatch,
  valueColumn,
  whereClause,
  type OmitField,
  type SqlPart,
  type ValueField,
} from './ticketSql'

const ROW_COLUMNS = `id, source_id, external_id, subject, status, priority, type, case_type, channel, region, locale,
  requester, assignee, group_name, tags_json, created_at, updated_at, solved_at, first_reply_minutes,
  full_resolution_minutes, reopens, replies, csat, sensitive, status_rank, priority_rank`

interface RawRow {
  id: number
  source_id: number
  external_id: string
  subject: string
  status: string
  priority: string | null
  type: string | null
  case_type: string | null
  channel: string
  region: string | null
  locale: string | null
  requester: string | null
  assignee: string | null
  group_name: string | null
  tags_json: string
  created_at: number
  updated_at: number
  solved_at: number | null
  first_reply_minutes: number | null
  full_resolution_minutes: number | null
  reopens: number
  replies: number
  csat: number | null
  sensitive: number
}

interface RawDetail extends RawRow {
  description: string
  first_resolution_minutes: number | null
  escalated: number
}

function parseTags(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json)
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : []
  } catch {
    return []
  }
}

/** Process-wide, so several query objects on one connection never reuse a temp table name. */
let searchTableSeq = 0

export class TicketQueries {
  private readonly pager: TicketPager
  private sourceNames: Map<number, string> | null = null
  private readonly counts = new Map<string, number>()

  /** Search hits kept per MATCH expression as temp tables of this connection, least recently used first. */
  private readonly searchHits = new LruCache<string, string>(8, (table) =>
    this.db.exec(`DROP TABLE IF EXISTS ${table}`),
  )

  constructor(
    private readonly db: Db,
    options: { idListMax?: number } = {},
  ) {
    this.pager = new TicketPager(db, 24, options.idListMax, this.searchTable)
  }

  /** Drop cached anchors, counts, search hits and source names: call after any write to tickets or sources. */
  invalidate(): void {
    this.pager.invalidate()
    this.counts.clear()
    this.sourceNames = null
    this.searchHits.clear()
  }

  /**
   * The hits of a search, read from the FTS index once into a temp table: every page, count, facet and chart of the
   * same search then joins a ready table instead of re-reading (and re-materialising) the index per statement.
   */
  private readonly searchTable = (match: string): string =>
    this.searchHits.getOrCreate(match, () => {
      const table = `temp.search_hits_${++searchTableSeq}`
      this.db.exec(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY)`)
      this.db.prepare(`INSERT INTO ${table} SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?`).run(match)
      return table
    })

  private where(filters: TicketFilters, omit?: OmitField): SqlPart {
    return whereClause(filters, omit, this.searchTable)
  }

  private sourceName(id: number): string {
    if (!this.sourceNames) {
      const rows = this.db.prepare('SELECT id, name FROM sources').all() as { id: number; name: string }[]
      this.sourceNames = new Map(rows.map((r) => [r.id, r.name]))
    }
    return this.sourceNames.get(id) ?? `source ${id}`
  }

  private toRow(r: RawRow): TicketRow {
    const sensitive = r.sensitive === 1
    return {
      id: r.id,
      source: this.sourceName(r.source_id),
      externalId: r.external_id,
      subject: sensitive ? null : r.subject,
      status: r.status,
      priority: r.priority,
      type: r.type,
      caseType: r.case_type,
      channel: r.channel,
      region: r.region,
      locale: r.locale,
      requester: r.requester,
      assignee: r.assignee,
      group: r.group_name,
      tags: parseTags(r.tags_json),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      solvedAt: r.solved_at,
      firstReplyMinutes: r.first_reply_minutes,
      fullResolutionMinutes: r.full_resolution_minutes,
      reopens: r.reopens,
      replies: r.replies,
      csat: r.csat,
      sensitive,
      reviewState: null,
      flagged: false,
      labels: [],
    }
  }

  page(query: TicketQuery, startRow: number, limit: number): { rows: TicketRow[]; last: boolean } {
    const { rows, last } = this.searchPage(query, startRow, limit) ?? this.pagedRows(query, startRow, limit)
    const out = (rows as unknown as RawRow[]).map((r) => this.toRow(r))
    this.addSnippets(query.filters.text, out)
    // The analyst's review is joined per page (a handful of rows), not in the pager's plans over the whole table.
    const reviews = reviewsOf(
      this.db,
      out.map((r) => r.id),
    )
    const labels = this.labelsOfPage(out.map((r) => r.id))
    for (const row of out) {
      const review = reviews.get(row.id)
      if (review) {
        row.reviewState = review.state
        row.flagged = review.flagged
      }
      row.labels = labels.get(row.id) ?? []
    }
    return { rows: out, last }
  }

  private pagedRows(query: TicketQuery, startRow: number, limit: number): { rows: unknown[]; last: boolean } {
    // Counts are cached per filter, and the grid asks for this one anyway: it picks the page plan.
    const selectivity = { matching: this.count(query.filters), total: this.count({}) }
    const stamp = this.writeStamp(query.filters, query.sort)
    return this.pager.page(query, startRow, limit, ROW_COLUMNS, selectivity, stamp)
  }

  /**
   * For a query over the analyst's tables, the connection's write stamp (writes on this connection, and commits by
   * others): a review, label or escalation added since never meets a count or order cached before it. '' otherwise.
   */
  private writeStamp(filters: TicketFilters, sort?: TicketQuery['sort']): string {
    if (!readsAnalystTables(filters, sort)) return ''
    const changes = this.db.prepare('SELECT total_changes()').pluck().get() as number
    return `${changes}:${this.db.pragma('data_version', { simple: true }) as number}`
  }

  /**
   * The first pages of a search in creation or id order, walked off the index newest hit first (searchPage.ts)
   * instead of materialising every hit; null when the walk does not apply or cannot prove its page.
   */
  private searchPage(query: TicketQuery, startRow: number, limit: number): { rows: unknown[]; last: boolean } | null {
    const { text, ...others } = query.filters
    const match = searchMatch(text)
    if (match === null || !streamable(query.sort) || startRow + limit > STREAM_MAX_ROWS) return null
    // Hits already materialised (a later page, a count under filters) are cheaper to page than to walk again.
    if (this.searchHits.has(match)) return null
    const found = streamSearchPage(this.db, match, whereClause(others), query.sort, startRow, limit)
    if (!found) return null
    if (found.ids.length === 0) return { rows: [], last: found.last }
    const marks = found.ids.map(() => '?').join(', ')
    const rows = this.db
      .prepare(`SELECT ${ROW_COLUMNS} FROM tickets WHERE id IN (${marks})`)
      .all(...found.ids) as RawRow[]
    const byId = new Map(rows.map((r) => [r.id, r]))
    return { rows: found.ids.flatMap((id) => byId.get(id) ?? []), last: found.last }
  }

  /** Under a search, each row's excerpt around the match; sensitive rows get none (their text never leaves). */
  private addSnippets(text: string | undefined, rows: TicketRow[]): void {
    if (!text) return
    const parsed = parseSearch(text)
    if (!parsed.ok || parsed.terms.length === 0) return
    const texts = snippetTexts(
      this.db,
      rows.filter((r) => !r.sensitive).map((r) => r.id),
    )
    for (const row of rows) {
      const t = row.sensitive ? undefined : texts.get(row.id)
      row.snippet = t ? buildSnippet(t, parsed.terms) : null
    }
  }

  /** The analyst's labels of one page of tickets, oldest first per ticket. */
  private labelsOfPage(ids: readonly number[]): Map<number, string[]> {
    const out = new Map<number, string[]>()
    if (ids.length === 0) return out
    const rows = this.db
      .prepare(
        `SELECT ticket_id, label FROM analyst_labels WHERE ticket_id IN (SELECT value FROM json_each(?))
         ORDER BY created_at, label`,
      )
      .all(JSON.stringify(ids)) as { ticket_id: number; label: string }[]
    for (const r of rows) {
      const list = out.get(r.ticket_id)
      if (list) list.push(r.label)
      else out.set(r.ticket_id, [r.label])
    }
    return out
  }

  count(filters: TicketFilters): number {
    // Keyed without the search's hit table, so a cached count never materialises the hits.
    const keyPart = whereClause(filters)
    const cacheKey = JSON.stringify([keyPart.sql, keyPart.params, this.writeStamp(filters)])
    const cached = this.counts.get(cacheKey)
    if (cached !== undefined) return cached
    const complement = complementCount(filters)
    if (complement) {
      const n = this.count(complement.all) - (complement.minus ? this.count(complement.minus) : 0)
      this.counts.set(cacheKey, n)
      return n
    }
    const { text, ...others } = filters
    const match = searchMatch(text)
    // A search alone is counted in the full-text index itself, without a row lookup per match or a hit table (about
    // 20 ms for 200k matches at 1M tickets). Every indexed row is a ticket: deletes and sensitive tickets leave the index.
    const textOnly = match !== null && whereClause(others).sql === '1'
    const where = textOnly ? null : this.where(filters)
    const row = {
      n: where
        ? (this.db
            .prepare(`SELECT count(*) AS n FROM tickets ${countHint(filters)} WHERE ${where.sql}`)
            .pluck()
            .get(...where.params) as number)
        : countSearchHits(this.db, match as string),
    }
    if (this.counts.size > 200) this.counts.clear()
    this.counts.set(cacheKey, row.n)
    return row.n
  }

  /** Each field's values counted under every other filter, so a dropdown shows what picking a value would give. */
  facets(filters: TicketFilters): TicketFacets {
    return facetsOf(
      {
        db: this.db,
        where: (f, omit) => this.where(f, omit),
        count: (f) => this.count(f),
        sourceName: (id) => this.sourceName(id),
      },
      filters,
    )
  }

  get(id: number, reveal: boolean): TicketDetail | null {
    const r = this.db
      .prepare(`SELECT ${ROW_COLUMNS}, description, first_resolution_minutes, escalated FROM tickets WHERE id = ?`)
      .get(id) as RawDetail | undefined
    if (!r) return null
    const withheld = r.sensitive === 1 && !reveal
    const comments = (
      this.db
        .prepare(
          `SELECT id, author, author_role, public, body, created_at FROM ticket_comments
           WHERE ticket_id = ? ORDER BY created_at, id`,
        )
        .all(id) as {
        id: number
        author: string | null
        author_role: TicketComment['authorRole']
        public: number
        body: string
        created_at: number
      }[]
    ).map((c): TicketComment => ({
      id: c.id,
      author: c.author,
      authorRole: c.author_role,
      public: c.public === 1,
      body: withheld ? null : c.body,
      createdAt: c.created_at,
    }))
    const review = getReview(this.db, id)
    const row = { ...this.toRow(r), reviewState: review?.state ?? null, flagged: review?.flagged ?? false }
    return {
      ...row,
      review,
      labels: labelsOf(this.db, id),
      notes: notesOf(this.db, id),
      subject: withheld ? null : r.subject,
      description: withheld ? null : r.description,
      firstResolutionMinutes: r.first_resolution_minutes,
      escalated: r.escalated === 1,
      withheld,
      comments,
    }
  }

  stats(): WorkspaceStats {
    const group = (col: string): CountByValue[] =>
      this.db
        .prepare(`SELECT ${col} AS value, count(*) AS count FROM tickets GROUP BY ${col} ORDER BY count DESC`)
        .all() as CountByValue[]
    const bySource = this.db
      .prepare(
        `SELECT s.name AS value, count(t.id) AS count FROM sources s LEFT JOIN tickets t ON t.source_id = s.id
           GROUP BY s.id ORDER BY count DESC`,
      )
      .all() as CountByValue[]
    const range = this.db.prepare('SELECT min(created_at) AS "from", max(created_at) AS "to" FROM tickets').get() as {
      from: number | null
      to: number | null
    }
    return {
      tickets: this.count({}),
      comments: (this.db.prepare('SELECT count(*) AS n FROM ticket_comments').get() as { n: number }).n,
      bySource,
      byStatus: group('status'),
      byChannel: group('channel'),
      createdRange: range,
    }
  }

  /**
   * Tickets created per local day or ISO week, one series per value of `groupBy`. Counted per quarter hour in SQL
   * (every zone's offset is a multiple of 15 minutes), then cut into local days here, so any zone is exact.
   */
  volume(filters: TicketFilters, groupBy: ValueField, grain: 'day' | 'week', timeZone: string): TrendSeries {
    const where = this.where(filters)
    const col = valueColumn(groupBy)
    const rows = this.db
      .prepare(
        `SELECT created_at / 900000 AS q, ${col} AS g, count(*) AS n FROM tickets ${countHint(filters)}
         WHERE ${where.sql} GROUP BY q, g`,
      )
      .all(...where.params) as { q: number; g: string | number | null; n: number }[]
    if (rows.length === 0) return { timeZone, grain, buckets: [], series: [], total: 0 }
    let minQ = Infinity
    let maxQ = -Infinity
    for (const r of rows) {
      if (r.q < minQ) minQ = r.q
      if (r.q > maxQ) maxQ = r.q
    }
    const { labels, starts, end } = localBuckets(minQ * 900_000, (maxQ + 1) * 900_000, grain, timeZone)
    const byKey = new Map<string | null, number[]>()
    let total = 0
    for (const r of rows) {
      const key = groupBy === 'source' ? this.sourceName(r.g as number) : (r.g as string | null)
      let data = byKey.get(key)
      if (!data) {
        data = new Array<number>(labels.length).fill(0)
        byKey.set(key, data)
      }
      const i = bucketIndex(starts, end, r.q * 900_000)
      if (i >= 0) data[i] = (data[i] as number) + r.n
      total += r.n
    }
    const series = [...byKey.entries()]
      .map(([key, data]) => ({ key, name: valueLabel(groupBy, key), data, sum: data.reduce((a, b) => a + b, 0) }))
      .sort((a, b) => b.sum - a.sum)
      .map(({ key, name, data }) => ({ key, name, data }))
    return { timeZone, grain, buckets: labels, series, total }
  }

  /** Newest ticket update per source: what the cache is "as of". */
  dataAsOf(): { source: string; kind: string; asOf: number | null }[] {
    return this.db
      .prepare(
        `SELECT s.name AS source, s.kind AS kind, coalesce(st.data_as_of, (SELECT max(updated_at) FROM tickets t WHERE t.source_id = s.id)) AS asOf
         FROM sources s LEFT JOIN sync_state st ON st.source_id = s.id ORDER BY s.id`,
      )
      .all() as { source: string; kind: string; asOf: number | null }[]
  }
}
