import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CsvParser, parseCsv, sniffDelimiter, type CsvRecord } from '../../../src/main/ingest/csvParser'
import { chunkRanges } from '../../helpers/chunks'

/** Feeds text in the given pieces, as a stream would. */
function parseChunks(chunks: string[], delimiter: string): CsvRecord[] {
  const out: CsvRecord[] = []
  const p = new CsvParser(delimiter, (r) => out.push(r))
  for (const c of chunks) p.push(c)
  p.end()
  return out
}

function writeCsv(rows: string[][], delimiter: string, eol: string): string {
  const quote = (f: string): string =>
    f === '' || f.includes('"') || f.includes(delimiter) || /[\r\n]/.test(f) || f.trim() !== f
      ? `"${f.replace(/"/g, '""')}"`
      : f
  return rows.map((r) => r.map(quote).join(delimiter)).join(eol) + eol
}

describe('the CSV parser', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks, numbering physical lines', () => {
    const text = 'id,text,n\n1,"a, b",2\n2,"say ""hi""",3\n3,"two\nlines\r\nthree",4\n4,plain,5\n'
    const records = parseCsv(text, ',')
    expect(records.map((r) => r.fields)).toEqual([
      ['id', 'text', 'n'],
      ['1', 'a, b', '2'],
      ['2', 'say "hi"', '3'],
      ['3', 'two\nlines\r\nthree', '4'],
      ['4', 'plain', '5'],
    ])
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4, 7])
  })

  it('handles CRLF, lone CR, a missing final newline and blank lines', () => {
    const records = parseCsv('a,b\r\n1,2\r3,4\n\n5,6', ',')
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ])
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5])
  })

  it('gives the same records and lines however the text is cut into chunks', () => {
    const text = 'a;b\r\n"x\r\ny";"q""q"\r\nlast;"z"\r\n'
    const whole = parseCsv(text, ';')
    expect(parseChunks([...text], ';')).toEqual(whole)
    for (let cut = 1; cut < text.length; cut++)
      expect(parseChunks([text.slice(0, cut), text.slice(cut)], ';')).toEqual(whole)
  })

  it('reports a quote that is never closed, with the line it opened on', () => {
    const records = parseCsv('a,b\n1,2\n3,"open\nstill open\n', ',')
    expect(records[1]).toMatchObject({ fields: ['1', '2'], line: 2, error: null })
    expect(records[2]?.line).toBe(3)
    expect(records[2]?.error).toMatch(/opened on line 3 is never closed/)
  })

  it('keeps sloppy quotes as text rather than losing the row', () => {
    expect(parseCsv('a,b\n5" screen,"x"y\n', ',')[1]?.fields).toEqual(['5" screen', 'xy'])
  })

  it('sniffs the delimiter, ignoring delimiters inside quotes', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n')).toBe(',')
    expect(sniffDelimiter('a;b;c\n"1,5";2;3\n4;5;6\n')).toBe(';')
    expect(sniffDelimiter('a\tb\n1\t2\n')).toBe('\t')
    expect(sniffDelimiter('a|b|c\n1|2|3\n')).toBe('|')
  })

  it('reads back any table written as CSV (quotes, newlines, delimiters, unicode), in any chunking', () => {
    const field = fc.string({
      unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '\t', '|', '"', '\n', '\r\n', 'é', '€', '😀', '中', '0'),
      maxLength: 12,
    })
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((width) =>
            fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 }),
          ),
        fc.constantFrom(',', ';', '\t', '|'),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat(), { maxLength: 5 }),
        (rows, delimiter, eol, cuts) => {
          const text = writeCsv(rows, delimiter, eol)
          const chunks = chunkRanges(text.length, cuts).map(([a, b]) => text.slice(a, b))
          const records = parseChunks(chunks, delimiter)
          expect(records.map((r) => r.fields)).toEqual(rows)
          // Every record starts on the physical line its text starts on.
          let line = 1
          rows.forEach((row, i) => {
            expect(records[i]?.line).toBe(line)
            line += writeCsv([row], delimiter, eol).split(/\r\n|\n|\r/).length - 1
          })
        },
      ),
      { numRuns: 400 },
    )
  })
})
