/**
 * The mapping table's logic, pure so it is tested without a DOM: which workbench field a file column fills, moving a
 * field to another column, sample values per column, what still blocks an import.
 */
import {
  IMPORT_FIELD_LABELS,
  REQUIRED_FIELDS,
  VALUE_MAPPED_FIELDS,
  type ImportField,
  type ImportInspection,
  type ImportMapping,
  type ValueMappedField,
} from '../../../shared/importMapping'

/** The field a file column fills, or null when the column is not imported. */
export function fieldOfColumn(mapping: ImportMapping, column: string): ImportField | null {
  for (const [field, c] of Object.entries(mapping.columns)) if (c === column) return field as ImportField
  return null
}

/** The column now fills `field` (or nothing, with null); a field reads one column, so it leaves any other. */
export function assignColumn(mapping: ImportMapping, column: string, field: ImportField | null): ImportMapping {
  const columns = { ...mapping.columns }
  for (const [f, c] of Object.entries(columns)) if (c === column) delete columns[f as ImportField]
  if (field) columns[field] = column
  return { ...mapping, columns }
}

/** Up to `n` distinct non-empty values of a column in the preview rows. */
export function sampleValues(inspection: ImportInspection, column: string, n = 3): string[] {
  const i = inspection.columns.indexOf(column)
  if (i < 0) return []
  const out: string[] = []
  for (const row of inspection.preview) {
    const v = (row.cells[i] ?? '').trim()
    if (v && !out.includes(v)) out.push(v.length > 60 ? `${v.slice(0, 57)}…` : v)
    if (out.length >= n) break
  }
  return out
}

/** Value-mapped fields that read a column, with the values sampled for them. */
export function valueFields(
  mapping: ImportMapping,
  inspection: ImportInspection,
): { field: ValueMappedField; values: string[] }[] {
  return VALUE_MAPPED_FIELDS.filter((f) => mapping.columns[f]).map((field) => {
    const column = mapping.columns[field] as string
    const sampled = inspection.mapping.columns[field] === column ? (inspection.sampleValues[field] ?? []) : []
    const fromPreview = sampleValues(inspection, column, 40)
    return { field, values: [...new Set([...sampled, ...fromPreview])] }
  })
}

export function setValueMapping(
  mapping: ImportMapping,
  field: ValueMappedField,
  from: string,
  to: string,
): ImportMapping {
  const table = { ...(mapping.values[field] ?? {}) }
  if (to.trim()) table[from] = to.trim()
  else delete table[from]
  return { ...mapping, values: { ...mapping.values, [field]: table } }
}

/** Sentences saying what must change before the import can start (empty when it can). */
export function blockers(mapping: ImportMapping, inspection: ImportInspection): string[] {
  const out: string[] = []
  for (const f of REQUIRED_FIELDS)
    if (!mapping.columns[f]) out.push(`Choose the column that holds the ${IMPORT_FIELD_LABELS[f].toLowerCase()}.`)
  if (inspection.dateOrder === 'ambiguous' && mapping.dateOrder === 'auto')
    out.push('The dates could be day-first or month-first: choose the date order.')
  return out
}

/** A saved preset applied to this file: only the columns the file has are kept. */
export function presetForFile(preset: ImportMapping, inspection: ImportInspection): ImportMapping {
  const columns: ImportMapping['columns'] = {}
  for (const [f, c] of Object.entries(preset.columns))
    if (c && inspection.columns.includes(c)) columns[f as ImportField] = c
  const dateOrder =
    preset.dateOrder === 'auto' && inspection.dateOrder !== 'ambiguous' && inspection.dateOrder !== null
      ? inspection.dateOrder
      : preset.dateOrder
  return { ...preset, columns, dateOrder }
}
