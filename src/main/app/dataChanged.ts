/**
 * Work that follows new data: after a sync page run, an import or a demo re-creation has changed tickets, the
 * services that derive from tickets (alert evaluation, remediation success metrics, escalation cohorts) re-check.
 * Handler groups register here when they are created; the sync service and the import handlers announce changes.
 * One listener failing never stops the others or the sync that announced it.
 */
import type { OpenWorkspace } from '../workspace/manager'

export interface DataChange {
  reason: 'sync' | 'import' | 'demo'
  /** The connector source that synced (sync only). */
  sourceId?: number
  /** Tickets written (inserted or updated) and deleted by the run. */
  tickets: number
  deletes: number
  at: number
}

export type DataChangedListener = (ws: OpenWorkspace, change: DataChange) => void

export class DataChangedHooks {
  private listeners: DataChangedListener[] = []

  constructor(private readonly log: (line: string) => void = () => {}) {}

  on(listener: DataChangedListener): () => void {
    this.listeners.push(listener)
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener)
    }
  }

  announce(ws: OpenWorkspace, change: DataChange): void {
    for (const l of this.listeners) {
      try {
        l(ws, change)
      } catch (err) {
        this.log(`after-${change.reason} check failed: ${(err as Error).message}`)
      }
    }
  }
}
