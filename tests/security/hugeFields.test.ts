/**
 * reliability.md, Input: "quoted newlines, ragged rows, unterminated quotes and 10 MB fields produce line-numbered
 * errors in an import report, with memory bounded and the rest of the file imported". The app runs the import in a
 * worker whose heap is capped (WORKER_HEAP_MB); a cap on the heap misses Buffers, so here it runs inline and what is
 * live (JS heap and Buffers outside it) is measured each time the reader hands the parser a chunk.
 */
import fs from 'node:fs'
import path from 'node:path'
import v8 from 'node:v8'
import vm from 'node:vm'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { WorkbenchEvent } from '../../src/shared/api/types'
import type { ImportInspection } from '../../src/shared/importMapping'
import { createBackend, type Backend } from '../../src/main/app/backend'
import { CsvParser } from '../../src/main/ingest/csvParser'
import { tempDir } from '../helpers/tmp'

// Garbage (chunks already parsed) would blur the measure: only what is still reachable counts.
v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

let backend: Backend | null = null
afterEach(() => {
  vi.restoreAllMocks()
  backend?.close()
  backend = null
})

/** Live JS heap and live memory outside it (Buffers, ArrayBuffers), after a full collection. */
function liveMemory(): { heap: number; outside: number } {
  gc()
  const m = process.memoryUsage()
  return { heap: m.heapUsed, outside: m.external }
}

const HEADER = 'Id,Subject,Description,Status,Priority,Via,Created at,Updated at,Tags'
const row = (id: number, description = 'ok') =>
  `${id},Subject ${id},"${description}",open,high,email,2025-01-31T14:05:00Z,2025-02-01T10:00:00Z,billing`

describe('importing a file with 10 MB fields and broken rows', () => {
  it('reports each bad row by line, keeps memory bounded and imports every other row', async () => {
    const dir = tempDir('owb-huge-')
    const file = path.join(dir, 'huge.csv')
    const big = 'x'.repeat(10 * 1024 * 1024)
    const lines = [
      HEADER,
      row(1),
      row(2, 'line one\nline two'), // a quoted newline: lines 3-4, one record
      `3,Subject 3,"${big}",open,high,email,2025-01-31T14:05:00Z,2025-02-01T10:00:00Z,billing`, // line 5: 10 MB quoted
      row(4),
      `5,Subject 5,${big},open,high,email,2025-01-31T14:05:00Z,2025-02-01T10:00:00Z,billing`, // line 7: 10 MB unquoted
      row(6),
      '7,ragged', // line 9: too few columns
      row(8),
      `9,Subject 9,"never closed,open,high,email,2025-01-31T14:05:00Z,2025-02-01T10:00:00Z,billing`, // line 11 to the end
    ]
    fs.writeFileSync(file, `${lines.join('\n')}\n`)
    const logs: string[] = []
    backend = await createBackend({
      dataDir: path.join(dir, 'data'),
      transport: 'cli',
      noDemo: true,
      log: (l) => logs.push(l),
    })
    const b = backend
    const call = async <T>(m: string, input: unknown): Promise<T> => {
      const r = await b.dispatch(m, input)
      if (!r.ok) throw new Error(`${m}: ${r.error.message}`)
      return r.value as T
    }
    const before = liveMemory()
    const peak = { heap: 0, outside: 0, chunks: 0 }
    // Sampled as each chunk reaches the parser: a reader that holds the whole file is caught in the act, even if it
    // never yields to the event loop.
    const push = CsvParser.prototype.push
    vi.spyOn(CsvParser.prototype, 'push').mockImplementation(function (this: CsvParser, text: string) {
      const now = liveMemory()
      peak.heap = Math.max(peak.heap, now.heap - before.heap)
      peak.outside = Math.max(peak.outside, now.outside - before.outside)
      peak.chunks++
      push.call(this, text)
    })
    const inspection = await call<ImportInspection>('import.inspect', { file: { path: file } })
    const done = new Promise<WorkbenchEvent>((resolve) =>
      b.onEvent((e) => e.type === 'task' && e.task.kind === 'import' && e.task.state !== 'running' && resolve(e)),
    )
    await call('import.start', {
      file: { path: file },
      mapping: inspection.mapping,
      timeZone: 'UTC',
      sourceName: 'Huge',
    })
    const finished = await done
    expect(finished).toMatchObject({ task: { state: 'done' } })
    // Streamed, not slurped: a few 1 MB chunks outside the heap at most, never the 20 MB file; the heap holds a few
    // fields' worth.
    expect(peak.chunks).toBeGreaterThanOrEqual(20)
    expect(peak.outside).toBeLessThan(8 * 1024 * 1024)
    expect(peak.heap + peak.outside).toBeLessThan(120 * 1024 * 1024)
    const runs = await call<{ id: number }[]>('import.reports', {})
    const report = await call<{
      run: { imported?: number; rejected: number }
      rejects: { line: number; reason: string }[]
    }>('import.report', { id: runs[0]?.id })
    const ids = (
      b.manager.require().db.prepare('SELECT external_id FROM tickets ORDER BY CAST(external_id AS INTEGER)').all() as {
        external_id: string
      }[]
    ).map((r) => r.external_id)
    expect(ids).toEqual(expect.arrayContaining(['1', '2', '4', '6', '8']))
    const badLines = report.rejects.map((r) => r.line)
    expect(badLines).toEqual(expect.arrayContaining([5, 7, 9, 11]))
    for (const r of report.rejects) expect(r.reason.length).toBeLessThan(500)
    expect(logs.join('\n').length).toBeLessThan(100_000)
  }, 120_000)
})
