/**
 * A purge reaches the workspace's backups too (reliability.md, Local data: a purged ticket's text must not stay on the
 * laptop). Each backup that holds the purged ticket or source is copied under a temporary name, the same rows are
 * deleted in the copy with `secure_delete` on (and its full-text index merged), a fresh file is built from what is
 * left (`VACUUM INTO`) and renamed over the backup, so a kill part-way leaves the old backup or the cleaned one, never
 * half of each. Backups that never held the rows are not rewritten. The cost is a copy and a rebuild per backup that
 * held them (synchronous SQLite work, so the event loop waits for each file; it gets a turn between files).
 *
 * Which files: the daily, manual and before-restore backups (`backups/<workspace>/`) and the copies taken before a
 * schema migration (`<workspace file>.v<N>.bak`), whatever schema version they are at: their own triggers keep their
 * rollups and full-text index true, and tables they do not have yet are skipped.
 *
 * Rows are found by what names them for good (queries/purge.ts, PurgeTarget), not by a local id alone.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { getDefaultNativeBinding, PRE_MIGRATION_SUFFIX, type Db } from '../db/connection'
import type { BackupsPurged } from '../../shared/api/methods/security'
import { deleteTicketRows, scrubFreedText, type PurgeTarget } from '../db/queries/purge'
import { backupsDir, listBackups, rewriteManifestAfterPurge, tableCounts } from './backup'

/** Every backup file of a workspace: daily, manual and before-restore backups, and pre-migration copies. */
export function backupFilesOf(dataDir: string, workspaceId: string, workspaceFile: string): string[] {
  const dir = backupsDir(dataDir, workspaceId)
  const inBackups = listBackups(dataDir, workspaceId).map((b) => path.join(dir, b.name))
  const base = path.basename(workspaceFile)
  const beside = fs.existsSync(path.dirname(workspaceFile))
    ? fs
        .readdirSync(path.dirname(workspaceFile))
        .filter((n) => n.startsWith(base) && PRE_MIGRATION_SUFFIX.test(n.slice(base.length)))
        .map((n) => path.join(path.dirname(workspaceFile), n))
    : []
  return [...inBackups, ...beside]
}

function hasTable(db: Db, name: string): boolean {
  return db.prepare('SELECT 1 FROM sqlite_schema WHERE type = ? AND name = ?').get('table', name) !== undefined
}

/** Deletes the target's rows in an open copy; returns whether it held any. */
function deleteTarget(db: Db, target: PurgeTarget): boolean {
  if (!hasTable(db, 'tickets') || !hasTable(db, 'sources')) return false
  return db
    .transaction(() => {
      if (target.kind === 'source') {
        return (
          db.prepare('DELETE FROM sources WHERE id = ? AND created_at = ?').run(target.sourceId, target.createdAt)
            .changes > 0
        )
      }
      const row = db
        .prepare('SELECT id FROM tickets WHERE source_id = ? AND external_id = ?')
        .get(target.sourceId, target.externalId) as { id: number } | undefined
      if (!row) return false
      deleteTicketRows(db, row.id, (t) => hasTable(db, t))
      return true
    })
    .immediate()
}

/** Cleans one backup file; returns whether it was rewritten. Throws with the reason when it could not be. */
async function purgeOne(file: string, target: PurgeTarget): Promise<boolean> {
  const scratch = `${file}.purge-${process.pid}`
  const rebuilt = `${file}.purged-${process.pid}`
  const leftovers = [scratch, rebuilt].flatMap((f) => [f, `${f}-journal`, `${f}-wal`, `${f}-shm`])
  for (const f of leftovers) fs.rmSync(f, { force: true })
  try {
    await fs.promises.copyFile(file, scratch)
    fs.chmodSync(scratch, 0o600)
    const open = (f: string): Db => new Database(f, { nativeBinding: getDefaultNativeBinding() })
    const copy = open(scratch)
    try {
      // The copy is scratch: no journal file is written beside it holding the old pages.
      copy.pragma('journal_mode = MEMORY')
      copy.pragma('foreign_keys = ON')
      copy.pragma('secure_delete = ON')
      const quick = copy.pragma('quick_check(1)', { simple: true }) as string
      if (quick !== 'ok') throw new Error(`it failed its integrity check (${quick})`)
      if (!deleteTarget(copy, target)) return false
      scrubFreedText(copy)
      // A file built without secure_delete (a VACUUM INTO, a backup of such a file) can hold stale fragments of rows
      // in the unused space of pages that were split while it was written; deleting the rows leaves those. A fresh
      // file built from the remaining rows holds nothing of the purged ones.
      // VACUUM INTO accepts an empty file: created first, it is readable by this user only from the start.
      fs.writeFileSync(rebuilt, '', { mode: 0o600 })
      copy.prepare('VACUUM INTO ?').run(rebuilt)
    } finally {
      copy.close()
    }
    const result = open(rebuilt)
    let counts: Record<string, number>
    try {
      result.pragma('journal_mode = DELETE')
      counts = tableCounts(result)
    } finally {
      result.close()
    }
    rewriteManifestAfterPurge(file, counts, () => fs.renameSync(rebuilt, file))
    return true
  } finally {
    for (const f of leftovers) fs.rmSync(f, { force: true })
  }
}

/**
 * Removes the target from every backup in `files`, one after another (each is a copy, a delete and a rename; the
 * event loop gets a turn between files). A backup that cannot be cleaned is reported, never deleted.
 */
export async function purgeFromBackups(
  files: readonly string[],
  target: PurgeTarget,
  log: (line: string) => void,
): Promise<BackupsPurged> {
  const result: BackupsPurged = { cleaned: 0, failed: [] }
  for (const file of files) {
    try {
      if (await purgeOne(file, target)) result.cleaned++
    } catch (err) {
      const reason = (err as Error).message
      log(`purge did not reach backup ${path.basename(file)}: ${reason}`)
      result.failed.push({ name: path.basename(file), reason })
    }
    await new Promise((resolve) => setImmediate(resolve))
  }
  return result
}
