/**
 * Runs an import off the main event loop: in a worker thread when the built worker (`importWorker.js`, an entry of
 * the main build) sits beside this code, so the window and the browser-mode server keep answering; inline otherwise
 * (Vitest runs the TypeScript sources, where no built worker exists). Both paths open their own connection to the
 * workspace file and run the same runImport.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import type { ImportRunSummary } from '../../shared/importMapping'
import { getDefaultNativeBinding, openDatabase } from '../db/connection'
import { leanImportConnection } from '../db/queries/imports'
import { runImport, type ImportJobRequest, type ImportProgress } from './runImport'

export type ImportWorkerMessage =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; summary: ImportRunSummary }
  | { type: 'error'; message: string }

export interface ImportWorkerData {
  dbFile: string
  nativeBinding: string | undefined
  request: ImportJobRequest
}

/** Old-generation heap of the import worker, in MB. */
export const WORKER_HEAP_MB = 256

export interface ImportJob {
  done: Promise<ImportRunSummary>
  cancel(): void
}

function workerFile(): string | null {
  for (const candidate of [path.join(__dirname, 'importWorker.js'), path.join(__dirname, '..', 'importWorker.js')]) {
    if (fs.existsSync(candidate)) return candidate
  }
  return null
}

/** Opens a connection, imports, closes it: the body of both the worker and the inline path. */
export async function importIntoFile(
  dbFile: string,
  request: ImportJobRequest,
  isCancelled: () => boolean,
  onProgress: (p: ImportProgress) => void,
): Promise<ImportRunSummary> {
  // The caller's connection has migrated and checked the file, and holds it open while the import runs: a second
  // check would read the whole file first (22 s for a million-ticket workspace).
  const db = openDatabase(dbFile, { backupBeforeMigrate: false, alreadyChecked: true })
  leanImportConnection(db)
  try {
    return await runImport(db, request, { isCancelled, onProgress })
  } finally {
    db.close()
  }
}

export function startImportJob(
  dbFile: string,
  request: ImportJobRequest,
  onProgress: (p: ImportProgress) => void,
  options: { inline?: boolean } = {},
): ImportJob {
  const script = options.inline ? null : workerFile()
  if (!script) {
    let cancelled = false
    // Let the caller's answer go out first, as the worker path would.
    const done = new Promise<void>((r) => setImmediate(r)).then(() =>
      importIntoFile(dbFile, request, () => cancelled, onProgress),
    )
    return { done, cancel: () => (cancelled = true) }
  }
  // Plain data only: functions cannot cross into a worker.
  const data: ImportWorkerData = { dbFile, nativeBinding: getDefaultNativeBinding(), request }
  // A bounded heap: the import streams, so a file of any size fits; a runaway would stop here, not take the machine.
  const worker = new Worker(script, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } })
  const done = new Promise<ImportRunSummary>((resolve, reject) => {
    let settled = false
    worker.on('message', (msg: ImportWorkerMessage) => {
      if (msg.type === 'progress') onProgress(msg.progress)
      else {
        settled = true
        if (msg.type === 'done') resolve(msg.summary)
        else reject(new Error(msg.message))
      }
    })
    worker.on('error', (err) => {
      settled = true
      reject(err)
    })
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the import worker stopped unexpectedly (exit code ${code})`))
    })
  })
  return { done, cancel: () => worker.postMessage({ type: 'cancel' }) }
}
