/** Handlers of the methods in shared/api/methods/imports.ts. */
import fs from 'node:fs'
import path from 'node:path'
import type { ImportFileRef } from '../../shared/api/methods/imports'
import type { ImportPreset } from '../../shared/importMapping'
import { isValidTimeZone } from '../../shared/time'
import type { importMethods } from '../../shared/api/methods/imports'
import { TaskReporter } from '../app/events'
import * as q from '../db/queries/imports'
import { exportsDir } from '../export/exportFiles'
import type { TaskCancels } from '../export/exportTask'
import { prepareImport, launchImport, ImportRequestError, writeRejectReport } from '../ingest/importService'
import type { ImportProgress } from '../ingest/runImport'
import { inspectFile, previewMapping } from '../ingest/inspect'
import { MissingColumnError } from '../ingest/mapRow'
import { builtInPresets } from '../ingest/presets'
import { ImportFileError } from '../ingest/reader'
import { removeUpload, resolveUpload, uploadsDir } from '../ingest/uploads'
import type { HandlerContext } from './context'
import { ApiFailure, type Handlers } from './dispatcher'

/** The desktop app's file dialog, registered by the Electron entry (src/main/electron/importDialog.ts). */
let chooseFile: (() => Promise<string | null>) | null = null
export function setImportFileChooser(chooser: (() => Promise<string | null>) | null): void {
  chooseFile = chooser
}

const savedId = (id: number): string => `saved-${id}`

/**
 * An import's progress as its task shows it: rows written, against the rows of the whole file extrapolated from the
 * share of bytes read; then, after a large load, the index rebuild as a stage of its own, step by step.
 */
export function reportImportProgress(reporter: TaskReporter, fileName: string, p: ImportProgress): void {
  if (p.phase === 'indexing' && p.indexing) {
    // The rebuild after a large load takes longer than reading the file: its own bar, step by step.
    const { label, done, total } = p.indexing
    const stage = (reporter.task.stage ??= { label, startedAt: Date.now() })
    const moved = stage.label !== label
    stage.label = label
    reporter.task.label = `Indexing ${fileName}`
    reporter.task.unit = 'steps'
    return reporter.progress(Math.round(done * 10), Math.round(total * 10), moved)
  }
  // Extrapolated from the rows read with those bytes, not from the rows written, which trail them by a batch.
  const total =
    p.bytesRead > 0 && p.size > 0 ? Math.max(p.rowsRead, Math.round((p.rowsRead * p.size) / p.bytesRead)) : null
  reporter.progress(p.rows, p.phase === 'indexing' ? p.rows : (total ?? undefined))
}

/**
 * The import this process is running, if any. Restore asks it before moving the workspace file aside; the
 * import_runs table cannot tell, since a crashed process leaves its run marked 'running'.
 */
export class ImportTracker {
  running: { taskId: string; runId: number; fileName: string } | null = null
}

export function createImportHandlers(
  ctx: HandlerContext,
  cancels: TaskCancels,
  tracker: ImportTracker,
): Pick<Handlers, keyof typeof importMethods> {
  const ws = () => ctx.manager.require()

  /** The file a reference names. Browser clients may only name their own uploads, never a path on this machine. */
  const resolve = (ref: ImportFileRef): { file: string; fileName: string } => {
    if ('uploadId' in ref) {
      const found = resolveUpload(uploadsDir(ctx.manager.dataDir), ref.uploadId)
      if (!found)
        throw new ApiFailure('not_found', 'That upload is gone (uploads are kept for a day); upload the file again.')
      return found
    }
    if (ctx.transport === 'web')
      throw new ApiFailure('invalid_input', 'In the browser, upload the file instead of naming a path.')
    const file = path.resolve(ref.path)
    if (!fs.existsSync(file)) throw new ApiFailure('not_found', `${file} does not exist.`)
    return { file, fileName: path.basename(file) }
  }

  /** Problems with the file or the mapping become a sentence for the analyst, not an internal error. */
  const explained = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (err) {
      if (err instanceof ImportFileError || err instanceof MissingColumnError || err instanceof ImportRequestError)
        throw new ApiFailure('invalid_input', err.message)
      throw err
    }
  }
  const checkZone = (timeZone: string): void => {
    if (!isValidTimeZone(timeZone)) throw new ApiFailure('invalid_input', `Unknown time zone "${timeZone}".`)
  }

  const presets = (): ImportPreset[] => [
    ...builtInPresets(),
    ...q.listSavedPresets(ws().db).map((p) => ({
      id: savedId(p.id),
      name: p.name,
      builtIn: false,
      description: `Saved ${new Date(p.updatedAt).toISOString().slice(0, 10)}`,
      mapping: p.mapping,
    })),
  ]

  return {
    'import.chooseFile': async () => {
      if (!chooseFile)
        throw new ApiFailure('invalid_input', 'Choosing a file from disk works in the desktop app; here, upload it.')
      return { path: await chooseFile() }
    },
    'import.inspect': ({ file, presetId }) =>
      explained(async () => {
        const { file: f, fileName } = resolve(file)
        return inspectFile(f, fileName, presetId, presetId === undefined)
      }),
    'import.preview': ({ file, mapping, timeZone }) =>
      explained(async () => {
        checkZone(timeZone)
        const { file: f, fileName } = resolve(file)
        return { rows: await previewMapping(f, fileName, mapping, timeZone) }
      }),
    'import.start': ({ file, mapping, presetId, sourceName, timeZone }) =>
      explained(async () => {
        checkZone(timeZone)
        if (tracker.running)
          throw new ApiFailure('busy', 'A file is already being imported; wait for it to finish or cancel it.')
        const workspace = ws()
        const { file: f, fileName } = resolve(file)
        const prepared = await prepareImport(workspace.db, {
          file: f,
          fileName,
          mapping,
          presetId: presetId ?? null,
          sourceName,
          timeZone,
        })
        const reporter = new TaskReporter(ctx.events, 'import', `Importing ${fileName}`, null, 'rows')
        const { taskId } = reporter.task
        tracker.running = { taskId, runId: prepared.runId, fileName }
        const signal = cancels.add(taskId)
        const job = launchImport(workspace.info.file, prepared, { file: f, fileName, mapping, timeZone }, (p) =>
          reportImportProgress(reporter, fileName, p),
        )
        signal.addEventListener('abort', () => job.cancel())
        let summaryRows = 0
        job.done
          .then((summary) => {
            cancels.remove(taskId)
            summaryRows = summary.rows
            delete reporter.task.stage
            reporter.task.label = `Importing ${fileName}`
            reporter.task.unit = 'rows'
            reporter.task.total = summary.rows
            reporter.task.done = summary.rows
            if (summary.state === 'failed')
              reporter.finish(
                'failed',
                `The import stopped (${summary.error ?? 'unknown error'}). Rows imported before that were kept.`,
              )
            else reporter.finish(summary.state === 'cancelled' ? 'cancelled' : 'done')
            // The uploaded copy holds ticket text: gone once imported (a failed or cancelled one stays for a retry,
            // and is pruned after a day).
            if (summary.state === 'done' && 'uploadId' in file)
              removeUpload(uploadsDir(ctx.manager.dataDir), file.uploadId)
          })
          .catch((err: unknown) => {
            cancels.remove(taskId)
            ctx.log(`import failed: ${(err as Error).message}`)
            reporter.finish(
              'failed',
              `The import stopped (${(err as Error).message}). Rows imported before that were kept.`,
            )
          })
          .finally(() => {
            tracker.running = null
            const open = ctx.manager.open
            if (open && open.info.file === workspace.info.file) {
              open.tickets.invalidate()
              if (summaryRows > 0)
                ctx.dataChanged.announce(open, { reason: 'import', tickets: summaryRows, deletes: 0, at: Date.now() })
              ctx.events.emit({
                type: 'workspace.changed',
                workspace: { ...open.info, tickets: open.tickets.count({}) },
              })
            }
          })
        return { taskId, runId: prepared.runId }
      }),
    'import.presets': () => presets(),
    'import.savePreset': ({ name, mapping }) => {
      const id = q.savePreset(ws().db, name, mapping, Date.now())
      return presets().find((p) => p.id === savedId(id)) as ImportPreset
    },
    'import.deletePreset': ({ id }) => {
      if (!q.deletePreset(ws().db, Number(id.slice('saved-'.length))))
        throw new ApiFailure('not_found', 'That preset no longer exists.')
      return { deleted: id }
    },
    'import.reports': () => q.listRuns(ws().db),
    'import.report': ({ id, offset, limit }) => {
      const db = ws().db
      const run = q.getRun(db, id)
      if (!run) throw new ApiFailure('not_found', `There is no import ${id} in this workspace.`)
      return { run, rejects: q.rejectsPage(db, id, offset ?? 0, limit ?? 200), total: q.rejectCount(db, id) }
    },
    'import.reportCsv': async ({ id }) => {
      const workspace = ws()
      if (!q.getRun(workspace.db, id)) throw new ApiFailure('not_found', `There is no import ${id} in this workspace.`)
      const dir = exportsDir(ctx.manager.dataDir)
      fs.mkdirSync(dir, { recursive: true })
      const file = path.join(dir, `${workspace.info.id}-import-${id}-rejected.csv`)
      const rows = await writeRejectReport(workspace.db, id, file)
      return { file, rows }
    },
  }
}
