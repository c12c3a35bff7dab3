/** How a purge's reach into the backups is told, the same in the app and the command line. */
import type { BackupsPurged } from './api/methods/security'

/** ", and from 2 backups" when any backup was cleaned; empty otherwise. */
export function backupsCleanedPhrase(b: BackupsPurged): string {
  if (b.cleaned === 0) return ''
  return `, and from ${b.cleaned.toLocaleString('en-US')} backup${b.cleaned === 1 ? '' : 's'}`
}

/** The warning for backups a purge could not clean, or null when there are none. */
export function backupsNotCleanedWarning(b: BackupsPurged): string | null {
  if (b.failed.length === 0) return null
  const names = b.failed.map((f) => `${f.name} (${f.reason})`).join('; ')
  return `${b.failed.length === 1 ? 'One backup' : `${b.failed.length} backups`} still hold the purged text and could not be cleaned: ${names}. Delete ${b.failed.length === 1 ? 'it' : 'them'} by hand from the backups folder (Settings, Backups).`
}
