/**
 * Reads behind emerging issues (src/main/clusters): the newest tickets' text, read in pages so grouping can yield to
 * the event loop between them, and a fingerprint that changes whenever tickets do. Sensitive tickets (the stored
 * flag, which follows the workspace's sensitive case types and the analyst's own marks) are counted, never read.
 */
import type { Db } from '../connection'

export interface ClusterTextRow {
  id: number
  subject: string
  description: string
  caseType: string | null
  channel: string | null
  region: string | null
  createdAt: number
}

/** Where a page of newest-first reading stopped: the (created_at, id) of its last row. */
export interface TextCursor {
  createdAt: number
  id: number
}

/**
 * Up to `limit` tickets, newest first (by creation, then id), after `cursor`, with `sensitive` saying which ones:
 * the text columns of a sensitive ticket come back empty so they never leave this module. Descriptions are cut to
 * `maxChars` (the start of a message says what it is about; a pasted log would only add noise).
 */
export function newestTexts(
  db: Db,
  cursor: TextCursor | null,
  limit: number,
  maxChars: number,
): { rows: ClusterTextRow[]; sensitive: number[] } {
  const after = cursor ? 'WHERE (created_at, id) < (?, ?)' : ''
  const params = cursor ? [cursor.createdAt, cursor.id] : []
  const raw = db
    .prepare(
      `SELECT id, CASE WHEN sensitive = 1 THEN '' ELSE subject END,
         CASE WHEN sensitive = 1 THEN '' ELSE substr(coalesce(description, ''), 1, ?) END,
         case_type, channel, region, created_at, sensitive
       FROM tickets INDEXED BY tickets_created ${after} ORDER BY created_at DESC, id DESC LIMIT ?`,
    )
    .raw()
    .all(maxChars, ...params, limit) as [
    number,
    string,
    string,
    string | null,
    string | null,
    string | null,
    number,
    number,
  ][]
  const rows: ClusterTextRow[] = []
  const sensitive: number[] = []
  for (const [id, subject, description, caseType, channel, region, createdAt, isSensitive] of raw) {
    const row = { id, subject, description, caseType, channel, region, createdAt }
    if (isSensitive === 1) sensitive.push(id)
    rows.push(row)
  }
  return { rows, sensitive }
}

/**
 * Changes whenever a ticket is added, removed or updated by a sync or import: the cache key of a grouping. (A
 * sensitive mark set afterwards is caught where it matters: examples are re-read with `subjectsOf` when shown.)
 */
export function ticketsFingerprint(db: Db): string {
  const row = db
    .prepare(
      'SELECT (SELECT count(*) FROM tickets), (SELECT max(id) FROM tickets), (SELECT max(updated_at) FROM tickets)',
    )
    .raw()
    .get() as [number, number | null, number | null]
  return row.join(':')
}

/** Subjects of non-sensitive tickets by id (examples are re-read when shown, never kept from an old grouping). */
export function subjectsOf(db: Db, ids: readonly number[]): Map<number, string> {
  if (ids.length === 0) return new Map()
  const marks = ids.map(() => '?').join(', ')
  const rows = db
    .prepare(`SELECT id, subject FROM tickets WHERE id IN (${marks}) AND sensitive = 0`)
    .raw()
    .all(...ids) as [number, string][]
  return new Map(rows)
}
