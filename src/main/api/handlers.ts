/** The implementation of every contract method, over the workspace manager. Transport-agnostic. */
import { isValidTimeZone } from '../../shared/time'
import type { WorkspaceInfo } from '../../shared/api/types'
import { TaskReporter } from '../app/events'
import { startExportTask, TaskCancels } from '../export/exportTask'
import { exportsDir, resolveDownload } from '../export/exportFiles'
import * as analyst from '../db/queries/analyst'
import { recordReveal } from '../db/queries/wellbeing'
import { safeAudit } from '../security/auditHooks'
import { ApiFailure, type Handlers } from './dispatcher'
import { createViewHandlers } from './viewHandlers'
import type { HandlerContext } from './context'
import { createBulkHandlers } from './bulkHandlers'
import { createEscalationHandlers } from './escalationHandlers'
import { createWellbeingHandlers } from './wellbeingHandlers'
import { createImportHandlers, ImportTracker } from './importHandlers'
import { createSourceHandlers } from './sourceHandlers'
import { createMetricsHandlers } from './metricsHandlers'
import { createAlertsHandlers } from './alertsHandlers'
import { createClusterHandlers } from './clustersHandlers'
import { createRcaHandlers } from './rcaHandlers'
import { createSecurityHandlers } from './securityHandlers'

export type { HandlerContext }

export function createHandlers(ctx: HandlerContext): Handlers {
  const { manager, events } = ctx
  const ws = () => manager.require()
  let demoRunning = false
  const cancels = new TaskCancels()
  const imports = new ImportTracker()

  /** The open workspace's connection, after checking the ticket is in it. */
  const ticketDb = (ticketId: number) => {
    const { db } = ws()
    if (!analyst.ticketExists(db, ticketId))
      throw new ApiFailure('not_found', `Ticket ${ticketId} is not in this workspace.`)
    return db
  }
  /** After an analyst write: the grid's cached pages and counts no longer hold. */
  const wrote = <T>(value: T): T => {
    ws().tickets.invalidate()
    return value
  }
  const noNote = (id: number) => new ApiFailure('not_found', `There is no note ${id} in this workspace.`)

  const changed = (workspace: WorkspaceInfo | null): void => events.emit({ type: 'workspace.changed', workspace })

  return {
    'app.info': () => {
      const open = manager.open
      return {
        name: 'Ops Workbench',
        version: ctx.version,
        dataDir: manager.dataDir,
        transport: ctx.transport,
        workspace: open ? { ...open.info, tickets: open.tickets.count({}) } : null,
        workspaceProblem: open ? null : manager.problem,
        dataAsOf: open ? open.tickets.dataAsOf() : [],
      }
    },
    'workspace.list': () => manager.list(),
    'workspace.stats': () => ws().tickets.stats(),
    'workspace.open': ({ id }) => {
      const info = manager.openWorkspace(id)
      changed(info)
      return info
    },
    'workspace.create': ({ name }) => {
      const info = manager.create(name)
      changed(info)
      return info
    },
    'workspace.remove': ({ id }) => {
      manager.remove(id)
      changed(manager.open?.info ?? null)
      return { removed: id }
    },
    'demo.generate': ({ tickets, seed }) => {
      if (demoRunning)
        throw new ApiFailure('busy', 'The demo workspace is already being created; wait for it to finish.')
      demoRunning = true
      const reporter = new TaskReporter(
        events,
        'demo',
        `Creating demo workspace (${tickets.toLocaleString('en-US')} tickets)`,
        tickets,
        'tickets',
      )
      // Answer first, then work: progress arrives as task events while the open workspace keeps serving.
      manager
        .createDemoInBackground({ tickets, seed, onProgress: (done, total) => reporter.progress(done, total) })
        .then(({ info, result }) => {
          reporter.finish('done')
          changed(info)
          // Checks that derive from tickets (alerts) re-run on the new demo.
          const open = manager.open
          if (open)
            ctx.dataChanged.announce(open, { reason: 'demo', tickets: result.tickets, deletes: 0, at: Date.now() })
        })
        .catch((err: unknown) => {
          ctx.log(`demo generation failed: ${(err as Error).message}`)
          reporter.finish(
            'failed',
            `The demo could not be created (${(err as Error).message.replace(/\.$/, '')}). The previous workspace was kept.`,
          )
        })
        .finally(() => {
          demoRunning = false
        })
      return { taskId: reporter.task.taskId }
    },
    'tickets.page': ({ query, startRow, limit }) => {
      const { rows, last } = ws().tickets.page(query, startRow, limit)
      return { rows, startRow, last }
    },
    'tickets.count': ({ filters }) => ({ count: ws().tickets.count(filters) }),
    'tickets.facets': ({ filters }) => ws().tickets.facets(filters),
    'tickets.get': ({ id, reveal }) => {
      const ticket = ws().tickets.get(id, reveal ?? false)
      if (!ticket) throw new ApiFailure('not_found', `Ticket ${id} is not in this workspace.`)
      // Your own exposure count (wellbeing): every reveal of sensitive text is logged locally under its harm category.
      if (reveal && ticket.sensitive) {
        recordReveal(ws().db, id)
        safeAudit(ws().db, { action: 'ticket.reveal', target: `ticket ${id}`, via: ctx.transport }, ctx.log)
      }
      return ticket
    },
    'analyst.setReview': ({ ticketId, state }) =>
      wrote({ review: analyst.setReview(ticketDb(ticketId), ticketId, state) }),
    'analyst.setFlag': ({ ticketId, flagged }) =>
      wrote({ review: analyst.setFlag(ticketDb(ticketId), ticketId, flagged) }),
    'analyst.addLabel': ({ ticketId, label }) => ({ labels: analyst.addLabel(ticketDb(ticketId), ticketId, label) }),
    'analyst.removeLabel': ({ ticketId, label }) => ({
      labels: analyst.removeLabel(ticketDb(ticketId), ticketId, label),
    }),
    'analyst.addNote': ({ ticketId, body }) => analyst.addNote(ticketDb(ticketId), ticketId, body),
    'analyst.updateNote': ({ id, body }) => {
      const note = analyst.updateNote(ws().db, id, body)
      if (!note) throw noNote(id)
      return note
    },
    'analyst.deleteNote': ({ id }) => {
      if (!analyst.deleteNote(ws().db, id)) throw noNote(id)
      return { deleted: id }
    },
    'trends.volume': ({ filters, groupBy, grain, timeZone }) => {
      if (!isValidTimeZone(timeZone)) throw new ApiFailure('invalid_input', `Unknown time zone "${timeZone}".`)
      return ws().tickets.volume(filters, groupBy, grain, timeZone)
    },
    'export.tickets': ({ filters, sort, columns, format, timeZone }) => {
      if (!isValidTimeZone(timeZone)) throw new ApiFailure('invalid_input', `Unknown time zone "${timeZone}".`)
      if (cancels.size >= 4) throw new ApiFailure('busy', 'Four exports are already running; wait for one to finish.')
      return startExportTask({
        workspace: ws(),
        dataDir: manager.dataDir,
        events,
        cancels,
        request: { query: { filters, sort }, columns, format, timeZone },
        log: ctx.log,
        via: ctx.transport,
      })
    },
    'export.showInFolder': ({ file }) => {
      if (!ctx.desktop)
        throw new ApiFailure('invalid_input', 'Show in folder works in the desktop app; here, use Download.')
      const found = resolveDownload(exportsDir(manager.dataDir), file)
      if (!found) throw new ApiFailure('not_found', `The export ${file} is no longer in the exports folder.`)
      ctx.desktop.showInFolder(found)
      return { shown: true }
    },
    'task.cancel': ({ taskId }) => ({ cancelled: cancels.cancel(taskId) || (ctx.sync?.cancel(taskId) ?? false) }),
    ...createViewHandlers(() => ws().db, Date.now, ctx.transport),
    ...createBulkHandlers(ctx),
    ...createEscalationHandlers(ctx),
    ...createWellbeingHandlers(ctx),
    ...createImportHandlers(ctx, cancels, imports),
    ...createSourceHandlers(ctx),
    ...createMetricsHandlers(ctx),
    ...createAlertsHandlers(ctx),
    ...createClusterHandlers(ctx),
    ...createRcaHandlers(ctx),
    ...createSecurityHandlers(ctx, imports),
  }
}
