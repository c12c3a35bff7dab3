/** The one backend behind every front door: workspace manager, handlers, dispatcher and event bus. */
import type { WorkbenchEvent } from '../../shared/api/types'
import { createDispatcher, type Dispatch } from '../api/dispatcher'
import { createHandlers } from '../api/handlers'
import type { DesktopShell } from '../api/context'
import { WorkspaceManager } from '../workspace/manager'
import { EventBus } from './events'
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
}

export interface Backend {
  dispatch: Dispatch
  onEvent(listener: (e: WorkbenchEvent) => void): () => void
  manager: WorkspaceManager
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
  const handlers = createHandlers({
    manager,
    events,
    transport: options.transport,
    version: pkg.version,
    log,
    desktop: options.desktop,
  })
  const dispatch = createDispatcher(handlers, {
    onInternalError: (method, err) => log(`${method} failed: ${(err as Error).stack ?? String(err)}`),
  })
  return {
    dispatch,
    onEvent: (listener) => events.on(listener),
    manager,
    close: () => manager.close(),
  }
}
