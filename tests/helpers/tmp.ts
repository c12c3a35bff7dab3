import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach } from 'vitest'

const made: string[] = []

/** A fresh temporary directory for this test, removed after it. */
export function tempDir(prefix = 'owb-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  made.push(dir)
  return dir
}

afterEach(() => {
  while (made.length) {
    const dir = made.pop() as string
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
