import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { flatten, JsonArrayScanner, NdjsonScanner, type JsonRecord } from '../../../src/main/ingest/jsonRecords'
import { chunkRanges } from '../../helpers/chunks'

function scan(text: string, chunk = text.length): { records: JsonRecord[]; problem: string | null } {
  const records: JsonRecord[] = []
  const s = new JsonArrayScanner((r) => records.push(r))
  for (let i = 0; i < text.length; i += chunk) s.push(text.slice(i, i + chunk))
  s.end()
  return { records, problem: s.problem }
}

const ENVELOPE = `{
  "count": 2,
  "tickets": [
    { "id": 1, "subject": "a [b] {c}", "tags": ["x"] },
    {
      "id": 2,
      "subject": "quote \\" and \\\\",
      "via": { "channel": "email" }
    }
  ],
  "after_cursor": "abc",
  "end_of_stream": true
}`

describe('JSON records', () => {
  it('finds the records of a Zendesk incremental export, with the line each starts on, in any chunking', () => {
    for (const chunk of [1, 3, 17, 10_000]) {
      const { records, problem } = scan(ENVELOPE, chunk)
      expect(problem).toBeNull()
      expect(records.map((r) => r.line)).toEqual([4, 5])
      expect(records.map((r) => (r.value as { id: number }).id)).toEqual([1, 2])
      expect((records[1]?.value as { subject: string }).subject).toBe('quote " and \\')
    }
  })

  it('reads a top-level array, and says what is wrong with a record that does not parse', () => {
    const { records } = scan('[\n{"id":1},\n{"id":2,,},\n{"id":3}\n]')
    expect(records.map((r) => [r.line, r.error === null])).toEqual([
      [2, true],
      [3, false],
      [4, true],
    ])
    expect(records[1]?.error).toMatch(/not valid JSON/)
  })

  it('refuses an object with no array of records', () => {
    expect(scan('{"a": 1, "b": {"c": [1]}}').problem).toMatch(/no array of records/)
    expect(scan('hello').problem).toMatch(/does not start with a JSON array or object/)
  })

  it('reads NDJSON a line at a time, skipping blank lines and reporting a broken one', () => {
    const records: JsonRecord[] = []
    const s = new NdjsonScanner((r) => records.push(r))
    for (const piece of ['{"id":1}\n\n{"id"', ':2}\n{"id":\n{"id":4}']) s.push(piece)
    s.end()
    expect(records.map((r) => [r.line, r.error === null])).toEqual([
      [1, true],
      [3, true],
      [4, false],
      [5, true],
    ])
  })

  it('flattens records to dotted keys; custom fields become one key each', () => {
    expect(
      flatten({
        id: 7,
        via: { channel: 'web', source: { from: {} } },
        tags: ['a', 'b'],
        custom_fields: [
          { id: 80429327, value: 'creator_payouts' },
          { id: 5, value: null },
        ],
        metric_set: { reply_time_in_minutes: { calendar: 42, business: 30 } },
      }),
    ).toEqual({
      id: 7,
      'via.channel': 'web',
      tags: ['a', 'b'],
      'custom_fields.80429327': 'creator_payouts',
      'custom_fields.5': null,
      'metric_set.reply_time_in_minutes.calendar': 42,
      'metric_set.reply_time_in_minutes.business': 30,
    })
  })
})

type Flat = Record<string, string | number | boolean | null>

function scanChunks(format: 'array' | 'envelope' | 'ndjson', chunks: string[]) {
  const records: JsonRecord[] = []
  const s =
    format === 'ndjson' ? new NdjsonScanner((r) => records.push(r)) : new JsonArrayScanner((r) => records.push(r))
  for (const c of chunks) s.push(c)
  s.end()
  return { records, problem: s instanceof JsonArrayScanner ? s.problem : null }
}

/** The file as an export writes it, and the line each record starts on. */
function serialise(records: Flat[], format: 'array' | 'envelope' | 'ndjson', pretty: boolean) {
  const texts = records.map((r) => JSON.stringify(r, null, pretty ? 2 : undefined))
  const lines: number[] = []
  let line = format === 'envelope' ? 4 : format === 'array' ? 2 : 1
  for (const t of texts) {
    lines.push(line)
    // NDJSON puts each record on one line (a blank line between them when pretty).
    line += format === 'ndjson' ? (pretty ? 2 : 1) : t.split('\n').length
  }
  if (format === 'ndjson')
    return { text: texts.map((t) => t.replace(/\n\s*/g, '')).join(pretty ? '\n\n' : '\n'), lines }
  const body = `[\n${texts.join(',\n')}\n]`
  return {
    text: format === 'array' ? body : `{\n"count": ${records.length},\n"tickets": ${body},\n"end": true}`,
    lines,
  }
}

describe('JSON records, for any records', () => {
  const value = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.string({ unit: fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', '\n', 'a'), maxLength: 10 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
  )
  const records = fc.array(fc.dictionary(fc.string({ maxLength: 8 }), value, { maxKeys: 6 }), { maxLength: 8 })
  const format = fc.constantFrom<'array' | 'envelope' | 'ndjson'>('array', 'envelope', 'ndjson')
  const cuts = fc.array(fc.nat(), { maxLength: 10 })

  it('yields the same records in order, each with the line it starts on, however the text is cut', () => {
    fc.assert(
      fc.property(records, format, fc.boolean(), cuts, (recs, fmt, pretty, at) => {
        // What JSON itself can carry (-0 comes back as 0).
        const expected = JSON.parse(JSON.stringify(recs)) as Flat[]
        const { text, lines } = serialise(recs, fmt, pretty)
        const { records: got, problem } = scanChunks(
          fmt,
          chunkRanges(text.length, at).map(([a, b]) => text.slice(a, b)),
        )
        expect(problem).toBeNull()
        expect(got.map((r) => r.error)).toEqual(expected.map(() => null))
        expect(got.map((r) => r.value)).toEqual(expected)
        expect(got.map((r) => r.line)).toEqual(lines)
      }),
      { numRuns: 400 },
    )
  })

  it('reports a file cut short with an error, never an exception, keeping the whole records before the cut', () => {
    fc.assert(
      fc.property(
        records.filter((r) => r.length > 0),
        format,
        fc.boolean(),
        fc.nat(),
        cuts,
        (recs, fmt, pretty, end, at) => {
          const expected = JSON.parse(JSON.stringify(recs)) as Flat[]
          const { text } = serialise(recs, fmt, pretty)
          // NDJSON cut between lines is a shorter file, not a broken one: cut inside the last record's text.
          const lastStart = fmt === 'ndjson' ? text.lastIndexOf('{') : 1
          const cutAt = lastStart + 1 + (end % (text.length - lastStart - 1))
          const { records: got, problem } = scanChunks(
            fmt,
            chunkRanges(cutAt, at).map(([a, b]) => text.slice(a, b)),
          )
          const good = got.filter((r) => r.error === null).map((r) => r.value)
          expect(good).toEqual(expected.slice(0, good.length))
          expect(got.slice(good.length).length + (problem ? 1 : 0)).toBeGreaterThan(0)
          for (const bad of got.slice(good.length)) expect(bad.error).toMatch(/ends|not valid JSON/)
        },
      ),
      { numRuns: 400 },
    )
  })
})
