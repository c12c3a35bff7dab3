/**
 * Workspace backups: a consistent copy of the open workspace file taken with SQLite's online backup API into a
 * temporary file, then renamed into place, so a kill part-way never leaves a half backup under a real name. Each
 * backup has a small manifest beside it (row counts per table, schema version) that a restore checks against.
 *
 * Layout: `<data dir>/backups/<workspace id>/<workspace id>-<UTC stamp>-<kind>.sqlite` (+ `.json`).
 * Automatic daily backups are pruned after `keep_days`; manual ones are kept until removed by hand.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { BackupInfo, BackupKind } from '../../shared/api/methods/security'
import Database from 'better-sqlite3'
import { getDefaultNativeBinding, openDatabase, WorkspaceError, type Db } from '../db/connection'
import { readMeta } from '../db/queries/workspace'

export const BACKUP_FILE = /^([a-z0-9][a-z0-9-]*)-(\d{8}T\d{6}(?:\d{3})?Z)-(manual|auto|before-restore)\.sqlite$/

interface Manifest {
  workspaceId: string
  workspaceName: string
  kind: BackupKind
  createdAt: number
  schema: number
  counts: Record<string, number>
  /**
   * Set only while a purge rewrites the backup (workspace/backupPurge.ts): the counts of the file before it, so a
   * kill between renaming the manifest and renaming the cleaned file leaves a backup that still verifies.
   */
  countsBeforePurge?: Record<string, number>
}

export function backupsDir(dataDir: string, workspaceId: string): string {
  return path.join(dataDir, 'backups', workspaceId)
}

function stamp(at: number): string {
  return new Date(at).toISOString().replace(/[-:]/g, '').replace('.', '')
}

/** Rows of every ordinary table (virtual tables and their shadows excepted: they are rebuilt from these). */
export function tableCounts(db: Db): Record<string, number> {
  const names = (
    db
      .prepare(
        `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'tickets_fts%' ORDER BY name`,
      )
      .all() as { name: string }[]
  ).map((r) => r.name)
  const counts: Record<string, number> = {}
  for (const name of names) {
    counts[name] = (db.prepare(`SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number }).n
  }
  return counts
}

/**
 * Copies the open workspace to a new backup. The backup API steps through pages between event-loop turns, so the
 * window keeps answering; writes that land meanwhile are carried into the copy by SQLite.
 */
export async function createBackup(
  db: Db,
  dataDir: string,
  workspaceId: string,
  kind: BackupKind,
  now: number = Date.now(),
): Promise<BackupInfo> {
  const dir = backupsDir(dataDir, workspaceId)
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  let name = `${workspaceId}-${stamp(now)}-${kind}.sqlite`
  for (let i = 1; fs.existsSync(path.join(dir, name)); i++) name = `${workspaceId}-${stamp(now + i)}-${kind}.sqlite`
  const target = path.join(dir, name)
  const tmp = `${target}.tmp-${process.pid}`
  fs.rmSync(tmp, { force: true })
  try {
    await db.backup(tmp)
    // The copy keeps the source's WAL header; make it a standalone file with no -wal/-shm beside it. Opened raw, not
    // through openDatabase: it is a byte copy of a file this process already checked, and a quick_check of a
    // million-ticket copy would hold the event loop for seconds.
    const copy = new Database(tmp, { nativeBinding: getDefaultNativeBinding() })
    let manifest: Manifest
    try {
      copy.pragma('journal_mode = DELETE')
      manifest = {
        workspaceId,
        workspaceName: readMeta(copy).name,
        kind,
        createdAt: now,
        schema: copy.pragma('user_version', { simple: true }) as number,
        counts: tableCounts(copy),
      }
    } finally {
      copy.close()
    }
    fs.chmodSync(tmp, 0o600)
    fs.writeFileSync(`${tmp}.json`, JSON.stringify(manifest, null, 2), { mode: 0o600 })
    fs.renameSync(`${tmp}.json`, `${target}.json`)
    fs.renameSync(tmp, target)
    return describeBackup(dir, name) as BackupInfo
  } catch (err) {
    for (const f of [tmp, `${tmp}.json`, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true })
    throw err
  }
}

/**
 * Puts a purged copy in place of a backup with a manifest that stays true throughout: first the manifest with the new
 * counts and the old ones beside them, then `swap` (renames the cleaned file over the backup), then the manifest with
 * the new counts alone. A backup without a manifest (a pre-migration copy) is only swapped.
 */
export function rewriteManifestAfterPurge(file: string, counts: Record<string, number>, swap: () => void): void {
  const manifest = readManifest(file)
  if (!manifest) {
    swap()
    return
  }
  const write = (m: Manifest): void => {
    const tmp = `${file}.json.tmp-${process.pid}`
    fs.writeFileSync(tmp, JSON.stringify(m, null, 2), { mode: 0o600 })
    fs.renameSync(tmp, `${file}.json`)
  }
  const { countsBeforePurge: _, ...rest } = manifest
  write({ ...rest, counts, countsBeforePurge: manifest.counts })
  swap()
  write({ ...rest, counts })
}

function readManifest(file: string): Manifest | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8')) as Manifest
    return parsed && typeof parsed === 'object' && typeof parsed.counts === 'object' ? parsed : null
  } catch {
    return null
  }
}

function describeBackup(dir: string, name: string): BackupInfo | null {
  const m = BACKUP_FILE.exec(name)
  if (!m) return null
  const file = path.join(dir, name)
  let bytes: number
  try {
    bytes = fs.statSync(file).size
  } catch {
    return null
  }
  const manifest = readManifest(file)
  const s = m[2] as string
  const createdAt =
    manifest?.createdAt ??
    Date.parse(
      `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`,
    )
  return {
    name,
    workspaceId: m[1] as string,
    kind: m[3] as BackupKind,
    createdAt,
    bytes,
    tickets: manifest?.counts.tickets ?? null,
    notes: manifest?.counts.analyst_notes ?? null,
    schema: manifest?.schema ?? null,
  }
}

/** Backups of one workspace, newest first. */
export function listBackups(dataDir: string, workspaceId: string): BackupInfo[] {
  const dir = backupsDir(dataDir, workspaceId)
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .map((n) => describeBackup(dir, n))
    .filter((b): b is BackupInfo => b !== null && b.workspaceId === workspaceId)
    .sort((a, b) => b.createdAt - a.createdAt || b.name.localeCompare(a.name))
}

/** Every workspace id with at least one backup in the data folder. */
export function workspacesWithBackups(dataDir: string): string[] {
  const root = path.join(dataDir, 'backups')
  if (!fs.existsSync(root)) return []
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^[a-z0-9][a-z0-9-]*$/.test(e.name))
    .map((e) => e.name)
    .filter((id) => listBackups(dataDir, id).length > 0)
    .sort()
}

/** The absolute path of a named backup, refusing anything that is not one of this workspace's backups. */
export function backupFile(dataDir: string, workspaceId: string, name: string): string {
  const m = BACKUP_FILE.exec(name)
  const file = path.join(backupsDir(dataDir, workspaceId), name)
  if (!m || m[1] !== workspaceId || !fs.existsSync(file))
    throw new WorkspaceError('workspace_unavailable', `There is no backup "${name}" of workspace ${workspaceId}.`)
  return file
}

/**
 * Checks a backup before it replaces anything: `integrity_check` passes and each table holds the rows its manifest
 * recorded. Returns the counts.
 */
export function verifyBackup(file: string): Record<string, number> {
  const manifest = readManifest(file)
  // Backups are standalone files (journal_mode DELETE): a read-only open leaves no -wal/-shm and changes nothing.
  {
    let db: Db
    try {
      db = openDatabase(file, { readonly: true })
    } catch (err) {
      throw new WorkspaceError(
        'workspace_corrupt',
        `The backup ${path.basename(file)} is damaged (${(err as Error).message.replace(/\.$/, '')}); your workspace was not changed. Choose an older backup.`,
      )
    }
    try {
      const rows = db.pragma('integrity_check') as { integrity_check: string }[]
      if (rows[0]?.integrity_check !== 'ok')
        throw new WorkspaceError(
          'workspace_corrupt',
          `The backup ${path.basename(file)} is damaged (${rows[0]?.integrity_check ?? 'no answer'}); your workspace was not changed. Choose an older backup.`,
        )
      const counts = tableCounts(db)
      if (manifest) {
        const mismatch = (expected: Record<string, number>) =>
          Object.entries(expected).find(([table, n]) => counts[table] !== n)
        const wrong = mismatch(manifest.counts)
        if (wrong && !(manifest.countsBeforePurge && !mismatch(manifest.countsBeforePurge))) {
          const [table, n] = wrong
          throw new WorkspaceError(
            'workspace_corrupt',
            `The backup ${path.basename(file)} is incomplete (${table}: ${counts[table] ?? 0} rows, ${n} expected); your workspace was not changed. Choose an older backup.`,
          )
        }
      }
      return counts
    } finally {
      db.close()
    }
  }
}

/**
 * Puts a verified backup in place of the workspace file: copied next to it under a temporary name, then renamed over
 * it. The caller has closed the workspace. Whatever was there (a damaged file too) is moved aside, not deleted.
 * Returns the path the previous file was moved to, if there was one.
 */
export function installBackup(file: string, workspaceFile: string, now: number = Date.now()): string | null {
  const tmp = `${workspaceFile}.restore-${process.pid}`
  fs.copyFileSync(file, tmp)
  let setAside: string | null = null
  if (fs.existsSync(workspaceFile)) {
    setAside = `${workspaceFile}.before-restore-${stamp(now)}`
    fs.renameSync(workspaceFile, setAside)
    for (const suffix of ['-wal', '-shm']) {
      if (fs.existsSync(workspaceFile + suffix)) fs.renameSync(workspaceFile + suffix, setAside + suffix)
    }
  }
  fs.renameSync(tmp, workspaceFile)
  return setAside
}

/** Removes automatic backups older than `keepDays` (manual and before-restore ones stay). Returns how many. */
export function pruneBackups(dataDir: string, workspaceId: string, keepDays: number, now: number = Date.now()): number {
  const dir = backupsDir(dataDir, workspaceId)
  let removed = 0
  for (const b of listBackups(dataDir, workspaceId)) {
    if (b.kind !== 'auto' || now - b.createdAt <= keepDays * 86_400_000) continue
    for (const f of [b.name, `${b.name}.json`]) fs.rmSync(path.join(dir, f), { force: true })
    removed++
  }
  return removed
}

/** True when no automatic backup was taken in the last day. */
export function dailyBackupDue(dataDir: string, workspaceId: string, now: number = Date.now()): boolean {
  const last = listBackups(dataDir, workspaceId).find((b) => b.kind === 'auto')
  return !last || now - last.createdAt >= 86_400_000 - 60_000
}
