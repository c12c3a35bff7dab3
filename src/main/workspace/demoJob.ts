/**
 * Runs a demo build off the main event loop: in a worker thread when the built worker (`demoWorker.js`, an entry of
 * the main build) sits beside this code, so the window and the browser-mode server keep answering and progress
 * reaches the analyst; inline otherwise (Vitest runs the TypeScript sources, where no built worker exists).
 */
import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { getDefaultNativeBinding } from '../db/connection'
import type { DemoResult } from '../demo/generator'
import { buildDemoFile, type DemoFileRequest } from './demoFile'

export type DemoWorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: DemoResult }
  | { type: 'error'; message: string }

export interface DemoWorkerData extends DemoFileRequest {
  file: string
  nativeBinding: string | undefined
}

function workerFile(): string | null {
  for (const candidate of [path.join(__dirname, 'demoWorker.js'), path.join(__dirname, '..', 'demoWorker.js')]) {
    if (fs.existsSync(candidate)) return candidate
  }
  return null
}

export function runDemoJob(
  file: string,
  request: DemoFileRequest,
  onProgress: (done: number, total: number) => void,
): Promise<DemoResult> {
  const script = workerFile()
  if (!script) {
    return new Promise((resolve, reject) => {
      // Let the caller's answer go out first, as the worker path would.
      setImmediate(() => {
        try {
          resolve(buildDemoFile(file, request, onProgress))
        } catch (err) {
          reject(err as Error)
        }
      })
    })
  }
  return new Promise((resolve, reject) => {
    // Plain data only: a function (the caller's progress callback) cannot cross into a worker.
    const data: DemoWorkerData = {
      tickets: request.tickets,
      seed: request.seed,
      endAt: request.endAt,
      file,
      nativeBinding: getDefaultNativeBinding(),
    }
    const worker = new Worker(script, { workerData: data })
    let settled = false
    worker.on('message', (msg: DemoWorkerMessage) => {
      if (msg.type === 'progress') onProgress(msg.done, msg.total)
      else {
        settled = true
        if (msg.type === 'done') resolve(msg.result)
        else reject(new Error(msg.message))
      }
    })
    worker.on('error', (err) => {
      settled = true
      reject(err)
    })
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the demo worker stopped unexpectedly (exit code ${code})`))
    })
  })
}
