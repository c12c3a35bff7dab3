/**
 * Audit entries written from other services (sync, exports, reveals). Recording never breaks the work it records:
 * a failure to write the entry is logged (without ticket text) and the work goes on.
 */
import { recordAudit, type AuditEntryInput } from '../db/queries/audit'
import type { Db } from '../db/connection'
import type { SyncResult } from '../sync/engine'
import type { OpenWorkspace, WorkspaceManager } from '../workspace/manager'

/** Records, swallowing (and logging) any failure. */
export function safeAudit(db: Db, entry: AuditEntryInput, log: (line: string) => void = () => {}): void {
  try {
    recordAudit(db, entry)
  } catch (err) {
    log(`audit entry ${entry.action} not recorded: ${(err as Error).message}`)
  }
}

/**
 * One entry per sync run, except the scheduler's quiet checks (every 15 minutes, nothing new): those would bury the
 * runs a reviewer cares about.
 */
export function auditSync(
  ws: OpenWorkspace,
  manager: WorkspaceManager,
  source: string,
  trigger: string,
  result: SyncResult,
  log: (line: string) => void,
  /** The run re-read the source from the start (a re-sync to apply a changed mapping). */
  fromStart = false,
): void {
  if (manager.open !== ws) return
  const quiet = trigger === 'schedule' && result.outcome === 'done' && result.tickets + result.deletes === 0
  if (quiet) return
  safeAudit(
    ws.db,
    {
      action: 'source.sync',
      target: `source ${source}`,
      via: trigger,
      detail: {
        outcome: result.outcome,
        tickets: result.tickets,
        deletes: result.deletes,
        error: result.error,
        ...(fromStart ? { fromStart: true } : {}),
      },
    },
    log,
  )
}

/**
 * Filters as the audit log keeps them: the free-text search is what the analyst typed to find tickets and may quote
 * their content (an email address, a name), so only its length is kept; value filters are names from the data's
 * vocabulary (channel, status, case type) and say what was exported.
 */
export function auditFilters(filters: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(filters)) {
    if (v === undefined) continue
    if (k === 'text' && typeof v === 'string') out.textSearch = `${v.length} characters`
    else if (k === 'assignee' || k === 'tags' || k === 'labels') out[k] = Array.isArray(v) ? `${v.length} values` : v
    else out[k] = v
  }
  return out
}
