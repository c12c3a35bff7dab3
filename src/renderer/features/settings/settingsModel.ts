/** Pure helpers of the Settings place: how audit entries and backups read to an analyst or a reviewer. */
import type { AuditEntry, BackupInfo } from '../../../shared/api/methods/security'

const ACTION_LABELS: Record<string, string> = {
  'export.csv': 'Exported CSV',
  'export.xlsx': 'Exported XLSX',
  'export.pdf': 'Exported PDF',
  'export.view': 'Exported a view file',
  'ticket.reveal': 'Revealed a sensitive ticket',
  'source.sync': 'Synced a source',
  'backup.create': 'Backed up',
  'backup.restore': 'Restored a backup',
  'purge.ticket': 'Purged a ticket',
  'purge.source': 'Purged a source',
  'audit.export': 'Exported the audit log',
}

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action
}

/** One short line of the entry's facts (rows, outcome), never raw JSON. */
export function detailLine(e: AuditEntry): string {
  const d = e.detail
  const parts: string[] = []
  const n = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-US') : null)
  if (n(d.rows) !== null) parts.push(`${n(d.rows)} rows`)
  if (e.action === 'source.sync') {
    if (typeof d.outcome === 'string') parts.push(d.outcome)
    if (n(d.tickets) !== null) parts.push(`${n(d.tickets)} tickets`)
    if (typeof d.deletes === 'number' && d.deletes > 0) parts.push(`${n(d.deletes)} deleted`)
  } else if (n(d.tickets) !== null) parts.push(`${n(d.tickets)} tickets`)
  if (n(d.entries) !== null) parts.push(`${n(d.entries)} entries`)
  if (typeof d.backupsCleaned === 'number')
    parts.push(`${n(d.backupsCleaned)} backup${d.backupsCleaned === 1 ? '' : 's'} cleaned`)
  if (Array.isArray(d.backupsNotCleaned) && d.backupsNotCleaned.length > 0)
    parts.push(`${d.backupsNotCleaned.length} could not be cleaned`)
  if (d.filters && typeof d.filters === 'object') {
    const keys = Object.keys(d.filters as object)
    parts.push(keys.length === 0 ? 'all tickets' : `filtered by ${keys.join(', ')}`)
  }
  if (typeof d.error === 'string' && d.error) parts.push(d.error)
  return parts.join(' · ')
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(0)} KB`
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`
}

export function kindLabel(kind: BackupInfo['kind']): string {
  return kind === 'auto' ? 'Daily' : kind === 'manual' ? 'Taken by you' : 'Before a restore'
}

/** Whole days, for the "keep for" field: 1 to 365, or null when the text is not one. */
export function parseKeepDays(text: string): number | null {
  if (!/^\s*\d{1,3}\s*$/.test(text)) return null
  const n = Number(text)
  return n >= 1 && n <= 365 ? n : null
}
