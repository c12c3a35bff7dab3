import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { csvCell, csvField, csvRow, FORMULA_TRIGGERS, neutraliseCell } from '../../src/shared/csvSafe'
import { parseCsv } from '../helpers/csv'

/** Text that often starts with a formula trigger and holds quotes, commas and line breaks. */
const nastyText = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', 'a', ' ', "'", 'é', '😀') }),
  fc.tuple(fc.constantFrom(...FORMULA_TRIGGERS), fc.string()).map(([a, b]) => a + b),
)

describe('neutraliseCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+33 1 23', "'+33 1 23"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', "'\rcmd"],
    ['=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'],
    ['Login help', 'Login help'],
    ['', ''],
    ["'already", "'already"],
  ])('%j → %j', (input, output) => {
    expect(neutraliseCell(input)).toBe(output)
  })

  it('never returns text that starts with a formula trigger', () => {
    fc.assert(
      fc.property(nastyText, (text) => {
        const out = neutraliseCell(text)
        expect(FORMULA_TRIGGERS.includes(out.charAt(0))).toBe(false)
        // Only ever a prefix: the analyst still sees the original text after the apostrophe.
        expect(out === text || out === `'${text}`).toBe(true)
      }),
    )
  })
})

describe('CSV quoting (RFC 4180)', () => {
  it('quotes only fields that need it and doubles inner quotes', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvCell(null)).toBe('')
    expect(csvCell(-3)).toBe('-3')
    expect(csvCell(Number.NaN)).toBe('')
  })

  it('parses back to exactly the neutralised values, and no parsed text cell starts with a trigger', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(nastyText, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        (rows) => {
          const text = rows.map((r) => csvRow(r)).join('')
          const parsed = parseCsv(text)
          expect(parsed).toEqual(rows.map((r) => r.map(neutraliseCell)))
          for (const row of parsed)
            for (const cell of row) expect(FORMULA_TRIGGERS.includes(cell.charAt(0))).toBe(false)
        },
      ),
    )
  })

  it('writes numbers as numeric literals', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (n) => {
        expect(parseCsv(csvRow([n, 'x']))).toEqual([[String(n), 'x']])
      }),
    )
  })
})
