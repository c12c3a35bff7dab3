/**
 * Sync as a service of the backend: starts runs ("sync now", the scheduler, the CLI), never two of one source at
 * once, reports progress as 'sync' tasks, cancels them by task id, and tells every window when sources change.
 *
 * The scheduler ticks while the app is open: a source is due when its schedule has elapsed since its last start,
 * unless it is disabled, manual-only, paused (credentials), without credentials, or the computer is offline.
 */
import { fieldMappingSchema, type FieldMapping } from '../../shared/api/methods/sources'
import type { DataChangedHooks } from '../app/dataChanged'
import { type EventBus, TaskReporter } from '../app/events'
import { ApiFailure } from '../api/dispatcher'
import type { RunTrigger } from '../db/queries/syncWrites'
import { pauseSource, restartFromScratch } from '../db/queries/syncWrites'
import { auditSync } from '../security/auditHooks'
import { getSource, listSources, readMappingJson, type SourceRow } from '../db/queries/sources'
import type { OpenWorkspace, WorkspaceManager } from '../workspace/manager'
import { BaseUrlError, resolveBaseUrl } from './baseUrl'
import { runSync, type SyncResult } from './engine'
import { pageWriterFor } from './pageWriter'
import type { HttpClientOptions } from './http'
import { CONNECTORS } from './registry'
import { SecretStoreError, type SecretKey, type SecretStore } from './secrets'
import type { Connector } from './types'

export interface SyncServiceOptions {
  manager: WorkspaceManager
  events: EventBus
  secrets: SecretStore
  /** Accept http://127.0.0.1 / localhost sources (tests, the bench, a local fake). */
  allowLoopback: boolean
  log: (line: string) => void
  /** HTTP core overrides (tests: short backoff). */
  http?: Partial<HttpClientOptions>
  perPage?: number
  /** How often the scheduler looks for due sources. */
  tickMs?: number
  /** False while the computer is known to be offline (Electron's net.isOnline); scheduled runs wait. */
  isOnline?: () => boolean
  /** Told after a run that wrote or deleted tickets (alerts, remediation checks follow). */
  dataChanged?: DataChangedHooks
}

interface Running {
  workspaceId: string
  sourceId: number
  taskId: string
  controller: AbortController
  done: Promise<SyncResult>
}

export const NO_CREDENTIALS = 'No credentials are set for this source: enter them to sync it.'

export class SyncService {
  private readonly runs = new Map<string, Running>()
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly o: SyncServiceOptions) {}

  get secrets(): SecretStore {
    return this.o.secrets
  }

  get allowLoopback(): boolean {
    return this.o.allowLoopback
  }

  /** Starts the background scheduler (desktop app, browser mode; the CLI syncs only when asked). */
  startScheduler(): void {
    if (this.timer) return
    this.timer = setInterval(() => this.tick(), this.o.tickMs ?? 30_000)
    this.timer.unref()
  }

  /** Stops the scheduler and every run; resolves when they have let go of the database. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    const pending = [...this.runs.values()]
    for (const r of pending) r.controller.abort()
    await Promise.allSettled(pending.map((r) => r.done))
  }

  secretKey(ws: OpenWorkspace, row: Pick<SourceRow, 'id' | 'name' | 'kind'>): SecretKey {
    return { workspaceId: ws.info.id, sourceId: row.id, sourceName: row.name, kind: row.kind }
  }

  /** Whether credentials are set, without ever returning them. */
  hasCredentials(ws: OpenWorkspace, row: SourceRow): boolean {
    try {
      return this.o.secrets.get(this.secretKey(ws, row)) !== null
    } catch {
      return false
    }
  }

  mappingOf(ws: OpenWorkspace, row: SourceRow): FieldMapping {
    const json = readMappingJson(ws.db, row.id)
    const fallback = CONNECTORS[row.kind]?.defaultMapping()
    if (json) {
      try {
        const parsed = fieldMappingSchema.safeParse(JSON.parse(json))
        if (parsed.success) return parsed.data
      } catch {
        // A damaged mapping falls back to the defaults rather than stopping the sync.
      }
    }
    return (
      fallback ??
      fieldMappingSchema.parse({
        caseTypeFieldId: null,
        caseTypeValues: {},
        caseTypeFromTags: true,
        regionFieldId: null,
        regionValues: {},
        channelValues: {},
      })
    )
  }

  /** The connector for a source, or an ApiFailure saying what is missing (connector, address, credentials). */
  connectorFor(ws: OpenWorkspace, row: SourceRow): Connector {
    const entry = CONNECTORS[row.kind]
    if (!entry) throw new ApiFailure('invalid_input', `${row.kind} sources cannot be synced by this version yet.`)
    let baseUrl: string
    try {
      baseUrl = resolveBaseUrl(row.kind, row.baseUrl, { allowLoopback: this.o.allowLoopback })
    } catch (err) {
      if (err instanceof BaseUrlError) throw new ApiFailure('invalid_input', err.message)
      throw err
    }
    let credentials
    try {
      credentials = this.o.secrets.get(this.secretKey(ws, row))
    } catch (err) {
      if (err instanceof SecretStoreError) throw new ApiFailure('invalid_input', err.message)
      throw err
    }
    if (!credentials) throw new ApiFailure('invalid_input', NO_CREDENTIALS)
    return entry.create({
      baseUrl,
      credentials,
      mapping: this.mappingOf(ws, row),
      fetchComments: row.fetchComments,
      http: { ...this.o.http, log: this.o.log },
      perPage: this.o.perPage,
    })
  }

  private key(workspaceId: string, sourceId: number): string {
    return `${workspaceId}:${sourceId}`
  }

  runningTaskId(ws: OpenWorkspace, sourceId: number): string | null {
    return this.runs.get(this.key(ws.info.id, sourceId))?.taskId ?? null
  }

  isRunning(ws: OpenWorkspace, sourceId: number): boolean {
    return this.runs.has(this.key(ws.info.id, sourceId))
  }

  /** When the scheduler will next sync this source, or null when it will not on its own. */
  nextRunAt(ws: OpenWorkspace, row: SourceRow, now = Date.now()): number | null {
    if (!row.enabled || row.scheduleMinutes === 0 || row.status === 'paused' || !this.hasCredentials(ws, row))
      return null
    if (this.isRunning(ws, row.id)) return null
    return Math.max(now, (row.lastStartedAt ?? 0) + row.scheduleMinutes * 60_000)
  }

  /** Cancels the run of a source, if any, and waits until it has let go of the database. */
  async stopRun(ws: OpenWorkspace, sourceId: number): Promise<void> {
    const run = this.runs.get(this.key(ws.info.id, sourceId))
    if (!run) return
    run.controller.abort()
    await run.done.catch(() => undefined)
  }

  /** Cancels a running sync by its task id; false when no sync has that id. */
  cancel(taskId: string): boolean {
    for (const r of this.runs.values()) {
      if (r.taskId === taskId) {
        r.controller.abort()
        return true
      }
    }
    return false
  }

  /**
   * Starts a sync of a source of the open workspace, or joins the one already running. A missing connector, address
   * or credentials throws ApiFailure (and pauses the source when it is the credentials).
   *
   * `fromStart` reads the whole source again and re-maps what it reads, so a changed field mapping reaches the tickets
   * already cached (restartFromScratch); refused while a sync of the source runs, whose pages would move the cursor on.
   */
  start(
    sourceId: number,
    trigger: RunTrigger,
    options: { fromStart?: boolean } = {},
  ): { taskId: string; done: Promise<SyncResult> } {
    const ws = this.o.manager.require()
    const existing = this.runs.get(this.key(ws.info.id, sourceId))
    if (existing && !options.fromStart) return existing
    const row = getSource(ws.db, sourceId)
    if (!row) throw new ApiFailure('not_found', `There is no source ${sourceId} in this workspace.`)
    if (existing)
      throw new ApiFailure(
        'busy',
        `A sync of ${row.name} is running. Let it finish or cancel it, then re-sync from the start.`,
      )
    let connector: Connector
    try {
      connector = this.connectorFor(ws, row)
    } catch (err) {
      if (err instanceof ApiFailure && err.message === NO_CREDENTIALS) {
        pauseSource(ws.db, row.id, NO_CREDENTIALS)
        this.changed()
      }
      throw err
    }
    if (options.fromStart) {
      restartFromScratch(ws.db, row.id)
      this.o.log(`re-sync of ${row.name} from the start requested`)
    }
    const controller = new AbortController()
    // Scheduled runs only show as a task once they bring something: a quiet check every 15 minutes is no news.
    let reporter: TaskReporter | null = null
    const resyncing = options.fromStart === true || row.remap
    const title = resyncing ? `Re-syncing ${row.name} from the start` : `Syncing ${row.name}`
    const report = (): TaskReporter => (reporter ??= new TaskReporter(this.o.events, 'sync', title, null, 'tickets'))
    if (trigger !== 'schedule') report()
    const taskId = reporter
      ? (reporter as TaskReporter).task.taskId
      : `sync-schedule-${ws.info.id}-${row.id}-${Date.now()}`
    let lastEvent = 0
    const done = runSync({
      db: ws.db,
      sourceId: row.id,
      connector,
      trigger,
      signal: controller.signal,
      log: this.o.log,
      writer: pageWriterFor(ws.db, ws.info.file),
      onPage: (totals) => {
        ws.tickets.invalidate()
        report().progress(totals.tickets)
        const now = Date.now()
        if (now - lastEvent > 1_000) {
          lastEvent = now
          this.changed()
        }
      },
    })
      .then((result) => {
        this.runs.delete(this.key(ws.info.id, sourceId))
        auditSync(ws, this.o.manager, row.name, trigger, result, this.o.log, resyncing)
        if (result.outcome === 'done') reporter?.finish('done')
        else if (result.outcome === 'cancelled') reporter?.finish('cancelled')
        else if (trigger !== 'schedule' || reporter) report().finish('failed', result.error ?? undefined)
        if (result.tickets + result.deletes > 0 && this.o.manager.open === ws) {
          ws.tickets.invalidate()
          this.o.dataChanged?.announce(ws, {
            reason: 'sync',
            sourceId,
            tickets: result.tickets,
            deletes: result.deletes,
            at: Date.now(),
          })
          this.o.events.emit({
            type: 'workspace.changed',
            workspace: { ...ws.info, tickets: ws.tickets.count({}) },
          })
        }
        this.changed()
        return result
      })
      .catch((err: unknown) => {
        this.runs.delete(this.key(ws.info.id, sourceId))
        this.o.log(`sync of ${row.name} failed: ${(err as Error).message}`)
        reporter?.finish('failed', `The sync of ${row.name} stopped unexpectedly. Nothing was lost.`)
        this.changed()
        throw err
      })
    const running: Running = { workspaceId: ws.info.id, sourceId, taskId, controller, done }
    this.runs.set(this.key(ws.info.id, sourceId), running)
    this.changed()
    return running
  }

  /** Every window refreshes its Sources list. */
  changed(): void {
    this.o.events.emit({ type: 'sources.changed' })
  }

  /** Aborts the runs of workspaces other than the open one (after a switch their database is closed). */
  abortOthers(): void {
    const open = this.o.manager.open?.info.id
    for (const r of this.runs.values()) if (r.workspaceId !== open) r.controller.abort()
  }

  /** One scheduler pass: starts every due source of the open workspace. */
  tick(now = Date.now()): void {
    const ws = this.o.manager.open
    if (!ws) return
    this.abortOthers()
    if (this.o.isOnline && !this.o.isOnline()) return
    let rows: SourceRow[]
    try {
      rows = listSources(ws.db)
    } catch (err) {
      this.o.log(`scheduler: ${(err as Error).message}`)
      return
    }
    for (const row of rows) {
      const due = this.nextRunAt(ws, row, now)
      if (due === null || due > now) continue
      try {
        this.start(row.id, 'schedule').done.catch(() => {})
      } catch (err) {
        this.o.log(`scheduled sync of ${row.name} not started: ${(err as Error).message}`)
      }
    }
  }
}
