/**
 * One way to read any supported file: its format, encoding and delimiter, its columns, and its rows in batches as
 * cells aligned with those columns, each with the physical line (or spreadsheet row) it came from.
 */
import ExcelJS from 'exceljs'
import fs from 'node:fs'
import path from 'node:path'
import { Transform } from 'node:stream'
import type { ImportEncoding, ImportFormat } from '../../shared/importMapping'
import { CsvParser, sniffDelimiter, type CsvRecord } from './csvParser'
import { detectEncoding, readHead, textChunks, StreamDecoder, type ReadProgress } from './decode'
import { flatten, JsonArrayScanner, NdjsonScanner, type JsonRecord } from './jsonRecords'

export interface SourceRow {
  line: number
  cells: unknown[]
  /** Why the row could not even be read (an unclosed quote, broken JSON), or null. */
  error: string | null
  /**
   * The start of the row as written, for the report, when the row could not be read into cells; otherwise made from
   * the cells only if the row is rejected (`rowExcerpt`), so a million good rows never build a string they do not need.
   */
  excerpt?: string
  /** A JSON row's record, for its excerpt and for inspection's key discovery. */
  record?: unknown
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (v instanceof Date) return v.toISOString()
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}

/** The start of a row as written (CSV joined with its delimiter, JSON as its record), for the import report. */
export function rowExcerpt(row: SourceRow, delimiter: string | null): string {
  if (row.excerpt !== undefined) return row.excerpt
  if (row.record !== undefined) return JSON.stringify(row.record).slice(0, EXCERPT_CHARS)
  return row.cells
    .map(cellText)
    .join(delimiter ?? ',')
    .slice(0, EXCERPT_CHARS)
}

export interface FileShape {
  format: ImportFormat
  encoding: ImportEncoding
  delimiter: string | null
}

/** Bytes looked at to decide the format, encoding and delimiter. */
const HEAD_BYTES = 256 * 1024
const EXCERPT_CHARS = 300

export class ImportFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ImportFileError'
  }
}

export function fileSize(file: string): number {
  let stat: fs.Stats
  try {
    stat = fs.statSync(file)
  } catch {
    throw new ImportFileError(`${path.basename(file)} cannot be read: it does not exist or is not accessible.`)
  }
  if (!stat.isFile()) throw new ImportFileError(`${path.basename(file)} is not a file.`)
  return stat.size
}

/**
 * Format from the name first (what the analyst chose), then from the content. `name` is the file's own name when the
 * bytes sit elsewhere (an upload).
 */
export function detectShape(file: string, name = file): FileShape {
  const size = fileSize(file)
  if (size === 0) throw new ImportFileError(`${path.basename(name)} is empty.`)
  const head = readHead(file, HEAD_BYTES)
  const ext = path.extname(name).toLowerCase()
  if (head[0] === 0x50 && head[1] === 0x4b) {
    if (ext === '.xls' || ext === '.xlsx' || ext === '.xlsm' || ext === '')
      return { format: 'xlsx', encoding: 'utf-8', delimiter: null }
    throw new ImportFileError(`${path.basename(name)} is a ZIP archive, not a CSV, JSON or XLSX file.`)
  }
  if (head[0] === 0xd0 && head[1] === 0xcf)
    throw new ImportFileError(
      `${path.basename(name)} is an old Excel 97-2003 workbook (.xls); save it as .xlsx or CSV and import that.`,
    )
  const detected = detectEncoding(head)
  const decoder = new StreamDecoder(detected.encoding)
  const text = decoder.write(head.subarray(detected.bomBytes))
  const first = text.trimStart()[0]
  const jsonExt = ext === '.json' || ext === '.ndjson' || ext === '.jsonl'
  if (jsonExt || first === '[' || (first === '{' && ext !== '.csv' && ext !== '.tsv')) {
    const lines = text.trimStart().split('\n', 3)
    const ndjson =
      ext === '.ndjson' ||
      ext === '.jsonl' ||
      (first === '{' && lines.length > 1 && isJsonObject(lines[0] ?? '') && (lines[1] ?? '').trim().startsWith('{'))
    return { format: ndjson ? 'ndjson' : 'json', encoding: detected.encoding, delimiter: null }
  }
  const delimiter = ext === '.tsv' || ext === '.tab' ? '\t' : sniffDelimiter(text)
  return { format: 'csv', encoding: detected.encoding, delimiter }
}

function isJsonObject(line: string): boolean {
  try {
    const v = JSON.parse(line) as unknown
    return typeof v === 'object' && v !== null && !Array.isArray(v)
  } catch {
    return false
  }
}

/** Shared plumbing: a push parser fed from text chunks, its output handed out a batch per chunk. */
async function* pumped<T>(
  file: string,
  shape: FileShape,
  progress: ReadProgress | undefined,
  make: (emit: (item: T) => void) => { push(s: string): void; end(): void },
): AsyncGenerator<T[]> {
  let batch: T[] = []
  const parser = make((item) => batch.push(item))
  const head = readHead(file, 4)
  const detected = detectEncoding(head)
  for await (const text of textChunks(file, { encoding: shape.encoding, bomBytes: detected.bomBytes }, progress)) {
    parser.push(text)
    if (batch.length) {
      yield batch
      batch = []
    }
  }
  parser.end()
  if (batch.length) yield batch
}

/** Header and rows of a CSV-like file. The header is the first record; its line is 1 unless blank lines lead. */
async function* csvRows(
  file: string,
  shape: FileShape,
  progress: ReadProgress | undefined,
  onColumns: (columns: string[]) => void,
): AsyncGenerator<SourceRow[]> {
  const delimiter = shape.delimiter ?? ','
  let header: string[] | null = null
  for await (const records of pumped<CsvRecord>(file, shape, progress, (emit) => new CsvParser(delimiter, emit))) {
    const rows: SourceRow[] = []
    for (const r of records) {
      if (!header) {
        if (r.error) throw new ImportFileError(`The header row cannot be read: ${r.error}.`)
        header = r.fields.map((f) => f.trim())
        onColumns(header)
        continue
      }
      rows.push({ line: r.line, cells: r.fields, error: r.error })
    }
    if (rows.length) yield rows
  }
  if (!header) throw new ImportFileError('The file holds no header row.')
}

/** More metric sets than this in one file are refused rather than held in memory (Zendesk pages hold 1,000). */
export const MAX_METRIC_SETS = 300_000

/** The parts of a Zendesk metric set the workbench reads; the rest (urls, station counts) is not kept. */
function metricPart(m: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(m))
    if (k.endsWith('_in_minutes') || k === 'reopens' || k === 'replies' || k.endsWith('_at')) out[k] = v
  return out
}

/**
 * A Zendesk incremental export with `include=metric_sets` may carry the metrics as a top-level `metric_sets[]` keyed
 * by `ticket_id` instead of inline (connectors.md: accept either). One streaming pass collects them, so each ticket
 * can be given its `metric_set` before it is flattened; null when the file has none.
 */
async function metricSetsOf(file: string, shape: FileShape): Promise<Map<string, Record<string, unknown>> | null> {
  const sets = new Map<string, Record<string, unknown>>()
  const head = readHead(file, 4)
  const scanner = new JsonArrayScanner(
    (r) => {
      const v = r.value as { ticket_id?: unknown } | null
      if (!v || typeof v !== 'object' || v.ticket_id === undefined || v.ticket_id === null) return
      if (sets.size >= MAX_METRIC_SETS)
        throw new ImportFileError(
          `The file holds more than ${MAX_METRIC_SETS.toLocaleString('en-US')} metric sets; import it in smaller exports.`,
        )
      sets.set(String(v.ticket_id), metricPart(v as Record<string, unknown>))
    },
    ['metric_sets'],
  )
  for await (const text of textChunks(file, { encoding: shape.encoding, bomBytes: detectEncoding(head).bomBytes })) {
    scanner.push(text)
  }
  scanner.end()
  return sets.size ? sets : null
}

/** Joins a ticket record with its metric set from the top-level `metric_sets[]` when it has none inline. */
function withMetricSet(value: object, sets: Map<string, Record<string, unknown>> | null): object {
  if (!sets) return value
  const record = value as { id?: unknown; metric_set?: unknown }
  if (record.metric_set !== undefined && record.metric_set !== null) return value
  const m = record.id === undefined || record.id === null ? undefined : sets.get(String(record.id))
  return m ? { ...record, metric_set: m } : value
}

/** Rows of JSON or NDJSON: each record flattened to dotted keys; `columns` says which keys become cells. */
async function* jsonRows(
  file: string,
  shape: FileShape,
  progress: ReadProgress | undefined,
  columns: () => string[],
): AsyncGenerator<SourceRow[]> {
  const metricSets = shape.format === 'json' ? await metricSetsOf(file, shape) : null
  let scanner: JsonArrayScanner | null = null
  const source = pumped<JsonRecord>(file, shape, progress, (emit) => {
    if (shape.format === 'ndjson') return new NdjsonScanner(emit)
    scanner = new JsonArrayScanner(emit)
    return scanner
  })
  for await (const records of source) {
    const keys = columns()
    yield records.map((r) => {
      if (r.error) return { line: r.line, cells: [], error: r.error, excerpt: (r.raw ?? '').slice(0, EXCERPT_CHARS) }
      if (typeof r.value !== 'object' || r.value === null || Array.isArray(r.value))
        return { line: r.line, cells: [], error: 'this record is not a JSON object', record: r.value }
      const value = withMetricSet(r.value, metricSets)
      const flat = flatten(value)
      return { line: r.line, cells: keys.map((k) => flat[k]), error: null, record: value, flat } as SourceRow
    })
  }
  const problem = (scanner as JsonArrayScanner | null)?.problem
  if (problem) throw new ImportFileError(problem)
}

function xlsxCell(v: unknown): unknown {
  if (v === null || v === undefined) return null
  if (v instanceof Date || typeof v !== 'object') return v
  const o = v as { result?: unknown; text?: unknown; richText?: { text: string }[]; error?: unknown }
  if (o.richText) return o.richText.map((t) => t.text).join('')
  if ('result' in o) return xlsxCell(o.result)
  if (typeof o.text === 'string') return o.text
  if (o.error !== undefined) return null
  return JSON.stringify(v)
}

/** Rows of the first worksheet, streamed: exceljs reads the ZIP entry by entry and never holds the sheet. */
async function* xlsxRows(
  file: string,
  progress: ReadProgress,
  onColumns: (columns: string[]) => void,
): AsyncGenerator<SourceRow[]> {
  // Bytes are counted on their way through, never by a second 'data' listener: that would start the file flowing
  // before exceljs reads it and lose the first chunks.
  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 })
  const counted = input.pipe(
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        progress.bytesRead += chunk.length
        done(null, chunk)
      },
    }),
  )
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(counted, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'emit',
  })
  // exceljs reads the workbook part into `model` when it meets it; a file whose ZIP puts a worksheet first (exceljs's
  // own writer sometimes does) would crash its lookup of the sheet's name. The name is not needed here.
  ;(reader as unknown as { model: { sheets: unknown[] } }).model = { sheets: [] }
  let header: string[] | null = null
  for await (const sheet of reader) {
    let batch: SourceRow[] = []
    for await (const row of sheet) {
      const values = (row.values as unknown[]).slice(1).map(xlsxCell)
      if (!header) {
        if (values.every((v) => v === null || v === '')) continue
        header = values.map((v) => (v === null ? '' : String(v).trim()))
        onColumns(header)
        continue
      }
      if (values.every((v) => v === null || v === '')) continue
      batch.push({ line: row.number, cells: values, error: null })
      if (batch.length >= 2000) {
        yield batch
        batch = []
      }
    }
    if (batch.length) yield batch
    break // the first worksheet only
  }
  input.destroy()
  if (!header) throw new ImportFileError('The first worksheet holds no header row.')
}

export interface RowReader {
  shape: FileShape
  /** Header (tabular) or the keys requested (JSON); filled once the first batch is read for tabular files. */
  columns: string[]
  progress: ReadProgress
  batches: AsyncGenerator<SourceRow[]>
}

/**
 * Opens a file for reading rows. For JSON the cells are the values at `jsonColumns` (dotted keys); rows also carry
 * their flattened record so inspection can discover keys.
 */
export function openRows(file: string, shape: FileShape, jsonColumns: string[] = []): RowReader {
  const progress: ReadProgress = { bytesRead: 0, size: fileSize(file) }
  const reader: RowReader = { shape, columns: [...jsonColumns], progress, batches: null as never }
  const setColumns = (columns: string[]): void => {
    reader.columns = columns
  }
  if (shape.format === 'csv') reader.batches = csvRows(file, shape, progress, setColumns)
  else if (shape.format === 'xlsx') reader.batches = xlsxRows(file, progress, setColumns)
  else reader.batches = jsonRows(file, shape, progress, () => reader.columns)
  return reader
}

/** The flattened record of a JSON row (inspection only). */
export function flatOf(row: SourceRow): Record<string, unknown> | undefined {
  return (row as SourceRow & { flat?: Record<string, unknown> }).flat
}
