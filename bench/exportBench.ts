/**
 * `export.csv_100k`: seconds to export 100,000 matching tickets of the 1M bench workspace to CSV, every grid column,
 * in the grid's default order. Reference: the sqlite3 shell writing the same rows of the same query with `-csv`.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_SORT, type TicketQuery } from '../src/shared/api/contract'
import { TICKET_COLUMNS } from '../src/shared/domain'
import { exportTickets } from '../src/main/export/exportTickets'
import { EXPORT_SELECT } from '../src/main/db/queries/ticketExport'

const ROWS = 100_000
/** About two thirds of the demo: far more than 100k matches. */
const QUERY: TicketQuery = { filters: { status: ['solved', 'closed'] }, sort: DEFAULT_SORT }

export async function exportCsvFigure(dbFile: string): Promise<{ seconds: number; reference: number; rows: number }> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-export-'))
  try {
    const t0 = performance.now()
    const result = await exportTickets({
      dbFile,
      workspace: 'Bench',
      query: QUERY,
      columns: TICKET_COLUMNS.map((c) => c.key),
      format: 'csv',
      file: path.join(tmp, 'out.csv'),
      timeZone: 'Europe/Dublin',
      limit: ROWS,
    })
    const seconds = (performance.now() - t0) / 1000
    let reference = 0
    try {
      const sql = `SELECT ${EXPORT_SELECT.join(', ')} FROM tickets WHERE status IN ('solved', 'closed')
        ORDER BY created_at DESC, id DESC LIMIT ${ROWS};`
      const r0 = performance.now()
      execFileSync(
        'sqlite3',
        ['-readonly', '-csv', '-header', '-cmd', `.output ${path.join(tmp, 'ref.csv')}`, dbFile],
        {
          input: sql,
          stdio: ['pipe', 'ignore', 'inherit'],
        },
      )
      reference = (performance.now() - r0) / 1000
    } catch {
      process.stderr.write('sqlite3 CLI not found: export reference left at 0\n')
    }
    return { seconds, reference, rows: result.rows }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}
