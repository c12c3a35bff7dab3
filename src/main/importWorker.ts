/** Worker-thread entry: imports one file into a workspace and reports progress to the thread that started it. */
import { parentPort, workerData } from 'node:worker_threads'
import { setDefaultNativeBinding } from './db/connection'
import { importIntoFile, type ImportWorkerData, type ImportWorkerMessage } from './ingest/importJob'

const data = workerData as ImportWorkerData
const post = (msg: ImportWorkerMessage): void => parentPort?.postMessage(msg)
let cancelled = false
parentPort?.on('message', (msg: { type?: string }) => {
  if (msg.type === 'cancel') cancelled = true
})
setDefaultNativeBinding(data.nativeBinding)
importIntoFile(
  data.dbFile,
  data.request,
  () => cancelled,
  (progress) => post({ type: 'progress', progress }),
)
  .then((summary) => post({ type: 'done', summary }))
  .catch((err: unknown) => post({ type: 'error', message: (err as Error).message }))
  .finally(() => parentPort?.close())
