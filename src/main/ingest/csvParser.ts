/**
 * A streaming CSV/TSV parser (RFC 4180 plus what spreadsheets actually write): any one-character delimiter, quoted
 * fields with embedded delimiters, doubled quotes and line breaks (LF, CRLF or CR), text fed in chunks of any size.
 *
 * Every record carries the physical line it starts on (1-based, the header is line 1), counting the line breaks
 * inside quoted fields, so a rejected row's number is the one an editor shows. Lenient where spreadsheets are
 * sloppy: a quote inside an unquoted field, or text after a closing quote, is kept as text.
 */

const QUOTE = 34
const LF = 10
const CR = 13

/**
 * A quoted field longer than this is not held, so memory stays bounded (it is usually a missing closing quote): its
 * record is reported and dropped up to the record's end, and reading goes on with the next record. Where the chunks
 * fall does not change which records come out.
 */
export const MAX_FIELD_CHARS = 8_000_000

export interface CsvRecord {
  fields: string[]
  /** Physical line the record starts on, 1-based. */
  line: number
  /** Why the record cannot be trusted (an unclosed quote), or null. */
  error: string | null
}

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

export class CsvParser {
  private state = State.FieldStart
  private field = ''
  private fields: string[] = []
  private line = 1
  private recordLine = 1
  private quoteLine = 1
  /** The record being read has a quoted field, so a lone empty field is data, not a blank line. */
  private quotedInRecord = false
  /** The record being read has a quoted field past the limit: it is already reported, the rest of it is dropped. */
  private skipping = false
  /** A CR ended the last chunk: an LF starting the next one belongs to it. */
  private pendingCr = false
  private readonly delim: number

  constructor(
    delimiter: string,
    private readonly emit: (record: CsvRecord) => void,
    /** Tests pass a small one so a property test can cross it cheaply. */
    private readonly maxFieldChars = MAX_FIELD_CHARS,
  ) {
    if (delimiter.length !== 1) throw new Error('The delimiter must be one character.')
    this.delim = delimiter.charCodeAt(0)
  }

  private endField(): void {
    if (!this.skipping) this.fields.push(this.field)
    this.field = ''
  }

  private endRecord(): void {
    const fields = this.fields
    this.fields = []
    if (this.skipping) {
      this.skipping = false
      this.quotedInRecord = false
      return
    }
    // A blank line is not a record (trailing newlines, spacer lines); a line holding just `""` is.
    if (this.quotedInRecord || !(fields.length === 1 && fields[0] === ''))
      this.emit({ fields, line: this.recordLine, error: null })
    this.quotedInRecord = false
  }

  /** Reports the record holding an over-long quoted field, then drops the rest of it. */
  private skipRecord(): void {
    this.skipping = true
    this.field = ''
    this.fields = []
    this.emit({
      fields: [],
      line: this.recordLine,
      error: `a quoted field opened on line ${this.quoteLine} runs past ${this.maxFieldChars.toLocaleString('en-US')} characters (a closing quote is probably missing); it was skipped`,
    })
  }

  /** Counts line breaks in quoted text (CRLF once, lone CR and LF each once). */
  private countBreaks(s: string, from: number, to: number): void {
    for (let k = from; k < to; k++) {
      const c = s.charCodeAt(k)
      if (c === LF) {
        if (!(k > from ? s.charCodeAt(k - 1) === CR : this.pendingCr)) this.line++
      } else if (c === CR) this.line++
    }
    this.pendingCr = to > from && s.charCodeAt(to - 1) === CR
  }

  push(s: string): void {
    const n = s.length
    let i = 0
    if (this.pendingCr && this.state !== State.Quoted) {
      this.pendingCr = false
      if (n > 0 && s.charCodeAt(0) === LF) i = 1
    }
    while (i < n) {
      const state = this.state
      if (state === State.Quoted) {
        const q = s.indexOf('"', i)
        const end = q === -1 ? n : q
        this.countBreaks(s, i, end)
        // Over the limit or not, reading goes on at the closing quote: resuming where the limit was crossed would
        // depend on the chunking and read the rest of the field as records.
        if (!this.skipping) {
          if (this.field.length + (end - i) > this.maxFieldChars) this.skipRecord()
          else this.field += s.slice(i, end)
        }
        if (q === -1) return
        this.pendingCr = false
        i = q + 1
        this.state = State.QuoteInQuoted
        continue
      }
      if (state === State.QuoteInQuoted) {
        if (s.charCodeAt(i) === QUOTE) {
          if (!this.skipping) this.field += '"'
          this.state = State.Quoted
          i++
          continue
        }
        this.state = State.Unquoted
      } else if (state === State.FieldStart && s.charCodeAt(i) === QUOTE) {
        this.state = State.Quoted
        this.quoteLine = this.line
        this.quotedInRecord = true
        i++
        continue
      }
      let j = i
      let c = 0
      for (; j < n; j++) {
        c = s.charCodeAt(j)
        if (c === this.delim || c === LF || c === CR) break
      }
      if (j > i && !this.skipping) this.field += s.slice(i, j)
      if (j === n) {
        this.state = State.Unquoted
        return
      }
      this.endField()
      this.state = State.FieldStart
      i = j + 1
      if (c === this.delim) continue
      this.endRecord()
      this.line++
      if (c === CR) {
        if (i < n) {
          if (s.charCodeAt(i) === LF) i++
        } else this.pendingCr = true
      }
      this.recordLine = this.line
    }
  }

  /** Emits the last record (a file need not end with a line break); reports a quote left open. */
  end(): void {
    if (this.state === State.Quoted) {
      if (!this.skipping)
        this.emit({
          fields: [],
          line: this.recordLine,
          error: `a quoted field opened on line ${this.quoteLine} is never closed`,
        })
    } else if (this.state !== State.FieldStart || this.fields.length > 0) {
      this.endField()
      this.endRecord()
    }
    this.state = State.FieldStart
    this.skipping = false
    this.fields = []
    this.field = ''
  }
}

/** Parses a whole string (tests, samples). */
export function parseCsv(text: string, delimiter: string): CsvRecord[] {
  const out: CsvRecord[] = []
  const p = new CsvParser(delimiter, (r) => out.push(r))
  p.push(text)
  p.end()
  return out
}

export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const

/**
 * The delimiter of a sample: the candidate that splits the first records into the same number of fields (more than
 * one) most consistently; ties go to the one with more fields. Quote-aware, so delimiters inside quotes do not count.
 */
export function sniffDelimiter(sample: string): string {
  let best: { delimiter: string; score: number } = { delimiter: ',', score: 0 }
  for (const delimiter of DELIMITER_CANDIDATES) {
    const records = parseCsv(sample, delimiter).slice(0, 50)
    // The sample may end in the middle of a record: leave the last one out when there are others.
    const counted = records.length > 2 ? records.slice(0, -1) : records
    const header = counted[0]?.fields.length ?? 0
    if (header < 2) continue
    const same = counted.filter((r) => r.fields.length === header).length / counted.length
    const score = same * 1000 + Math.min(header, 999)
    if (score > best.score) best = { delimiter, score }
  }
  return best.delimiter
}
