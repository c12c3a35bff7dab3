import { describe, expect, it } from 'vitest'
import { flatten, JsonArrayScanner, NdjsonScanner, type JsonRecord } from '../../../src/main/ingest/jsonRecords'

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
