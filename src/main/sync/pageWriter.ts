/**
 * Where a sync's pages are written. Each page is committed with its cursor (db/queries/syncWrites.ts) either way;
 * what differs is the thread:
 * - inline: on the caller's connection, on the main event loop, one transaction per page (tests, and wherever no
 *   built worker exists);
 * - a worker thread (`syncWorker.js`, an entry of the main build) with its own connection to the workspace file, so a
 *   page's indexes and rollups (tens of milliseconds for 1,000 tickets) never block the window or the browser-mode
 *   server, and the next pages are fetched and parsed while one is written. Pages that queued while it committed
 *   share the next transaction, with the last one's cursor.
 * Pages are written strictly in order; the engine keeps at most MAX_IN_FLIGHT in flight and sends none after a
 * failure, and the worker writes none of a run after one of its pages failed.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { getDefaultNativeBinding, type Db } from '../db/connection'
import { commitPage, type PageCounts } from '../db/queries/syncWrites'
import { ConnectorError, type SyncPage } from './types'

/**
 * Pages handed to a writer and not yet committed, at most: bounds memory to a few pages (a few MB each). Also the
 * largest group commit: measured on the 100k bench, 8 gave commits of about 4 pages instead of 2.4 with 4, and about
 * 13% more tickets a second, since a commit's cost is mostly index pages that every page of the group touches anyway.
 */
export const MAX_IN_FLIGHT = 8

export interface PageWriter {
  commit(sourceId: number, runId: number, page: SyncPage, now: number): Promise<PageCounts>
  /** Lets go of the thread and its connection (after the last page). */
  close(): Promise<void>
}

export type SyncWorkerRequest = { id: number; sourceId: number; runId: number; page: SyncPage; now: number }
/** Asks the worker to checkpoint and close its connection (the run's last message); answered `{ closed }`. */
export type SyncWorkerClose = { close: number }
export type SyncWorkerReply =
  { id: number; counts: PageCounts } | { id: number; error: { message: string; kind: ConnectorError['kind'] | null } }
export interface SyncWorkerData {
  dbFile: string
  nativeBinding: string | undefined
}

export function inlinePageWriter(db: Db): PageWriter {
  return {
    commit: (sourceId, runId, page, now) => {
      try {
        return Promise.resolve(commitPage(db, sourceId, runId, page, now))
      } catch (err) {
        return Promise.reject(err as Error)
      }
    },
    close: () => Promise.resolve(),
  }
}

/** A built worker named by the environment: for runs from the TypeScript sources (the bench), which have none. */
export const SYNC_WORKER_ENV = 'OWB_SYNC_WORKER_FILE'

function workerFile(): string | null {
  const named = process.env[SYNC_WORKER_ENV]
  for (const candidate of [
    ...(named ? [named] : []),
    path.join(__dirname, 'syncWorker.js'),
    path.join(__dirname, '..', 'syncWorker.js'),
  ]) {
    if (fs.existsSync(candidate)) return candidate
  }
  return null
}

/** How long close() waits for the worker's checkpoint before stopping it (the checkpoint is only a copy). */
const CLOSE_TIMEOUT_MS = 30_000

/** A writer on a worker thread when the built worker exists, inline on `db` otherwise. */
export function pageWriterFor(db: Db, dbFile: string): PageWriter {
  const script = workerFile()
  if (!script || db.memory) return inlinePageWriter(db)
  const data: SyncWorkerData = { dbFile, nativeBinding: getDefaultNativeBinding() }
  const worker = new Worker(script, { workerData: data })
  const waiting = new Map<number, { resolve: (c: PageCounts) => void; reject: (e: Error) => void }>()
  let next = 0
  let dead: Error | null = null
  const failAll = (err: Error): void => {
    dead = err
    for (const w of waiting.values()) w.reject(err)
    waiting.clear()
  }
  let closed: (() => void) | null = null
  worker.on('message', (msg: SyncWorkerReply | { closed: number }) => {
    if ('closed' in msg) {
      closed?.()
      return
    }
    const w = waiting.get(msg.id)
    if (!w) return
    waiting.delete(msg.id)
    if ('counts' in msg) w.resolve(msg.counts)
    else w.reject(msg.error.kind ? new ConnectorError(msg.error.kind, msg.error.message) : new Error(msg.error.message))
  })
  worker.on('error', (err) => failAll(err))
  worker.on('exit', (code) => {
    failAll(new Error(`the sync writer stopped (exit code ${code})`))
    // A worker that died (its checkpoint or close threw) ends the wait of close() too.
    closed?.()
  })
  return {
    commit(sourceId, runId, page, now) {
      if (dead) return Promise.reject(dead)
      const id = ++next
      return new Promise<PageCounts>((resolve, reject) => {
        waiting.set(id, { resolve, reject })
        worker.postMessage({ id, sourceId, runId, page, now } satisfies SyncWorkerRequest)
      })
    },
    async close() {
      if (dead) return
      // The worker closes its connection (a last checkpoint first); one that does not answer is stopped anyway.
      let timer: NodeJS.Timeout | undefined
      await new Promise<void>((resolve) => {
        closed = resolve
        worker.postMessage({ close: ++next } satisfies SyncWorkerClose)
        timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)
      })
      clearTimeout(timer)
      await worker.terminate()
    },
  }
}
