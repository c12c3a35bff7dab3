/** What every handler group gets: the workspace manager, the event bus, and facts about the front door serving it. */
import type { EventBus } from '../app/events'
import type { WorkspaceManager } from '../workspace/manager'
import type { SyncService } from '../sync/service'
import type { DataChangedHooks } from '../app/dataChanged'

export interface HandlerContext {
  manager: WorkspaceManager
  events: EventBus
  transport: 'electron' | 'web' | 'cli'
  version: string
  log: (line: string) => void
  /** What only the desktop app can do (Electron's shell); absent in browser mode and the CLI. */
  desktop?: DesktopShell
  /** Connector syncs: runs, scheduler, credentials (src/main/sync/service.ts). */
  sync?: SyncService
  /** Checks that follow new data (alerts, remediation metrics, cohorts) register here; sync and import announce. */
  dataChanged: DataChangedHooks
}

export interface DesktopShell {
  /** Opens the system file manager with this file selected. */
  showInFolder(file: string): void
}
