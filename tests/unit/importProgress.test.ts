/** How an import's progress reads as a task: rows while reading, then the index rebuild as a stage of its own. */
import { describe, expect, it } from 'vitest'
import type { TaskProgress, WorkbenchEvent } from '../../src/shared/api/types'
import { EventBus, TaskReporter } from '../../src/main/app/events'
import { reportImportProgress } from '../../src/main/api/importHandlers'
import { taskRate, taskRemainingMs } from '../../src/renderer/features/tasks/taskMath'

describe('import progress as a task', () => {
  it('counts rows against the extrapolated file, then shows each rebuild step at once with its own bar and time left', () => {
    const bus = new EventBus()
    const seen: TaskProgress[] = []
    bus.on((e: WorkbenchEvent) => {
      if (e.type === 'task') seen.push(e.task)
    })
    const reporter = new TaskReporter(bus, 'import', 'Importing big.csv', null, 'rows')
    // 250,000 rows read with a quarter of the bytes, 240,000 of them written: the file holds about a million, not
    // the 960,000 the written rows alone would suggest.
    reportImportProgress(reporter, 'big.csv', {
      rows: 240_000,
      rowsRead: 250_000,
      bytesRead: 100,
      size: 400,
      phase: 'reading',
    })
    expect(reporter.task).toMatchObject({ done: 240_000, total: 1_000_000, unit: 'rows' })
    expect(reporter.task.stage).toBeUndefined()

    const at = Date.now()
    const indexing = (label: string, done: number) =>
      reportImportProgress(reporter, 'big.csv', {
        rows: 1_000_000,
        rowsRead: 1_000_000,
        bytesRead: 400,
        size: 400,
        phase: 'indexing',
        indexing: { label, done, total: 70 },
      })
    indexing('Listing the tags', 0)
    const stage = reporter.task.stage
    expect(stage?.label).toBe('Listing the tags')
    expect(stage?.startedAt).toBeGreaterThanOrEqual(at)
    expect(reporter.task).toMatchObject({ label: 'Indexing big.csv', done: 0, total: 700, unit: 'steps' })
    // A new step is told at once, even right after the last event: its label must not wait.
    const events = seen.length
    indexing('Building the full-text search index', 35)
    expect(seen.length).toBe(events + 1)
    expect(seen.at(-1)?.stage?.label).toBe('Building the full-text search index')
    // The same step again within 200 ms waits for the next event.
    indexing('Building the full-text search index', 36)
    expect(seen.length).toBe(events + 1)
    expect(reporter.task.stage?.startedAt).toBe(stage?.startedAt)

    // The time left is reckoned from the stage's start, and there is no rate of "steps" (exportView.test.ts shows it).
    const task: TaskProgress = { ...reporter.task, stage: { label: 'Summing the trend charts', startedAt: 10_000 } }
    task.done = 350
    expect(taskRate(task, 20_000)).toBeNull()
    expect(taskRemainingMs(task, 20_000)).toBeCloseTo(10_000)
  })
})
