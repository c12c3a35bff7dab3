/**
 * Worker-thread entry: writes a sync's pages, with their cursors, on its own connection. Pages that queued up while
 * the last commit ran are written together in one transaction (a group commit: commitPages), so a writer that falls
 * behind the fetches pays one WAL write and fsync for them, not one each. A batch that fails is retried page by page,
 * so every page before the failing one still lands, exactly as when each page is its own transaction.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads'
import { openDatabase, setDefaultNativeBinding } from './db/connection'
import { commitPages } from './db/queries/syncWrites'
import {
  MAX_IN_FLIGHT,
  type SyncWorkerClose,
  type SyncWorkerData,
  type SyncWorkerReply,
  type SyncWorkerRequest,
} from './sync/pageWriter'
import { ConnectorError } from './sync/types'

const AFTER_FAILURE = 'an earlier page of this sync failed, so this one was not written'
/** At most this many pages in one transaction: all the engine keeps in flight. */
const MAX_BATCH = MAX_IN_FLIGHT

const data = workerData as SyncWorkerData
setDefaultNativeBinding(data.nativeBinding)
// The main connection has migrated and checked the file already, and holds it open while the sync runs: a second
// check would read the whole file before the first page (22 s for a million-ticket workspace).
const db = openDatabase(data.dbFile, { backupBeforeMigrate: false, alreadyChecked: true })

function failure(id: number, err: unknown): SyncWorkerReply {
  const kind = err instanceof ConnectorError ? err.kind : null
  return { id, error: { message: (err as Error).message, kind } }
}

/** Requests of one source and run, in order, written as one transaction; page by page when that fails. */
function write(batch: SyncWorkerRequest[]): SyncWorkerReply[] {
  const first = batch[0] as SyncWorkerRequest
  try {
    const counts = commitPages(
      db,
      first.sourceId,
      first.runId,
      batch.map((m) => m.page),
      (batch[batch.length - 1] as SyncWorkerRequest).now,
    )
    return batch.map((m, i) => ({ id: m.id, counts: counts[i]! }))
  } catch (err) {
    if (batch.length === 1) return [failure(first.id, err)]
    const replies: SyncWorkerReply[] = []
    for (const m of batch) {
      if (replies.some((r) => 'error' in r)) {
        replies.push(failure(m.id, new Error(AFTER_FAILURE)))
        continue
      }
      try {
        replies.push({ id: m.id, counts: commitPages(db, m.sourceId, m.runId, [m.page], m.now)[0]! })
      } catch (e) {
        replies.push(failure(m.id, e))
      }
    }
    return replies
  }
}

type Message = SyncWorkerRequest | SyncWorkerClose
/** Runs (source:run) with a page that failed: none of their later pages is written. */
const failedRuns = new Set<string>()
const port = parentPort
const queue: Message[] = []

/** Writes what is queued: runs of the same sync's pages as one transaction each, until a close. */
function drain(): void {
  while (queue.length > 0) {
    const head = queue[0] as Message
    if ('close' in head) {
      queue.length = 0
      // The run's last frames copied back here rather than by the window's next commit; PASSIVE never waits on its reads.
      db.pragma('wal_checkpoint(PASSIVE)')
      db.close()
      port?.postMessage({ closed: head.close })
      return
    }
    const batch: SyncWorkerRequest[] = []
    while (batch.length < MAX_BATCH && queue.length > 0) {
      const next = queue[0] as Message
      if ('close' in next || next.sourceId !== head.sourceId || next.runId !== head.runId) break
      batch.push(next)
      queue.shift()
    }
    const run = `${head.sourceId}:${head.runId}`
    // Pages the engine sent before it heard of a failure: writing them would move the cursor past the failed page.
    const replies = failedRuns.has(run) ? batch.map((m) => failure(m.id, new Error(AFTER_FAILURE))) : write(batch)
    if (replies.some((r) => 'error' in r)) failedRuns.add(run)
    for (const reply of replies) port?.postMessage(reply)
  }
}

port?.on('message', (msg: Message) => {
  queue.push(msg)
  // Whatever else is already waiting joins it: pages that queued during the last commit share the next one.
  for (let next = receiveMessageOnPort(port); next; next = receiveMessageOnPort(port))
    queue.push(next.message as Message)
  drain()
})
