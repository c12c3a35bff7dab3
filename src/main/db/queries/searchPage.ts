/**
 * The first pages of a search in creation or id order, read straight off the full-text index.
 *
 * A common pair of words ("account review") matches a fifth of a million tickets. Materialising every hit before
 * showing the first 100 costs tens of milliseconds; the index can instead hand its hits over newest id first and stop.
 * Ids are ticket numbers, so they mostly follow creation time, but not always (an import of a file sorted newest
 * first, a sync that back-fills old tickets). The walk therefore proves its answer: once it has seen every hit with
 * an id at or past `x`, any hit it has not seen has a smaller id and was created no later than the newest ticket with
 * an id below `x` (one seek in the creation index). When the page's last row is at least that new, no unseen hit can
 * outrank it, and the page is exact. Otherwise the walk goes on, and past a budget the caller falls back to the
 * materialised hits. Ascending orders are the mirror image.
 */
import type { TicketSort } from '../../../shared/api/contract'
import type { Db } from '../connection'
import type { SqlPart } from './ticketSql'

/** Deepest position served by walking the index; later pages use the materialised hits and the keyset pager. */
export const STREAM_MAX_ROWS = 2_000

/** Most hits one walk may read before giving up on proving its answer (a disordered workspace, a rare filter). */
export const STREAM_BUDGET = 20_000

type Key = [created: number, id: number]

/** True for the sorts a walk can serve: the index hands hits over in id order, which creation time mostly follows. */
export function streamable(sort: TicketSort): boolean {
  return sort.column === 'createdAt' || sort.column === 'id'
}

/**
 * Ids of rows [startRow, startRow + limit) of the search `match` under the other filters `others` in `sort`, and
 * whether that is the end; null when the walk could not prove its page within the budget (the caller then pages the
 * materialised hits). Only for streamable sorts and positions below STREAM_MAX_ROWS. `budget`: most hits to read.
 */
export function streamSearchPage(
  db: Db,
  match: string,
  others: SqlPart,
  sort: TicketSort,
  startRow: number,
  limit: number,
  budget = STREAM_BUDGET,
): { ids: number[]; last: boolean } | null {
  const desc = sort.dir === 'desc'
  const byId = sort.column === 'id'
  // One row past the page says whether it is the last.
  const need = startRow + limit + 1
  const hitsAfter = db
    .prepare(
      `SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ? AND rowid ${desc ? '<' : '>'} ?
       ORDER BY rowid ${desc ? 'DESC' : 'ASC'} LIMIT ?`,
    )
    .pluck()
  // Newest (oldest) creation time among tickets past the walk: the most an unseen hit could have.
  const bound = db
    .prepare(
      `SELECT created_at FROM tickets INDEXED BY tickets_created WHERE id ${desc ? '<' : '>'} ?
       ORDER BY created_at ${desc ? 'DESC' : 'ASC'} LIMIT 1`,
    )
    .pluck()
  const rank = (a: Key, b: Key): number => {
    const d = byId ? 0 : a[0] - b[0] || 0
    const c = d !== 0 ? d : a[1] - b[1]
    return desc ? -c : c
  }

  const keys: Key[] = []
  let x = desc ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER
  let read = 0
  // Without other filters every hit is a row of the page, so one batch of `need` proves an ordered workspace; under
  // filters, start wider. A walk that needs more doubles its batch.
  let batch = others.sql === '1' ? need : Math.max(256, need * 2)
  for (;;) {
    const ids = hitsAfter.all(match, x, batch) as number[]
    read += ids.length
    const exhausted = ids.length < batch
    if (ids.length > 0) {
      x = ids[ids.length - 1] as number
      const marks = ids.map(() => '?').join(', ')
      const rows = db
        .prepare(`SELECT created_at, id FROM tickets WHERE id IN (${marks}) AND ${others.sql}`)
        .raw(true)
        .all(...ids, ...others.params) as Key[]
      keys.push(...rows)
    }
    if (exhausted) break
    if (keys.length >= need) {
      keys.sort(rank)
      // In id order the walk's own order is the answer; in creation order, compare with the best unseen hit.
      if (byId) break
      const edge = (keys[need - 1] as Key)[0]
      const best = bound.get(x) as number | undefined
      if (best === undefined || (desc ? edge >= best : edge <= best)) break
    }
    if (read >= budget) return null
    batch = Math.max(1, Math.min(batch * 2, budget - read))
  }
  keys.sort(rank)
  return {
    ids: keys.slice(startRow, startRow + limit).map((k) => k[1]),
    last: keys.length <= startRow + limit,
  }
}

/** How many tickets a search matches, counted in the index alone: every indexed row is a live, non-sensitive ticket. */
export function countSearchHits(db: Db, match: string): number {
  return db.prepare('SELECT count(*) FROM tickets_fts WHERE tickets_fts MATCH ?').pluck().get(match) as number
}

/** Subject, description and comment bodies of non-sensitive tickets, for cutting search excerpts (≤ a page of ids). */
export function snippetTexts(
  db: Db,
  ids: readonly number[],
): Map<number, { subject: string | null; description: string | null; comments: string[] }> {
  const out = new Map<number, { subject: string | null; description: string | null; comments: string[] }>()
  if (ids.length === 0) return out
  const marks = ids.map(() => '?').join(', ')
  const tickets = db
    .prepare(`SELECT id, subject, description FROM tickets WHERE id IN (${marks}) AND sensitive = 0`)
    .all(...ids) as { id: number; subject: string | null; description: string | null }[]
  for (const t of tickets) out.set(t.id, { subject: t.subject, description: t.description, comments: [] })
  const comments = db
    .prepare(
      `SELECT ticket_id, body FROM ticket_comments WHERE ticket_id IN (${marks}) ORDER BY ticket_id, created_at, id`,
    )
    .raw(true)
    .all(...ids) as [number, string][]
  for (const [id, body] of comments) out.get(id)?.comments.push(body)
  return out
}
