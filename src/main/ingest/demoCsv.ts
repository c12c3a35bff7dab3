/**
 * The demo as a file to import: the generator's tickets written as a CSV shaped like a Zendesk ticket export
 * (`npm run cli -- demo-csv out.csv --tickets N`). The bench imports it; analysts can try the Import screen with it.
 * The tickets are generated into a temporary workspace file, then streamed out in id order, a row at a time.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { csvField } from '../../shared/csvSafe'
import { openDatabase } from '../db/connection'
import { iterateTicketsForCsv } from '../db/queries/imports'
import { buildDemoFile, removeDbFiles } from '../workspace/demoFile'

/** Header and the ticket column each comes from, in Zendesk export words where Zendesk has one. */
const COLUMNS: [string, string][] = [
  ['Id', 'external_id'],
  ['Subject', 'subject'],
  ['Description', 'description'],
  ['Status', 'status'],
  ['Priority', 'priority'],
  ['Ticket type', 'type'],
  ['Category', 'case_type'],
  ['Via', 'channel'],
  ['Tags', 'tags_json'],
  ['Region', 'region'],
  ['Locale', 'locale'],
  ['Requester', 'requester'],
  ['Assignee', 'assignee'],
  ['Group', 'group_name'],
  ['Created at', 'created_at'],
  ['Updated at', 'updated_at'],
  ['Solved at', 'solved_at'],
  ['First reply time in minutes', 'first_reply_minutes'],
  ['First resolution time in minutes', 'first_resolution_minutes'],
  ['Full resolution time in minutes', 'full_resolution_minutes'],
  ['Reopens', 'reopens'],
  ['Replies', 'replies'],
  ['Satisfaction Score', 'csat'],
  ['Escalated', 'escalated'],
]
const DATE_COLUMNS = new Set(['created_at', 'updated_at', 'solved_at'])

function cell(column: string, value: string | number | null): string {
  if (value === null) return ''
  if (DATE_COLUMNS.has(column)) return new Date(value as number).toISOString()
  // Zendesk separates tags with spaces.
  if (column === 'tags_json') return (JSON.parse(value as string) as string[]).join(' ')
  return csvField(String(value))
}

export function writeDemoCsv(
  out: string,
  options: { tickets: number; seed: number; onProgress?: (done: number, total: number, phase: string) => void },
): { rows: number; bytes: number } {
  const tmp = path.join(os.tmpdir(), `owb-demo-csv-${process.pid}-${Date.now()}.sqlite`)
  buildDemoFile(tmp, { tickets: options.tickets, seed: options.seed }, (d, t) =>
    options.onProgress?.(d, t, 'Generating demo tickets'),
  )
  const db = openDatabase(tmp, { readonly: true })
  const partial = `${out}.partial`
  // Synchronous writes a page at a time: the demo's own private connection iterates, nothing else waits on it.
  const fd = fs.openSync(partial, 'w')
  let rows = 0
  try {
    const keys = COLUMNS.map(([, c]) => c)
    fs.writeSync(fd, COLUMNS.map(([h]) => h).join(',') + '\r\n')
    const lines: string[] = []
    for (const row of iterateTicketsForCsv(db)) {
      lines.push(keys.map((k) => cell(k, row[k] ?? null)).join(','))
      if (++rows % 2_000 === 0) {
        fs.writeSync(fd, lines.join('\r\n') + '\r\n')
        lines.length = 0
        if (rows % 20_000 === 0) options.onProgress?.(rows, options.tickets, 'Writing CSV')
      }
    }
    if (lines.length) fs.writeSync(fd, lines.join('\r\n') + '\r\n')
  } catch (err) {
    fs.closeSync(fd)
    fs.rmSync(partial, { force: true })
    throw err
  } finally {
    db.close()
    removeDbFiles(tmp)
  }
  fs.closeSync(fd)
  fs.renameSync(partial, out)
  return { rows, bytes: fs.statSync(out).size }
}
