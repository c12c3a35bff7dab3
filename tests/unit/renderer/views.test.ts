/** Saved views in the renderer: the current definition, applying one back, and change detection. */
import { describe, expect, it } from 'vitest'
import { DEFAULT_SORT } from '../../../src/shared/api/contract'
import { TICKET_COLUMNS } from '../../../src/shared/domain'
import {
  applyDefinition,
  currentDefinition,
  definitionKey,
  isDefaultView,
  type GridView,
} from '../../../src/renderer/features/views/viewModel'
import { presetRange, withRange } from '../../../src/renderer/features/cases/filterModel'
import { DEFAULT_VISIBLE_COLUMNS } from '../../../src/renderer/features/cases/caseColumns'

const TZ = 'Europe/Dublin'
const DAY = 86_400_000
const saveTime = Date.UTC(2026, 2, 10, 12)

const grid = (over: Partial<GridView> = {}): GridView => {
  const dateRange = presetRange('7d', TZ, saveTime)
  return {
    filters: withRange({ channel: ['email'] }, dateRange, TZ),
    dateRange,
    sort: { column: 'priority', dir: 'desc' },
    visibleColumns: ['id', 'subject', 'status'],
    columnLayout: [{ key: 'subject' }, { key: 'id', width: 90 }],
    ...over,
  }
}

describe('view model', () => {
  it('captures every column once, in the analyst order, with widths and hidden ones marked', () => {
    const def = currentDefinition(grid())
    expect(def.columns).toHaveLength(TICKET_COLUMNS.length)
    expect(def.columns.slice(0, 2)).toEqual([{ key: 'subject' }, { key: 'id', width: 90 }])
    expect(def.columns.find((c) => c.key === 'status')).toEqual({ key: 'status' })
    expect(def.columns.find((c) => c.key === 'csat')).toEqual({ key: 'csat', hidden: true })
    expect(def.dateRange?.preset).toBe('7d')
  })

  it('re-resolves a relative date range when the view is opened later', () => {
    const def = currentDefinition(grid())
    const later = applyDefinition(def, TZ, saveTime + 30 * DAY)
    expect(later.dateRange).toEqual(presetRange('7d', TZ, saveTime + 30 * DAY))
    expect(later.filters.createdFrom).toBeGreaterThan(def.filters.createdFrom ?? Infinity)
    expect(later.filters.channel).toEqual(['email'])
    expect(later.sort).toEqual({ column: 'priority', dir: 'desc' })
    expect(later.visibleColumns).toEqual(['subject', 'id', 'status'])
    // Same view, other day: not "changed".
    expect(definitionKey(currentDefinition(later))).toBe(definitionKey(def))
  })

  it('notices a change of filter, sort, width or visibility', () => {
    const key = definitionKey(currentDefinition(grid()))
    expect(definitionKey(currentDefinition(grid({ sort: DEFAULT_SORT })))).not.toBe(key)
    expect(definitionKey(currentDefinition(grid({ filters: { channel: ['chat'] } })))).not.toBe(key)
    expect(definitionKey(currentDefinition(grid({ columnLayout: [{ key: 'id', width: 91 }] })))).not.toBe(key)
    expect(definitionKey(currentDefinition(grid({ visibleColumns: ['id', 'subject'] })))).not.toBe(key)
  })

  it('always shows the id and subject, and the default columns for a view that names none', () => {
    const def = currentDefinition(grid())
    const hidden = def.columns.map((c) => ({ ...c, hidden: c.key !== 'status' }))
    expect(applyDefinition({ ...def, columns: hidden }, TZ, saveTime).visibleColumns).toEqual([
      'id',
      'subject',
      'status',
    ])
    expect(applyDefinition({ ...def, columns: [] }, TZ, saveTime).visibleColumns).toEqual([...DEFAULT_VISIBLE_COLUMNS])
  })

  it('calls no filters in the default order the default view', () => {
    expect(isDefaultView({ filters: {}, sort: DEFAULT_SORT })).toBe(true)
    expect(isDefaultView({ filters: { text: 'x' }, sort: DEFAULT_SORT })).toBe(false)
    expect(isDefaultView({ filters: {}, sort: { column: 'id', dir: 'asc' } })).toBe(false)
  })
})
