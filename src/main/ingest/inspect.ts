/**
 * The mapping step's questions answered from the start of a file: format, encoding, delimiter, columns, a preview,
 * the preset it looks like, a guessed mapping and the date order its values prove. Reads a sample, writes nothing.
 */
import {
  DATE_FIELDS,
  VALUE_MAPPED_FIELDS,
  type BuiltInPresetId,
  type ImportInspection,
  type ImportMapping,
  type ValueMappedField,
} from '../../shared/importMapping'
import { detectDateOrder } from './dates'
import { compileMapping } from './mapRow'
import { guessPreset, mappingFor } from './presets'
import { detectShape, fileSize, flatOf, openRows, type SourceRow } from './reader'
import { jsonColumnsOf } from './runImport'

/** Rows read to guess date order and collect sample values. */
const SAMPLE_ROWS = 1_000
const PREVIEW_ROWS = 20
const MAX_JSON_COLUMNS = 400
const MAX_SAMPLE_VALUES = 40

function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (v instanceof Date) return v.toISOString().replace('.000Z', 'Z')
  if (Array.isArray(v)) return v.join(', ')
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

async function sample(file: string, shape: ReturnType<typeof detectShape>, limit: number) {
  const reader = openRows(file, shape)
  const rows: SourceRow[] = []
  for await (const batch of reader.batches) {
    for (const row of batch) if (rows.length < limit) rows.push(row)
    if (rows.length >= limit) break
  }
  let columns = reader.columns
  if (shape.format === 'json' || shape.format === 'ndjson') {
    // JSON records can differ: the columns are every key of the sample, in the order first seen.
    const seen = new Set<string>()
    for (const row of rows)
      for (const k of Object.keys(flatOf(row) ?? {})) if (seen.size < MAX_JSON_COLUMNS) seen.add(k)
    columns = [...seen]
    for (const row of rows) {
      const flat = flatOf(row)
      if (flat) row.cells = columns.map((c) => flat[c])
    }
  }
  return { rows, columns }
}

/** `presetId` chooses the preset; absent, it is guessed from the columns. */
export async function inspectFile(
  file: string,
  fileName: string,
  presetId: BuiltInPresetId = 'generic',
  guess = true,
): Promise<ImportInspection> {
  const shape = detectShape(file, fileName)
  const { rows, columns } = await sample(file, shape, SAMPLE_ROWS)
  if (guess) presetId = guessPreset(columns)
  const mapping = mappingFor(presetId, columns)
  const warnings: string[] = []
  const broken = rows.filter((r) => r.error)
  if (broken.length)
    warnings.push(
      `${broken.length} of the first ${rows.length} rows cannot be read (first on line ${broken[0]?.line}: ${broken[0]?.error}); they will be listed in the import report.`,
    )
  if (shape.format === 'csv') {
    const ragged = rows.filter((r) => !r.error && r.cells.length !== columns.length)
    if (ragged.length)
      warnings.push(
        `${ragged.length} of the first ${rows.length} rows have a different number of fields than the header (first on line ${ragged[0]?.line}); check the delimiter.`,
      )
  }
  if (rows.length === 0) warnings.push('The file holds a header but no rows.')

  const columnIndex = new Map(columns.map((c, i) => [c, i]))
  const valuesOf = (column: string | undefined): unknown[] => {
    const i = column === undefined ? undefined : columnIndex.get(column)
    return i === undefined ? [] : rows.map((r) => r.cells[i])
  }
  const dateValues = DATE_FIELDS.flatMap((f) => valuesOf(mapping.columns[f]))
  const dateOrder = detectDateOrder(dateValues)
  if (dateOrder === 'dmy' || dateOrder === 'mdy') mapping.dateOrder = dateOrder

  const sampleValues: Partial<Record<ValueMappedField, string[]>> = {}
  for (const field of VALUE_MAPPED_FIELDS) {
    const values = valuesOf(mapping.columns[field])
    if (!values.length) continue
    const distinct = [
      ...new Set(
        values
          .map(cellText)
          .map((v) => v.trim())
          .filter(Boolean),
      ),
    ]
    sampleValues[field] = distinct.slice(0, MAX_SAMPLE_VALUES)
  }
  return {
    fileName,
    size: fileSize(file),
    format: shape.format,
    encoding: shape.encoding,
    delimiter: shape.delimiter,
    columns,
    preview: rows.slice(0, PREVIEW_ROWS).map((r) => ({ line: r.line, cells: r.cells.map(cellText) })),
    presetId,
    mapping,
    dateOrder,
    sampleValues,
    warnings,
  }
}

export type PreviewTicket = Record<string, string | number | boolean | string[] | null>

/** The first rows as the mapping would import them, or the reason each would be rejected. */
export async function previewMapping(
  file: string,
  fileName: string,
  mapping: ImportMapping,
  timeZone: string,
): Promise<{ line: number; ticket: PreviewTicket | null; error: string | null }[]> {
  const shape = detectShape(file, fileName)
  const reader = openRows(file, shape, jsonColumnsOf(mapping))
  const out: { line: number; ticket: PreviewTicket | null; error: string | null }[] = []
  let map: ReturnType<typeof compileMapping> | null = null
  for await (const batch of reader.batches) {
    map ??= compileMapping(mapping, reader.columns, timeZone)
    for (const row of batch) {
      if (out.length >= PREVIEW_ROWS) break
      const r = map(row)
      if (!r.ticket) out.push({ line: row.line, ticket: null, error: r.error })
      else out.push({ line: row.line, ticket: { ...r.ticket }, error: null })
    }
    if (out.length >= PREVIEW_ROWS) break
  }
  return out
}

/** Throws (MissingColumnError) when the mapping names a column the file lacks or leaves a required field unmapped. */
export async function checkMapping(
  file: string,
  fileName: string,
  mapping: ImportMapping,
  timeZone: string,
): Promise<void> {
  const shape = detectShape(file, fileName)
  if (shape.format === 'json' || shape.format === 'ndjson') {
    compileMapping(mapping, jsonColumnsOf(mapping), timeZone)
    return
  }
  const reader = openRows(file, shape)
  try {
    await reader.batches.next()
  } finally {
    await reader.batches.return(undefined)
  }
  compileMapping(mapping, reader.columns, timeZone)
}

export type { ImportMapping }
