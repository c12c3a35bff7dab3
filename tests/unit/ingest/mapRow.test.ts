import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { IMPORT_FIELDS, type ImportMapping } from '../../../src/shared/importMapping'
import { compileMapping } from '../../../src/main/ingest/mapRow'

/** Every workbench field read from a column of its own name. */
const mapping: ImportMapping = {
  columns: Object.fromEntries(IMPORT_FIELDS.map((f) => [f, f])),
  values: { status: { Offen: 'open' } },
  constants: {},
  durationUnits: { firstReplyMinutes: 'seconds' },
  dateOrder: 'auto',
}
const map = compileMapping(mapping, IMPORT_FIELDS, 'Europe/Dublin')

describe('mapping one row to a ticket', () => {
  it('never throws, whatever the cells hold: each row becomes a ticket or a reason', () => {
    // JSON records bring any value at all into a cell: objects, arrays, `{"toString": []}` that String() throws on.
    const cell = fc.oneof(fc.anything(), fc.constant({ toString: [] }), fc.array(fc.constant({ toString: [] })))
    fc.assert(
      fc.property(fc.array(cell, { minLength: IMPORT_FIELDS.length, maxLength: IMPORT_FIELDS.length }), (cells) => {
        const r = map({ line: 2, cells, error: null })
        if (r.ticket) expect(r.error).toBeNull()
        else expect(r.error).toEqual(expect.any(String))
      }),
      { numRuns: 3000 },
    )
  })

  it('maps a well-formed row, and reads cells holding objects as their JSON', () => {
    const cells: unknown[] = IMPORT_FIELDS.map(() => null)
    const set = (f: (typeof IMPORT_FIELDS)[number], v: unknown) => (cells[IMPORT_FIELDS.indexOf(f)] = v)
    set('externalId', 'T-1')
    set('createdAt', '2025-01-31T14:05:09.250Z')
    set('updatedAt', '2025-07-01 09:00:00')
    set('status', ' offen ')
    set('firstReplyMinutes', '120')
    set('subject', { toString: [] })
    set('tags', ['vip', { toString: [] }, null])
    const r = map({ line: 2, cells, error: null })
    expect(r.error).toBeNull()
    expect(r.ticket).toMatchObject({
      externalId: 'T-1',
      createdAt: Date.parse('2025-01-31T14:05:09.250Z'),
      // Wall-clock time in the mapping's zone (Dublin is on summer time in July).
      updatedAt: Date.parse('2025-07-01T08:00:00Z'),
      status: 'open',
      firstReplyMinutes: 2,
      subject: '{"toString":[]}',
      tags: ['vip', '{"toString":[]}'],
    })
  })
})
