/**
 * Worker-thread entry: writes a sync's pages, with their cursors, on its own connection. Pages that queued up while
 * the last commit ran are written together in one transaction (a group commit: commitPages), so a writer that falls
 * behind the fetches pays one WAL write and fsync for them, not one each. A batch that fails is retried page by page,
 * so every page before the failing one still lands, exactly as when each page is its own transaction.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads'
import { openDatabase, setDefaultNativeBinding } from './db/connection'
import { commitPages } from './db/queries/syncWrites'
import type { SyncWorkerData, SyncWorkerReply, SyncWorkerRequest } from './sync/pageWriter'
import { ConnectorError } from './sync/types'

/** At most this many pages in one transaction. */
const MAX_BATCH = 8

const data = workerData as SyncWorkerData
setDefaultNativeBinding(data.nativeBinding)
// The main connection has migrated and checked the file already.
const db = openDatabase(data.dbFile, { backupBeforeMigrate: false })

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
        replies.push(failure(m.id, new Error('an earlier page of this sync failed')))
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

const port = parentPort
port?.on('message', (msg: SyncWorkerRequest) => {
  const batch = [msg]
  // Whatever else is already waiting, for the same run: it is written in the same transaction.
  const held: SyncWorkerRequest[] = []
  while (batch.length < MAX_BATCH) {
    const next = receiveMessageOnPort(port)?.message as SyncWorkerRequest | undefined
    if (!next) break
    if (next.sourceId === msg.sourceId && next.runId === msg.runId) batch.push(next)
    else {
      held.push(next)
      break
    }
  }
  for (const reply of write(batch)) port.postMessage(reply)
  for (const m of held) for (const reply of write([m])) port.postMessage(reply)
})
