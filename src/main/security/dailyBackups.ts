/**
 * Automatic daily backups of the open workspace: checked soon after launch and then every hour while the app runs
 * (never from the CLI, whose runs are short). A due backup is taken, then automatic backups past the kept days are
 * removed. Failures are logged and retried on the next check; they never disturb the analyst's work.
 */
import { readBackupSettings, recordAudit } from '../db/queries/audit'
import type { WorkspaceManager } from '../workspace/manager'
import { createBackup, dailyBackupDue, pruneBackups } from '../workspace/backup'

export const CHECK_EVERY_MS = 60 * 60 * 1000
const FIRST_CHECK_MS = 60 * 1000

let running = false

/** One check: takes the day's backup if due and prunes old ones. Returns the new backup's name, if any. */
export async function runDailyBackup(
  manager: WorkspaceManager,
  log: (line: string) => void,
  now: number = Date.now(),
): Promise<string | null> {
  const ws = manager.open
  if (!ws || running) return null
  running = true
  try {
    const settings = readBackupSettings(ws.db)
    let made: string | null = null
    if (settings.autoDaily && dailyBackupDue(manager.dataDir, ws.info.id, now)) {
      const b = await createBackup(ws.db, manager.dataDir, ws.info.id, 'auto', now)
      if (manager.open === ws)
        recordAudit(ws.db, { action: 'backup.create', target: b.name, via: 'daily', detail: { tickets: b.tickets } })
      made = b.name
    }
    pruneBackups(manager.dataDir, ws.info.id, settings.keepDays, now)
    return made
  } catch (err) {
    log(`daily backup not taken: ${(err as Error).message}`)
    return null
  } finally {
    running = false
  }
}

/** Starts the checks; returns a stop function. Timers never keep the process alive. */
export function scheduleDailyBackups(manager: WorkspaceManager, log: (line: string) => void): () => void {
  const tick = () => void runDailyBackup(manager, log)
  const first = setTimeout(tick, FIRST_CHECK_MS)
  const every = setInterval(tick, CHECK_EVERY_MS)
  first.unref()
  every.unref()
  return () => {
    clearTimeout(first)
    clearInterval(every)
  }
}
