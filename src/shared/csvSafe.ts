/**
 * Safe cells for exported spreadsheets (reliability.md, Input: formula injection) and RFC 4180 CSV quoting.
 * Pure: used by the CSV and XLSX writers in main and by tests.
 *
 * A text cell that starts with `=`, `+`, `-`, `@`, tab or carriage return can be run as a formula (or turned into one)
 * by Excel, LibreOffice or Sheets. Following OWASP's CSV-injection guidance such a cell gets a leading apostrophe,
 * which every spreadsheet shows as text and which keeps the original visible after it.
 */

/** First characters a spreadsheet may treat as the start of a formula. */
export const FORMULA_TRIGGERS: readonly string[] = ['=', '+', '-', '@', '\t', '\r']

/** True when a text cell would start with a formula trigger. */
export function isDangerousText(text: string): boolean {
  return text.length > 0 && FORMULA_TRIGGERS.includes(text.charAt(0))
}

/** The text with a leading `'` when it could run as a formula; any other text unchanged. */
export function neutraliseCell(text: string): string {
  return isDangerousText(text) ? `'${text}` : text
}

const NEEDS_QUOTES = /[",\r\n]/

/** One RFC 4180 field: quoted (inner quotes doubled) when it holds a comma, a quote, CR or LF. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A cell value of an export: text is neutralised, numbers are written as numbers, null as an empty field. */
export type CellValue = string | number | null

/**
 * One CSV field for a cell value. Text is neutralised then quoted. A finite number is a numeric literal (a negative
 * one starts with `-` but is a number to every spreadsheet, never a formula); a non-finite one is written empty.
 */
export function csvCell(value: CellValue): string {
  if (value === null) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  return csvField(neutraliseCell(value))
}

/** One CSV record, CRLF-terminated (RFC 4180; Excel reads it everywhere). */
export function csvRow(values: readonly CellValue[]): string {
  let line = ''
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ','
    line += csvCell(values[i] as CellValue)
  }
  return `${line}\r\n`
}
