/**
 * The audit log (migration 013): who exported what, who revealed which sensitive ticket, which sources synced,
 * backups, restores and purges. Entries hold identifiers, names and counts, never ticket text, so the log can be
 * exported for a security review. Anyone may call `recordAudit` from inside or outside a transaction.
 */
import os from 'node:os'
import type { Db } from '../connection'

/** What happened. Free to extend: the column only limits the length. */
export type AuditAction =
  | 'export.csv'
  | 'export.xlsx'
  | 'export.pdf'
  | 'export.view'
  | 'ticket.reveal'
  | 'source.sync'
  | 'backup.create'
  | 'backup.restore'
  | 'purge.ticket'
  | 'purge.source'
  | 'audit.export'
  | (string & {})

export interface AuditEntryInput {
  action: AuditAction
  /** What it was done to, in words a reviewer reads: "ticket 1234", "source Support", "payouts.csv". */
  target?: string
  /** Small facts (row count, filters, format); stored as JSON, cut to fit. */
  detail?: Record<string, unknown>
  /** The front door it came through: electron, web, cli. */
  via?: string
  /** Who did it; the operating system's user name when absent. */
  actor?: string
  at?: number
}

export interface AuditEntry {
  id: number
  at: number
  actor: string
  action: string
  target: string
  detail: Record<string, unknown>
}

const MAX_DETAIL = 20_000
const MAX_TARGET = 500

let cachedUser: string | undefined

/** The local account name: the app has no accounts of its own, so the OS user is who did it. */
export function localUser(): string {
  if (cachedUser === undefined) {
    try {
      cachedUser = os.userInfo().username || 'unknown user'
    } catch {
      cachedUser = process.env.USER ?? process.env.USERNAME ?? 'unknown user'
    }
  }
  return cachedUser
}

function detailJson(detail: Record<string, unknown> | undefined): string {
  const json = JSON.stringify(detail ?? {})
  if (json.length <= MAX_DETAIL) return json
  return JSON.stringify({ truncated: true, keys: Object.keys(detail ?? {}).slice(0, 50) })
}

/** Appends one entry and returns its id. */
export function recordAudit(db: Db, entry: AuditEntryInput): number {
  const who = (entry.actor ?? localUser()).slice(0, 150)
  const actor = entry.via ? `${who} (${entry.via})` : who
  const info = db
    .prepare('INSERT INTO audit_log (at, actor, action, target, detail_json) VALUES (?, ?, ?, ?, ?)')
    .run(
      entry.at ?? Date.now(),
      actor.slice(0, 200),
      entry.action.slice(0, 60),
      (entry.target ?? '').slice(0, MAX_TARGET),
      detailJson(entry.detail),
    )
  return Number(info.lastInsertRowid)
}

export interface AuditQuery {
  /** Only these actions (prefix match when ending in "."): ["export."] lists every export. */
  actions?: string[]
  from?: number
  to?: number
  limit?: number
  /** Entries with an id below this one (paging back in time). */
  beforeId?: number
}

interface RawEntry {
  id: number
  at: number
  actor: string
  action: string
  target: string
  detail_json: string
}

function toEntry(r: RawEntry): AuditEntry {
  let detail: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(r.detail_json)
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) detail = parsed as Record<string, unknown>
  } catch {
    detail = {}
  }
  return { id: r.id, at: r.at, actor: r.actor, action: r.action, target: r.target, detail }
}

function where(q: AuditQuery): { sql: string; params: (string | number)[] } {
  const parts: string[] = []
  const params: (string | number)[] = []
  if (q.actions && q.actions.length > 0) {
    const ors = q.actions.map((a) => {
      if (a.endsWith('.')) {
        params.push(`${a.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
        return "action LIKE ? ESCAPE '\\'"
      }
      params.push(a)
      return 'action = ?'
    })
    parts.push(`(${ors.join(' OR ')})`)
  }
  if (q.from !== undefined) {
    parts.push('at >= ?')
    params.push(q.from)
  }
  if (q.to !== undefined) {
    parts.push('at < ?')
    params.push(q.to)
  }
  if (q.beforeId !== undefined) {
    parts.push('id < ?')
    params.push(q.beforeId)
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params }
}

/** Newest first. */
export function listAudit(db: Db, q: AuditQuery = {}): AuditEntry[] {
  const w = where(q)
  const limit = Math.max(1, Math.min(q.limit ?? 200, 100_000))
  const rows = db
    .prepare(`SELECT id, at, actor, action, target, detail_json FROM audit_log ${w.sql} ORDER BY id DESC LIMIT ?`)
    .all(...w.params, limit) as RawEntry[]
  return rows.map(toEntry)
}

export function countAudit(db: Db, q: AuditQuery = {}): number {
  const w = where({ ...q, beforeId: undefined })
  return (db.prepare(`SELECT count(*) AS n FROM audit_log ${w.sql}`).get(...w.params) as { n: number }).n
}

/** Every matching entry, oldest first, for an export; iterates so a long log never sits in memory twice. */
export function* iterateAudit(db: Db, q: AuditQuery = {}): Generator<AuditEntry> {
  const w = where(q)
  const stmt = db.prepare(`SELECT id, at, actor, action, target, detail_json FROM audit_log ${w.sql} ORDER BY id`)
  for (const r of stmt.iterate(...w.params) as Iterable<RawEntry>) yield toEntry(r)
}

/** The automatic backup settings (one row, migration 013). */
export interface BackupSettingsRow {
  autoDaily: boolean
  keepDays: number
}

export function readBackupSettings(db: Db): BackupSettingsRow {
  const row = db.prepare('SELECT auto_daily AS a, keep_days AS k FROM backup_settings WHERE id = 1').get() as
    { a: number; k: number } | undefined
  return { autoDaily: (row?.a ?? 1) === 1, keepDays: row?.k ?? 7 }
}

export function writeBackupSettings(db: Db, change: Partial<BackupSettingsRow>): BackupSettingsRow {
  const now = readBackupSettings(db)
  const next = { autoDaily: change.autoDaily ?? now.autoDaily, keepDays: change.keepDays ?? now.keepDays }
  db.prepare(
    `INSERT INTO backup_settings (id, auto_daily, keep_days) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET auto_daily = excluded.auto_daily, keep_days = excluded.keep_days`,
  ).run(next.autoDaily ? 1 : 0, next.keepDays)
  return next
}
