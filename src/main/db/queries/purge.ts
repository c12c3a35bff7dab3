/**
 * Purges that must leave no readable trace in the workspace file (reliability.md, Local data): deleted rows are
 * overwritten (`secure_delete`), the full-text index is merged so no segment still holds the ticket's words, and the
 * WAL is checkpointed and truncated so old page images of the text do not linger in the -wal file.
 *
 * Backups taken before a purge still hold the text; that is said where a purge is offered.
 */
import type { Db } from '../connection'

/** Runs `work` with secure_delete on, then scrubs what deletes leave behind. */
export function withSecureDelete<T>(db: Db, work: () => T): T {
  const before = db.pragma('secure_delete', { simple: true }) as number
  db.pragma('secure_delete = ON')
  try {
    const result = work()
    scrubFreedText(db)
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

/** Deletes one ticket and everything keyed to it (comments, analyst work cascade). False when there is none. */
export function purgeTicket(db: Db, id: number): boolean {
  return withSecureDelete(db, () =>
    db
      .transaction(() => {
        const gone = db.prepare('DELETE FROM tickets WHERE id = ?').run(id).changes > 0
        if (gone) {
          db.prepare('DELETE FROM bulk_changes WHERE ticket_id = ?').run(id)
          db.prepare('DELETE FROM analyst_exposure WHERE ticket_id = ?').run(id)
        }
        return gone
      })
      .immediate(),
  )
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
