/**
 * Building a demo workspace file: used inline (CLI, first launch, tests) and from the demo worker thread, so both
 * paths write exactly the same file.
 */
import fs from 'node:fs'
import { checkStampFile, openDatabase } from '../db/connection'
import { writeMeta } from '../db/queries/workspace'
import { generateDemo, type DemoResult } from '../demo/generator'

export interface DemoFileRequest {
  tickets: number
  seed: number
  endAt?: number
}

export function removeDbFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true })
  fs.rmSync(checkStampFile(file), { force: true })
}

/** Writes a complete demo workspace into `file` (which must not exist); removes it again if anything fails. */
export function buildDemoFile(
  file: string,
  request: DemoFileRequest,
  onProgress?: (done: number, total: number) => void,
): DemoResult {
  removeDbFiles(file)
  const db = openDatabase(file)
  try {
    const result = generateDemo(db, { tickets: request.tickets, seed: request.seed, endAt: request.endAt, onProgress })
    writeMeta(db, { name: 'Demo workspace', is_demo: '1', created_at: String(Date.now()) })
    // Fold the WAL into the main file so the file can be renamed into place on its own.
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    return result
  } catch (err) {
    db.close()
    removeDbFiles(file)
    throw err
  }
}
