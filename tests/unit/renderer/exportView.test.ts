/** What the Export menu sends and how export progress reads, without a DOM. */
import { describe, expect, it } from 'vitest'
import type { TaskProgress } from '../../../src/shared/api/types'
import { ANALYST_COLUMN_IDS, caseColumns, exportColumnOrder } from '../../../src/renderer/features/cases/caseColumns'
import { taskRate } from '../../../src/renderer/features/tasks/taskMath'
import { taskNumbers } from '../../../src/renderer/features/tasks/TaskProgressView'
import { downloadHref, fileName } from '../../../src/renderer/features/tasks/tasksSlice'

const task = (over: Partial<TaskProgress>): TaskProgress => ({
  taskId: 'export-1',
  kind: 'export',
  label: 'Exporting',
  done: 0,
  total: 100_000,
  unit: 'tickets',
  startedAt: 0,
  state: 'running',
  ...over,
})

describe('export from the grid', () => {
  it('exports the visible contract columns in the order the grid shows them (not the analyst review columns)', () => {
    const visible = ['csat', 'subject', 'id', 'createdAt']
    const analyst: readonly (string | undefined)[] = ANALYST_COLUMN_IDS
    const gridOrder = caseColumns({ visible, timeZone: 'UTC' })
      .filter((c) => !c.hide && !analyst.includes(c.colId))
      .map((c) => c.colId)
    expect(exportColumnOrder(visible)).toEqual(gridOrder)
    expect(exportColumnOrder(['nope', 'id'])).toEqual(['id'])
  })

  it('shows rows per second and time left while running', () => {
    expect(taskRate(task({ done: 20_000 }), 500)).toBeNull()
    expect(taskRate(task({ done: 20_000 }), 2_000)).toBe(10_000)
    const text = taskNumbers(task({ done: 20_000 }), 2_000)
    expect(text).toContain('20%')
    expect(text).toMatch(/10.000 tickets\/s/)
    expect(text).toContain('left')
    expect(taskRate(task({ done: 20_000, state: 'cancelled' }), 2_000)).toBeNull()
  })

  it('shows a stage by what it is doing, how far and its time left, with no rate of its units', () => {
    const stage = task({ kind: 'import', unit: 'steps', done: 350, total: 700, startedAt: 0 })
    stage.stage = { label: 'Summing the trend charts', startedAt: 10_000 }
    expect(taskNumbers(stage, 20_000)).toBe('Summing the trend charts · 50% · about 10 s left')
    expect(taskNumbers({ ...stage, stage: undefined }, 20_000)).toMatch(/^350 \/ 700 steps · 50% · 18 steps\/s · /)
  })

  it('links the download by plain file name only', () => {
    expect(fileName('/data/exports/demo-20261122-0914.csv')).toBe('demo-20261122-0914.csv')
    expect(fileName('C:\\data\\exports\\demo-20261122-0914.xlsx')).toBe('demo-20261122-0914.xlsx')
    expect(downloadHref('/data/exports/demo-20261122-0914.csv')).toBe('/api/download?file=demo-20261122-0914.csv')
  })
})

describe('export column order', () => {
  it('follows the order the analyst dragged the columns into; unknown columns follow in default order', () => {
    const visible = ['id', 'subject', 'status', 'csat']
    expect(exportColumnOrder(visible, [{ key: 'csat' }, { key: 'id' }, { key: 'subject' }])).toEqual([
      'csat',
      'id',
      'subject',
      'status',
    ])
    // Hidden columns in the layout are not exported.
    expect(exportColumnOrder(['id'], [{ key: 'csat' }, { key: 'id' }])).toEqual(['id'])
  })
})
