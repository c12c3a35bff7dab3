/** Exports as background tasks: progress and the finished file as task events, cancellable by task id. */
import fs from 'node:fs'
import path from 'node:path'
import type { TicketQuery } from '../../shared/api/contract'
import type { TaskStarted } from '../../shared/api/types'
import type { TicketColumnKey } from '../../shared/domain'
import { type EventBus, TaskReporter } from '../app/events'
import type { OpenWorkspace } from '../workspace/manager'
import { exportFilePath, exportsDir } from './exportFiles'
import { exportTickets, type ExportFormat } from './exportTickets'
import { auditFilters, safeAudit } from '../security/auditHooks'

/** Running tasks that can be cancelled, by task id. */
export class TaskCancels {
  private readonly controllers = new Map<string, AbortController>()

  add(taskId: string): AbortSignal {
    const controller = new AbortController()
    this.controllers.set(taskId, controller)
    return controller.signal
  }

  remove(taskId: string): void {
    this.controllers.delete(taskId)
  }

  get size(): number {
    return this.controllers.size
  }

  /** True when the task was running and is now asked to stop; false when unknown or already finished. */
  cancel(taskId: string): boolean {
    const controller = this.controllers.get(taskId)
    if (!controller) return false
    controller.abort()
    return true
  }
}

export interface ExportTaskRequest {
  query: TicketQuery
  columns: readonly TicketColumnKey[]
  format: ExportFormat
  timeZone: string
}

export function startExportTask(options: {
  workspace: OpenWorkspace
  dataDir: string
  events: EventBus
  cancels: TaskCancels
  request: ExportTaskRequest
  log: (line: string) => void
  /** The front door that asked (for the audit log). */
  via?: string
}): TaskStarted {
  const { workspace, events, cancels, request, log } = options
  const dir = exportsDir(options.dataDir)
  fs.mkdirSync(dir, { recursive: true })
  const file = exportFilePath(dir, workspace.info.id, request.format, Date.now(), request.timeZone)
  const total = workspace.tickets.count(request.query.filters)
  const reporter = new TaskReporter(
    events,
    'export',
    `Exporting ${total.toLocaleString('en-US')} tickets to ${path.basename(file)}`,
    total,
    'tickets',
  )
  const { taskId } = reporter.task
  const signal = cancels.add(taskId)
  exportTickets({
    dbFile: workspace.info.file,
    workspace: workspace.info.name,
    query: request.query,
    columns: [...new Set(request.columns)],
    format: request.format,
    file,
    timeZone: request.timeZone,
    signal,
    onProgress: (done, all) => reporter.progress(done, all),
  })
    .then((result) => {
      // Off the cancel list before the last event goes out: a cancel after it answers "already finished".
      cancels.remove(taskId)
      if (result.state === 'cancelled') return reporter.finish('cancelled')
      safeAudit(
        workspace.db,
        {
          action: `export.${request.format}`,
          target: path.basename(result.file),
          via: options.via,
          detail: { rows: result.rows, filters: auditFilters(request.query.filters), columns: request.columns.length },
        },
        log,
      )
      reporter.task.result = { file: result.file }
      reporter.finish('done')
    })
    .catch((err: unknown) => {
      cancels.remove(taskId)
      log(`export failed: ${(err as Error).message}`)
      reporter.finish(
        'failed',
        `The export did not finish (${(err as Error).message.replace(/\.$/, '')}). No partial file was kept.`,
      )
    })
  return { taskId }
}
