import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CsvParser,
  MAX_FIELD_CHARS,
  parseCsv,
  sniffDelimiter,
  type CsvRecord,
} from '../../../src/main/ingest/csvParser'
import { chunkRanges } from '../../helpers/chunks'

/** Feeds text in the given pieces, as a stream would. */
function parseChunks(chunks: string[], delimiter: string, maxFieldChars?: number): CsvRecord[] {
  const out: CsvRecord[] = []
  const p = new CsvParser(delimiter, (r) => out.push(r), maxFieldChars)
  for (const c of chunks) p.push(c)
  p.end()
  return out
}

/** Whether `writeCsv` writes the field in quotes. */
function quoted(f: string, delimiter: string): boolean {
  return f === '' || f.includes('"') || f.includes(delimiter) || /[\r\n]/.test(f) || f.trim() !== f
}

function writeCsv(rows: string[][], delimiter: string, eol: string): string {
  const quote = (f: string): string => (quoted(f, delimiter) ? `"${f.replace(/"/g, '""')}"` : f)
  return rows.map((r) => r.map(quote).join(delimiter)).join(eol) + eol
}

const lineBreaks = (s: string): number => s.split(/\r\n|\n|\r/).length - 1

const tables = (field: fc.Arbitrary<string>): fc.Arbitrary<string[][]> =>
  fc
    .integer({ min: 1, max: 6 })
    .chain((width) =>
      fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 }),
    )

/** Records with each long field shown by name or length, so a failure prints a diff a person can read. */
function readable(records: CsvRecord[], names: Record<string, string>): CsvRecord[] {
  const byText = new Map(Object.entries(names).map(([name, text]) => [text, `<${name}>`]))
  return records.map((r) => ({
    ...r,
    fields: r.fields.map((f) => byText.get(f) ?? (f.length > 64 ? `<${f.length} chars>` : f)),
  }))
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

  it('skips a quoted field past MAX_FIELD_CHARS through its closing quote and keeps every later row, in any chunking', () => {
    // One character over the limit, with a doubled quote, a line break and a delimiter in it; the next field is at
    // the limit exactly, so it is kept.
    const over = `${'x'.repeat(MAX_FIELD_CHARS - 2)}"\n,`
    const atLimit = 'k'.repeat(MAX_FIELD_CHARS)
    const text = `id,text,n\n1,"${over.replace(/"/g, '""')}",tail\n2,"${atLimit}",3\n4,"after",5\n6,six,"7"\n`
    const expected = [
      { fields: ['id', 'text', 'n'], line: 1, error: null },
      {
        fields: [],
        line: 2,
        error: expect.stringMatching(/^a quoted field opened on line 2 runs past 8,000,000 characters/) as string,
      },
      { fields: ['2', '<atLimit>', '3'], line: 4, error: null },
      { fields: ['4', 'after', '5'], line: 5, error: null },
      { fields: ['6', 'six', '7'], line: 6, error: null },
    ]
    const check = (cuts: number[]): void => {
      const chunks = chunkRanges(text.length, cuts).map(([a, b]) => text.slice(a, b))
      expect(readable(parseChunks(chunks, ','), { atLimit })).toEqual(expected)
    }
    check([])
    // The reader's 1 MB chunks.
    check(Array.from({ length: Math.ceil(text.length / 2 ** 20) }, (_, k) => k * 2 ** 20))
    // Cut just before and just after each long field's closing quote.
    for (const close of [text.indexOf('",tail'), text.indexOf('",3')])
      for (const cut of [close, close + 1]) check([cut])
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 6 }), check), { numRuns: 5 })
  })

  it('reports a quote that is never closed, with the line it opened on', () => {
    const records = parseCsv('a,b\n1,2\n3,"open\nstill open\n', ',')
    expect(records[1]).toMatchObject({ fields: ['1', '2'], line: 2, error: null })
    expect(records[2]?.line).toBe(3)
    expect(records[2]?.error).toMatch(/opened on line 3 is never closed/)
  })

  it('reports a quote past the field limit that is never closed once, and reads none of its text as rows', () => {
    const records = parseChunks(['a,b\n1,2\n3,"open\nstill', ' open\n4,5\n'], ',', 8)
    expect(records).toHaveLength(3)
    expect(records[2]).toMatchObject({ fields: [], line: 3 })
    expect(records[2]?.error).toMatch(/^a quoted field opened on line 3 runs past 8 characters/)
  })

  it('counts a doubled quote toward the field limit like any other character, in any chunking', () => {
    // 'abcd"' is 5 characters: at the limit, kept; 'abcde"' is 6: past it, reported and skipped, the next row kept.
    const text = 'a\n"abcd"""\n"abcde"""\n"ok"\n'
    for (const cut of [1, 2, 3, 7, 13, 18]) {
      const records = parseChunks([text.slice(0, cut), text.slice(cut)], ',', 5)
      expect(records.map((r) => r.fields)).toEqual([['a'], ['abcd"'], [], ['ok']])
      expect(records[2]).toMatchObject({ line: 3 })
      expect(records[2]?.error).toMatch(/^a quoted field opened on line 3 runs past 5 characters/)
    }
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
        tables(field),
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
            line += lineBreaks(writeCsv([row], delimiter, eol))
          })
        },
      ),
      { numRuns: 400 },
    )
  })

  it('drops just the record whose quoted field runs past the limit, keeping every other row, in any chunking', () => {
    const field = fc.string({ unit: fc.constantFrom('a', ',', ';', ' ', '"', '\n', '\r', '\r\n', '😀'), maxLength: 12 })
    fc.assert(
      fc.property(
        tables(field),
        fc.integer({ min: 1, max: 10 }),
        fc.constantFrom(',', ';'),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat(), { maxLength: 5 }),
        (rows, limit, delimiter, eol, cuts) => {
          const text = writeCsv(rows, delimiter, eol)
          const chunks = chunkRanges(text.length, cuts).map(([a, b]) => text.slice(a, b))
          let line = 1
          const expected = rows.map((row) => {
            const start = line
            line += lineBreaks(writeCsv([row], delimiter, eol))
            let fieldLine = start
            for (const f of row) {
              if (quoted(f, delimiter) && f.length > limit)
                return {
                  fields: [],
                  line: start,
                  error: expect.stringMatching(
                    new RegExp(`^a quoted field opened on line ${fieldLine} runs past ${limit} characters`),
                  ) as string,
                }
              fieldLine += lineBreaks(f)
            }
            return { fields: row, line: start, error: null }
          })
          expect(parseChunks(chunks, delimiter, limit)).toEqual(expected)
        },
      ),
      { numRuns: 400 },
    )
  })

  it('gives the same records for any text, well formed or not, whatever the chunking and the field limit', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', '\r\n'), maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (text, limit, cuts) => {
          const chunks = chunkRanges(text.length, cuts).map(([a, b]) => text.slice(a, b))
          expect(parseChunks(chunks, ',', limit)).toEqual(parseChunks([text], ',', limit))
        },
      ),
      { numRuns: 1000 },
    )
  })
})
