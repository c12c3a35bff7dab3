/**
 * Records of JSON files without reading them whole: a top-level array of objects, an object holding the records in
 * an array (`tickets[]` of a Zendesk incremental export, `records[]` of a Salesforce query, `results[]` of HubSpot),
 * or NDJSON (one object a line). A scanner finds where each record starts and ends, and only that record's text is
 * parsed. Every record carries the physical line it starts on.
 */

/** Keys of a top-level object whose array holds the records, in order of preference. */
export const RECORD_ARRAY_KEYS = ['tickets', 'records', 'results', 'data', 'items'] as const

export interface JsonRecord {
  value: unknown
  line: number
  error: string | null
  /** The record's text, for the report when it cannot be parsed. */
  raw?: string
}

const enum Mode {
  /** Before the first non-space character. */
  Start,
  /** Inside a top-level object, looking for the records key. */
  Envelope,
  /** Inside the records array. */
  Records,
  /** After the records array: the rest is ignored. */
  Done,
}

/** Records longer than this are refused (a runaway string), so memory stays bounded. */
const MAX_RECORD_CHARS = 32_000_000

export class JsonArrayScanner {
  private mode = Mode.Start
  private depth = 0
  private inString = false
  private escape = false
  private line = 1
  /** Depth of the records array's elements. */
  private recordDepth = 1
  private buf = ''
  private recordLine = 0
  private inRecord = false
  private keyBuf = ''
  private collectingKey = false
  private lastKey = ''
  /** Where the key being read starts in the current chunk (0 when it began in an earlier one). */
  private keyFrom = 0
  /** The records array was found (an envelope's other keys may follow it). */
  private found = false
  /** Set when the top level is not an array or an object with a records array. */
  problem: string | null = null

  /** `keys`: which array of a top-level object holds the records (the first present of them). */
  constructor(
    private readonly emit: (record: JsonRecord) => void,
    private readonly keys: readonly string[] = RECORD_ARRAY_KEYS,
  ) {}

  push(s: string): void {
    const n = s.length
    let start = this.inRecord ? 0 : -1
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i)
      if (c === 10) this.line++
      if (this.inString) {
        if (this.escape) this.escape = false
        else if (c === 92) this.escape = true
        else if (c === 34) {
          this.inString = false
          if (this.collectingKey) {
            this.collectingKey = false
            this.lastKey = this.keyBuf + s.slice(this.keyFrom, i)
          }
        }
        continue
      }
      if (c === 32 || c === 9 || c === 10 || c === 13) continue
      // After the records, an envelope is still followed to its closing brace, so a file cut there is reported.
      if (this.mode === Mode.Done && this.depth === 0) return
      if (this.mode === Mode.Start) {
        if (c === 91) {
          this.mode = Mode.Records
          this.recordDepth = 1
          this.depth = 1
        } else if (c === 123) {
          this.mode = Mode.Envelope
          this.depth = 1
        } else {
          this.problem = 'The file does not start with a JSON array or object.'
          this.mode = Mode.Done
        }
        continue
      }
      if (this.mode === Mode.Records && !this.inRecord && this.depth === this.recordDepth) {
        if (c === 44) continue // the comma between records
        if (c === 93) {
          this.mode = Mode.Done
          this.depth--
          continue
        }
        this.inRecord = true
        this.recordLine = this.line
        this.buf = ''
        start = i
      }
      if (c === 34) {
        this.inString = true
        if (this.mode === Mode.Envelope && this.depth === 1) {
          this.collectingKey = true
          this.keyBuf = ''
          this.keyFrom = i + 1
        }
        continue
      }
      if (c === 123 || c === 91) {
        if (this.mode === Mode.Envelope && this.depth === 1 && c === 91 && this.isRecordKey()) {
          this.mode = Mode.Records
          this.recordDepth = 2
          this.found = true
        }
        this.depth++
        continue
      }
      if (c === 125 || c === 93) {
        this.depth--
        if (this.inRecord && this.depth === this.recordDepth) this.finishRecord(s, start, i + 1)
        continue
      }
      if (c === 44 && this.inRecord && this.depth === this.recordDepth) {
        // A scalar record (a number or string in the array) ends at its comma.
        this.finishRecord(s, start, i)
      }
    }
    if (this.inRecord) {
      this.buf += s.slice(Math.max(0, start))
      if (this.buf.length > MAX_RECORD_CHARS) {
        this.emit({ value: null, line: this.recordLine, error: 'this record is larger than 32 MB' })
        this.mode = Mode.Done
        this.depth = 0
        this.inRecord = false
        this.buf = ''
      }
    }
    if (this.collectingKey) this.keyBuf += s.slice(this.keyFrom)
    this.keyFrom = 0
  }

  private isRecordKey(): boolean {
    let key = this.lastKey
    try {
      key = JSON.parse(`"${this.lastKey}"`) as string
    } catch {
      // An odd key is compared as written.
    }
    return this.keys.includes(key)
  }

  private finishRecord(s: string, start: number, end: number): void {
    const raw = this.buf + s.slice(Math.max(0, start), end)
    this.buf = ''
    this.inRecord = false
    try {
      this.emit({ value: JSON.parse(raw) as unknown, line: this.recordLine, error: null })
    } catch (err) {
      this.emit({ value: null, line: this.recordLine, error: `not valid JSON (${(err as Error).message})`, raw })
    }
  }

  end(): void {
    if (this.inRecord) {
      this.emit({
        value: null,
        line: this.recordLine,
        error: 'the file ends inside this record',
        raw: this.buf.slice(0, 300),
      })
    } else if (this.mode === Mode.Records) {
      // Cut short between two records: what was read is kept, and the report says the rest is missing.
      this.emit({ value: null, line: this.line, error: 'the file ends before the array of records is closed' })
    } else if (this.mode === Mode.Done && this.depth > 0) {
      this.emit({ value: null, line: this.line, error: 'the file ends before the object around the records is closed' })
    } else if (this.mode === Mode.Start) this.problem = 'The file is empty.'
    else if (this.mode === Mode.Envelope && !this.found && !this.problem)
      this.problem = `The JSON object holds no array of records (looked for ${this.keys.join(', ')}).`
    this.inRecord = false
    this.buf = ''
  }
}

/** NDJSON: one JSON value a line; blank lines are skipped. */
export class NdjsonScanner {
  private carry = ''
  private line = 0

  constructor(private readonly emit: (record: JsonRecord) => void) {}

  push(s: string): void {
    const text = this.carry + s
    let from = 0
    for (;;) {
      const nl = text.indexOf('\n', from)
      if (nl === -1) break
      this.one(text.slice(from, nl))
      from = nl + 1
    }
    this.carry = text.slice(from)
    if (this.carry.length > MAX_RECORD_CHARS) {
      this.line++
      this.emit({ value: null, line: this.line, error: 'this line is longer than 32 MB' })
      this.carry = ''
    }
  }

  private one(text: string): void {
    this.line++
    const t = text.trim()
    if (!t) return
    try {
      this.emit({ value: JSON.parse(t) as unknown, line: this.line, error: null })
    } catch (err) {
      this.emit({ value: null, line: this.line, error: `not valid JSON (${(err as Error).message})`, raw: t })
    }
  }

  end(): void {
    if (this.carry) this.one(this.carry)
    this.carry = ''
  }
}

/** Zendesk custom fields (`[{id, value}]`) become `custom_fields.<id>` so each can be mapped like a column. */
function isIdValueList(value: unknown[]): value is { id: unknown; value: unknown }[] {
  return value.length > 0 && value.every((v) => typeof v === 'object' && v !== null && 'id' in v && 'value' in v)
}

/**
 * A record as dotted keys (`via.channel`, `metric_set.reply_time_in_minutes.calendar`). Arrays of scalars (tags) stay
 * arrays; other arrays are kept as JSON text.
 */
export function flatten(
  value: unknown,
  prefix = '',
  out: Record<string, unknown> = {},
  depth = 0,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null) {
    out[prefix || 'value'] = value
    return out
  }
  if (Array.isArray(value)) {
    if (isIdValueList(value) && depth < 4) {
      for (const item of value) out[`${prefix}.${String(item.id)}`] = item.value
    } else if (value.every((v) => typeof v !== 'object' || v === null)) out[prefix] = value
    else out[prefix] = JSON.stringify(value)
    return out
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'object' && v !== null && depth < 4) flatten(v, key, out, depth + 1)
    else out[key] = v
  }
  return out
}
