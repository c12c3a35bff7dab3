/** The one backend behind every front door: workspace manager, handlers, dispatcher and event bus. */
import type { WorkbenchEvent } from '../../shared/api/types'
import { createDispatcher, type Dispatch } from '../api/dispatcher'
import { createHandlers } from '../api/handlers'
import type { DesktopShell } from '../api/context'
import { WorkspaceManager } from '../workspace/manager'
import { EventBus } from './events'
import { DataChangedHooks } from './dataChanged'
import { loopbackAllowedByEnv } from '../sync/baseUrl'
import { EnvFileSecretStore, type SecretStore } from '../sync/secrets'
import { SyncService, type SyncServiceOptions } from '../sync/service'
import pkg from '../../../package.json'

export interface BackendOptions {
  dataDir: string
  transport: 'electron' | 'web' | 'cli'
  /** Start with an empty workspace instead of generating the demo on a first launch. */
  noDemo?: boolean
  /** Size of the first-launch demo (default 50,000; WORKBENCH_DEMO_TICKETS overrides for tests). */
  demoTickets?: number
  log?: (line: string) => void
  /** The desktop app's shell actions (Electron only). */
  desktop?: DesktopShell
  /** Where source credentials live (Electron: safeStorage); environment variables and a 0600 file otherwise. */
  secrets?: SecretStore
  /** Accept loopback (http://127.0.0.1) sources; also WORKBENCH_ALLOW_LOOPBACK=1. */
  allowLoopback?: boolean
  /** Tuning of connector syncs (tests: short backoff, small pages); the scheduler runs except in the CLI. */
  sync?: Partial<Pick<SyncServiceOptions, 'http' | 'perPage' | 'tickMs' | 'isOnline'>>
}

export interface Backend {
  dispatch: Dispatch
  onEvent(listener: (e: WorkbenchEvent) => void): () => void
  manager: WorkspaceManager
  /** Connector syncs (the CLI's `sync` waits on its runs). */
  sync: SyncService
  close(): void
}

export function demoTicketsFromEnv(env = process.env): number | undefined {
  const n = Number(env.WORKBENCH_DEMO_TICKETS)
  return Number.isInteger(n) && n >= 100 ? n : undefined
}

/** Throws WorkspaceError (with a sentence naming the folder) when the data directory cannot be used. */
export async function createBackend(options: BackendOptions): Promise<Backend> {
  const log = options.log ?? (() => {})
  const manager = new WorkspaceManager(options.dataDir, log)
  manager.start({ noDemo: options.noDemo, demoTickets: options.demoTickets ?? demoTicketsFromEnv() })
  const events = new EventBus()
  const dataChanged = new DataChangedHooks(log)
  const sync = new SyncService({
    manager,
    events,
    secrets: options.secrets ?? new EnvFileSecretStore(options.dataDir),
    allowLoopback: options.allowLoopback ?? loopbackAllowedByEnv(),
    log,
    dataChanged,
    ...options.sync,
  })
  if (options.transport !== 'cli') sync.startScheduler()
  const handlers = createHandlers({
    manager,
    events,
    transport: options.transport,
    version: pkg.version,
    log,
    desktop: options.desktop,
    sync,
    dataChanged,
  })
  const dispatch = createDispatcher(handlers, {
    onInternalError: (method, err) => log(`${method} failed: ${(err as Error).stack ?? String(err)}`),
  })
  return {
    dispatch,
    onEvent: (listener) => events.on(listener),
    manager,
    sync,
    close: () => {
      // Runs see the abort (or the closed database) and end as cancelled; committed pages stay.
      void sync.stop()
      manager.close()
    },
  }
}
