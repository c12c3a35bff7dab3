/**
 * Opening a workspace file: pragmas, schema checks and migrations. The one place that constructs a Database.
 *
 * better-sqlite3 ships one native binary per runtime ABI. Under Node the package's own build is used; under Electron
 * the caller passes `nativeBinding` (see src/main/electron/native.ts and scripts/native-electron.mjs), so neither
 * runtime needs a hand rebuild.
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { LATEST_VERSION, MIGRATIONS } from './migrations'
import { markZeroedThroughout } from './queries/purge'

export type Db = Database.Database

export class WorkspaceError extends Error {
  constructor(
    readonly code: 'workspace_unavailable' | 'workspace_newer' | 'workspace_corrupt',
    message: string,
  ) {
    super(message)
    this.name = 'WorkspaceError'
  }
}

export interface OpenOptions {
  /** Absolute path of a better_sqlite3.node built for the running ABI; the package's own when absent. */
  nativeBinding?: string
  readonly?: boolean
  /** Take a copy of the file before applying migrations (default true for existing files). */
  backupBeforeMigrate?: boolean
  /**
   * Skip `PRAGMA quick_check`: only for another connection to a file this process already opened, checked and still
   * holds open (an export's snapshot, the sync writer's thread), where a check of a 1M-ticket file would cost seconds
   * for nothing. Without it, such a connection checks the whole file again: the first one's write-ahead log is not
   * empty, so the clean-close stamp cannot vouch for it.
   */
  alreadyChecked?: boolean
}

let defaultNativeBinding: string | undefined

/** Set once by the Electron entry so every open in that process uses the Electron-ABI binary. */
export function setDefaultNativeBinding(file: string | undefined): void {
  defaultNativeBinding = file
}

/** The binding set for this process, so worker threads can open databases with the same one. */
export function getDefaultNativeBinding(): string | undefined {
  return defaultNativeBinding
}

const SQLITE_HEADER = 'SQLite format 3\u0000'

function describe(file: string): string {
  return path.basename(file)
}

/**
 * Opens (creating if needed) a workspace database, applies pragmas and pending migrations.
 * Throws WorkspaceError with a sentence for the analyst when the file cannot be used; never modifies a file it refuses.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const exists = fs.existsSync(file)
  if (exists) checkHeader(file)
  else if (options.readonly) throw new WorkspaceError('workspace_unavailable', `${describe(file)} does not exist.`)

  let db: Db
  try {
    // A new workspace file is readable by this user only; SQLite gives its -wal and -shm the same permissions.
    if (!exists && !options.readonly) fs.writeFileSync(file, '', { flag: 'wx', mode: 0o600 })
    db = new Database(file, {
      readonly: options.readonly ?? false,
      nativeBinding: options.nativeBinding ?? defaultNativeBinding,
    })
  } catch (err) {
    throw new WorkspaceError(
      'workspace_unavailable',
      `Could not open ${describe(file)}: ${(err as Error).message}. Check that the folder exists and is writable.`,
    )
  }
  try {
    applyPragmas(db, options.readonly ?? false)
    const version = db.pragma('user_version', { simple: true }) as number
    if (version > LATEST_VERSION) {
      throw new WorkspaceError(
        'workspace_newer',
        `${describe(file)} was written by a newer version of Ops Workbench (schema ${version}, this version knows ${LATEST_VERSION}). ` +
          'It was left untouched: update Ops Workbench to open it.',
      )
    }
    if (version > 0 && !options.alreadyChecked) {
      // A file exactly as this app left it after a clean close of a checked connection needs no page-by-page check
      // (seconds at 1M tickets, on every launch and every listing); anything else is checked.
      if (unchangedSinceCheck(file)) verified.add(db)
      else {
        quickCheck(db, file)
        verified.add(db)
      }
    }
    // A file this open created is whole by construction.
    if (!exists) verified.add(db)
    if (version < LATEST_VERSION && !options.readonly) {
      if (exists && version > 0 && options.backupBeforeMigrate !== false) backupBeforeMigration(db, file, version)
      migrate(db)
    }
    // Written with secure_delete on from its first page (applyPragmas).
    if (!exists && !options.readonly) markZeroedThroughout(db)
    return db
  } catch (err) {
    db.close()
    if (err instanceof WorkspaceError) throw err
    if (isCorruption(err)) {
      throw new WorkspaceError('workspace_corrupt', `${describe(file)} is damaged (${(err as Error).message}).`)
    }
    throw err
  }
}

/**
 * What a workspace file was when last known whole: its identity, size and modification time after a clean close of
 * a connection that had checked it (or had opened it under a still-valid stamp). Kept beside the file; holds nothing
 * of its content.
 */
interface CheckStamp {
  dev: number
  ino: number
  size: number
  mtimeMs: number
}

/** Connections whose file passed its check at open (or was unchanged since one). */
const verified = new WeakSet<Db>()

export const checkStampFile = (file: string): string => `${file}.checked`

function stampOf(file: string): CheckStamp | null {
  try {
    const st = fs.statSync(file)
    return { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs }
  } catch {
    return null
  }
}

/**
 * Whether the file is exactly as a clean close of a checked connection left it: same file (a restore or a copy put in
 * its place is another inode), same size and modification time, and no write-ahead log with frames (a crash leaves
 * one; a truncation or any outside write changes size or time).
 */
export function unchangedSinceCheck(file: string): boolean {
  try {
    if (fs.existsSync(`${file}-wal`) && fs.statSync(`${file}-wal`).size > 0) return false
    const stamp = JSON.parse(fs.readFileSync(checkStampFile(file), 'utf8')) as CheckStamp
    const now = stampOf(file)
    return (
      now !== null &&
      stamp.dev === now.dev &&
      stamp.ino === now.ino &&
      stamp.size === now.size &&
      stamp.mtimeMs === now.mtimeMs
    )
  } catch {
    return false
  }
}

/**
 * Closes a workspace connection. When it was checked and was the file's last connection (SQLite removed the
 * write-ahead log after its final checkpoint), the file is stamped as whole, so the next open skips the check.
 */
export function closeDatabase(db: Db): void {
  const file = db.name
  const stamp = verified.has(db) && !db.readonly && !db.memory
  db.close()
  if (!stamp || fs.existsSync(`${file}-wal`)) return
  const now = stampOf(file)
  if (!now) return
  const target = checkStampFile(file)
  const tmp = `${target}.tmp`
  try {
    fs.writeFileSync(tmp, JSON.stringify(now), { mode: 0o600 })
    fs.renameSync(tmp, target)
  } catch {
    // Without a stamp the next open checks the file: slower, never wrong.
    fs.rmSync(tmp, { force: true })
  }
}

function checkHeader(file: string): void {
  let fd: number | undefined
  try {
    const stat = fs.statSync(file)
    if (!stat.isFile()) throw new WorkspaceError('workspace_unavailable', `${describe(file)} is not a file.`)
    if (stat.size === 0) return
    fd = fs.openSync(file, 'r')
    const buf = Buffer.alloc(16)
    const n = fs.readSync(fd, buf, 0, 16, 0)
    if (n < 16 || buf.toString('latin1') !== SQLITE_HEADER) {
      throw new WorkspaceError('workspace_corrupt', `${describe(file)} is not an Ops Workbench database (bad header).`)
    }
  } catch (err) {
    if (err instanceof WorkspaceError) throw err
    throw new WorkspaceError('workspace_unavailable', `Could not read ${describe(file)}: ${(err as Error).message}.`)
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

function applyPragmas(db: Db, readonly: boolean): void {
  db.pragma('busy_timeout = 5000')
  db.pragma('foreign_keys = ON')
  if (!readonly) {
    db.pragma('journal_mode = WAL')
    // WAL's default NORMAL can lose the last commits on power loss (platform-facts.md).
    db.pragma('synchronous = FULL')
  }
  // Every write zeroes what it frees or moves away from (deleted cells, space left by page splits and merges), so a
  // purged ticket leaves no fragment behind anywhere in the file (reliability.md, Local data).
  db.pragma('secure_delete = ON')
  db.pragma('temp_store = MEMORY')
  db.pragma('cache_size = -65536')
  db.pragma('mmap_size = 268435456')
}

function quickCheck(db: Db, file: string): void {
  const rows = db.pragma('quick_check(1)') as { quick_check: string }[]
  const result = rows[0]?.quick_check
  if (result !== 'ok')
    throw new WorkspaceError('workspace_corrupt', `${describe(file)} failed its integrity check: ${result}.`)
}

function isCorruption(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? ''
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || /malformed|not a database/i.test(String(err))
}

/** A copy through the backup path (VACUUM INTO a temp file, then rename) so a failed migration leaves a way back. */
/** The copy of `file` taken before migrating it from schema `version`, kept beside it. */
export const preMigrationCopy = (file: string, version: number): string => `${file}.v${version}.bak`
/** Matches the names preMigrationCopy gives, after the workspace file's own name. */
export const PRE_MIGRATION_SUFFIX = /^\.v\d+\.bak$/

function backupBeforeMigration(db: Db, file: string, version: number): void {
  const target = preMigrationCopy(file, version)
  const tmp = `${target}.tmp`
  fs.rmSync(tmp, { force: true })
  db.prepare('VACUUM INTO ?').run(tmp)
  fs.renameSync(tmp, target)
}

/** Applies every pending migration in one transaction: a crash leaves the old schema intact. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number
  const pending = MIGRATIONS.filter((m) => m.version > current)
  if (pending.length === 0) return
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql)
      if (m.indexes) db.exec(m.indexes)
      db.pragma(`user_version = ${m.version}`)
    }
  }).immediate()
}

/** Index statements of every migration, for bulk loaders that drop indexes around a large insert. */
export function indexStatements(): string[] {
  const retired = new Set(MIGRATIONS.flatMap((m) => m.retiresIndexes ?? []))
  return MIGRATIONS.flatMap((m) =>
    (m.indexes ?? '')
      .split(';')
      .map((s) => s.trim())
      .filter((s) => s && !retired.has(/CREATE INDEX (\w+)/.exec(s)?.[1] ?? '')),
  )
}

/** Drops secondary indexes and empties derived structures (the full-text index) ahead of a bulk load. */
export function dropSecondaryIndexes(db: Db): void {
  for (const m of MIGRATIONS) if (m.bulkLoad) db.exec(m.bulkLoad.before)
  for (const stmt of indexStatements()) {
    const name = /CREATE INDEX (\w+)/.exec(stmt)?.[1]
    if (name) db.exec(`DROP INDEX IF EXISTS ${name}`)
  }
}

/** Rows ANALYZE samples per index after a bulk load (SQLite suggests 100 to 1000). */
const ANALYSIS_LIMIT = 1000

/**
 * Told as each rebuild step starts: what it builds, in the analyst's words, and its cost in the units of
 * `rebuildCost` (about seconds at a million tickets on a 2-core machine). For a progress bar that keeps moving
 * through a rebuild that takes longer than reading the file, and a fair time left; never exact.
 */
export type RebuildStep = (label: string, cost: number) => void

/** Derived structures rebuilt after a load, by migration: what each builds and its cost (measured at a million). */
const DERIVED_STEPS: Record<number, [string, number]> = {
  2: ['Building the full-text search index', 5],
  9: ['Summing the trend charts', 13],
  10: ['Summing the alert baselines', 6],
  14: ['Summing the backlog by minute', 2],
}
const OTHER_DERIVED: [string, number] = ['Restoring the change triggers', 0.1]
const ANALYZE_COST = 2

/** A ticket index costs about a second at a million tickets, more with more columns; other tables' are small. */
function indexCost(stmt: string): number {
  if (!/ ON tickets\b/.test(stmt)) return 0.05
  const columns = /\(([^)]*)\)/.exec(stmt)?.[1]?.split(',').length ?? 1
  return 0.7 + 0.25 * columns
}

/** The total cost of createSecondaryIndexes, in RebuildStep units. */
export function rebuildCost(): number {
  const indexes = indexStatements().reduce((sum, stmt) => sum + indexCost(stmt), 0)
  const derived = MIGRATIONS.filter((m) => m.bulkLoad).reduce(
    (sum, m) => sum + (DERIVED_STEPS[m.version] ?? OTHER_DERIVED)[1],
    0,
  )
  return indexes + derived + ANALYZE_COST
}

/** Re-creates secondary indexes, then rebuilds derived structures from the tables (they may read those indexes). */
export function createSecondaryIndexes(db: Db, onStep: RebuildStep = () => {}): void {
  const statements = indexStatements()
  statements.forEach((stmt, i) => {
    onStep(`Building the sort and filter indexes (${i + 1} of ${statements.length})`, indexCost(stmt))
    db.exec(stmt.replace('CREATE INDEX', 'CREATE INDEX IF NOT EXISTS'))
  })
  for (const m of MIGRATIONS) {
    if (!m.bulkLoad) continue
    onStep(...(DERIVED_STEPS[m.version] ?? OTHER_DERIVED))
    m.bulkLoad.rebuild?.(db)
    db.exec(m.bulkLoad.after)
  }
  // Statistics from a sample of each index (what PRAGMA optimize gathers): a full ANALYZE reads every index of the
  // freshly loaded file, 12 s at a million tickets, for plans that the sample already settles.
  onStep('Gathering query statistics', ANALYZE_COST)
  db.exec(`PRAGMA analysis_limit = ${ANALYSIS_LIMIT}; ANALYZE; PRAGMA analysis_limit = 0`)
}
