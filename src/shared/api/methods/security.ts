/** Audit log, backups and restore, purge (issue 7). */
import { z } from 'zod'
import { empty, epochMs, method, ticketId, workspaceId, type MethodDef } from '../schemas'
import type { WorkspaceInfo } from '../types'

/** Most entries one page of the audit log lists. */
export const AUDIT_PAGE_MAX = 1_000
/** Most entries one audit export holds. */
export const AUDIT_EXPORT_MAX = 100_000
export const MAX_KEEP_DAYS = 365

/** The kinds of audit entry the Settings place offers as filters (prefixes end in "."). */
export const AUDIT_ACTION_GROUPS = [
  { key: 'export.', label: 'Exports' },
  { key: 'ticket.reveal', label: 'Reveals of sensitive tickets' },
  { key: 'source.sync', label: 'Source syncs' },
  { key: 'backup.', label: 'Backups and restores' },
  { key: 'purge.', label: 'Purges' },
  { key: 'audit.export', label: 'Audit log exports' },
] as const

/** One line of the audit log: who did what to what, and when. Never ticket text. */
export interface AuditEntry {
  id: number
  /** Epoch ms. */
  at: number
  /** The operating-system user and the front door ("alice (electron)"). */
  actor: string
  /** "export.csv", "export.xlsx", "export.pdf", "export.view", "ticket.reveal", "source.sync", "backup.create", … */
  action: string
  /** "ticket 1234", "source Support", a file name. */
  target: string
  detail: Record<string, unknown>
}

export interface AuditPage {
  entries: AuditEntry[]
  /** Entries matching the filter, all pages. */
  total: number
}

export type BackupKind = 'manual' | 'auto' | 'before-restore'

/** What a purge did to the workspace's backups: each one that held the rows is rewritten without them. */
export interface BackupsPurged {
  cleaned: number
  /** Backups that could not be cleaned (damaged, unreadable), by file name, with the reason: delete them by hand. */
  failed: { name: string; reason: string }[]
}

export interface BackupInfo {
  /** The file name inside the workspace's backup folder (what restore takes). */
  name: string
  workspaceId: string
  kind: BackupKind
  createdAt: number
  bytes: number
  /** Rows at backup time (from its manifest); null for a backup without one. */
  tickets: number | null
  notes: number | null
  schema: number | null
}

export interface BackupSettings {
  /** Take a backup of the open workspace once a day. */
  autoDaily: boolean
  /** Automatic backups older than this are removed (manual ones stay). */
  keepDays: number
}

export interface BackupList {
  /** Whose backups these are: the open workspace, or the damaged one that was set aside. */
  workspaceId: string | null
  /** Folder holding them. */
  dir: string | null
  backups: BackupInfo[]
  settings: BackupSettings
  /** When the workspace could not be opened: what happened, in words for the analyst. */
  problem: string | null
  /**
   * Other workspaces that have backups here, including ones whose file is gone (set aside as damaged in an earlier
   * session, or removed): each can be listed and restored by its id.
   */
  others: { workspaceId: string; backups: number; newest: number; present: boolean }[]
}

const auditFilter = {
  actions: z.array(z.string().min(1).max(60)).max(20).optional(),
  from: epochMs.optional(),
  to: epochMs.optional(),
}

const backupName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9][a-z0-9-]*-\d{8}T\d{6}(?:\d{3})?Z-(?:manual|auto|before-restore)\.sqlite$/, 'a backup file name')

export const securityMethods = {
  'audit.list': method<AuditPage>()(
    z.strictObject({
      ...auditFilter,
      limit: z.number().int().min(1).max(AUDIT_PAGE_MAX).optional(),
      beforeId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    }),
    'The audit log, newest first: exports, reveals of sensitive tickets, syncs, backups, purges.',
  ),
  'audit.export': method<{ fileName: string; content: string; entries: number }>()(
    z.strictObject({ ...auditFilter, format: z.enum(['csv', 'json']) }),
    'The audit log as a CSV or JSON file for a security review (the export itself is logged).',
  ),
  'backup.list': method<BackupList>()(
    z.strictObject({ workspaceId: workspaceId.optional() }),
    'Backups of the open workspace (or of one that could not be opened) and the automatic backup settings.',
  ),
  'backup.create': method<BackupInfo>()(empty, 'Back up the open workspace now (online backup, then rename).'),
  'backup.restore': method<{ workspace: WorkspaceInfo; setAside: string | null; counts: Record<string, number> }>()(
    z.strictObject({ workspaceId, name: backupName }),
    'Replace a workspace with one of its backups after checking it; the current file is kept aside, not deleted.',
  ),
  'backup.setSettings': method<BackupSettings>()(
    z
      .strictObject({
        autoDaily: z.boolean().optional(),
        keepDays: z.number().int().min(1).max(MAX_KEEP_DAYS).optional(),
      })
      .refine((s) => s.autoDaily !== undefined || s.keepDays !== undefined, { message: 'give autoDaily or keepDays' }),
    'Turn automatic daily backups on or off and choose how many days of them to keep.',
  ),
  'purge.ticket': method<{ purged: number; backups: BackupsPurged }>()(
    z.strictObject({ id: ticketId }),
    'Delete a ticket and everything about it, overwriting its text in the workspace file and its backups (secure delete).',
  ),
} as const satisfies Record<string, MethodDef>
