import { describe, expect, it } from 'vitest'
import {
  assignColumn,
  blockers,
  fieldOfColumn,
  presetForFile,
  sampleValues,
  setValueMapping,
  valueFields,
} from '../../../src/renderer/features/imports/mappingModel'
import { EMPTY_MAPPING, type ImportInspection, type ImportMapping } from '../../../src/shared/importMapping'

const inspection: ImportInspection = {
  fileName: 'cases.csv',
  size: 100,
  format: 'csv',
  encoding: 'utf-8',
  delimiter: ',',
  columns: ['Ref', 'Title', 'State', 'Opened'],
  preview: [
    { line: 2, cells: ['1', 'Hello', 'Working', '03/04/2025'] },
    { line: 3, cells: ['2', 'Hello', 'Closed', '05/06/2025'] },
    { line: 4, cells: ['3', '', 'Working', '07/08/2025'] },
  ],
  presetId: 'generic',
  mapping: { ...EMPTY_MAPPING, columns: { subject: 'Title', status: 'State', createdAt: 'Opened' } },
  dateOrder: 'ambiguous',
  sampleValues: { status: ['Working', 'Closed', 'Escalated'] },
  warnings: [],
}

describe('the import mapping table', () => {
  it('moves a field between columns, one column per field and one field per column', () => {
    let m: ImportMapping = inspection.mapping
    m = assignColumn(m, 'Ref', 'externalId')
    expect(fieldOfColumn(m, 'Ref')).toBe('externalId')
    m = assignColumn(m, 'Ref', 'subject')
    expect(m.columns).toEqual({ subject: 'Ref', status: 'State', createdAt: 'Opened' })
    expect(fieldOfColumn(m, 'Title')).toBeNull()
    m = assignColumn(m, 'State', null)
    expect(m.columns.status).toBeUndefined()
  })

  it('samples distinct non-empty values and offers every sampled value for value mappings', () => {
    expect(sampleValues(inspection, 'Title')).toEqual(['Hello'])
    expect(sampleValues(inspection, 'Nope')).toEqual([])
    expect(valueFields(inspection.mapping, inspection)).toEqual([
      { field: 'status', values: ['Working', 'Closed', 'Escalated'] },
    ])
    const m = setValueMapping(inspection.mapping, 'status', 'Working', ' open ')
    expect(m.values.status).toEqual({ Working: 'open' })
    expect(setValueMapping(m, 'status', 'Working', '').values.status).toEqual({})
  })

  it('says what blocks an import: a missing id or creation date, an undecided date order', () => {
    expect(blockers(inspection.mapping, inspection)).toEqual([
      'Choose the column that holds the ticket id.',
      'The dates could be day-first or month-first: choose the date order.',
    ])
    const ready = { ...assignColumn(inspection.mapping, 'Ref', 'externalId'), dateOrder: 'dmy' as const }
    expect(blockers(ready, inspection)).toEqual([])
  })

  it('applies a saved preset to a file, dropping columns the file does not have', () => {
    const saved: ImportMapping = {
      ...EMPTY_MAPPING,
      columns: { externalId: 'Ref', assignee: 'Owner' },
      dateOrder: 'mdy',
    }
    expect(presetForFile(saved, inspection)).toEqual({ ...saved, columns: { externalId: 'Ref' } })
  })
})
