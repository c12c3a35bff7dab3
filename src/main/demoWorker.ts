/** Worker-thread entry: builds a demo workspace file and reports progress to the thread that started it. */
import { parentPort, workerData } from 'node:worker_threads'
import { setDefaultNativeBinding } from './db/connection'
import { buildDemoFile } from './workspace/demoFile'
import type { DemoWorkerData, DemoWorkerMessage } from './workspace/demoJob'

const data = workerData as DemoWorkerData
const post = (msg: DemoWorkerMessage): void => parentPort?.postMessage(msg)
setDefaultNativeBinding(data.nativeBinding)
try {
  const result = buildDemoFile(data.file, data, (done, total) => post({ type: 'progress', done, total }))
  post({ type: 'done', result })
} catch (err) {
  post({ type: 'error', message: (err as Error).message })
}
