/**
 * Purges that must leave no readable trace in the workspace file (reliability.md, Local data): deleted rows are
 * overwritten (`secure_delete`), the full-text index is merged so no segment still holds the ticket's words, and the
 * WAL is checkpointed and truncated so old page images of the text do not linger in the -wal file.
 *
 * The same rows are then removed from the workspace's backups (workspace/backupPurge.ts).
 */
import type { Db } from '../connection'

/**
 * `workspace_meta` key, '1' once every write the file has seen had secure_delete on: created by a version that turns
 * it on at open (connection.ts), or compacted since. A file written without it can hold fragments of rows in the
 * unused space of pages that were split or merged (measured: the first rows of a table in its root page, index keys
 * in leaves), which deleting the rows does not touch.
 */
const ZEROED_THROUGHOUT = 'secure_delete_throughout'

/** Records that this (new or just compacted) file holds no fragment of deleted rows. */
export function markZeroedThroughout(db: Db): void {
  db.prepare(
    `INSERT INTO workspace_meta (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  ).run(ZEROED_THROUGHOUT)
}

function zeroedThroughout(db: Db): boolean {
  const row = db.prepare('SELECT value FROM workspace_meta WHERE key = ?').get(ZEROED_THROUGHOUT) as
    { value: string } | undefined
  return row?.value === '1'
}

/**
 * Runs `work` with secure_delete on, then scrubs what deletes leave behind. A file written by an older version is
 * compacted once (VACUUM, itself with secure_delete on) so fragments written before are gone too; that first purge
 * takes as long as a copy of the file.
 */
export function withSecureDelete<T>(db: Db, work: () => T): T {
  const before = db.pragma('secure_delete', { simple: true }) as number
  db.pragma('secure_delete = ON')
  try {
    const result = work()
    scrubFreedText(db)
    if (!zeroedThroughout(db)) {
      db.exec('VACUUM')
      markZeroedThroughout(db)
      db.pragma('wal_checkpoint(TRUNCATE)')
    }
    return result
  } finally {
    db.pragma(`secure_delete = ${before ? 'ON' : 'OFF'}`)
  }
}

/**
 * The full-text index is contentless: a delete only marks the row, its tokens stay in segments until a merge.
 * `optimize` rewrites the index into one segment without them (old pages are zeroed by secure_delete), then the
 * checkpoint folds every page into the main file and truncates the WAL.
 */
export function scrubFreedText(db: Db): void {
  const hasFts = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'tickets_fts'").get() !== undefined
  if (hasFts) db.prepare("INSERT INTO tickets_fts (tickets_fts) VALUES ('optimize')").run()
  db.pragma('wal_checkpoint(TRUNCATE)')
}

/** Tables keyed to a ticket without a foreign key (history kept past an undo, exposure counts): purged by hand. */
const TICKET_KEYED = ['bulk_changes', 'analyst_exposure'] as const

/**
 * Deletes one ticket's row (comments and analyst work go with it, ON DELETE CASCADE) and the rows of tables keyed to
 * it without a foreign key. `has` says which of those tables the file has (a backup may be at an older schema).
 * Returns whether the ticket was there. Run inside the caller's transaction.
 */
export function deleteTicketRows(db: Db, id: number, has: (table: string) => boolean = () => true): boolean {
  const gone = db.prepare('DELETE FROM tickets WHERE id = ?').run(id).changes > 0
  if (gone) for (const t of TICKET_KEYED) if (has(t)) db.prepare(`DELETE FROM ${t} WHERE ticket_id = ?`).run(id)
  return gone
}

/**
 * What names a purged ticket or source for good, to find the same rows in a backup (a local ticket id alone could
 * belong to another ticket there): a ticket by its source and external id, a source by its id and creation time.
 */
export type PurgeTarget =
  { kind: 'ticket'; sourceId: number; externalId: string } | { kind: 'source'; sourceId: number; createdAt: number }

/** The target naming ticket `id`, read before it is purged; null when there is no such ticket. */
export function ticketPurgeTarget(db: Db, id: number): PurgeTarget | null {
  const row = db
    .prepare('SELECT source_id AS sourceId, external_id AS externalId FROM tickets WHERE id = ?')
    .get(id) as { sourceId: number; externalId: string } | undefined
  return row ? { kind: 'ticket', ...row } : null
}

/** The target naming source `id`, read before it is removed; null when there is no such source. */
export function sourcePurgeTarget(db: Db, id: number): PurgeTarget | null {
  const row = db.prepare('SELECT created_at AS createdAt FROM sources WHERE id = ?').get(id) as
    { createdAt: number } | undefined
  return row ? { kind: 'source', sourceId: id, createdAt: row.createdAt } : null
}

/** Deletes one ticket and everything keyed to it. False when there is none. */
export function purgeTicket(db: Db, id: number): boolean {
  return withSecureDelete(db, () => db.transaction(() => deleteTicketRows(db, id)).immediate())
}

/**
 * After a restore: the audit entries written since the backup are copied from the file that was replaced, so a
 * restore never erases the record of what was exported or revealed. Best effort: a damaged old file is skipped.
 */
export function carryAuditLog(db: Db, previousFile: string, log: (line: string) => void): number {
  try {
    db.prepare('ATTACH DATABASE ? AS previous').run(previousFile)
  } catch (err) {
    log(`audit entries of the replaced file not carried over: ${(err as Error).message}`)
    return 0
  }
  try {
    const hasLog = db.prepare("SELECT 1 FROM previous.sqlite_schema WHERE name = 'audit_log'").get() !== undefined
    if (!hasLog) return 0
    return db
      .prepare(
        `INSERT OR IGNORE INTO main.audit_log (id, at, actor, action, target, detail_json)
         SELECT id, at, actor, action, target, detail_json FROM previous.audit_log`,
      )
      .run().changes
  } catch (err) {
    log(`audit entries of the replaced file not carried over: ${(err as Error).message}`)
    return 0
  } finally {
    db.exec('DETACH DATABASE previous')
  }
}
