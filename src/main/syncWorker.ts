/** Worker-thread entry: writes a sync's pages, one transaction each with its cursor, on its own connection. */
import { parentPort, workerData } from 'node:worker_threads'
import { openDatabase, setDefaultNativeBinding } from './db/connection'
import { commitPage } from './db/queries/syncWrites'
import type { SyncWorkerData, SyncWorkerReply, SyncWorkerRequest } from './sync/pageWriter'
import { ConnectorError } from './sync/types'

const data = workerData as SyncWorkerData
setDefaultNativeBinding(data.nativeBinding)
// The main connection has migrated and checked the file already.
const db = openDatabase(data.dbFile, { backupBeforeMigrate: false })
parentPort?.on('message', (msg: SyncWorkerRequest) => {
  let reply: SyncWorkerReply
  try {
    reply = { id: msg.id, counts: commitPage(db, msg.sourceId, msg.runId, msg.page, msg.now) }
  } catch (err) {
    const kind = err instanceof ConnectorError ? err.kind : null
    reply = { id: msg.id, error: { message: (err as Error).message, kind } }
  }
  parentPort?.postMessage(reply)
})
