/**
 * Every ticket matching a query, in the grid's order, for exports. Runs on its own read-only connection inside one
 * read transaction: the count in the header and the rows written agree even while a sync writes, and the open
 * workspace's connection stays free for the grid while the export yields between batches.
 */
import type { TicketQuery } from '../../../shared/api/contract'
import { openDatabase, type Db } from '../connection'
import { plan, scan } from './ticketPager'
import { whereClause } from './ticketSql'

/** Columns an export reads, in this order (rows come back as arrays: no object per row). */
export const EXPORT_SELECT = [
  'id',
  'source_id',
  'external_id',
  'subject',
  'status',
  'priority',
  'type',
  'case_type',
  'channel',
  'region',
  'requester',
  'assignee',
  'group_name',
  'created_at',
  'updated_at',
  'solved_at',
  'first_reply_minutes',
  'full_resolution_minutes',
  'reopens',
  'replies',
  'csat',
  'sensitive',
] as const
export type ExportColumn = (typeof EXPORT_SELECT)[number]
export type ExportRawRow = unknown[]
/** Position of each selected column in a raw row. */
export const EXPORT_INDEX = Object.fromEntries(EXPORT_SELECT.map((c, i) => [c, i])) as Record<ExportColumn, number>

export interface ExportSnapshot {
  /** Matching tickets in this snapshot. */
  count: number
  sourceNames: Map<number, string>
  /** The rows in the grid's order (values then blanks for a nullable sort column, ties by creation time and id). */
  rows(): IterableIterator<ExportRawRow>
  close(): void
}

/** Opens a read snapshot of a workspace file for one export. Close it when done (also on cancel or failure). */
export function openExportSnapshot(file: string, query: TicketQuery): ExportSnapshot {
  // The workspace is open (and was checked when it was): a second check per export would cost seconds at 1M tickets.
  const db: Db = openDatabase(file, { readonly: true, alreadyChecked: true })
  try {
    db.exec('BEGIN')
    const where = whereClause(query.filters)
    const count = (
      db.prepare(`SELECT count(*) AS n FROM tickets WHERE ${where.sql}`).get(...where.params) as { n: number }
    ).n
    const names = db.prepare('SELECT id, name FROM sources').all() as { id: number; name: string }[]
    // `limit` = every match: the plan never hints an index walk, so SQLite picks how to produce the order.
    const p = plan(query, Math.max(count, 1), { matching: count, total: count })
    return {
      count,
      sourceNames: new Map(names.map((r) => [r.id, r.name])),
      rows: () => scan(db, p, EXPORT_SELECT.join(', '), null, true) as IterableIterator<ExportRawRow>,
      close: () => {
        if (db.open) db.close()
      },
    }
  } catch (err) {
    db.close()
    throw err
  }
}
