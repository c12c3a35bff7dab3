/**
 * The workspaces of one data directory: one SQLite file each under `workspaces/`, the open one remembered in
 * `settings.json`. Opening failures (a newer or damaged file) leave the file untouched and are reported, never thrown
 * past the manager, so the app stays up and can say what happened.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { WorkspaceInfo } from '../../shared/api/types'
import { checkStampFile, closeDatabase, openDatabase, WorkspaceError, type Db } from '../db/connection'
import { readMeta, ticketCount, writeMeta } from '../db/queries/workspace'
import { TicketQueries } from '../db/queries/tickets'
import type { DemoResult } from '../demo/generator'
import { buildDemoFile, removeDbFiles } from './demoFile'
import { runDemoJob } from './demoJob'
import { ensureWritableDir } from './dataDir'

export const DEMO_ID = 'demo'
export const DEFAULT_DEMO_TICKETS = 50_000
export const DEFAULT_DEMO_SEED = 42

export interface OpenWorkspace {
  info: WorkspaceInfo
  db: Db
  tickets: TicketQueries
}

interface Settings {
  currentWorkspace?: string
}

export interface DemoRequest {
  tickets: number
  seed: number
  endAt?: number
  onProgress?: (done: number, total: number) => void
}

export class WorkspaceManager {
  readonly workspacesDir: string
  private current: OpenWorkspace | null = null
  /** Why no workspace is open, in the analyst's words. */
  problem: string | null = null
  /** The workspace last found damaged and moved aside (Settings offers its backups). */
  damaged: { id: string; setAside: string } | null = null
  private problemCode: WorkspaceError['code'] = 'workspace_unavailable'

  constructor(
    readonly dataDir: string,
    private readonly log: (line: string) => void = () => {},
  ) {
    this.workspacesDir = path.join(dataDir, 'workspaces')
  }

  /** Prepares the data directory and opens the last workspace; on a first launch makes the demo (unless noDemo). */
  start(options: { noDemo?: boolean; demoTickets?: number } = {}): void {
    ensureWritableDir(this.dataDir)
    ensureWritableDir(this.workspacesDir)
    const ids = this.ids()
    const wanted = this.readSettings().currentWorkspace
    if (wanted && ids.includes(wanted)) {
      this.tryOpen(wanted)
    } else if (ids.length > 0) {
      this.tryOpen(ids.includes(DEMO_ID) ? DEMO_ID : (ids[0] as string))
    } else if (options.noDemo) {
      this.create('My workspace')
    } else {
      this.createDemo({ tickets: options.demoTickets ?? DEFAULT_DEMO_TICKETS, seed: DEFAULT_DEMO_SEED })
    }
  }

  get open(): OpenWorkspace | null {
    return this.current
  }

  /** The open workspace, or an error that says why there is none. */
  require(): OpenWorkspace {
    if (this.current) return this.current
    throw new WorkspaceError(
      this.problemCode,
      this.problem ?? 'No workspace is open. Open or create one under Workspaces.',
    )
  }

  fileOf(id: string): string {
    return path.join(this.workspacesDir, `${id}.sqlite`)
  }

  private ids(): string[] {
    if (!fs.existsSync(this.workspacesDir)) return []
    return fs
      .readdirSync(this.workspacesDir)
      .filter((f) => /^[a-z0-9][a-z0-9-]*\.sqlite$/.test(f))
      .map((f) => f.slice(0, -'.sqlite'.length))
      .sort()
  }

  list(): WorkspaceInfo[] {
    return this.ids().map((id) => {
      if (this.current?.info.id === id) return { ...this.current.info, tickets: this.current.tickets.count({}) }
      try {
        const db = openDatabase(this.fileOf(id), { readonly: true })
        try {
          return this.describe(id, db)
        } finally {
          db.close()
        }
      } catch (err) {
        return {
          id,
          name: `${id} (cannot be opened: ${(err as Error).message})`,
          isDemo: false,
          file: this.fileOf(id),
          tickets: 0,
          createdAt: 0,
        }
      }
    })
  }

  private describe(id: string, db: Db): WorkspaceInfo {
    const meta = readMeta(db)
    return {
      id,
      name: meta.name,
      isDemo: meta.isDemo,
      file: this.fileOf(id),
      tickets: ticketCount(db),
      createdAt: meta.createdAt,
    }
  }

  /** Opens a workspace; on failure keeps the previous one closed and records why. */
  openWorkspace(id: string): WorkspaceInfo {
    if (!this.ids().includes(id))
      throw new WorkspaceError('workspace_unavailable', `There is no workspace "${id}" in ${this.workspacesDir}.`)
    this.closeCurrent()
    let db: Db
    try {
      // A zero-length file is a truncated workspace, not a new one: opening it would silently start it empty.
      if (fs.statSync(this.fileOf(id)).size === 0)
        throw new WorkspaceError('workspace_corrupt', `${id}.sqlite is empty (the file was truncated).`)
      db = openDatabase(this.fileOf(id))
    } catch (err) {
      if (err instanceof WorkspaceError && err.code === 'workspace_corrupt') throw this.setAsideDamaged(id, err)
      throw err
    }
    this.damaged = null
    const info = this.describe(id, db)
    this.current = { info, db, tickets: new TicketQueries(db) }
    this.problem = null
    this.writeSettings({ currentWorkspace: id })
    return info
  }

  /**
   * A damaged workspace file is moved aside (with its -wal/-shm) so the app never opens it again in a loop and nothing
   * in it is destroyed; the analyst is told where it went and how to get their work back from a backup.
   */
  private setAsideDamaged(id: string, err: WorkspaceError): WorkspaceError {
    const file = this.fileOf(id)
    const aside = `${file}.damaged-${new Date().toISOString().replace(/[-:.]/g, '')}`
    try {
      fs.renameSync(file, aside)
      for (const suffix of ['-wal', '-shm'])
        if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, aside + suffix)
      fs.rmSync(checkStampFile(file), { force: true })
    } catch (moveErr) {
      this.log(`damaged workspace ${id} could not be moved aside: ${(moveErr as Error).message}`)
      return err
    }
    this.damaged = { id, setAside: aside }
    if (this.readSettings().currentWorkspace === id) this.writeSettings({})
    const message =
      `${err.message} The file was moved aside to ${path.basename(aside)} so nothing more is lost. ` +
      `Your notes, escalations and RCAs can be restored from the last backup under Settings → Backups ` +
      `(or \`npm run cli -- restore --workspace ${id}\`).`
    this.log(`workspace ${id} set aside as ${aside}`)
    return new WorkspaceError('workspace_corrupt', message)
  }

  /** Closes the workspace if it is the open one (before its file is replaced by a restore). */
  release(id: string): void {
    if (this.current?.info.id === id) this.closeCurrent()
  }

  private tryOpen(id: string): void {
    try {
      this.openWorkspace(id)
    } catch (err) {
      this.problemCode = err instanceof WorkspaceError ? err.code : 'workspace_unavailable'
      this.problem =
        (err instanceof WorkspaceError ? err.message : `Could not open workspace ${id}: ${(err as Error).message}`) +
        ' Your other workspaces are unaffected: open or create one under Workspaces.'
      this.log(`workspace ${id} not opened: ${this.problem}`)
    }
  }

  create(name: string): WorkspaceInfo {
    const base = slug(name) || 'workspace'
    let id = base
    for (let i = 2; this.ids().includes(id) || id === DEMO_ID; i++) id = `${base}-${i}`
    const db = openDatabase(this.fileOf(id))
    writeMeta(db, { name, is_demo: '0', created_at: String(Date.now()) })
    db.close()
    return this.openWorkspace(id)
  }

  remove(id: string): void {
    if (!this.ids().includes(id)) throw new WorkspaceError('workspace_unavailable', `There is no workspace "${id}".`)
    if (this.current?.info.id === id) this.closeCurrent()
    removeDbFiles(this.fileOf(id))
    if (this.readSettings().currentWorkspace === id) this.writeSettings({})
  }

  private demoTempFile(): string {
    return `${this.fileOf(DEMO_ID)}.tmp-${process.pid}`
  }

  /** Puts a finished demo file in place of the old demo (renamed over it) and opens it. */
  private installDemo(tmp: string): WorkspaceInfo {
    const target = this.fileOf(DEMO_ID)
    if (this.current?.info.id === DEMO_ID) this.closeCurrent()
    for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true })
    fs.renameSync(tmp, target)
    return this.openWorkspace(DEMO_ID)
  }

  /**
   * (Re)creates the demo workspace: generated into a temporary file, then renamed over the old one, so a failure or
   * a kill part-way leaves the previous demo as it was. Blocks: for the CLI and a first launch.
   */
  createDemo(request: DemoRequest): { info: WorkspaceInfo; result: DemoResult } {
    const tmp = this.demoTempFile()
    const result = buildDemoFile(tmp, request, request.onProgress)
    return { info: this.installDemo(tmp), result }
  }

  /** The same, generated off the event loop (a worker thread in the built app) while the open workspace keeps serving. */
  async createDemoInBackground(request: DemoRequest): Promise<{ info: WorkspaceInfo; result: DemoResult }> {
    const tmp = this.demoTempFile()
    const result = await runDemoJob(tmp, request, request.onProgress ?? (() => {}))
    return { info: this.installDemo(tmp), result }
  }

  private closeCurrent(): void {
    if (!this.current) return
    try {
      closeDatabase(this.current.db)
    } finally {
      this.current = null
    }
  }

  close(): void {
    this.closeCurrent()
  }

  private settingsFile(): string {
    return path.join(this.dataDir, 'settings.json')
  }

  private readSettings(): Settings {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(this.settingsFile(), 'utf8'))
      return typeof parsed === 'object' && parsed !== null ? (parsed as Settings) : {}
    } catch {
      return {}
    }
  }

  private writeSettings(settings: Settings): void {
    const file = this.settingsFile()
    const tmp = `${file}.tmp`
    fs.writeFileSync(tmp, JSON.stringify(settings, null, 2))
    fs.renameSync(tmp, file)
  }
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
}
