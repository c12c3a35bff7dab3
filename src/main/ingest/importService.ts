/**
 * Starting an import, the same for the API and the CLI: check the mapping against the file, pick or create the file
 * source, record the run, then hand the work to the import job (a worker thread in the built app).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { ImportMapping, ImportRunSummary } from '../../shared/importMapping'
import { isValidTimeZone } from '../../shared/time'
import type { Db } from '../db/connection'
import { createRun, failAbandonedRuns, rejectsAfter, sourceByName } from '../db/queries/imports'
import { ensureSource } from '../db/queries/ticketWrites'
import { csvRow } from '../../shared/csvSafe'
import { startImportJob, type ImportJob } from './importJob'
import { checkMapping } from './inspect'
import type { ImportProgress } from './runImport'
import { MissingColumnError } from './mapRow'
import { detectShape, ImportFileError } from './reader'

/** A problem with what was asked (a column the file lacks, a taken source name): the analyst can fix it. */
export class ImportRequestError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ImportRequestError'
  }
}

/** "Zendesk export 2025-01.csv" -> "Zendesk export 2025-01": re-importing the same file finds the same source. */
export function sourceNameFromFile(fileName: string): string {
  const base = path
    .basename(fileName)
    .replace(/\.[^.]+$/, '')
    .trim()
  return (base || 'Imported file').slice(0, 80)
}

export interface PreparedImport {
  runId: number
  sourceId: number
  sourceName: string
}

export async function prepareImport(
  db: Db,
  options: {
    file: string
    fileName: string
    mapping: ImportMapping
    presetId: string | null
    sourceName?: string
    timeZone: string
  },
): Promise<PreparedImport> {
  if (!isValidTimeZone(options.timeZone)) throw new ImportRequestError(`Unknown time zone "${options.timeZone}".`)
  let shape: ReturnType<typeof detectShape>
  try {
    shape = detectShape(options.file, options.fileName)
  } catch (err) {
    if (err instanceof ImportFileError) throw new ImportRequestError(err.message)
    throw err
  }
  try {
    await checkMapping(options.file, options.fileName, options.mapping, options.timeZone)
  } catch (err) {
    if (err instanceof MissingColumnError || err instanceof ImportFileError) throw new ImportRequestError(err.message)
    throw err
  }
  const sourceName = options.sourceName?.trim() || sourceNameFromFile(options.fileName)
  const existing = sourceByName(db, sourceName)
  if (existing && existing.kind !== 'file')
    throw new ImportRequestError(
      `"${sourceName}" is the name of a ${existing.kind} source; choose another name for this file's source.`,
    )
  const now = Date.now()
  return db
    .transaction(() => {
      failAbandonedRuns(db, now)
      const sourceId = existing?.id ?? ensureSource(db, 'file', sourceName, now)
      const runId = createRun(db, {
        sourceId,
        sourceName,
        fileName: path.basename(options.fileName),
        format: shape.format,
        presetId: options.presetId,
        mapping: options.mapping,
        now,
      })
      return { runId, sourceId, sourceName }
    })
    .immediate()
}

export function launchImport(
  dbFile: string,
  prepared: PreparedImport,
  options: {
    file: string
    fileName: string
    mapping: ImportMapping
    timeZone: string
    bulk?: boolean
    inline?: boolean
  },
  onProgress: (p: ImportProgress) => void,
): ImportJob {
  return startImportJob(
    dbFile,
    {
      file: options.file,
      fileName: options.fileName,
      mapping: options.mapping,
      timeZone: options.timeZone,
      runId: prepared.runId,
      sourceId: prepared.sourceId,
      bulk: options.bulk,
    },
    onProgress,
    { inline: options.inline },
  )
}

const REPORT_PAGE = 5_000

/** Writes a run's rejected rows as CSV (line, reason, row) to `file`, a page at a time; returns how many. */
export async function writeRejectReport(db: Db, runId: number, file: string): Promise<number> {
  const partial = `${file}.partial`
  const out = fs.createWriteStream(partial)
  let rows = 0
  const write = (text: string): Promise<void> =>
    new Promise((resolve, reject) => out.write(text, (err) => (err ? reject(err) : resolve())))
  try {
    await write('\ufeff' + csvRow(['Line', 'Reason', 'Row as written']))
    let after = 0
    for (;;) {
      const page = rejectsAfter(db, runId, after, REPORT_PAGE)
      if (page.length === 0) break
      after = page[page.length - 1]!.id
      rows += page.length
      await write(page.map((r) => csvRow([r.line, r.reason, r.excerpt])).join(''))
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())))
    fs.renameSync(partial, file)
    return rows
  } catch (err) {
    out.destroy()
    fs.rmSync(partial, { force: true })
    throw err
  }
}

export type { ImportRunSummary }
