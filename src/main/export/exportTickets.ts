/**
 * Streams every ticket of a view to a CSV or XLSX file: rows are read in the grid's order from a read snapshot and
 * written batch by batch (memory stays bounded at any size), yielding to the event loop between batches so the app
 * keeps answering. The file is written as `<file>.partial` and renamed into place only when complete; a cancel or a
 * failure deletes the partial, so a file at `file` is always a whole export.
 */
import ExcelJS from 'exceljs'
import fs from 'node:fs'
import { once } from 'node:events'
import type { TicketQuery } from '../../shared/api/contract'
import { csvCell, csvRow, neutraliseCell, type CellValue } from '../../shared/csvSafe'
import type { TicketColumnKey } from '../../shared/domain'
import { exportTitle } from '../../shared/exportDescribe'
import { openExportSnapshot, type ExportRawRow } from '../db/queries/ticketExport'
import { columnSpecs, ZoneClock, type ExportColumnSpec } from './cells'

export type ExportFormat = 'csv' | 'xlsx'

export interface ExportRequest {
  /** The workspace's SQLite file (read through its own read-only connection). */
  dbFile: string
  /** Workspace name for the title line. */
  workspace: string
  query: TicketQuery
  columns: readonly TicketColumnKey[]
  format: ExportFormat
  /** Where the finished file goes. */
  file: string
  timeZone: string
  signal?: AbortSignal
  onProgress?: (done: number, total: number) => void
  /** At most this many rows (benchmarks); the title still counts every match. */
  limit?: number
  /** Export time (tests); now otherwise. */
  now?: number
}

export interface ExportResult {
  state: 'done' | 'cancelled'
  rows: number
  /** Matching tickets. */
  total: number
  file: string
}

const CSV_BATCH = 2_000
const XLSX_BATCH = 500
const BOM = '\uFEFF'

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export function partialFile(file: string): string {
  return `${file}.partial`
}

export async function exportTickets(request: ExportRequest): Promise<ExportResult> {
  const snapshot = openExportSnapshot(request.dbFile, request.query)
  const partial = partialFile(request.file)
  const total = request.limit === undefined ? snapshot.count : Math.min(snapshot.count, request.limit)
  const columns = columnSpecs(request.columns, snapshot.sourceNames)
  const title = exportTitle({
    workspace: request.workspace,
    filters: request.query.filters,
    sort: request.query.sort,
    exportedAt: request.now ?? Date.now(),
    timeZone: request.timeZone,
    count: snapshot.count,
  })
  const clock = new ZoneClock(request.timeZone)
  const rows = snapshot.rows()
  let written = 0
  let sink: Sink | null = null
  try {
    sink =
      request.format === 'csv'
        ? await csvSink(partial, title, columns, clock)
        : xlsxSink(partial, title, columns, clock)
    const batch = request.format === 'csv' ? CSV_BATCH : XLSX_BATCH
    request.onProgress?.(0, total)
    let cancelled = false
    while (written < total) {
      if (request.signal?.aborted) {
        cancelled = true
        break
      }
      const chunk: ExportRawRow[] = []
      for (let i = 0; i < batch && written + chunk.length < total; i++) {
        const next = rows.next()
        if (next.done) break
        chunk.push(next.value)
      }
      if (chunk.length === 0) break
      await sink.write(chunk)
      written += chunk.length
      request.onProgress?.(written, total)
      await yieldToLoop()
    }
    rows.return?.()
    await sink.end()
    if (cancelled || request.signal?.aborted) {
      fs.rmSync(partial, { force: true })
      return { state: 'cancelled', rows: written, total, file: request.file }
    }
    await syncFile(partial)
    fs.renameSync(partial, request.file)
    return { state: 'done', rows: written, total, file: request.file }
  } catch (err) {
    rows.return?.()
    sink?.destroy()
    fs.rmSync(partial, { force: true })
    throw err
  } finally {
    snapshot.close()
  }
}

/** Resolves on 'drain' or on an error (reported by the caller), leaving no listener behind either way. */
function drained(out: fs.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      out.off('drain', done)
      out.off('error', done)
      resolve()
    }
    out.on('drain', done)
    out.on('error', done)
  })
}

async function syncFile(file: string): Promise<void> {
  const fh = await fs.promises.open(file, 'r+')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}

interface Sink {
  write(rows: ExportRawRow[]): Promise<void>
  end(): Promise<void>
  /** Releases the file after a failure (the partial is deleted next). */
  destroy(): void
}

function cellsOf(row: ExportRawRow, columns: ExportColumnSpec[]): CellValue[] {
  return columns.map((c) => c.value(row))
}

/** UTF-8 with a BOM (so Excel reads it as UTF-8), CRLF records, the title line, the column header, then rows. */
async function csvSink(file: string, title: string, columns: ExportColumnSpec[], clock: ZoneClock): Promise<Sink> {
  const out = fs.createWriteStream(file, { flags: 'w' })
  let failure: Error | null = null
  out.on('error', (err) => (failure = err))
  await once(out, 'open')
  const put = async (text: string): Promise<void> => {
    if (failure) throw failure
    if (!out.write(text)) await drained(out)
    if (failure) throw failure
  }
  await put(BOM + csvRow([`# ${title}`]) + csvRow(columns.map((c) => c.label)))
  return {
    async write(rows) {
      let text = ''
      for (const row of rows) {
        let line = ''
        for (let i = 0; i < columns.length; i++) {
          const c = columns[i] as ExportColumnSpec
          const v = c.value(row)
          if (i > 0) line += ','
          line += c.kind === 'date' && v !== null ? clock.iso(v as number) : csvCell(v)
        }
        text += `${line}\r\n`
      }
      await put(text)
    },
    end: () =>
      new Promise<void>((resolve, reject) => {
        if (failure) return reject(failure)
        out.end((err?: Error | null) => (err ? reject(err) : resolve()))
      }),
    destroy: () => out.destroy(),
  }
}

/**
 * exceljs's streaming writer: each row is committed as it is added, so the sheet is never held in memory. Text is
 * neutralised like CSV; dates are real date cells in the analyst's wall-clock time; the header rows are frozen.
 */
function xlsxSink(file: string, title: string, columns: ExportColumnSpec[], clock: ZoneClock): Sink {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false })
  workbook.creator = 'Ops Workbench'
  const sheet = workbook.addWorksheet('Tickets', { views: [{ state: 'frozen', ySplit: 2 }] })
  sheet.columns = columns.map((c) => ({
    key: c.key,
    width: c.width,
    style: c.kind === 'date' ? { numFmt: 'yyyy-mm-dd hh:mm:ss' } : {},
  }))
  const titleRow = sheet.addRow([neutraliseCell(title)])
  titleRow.font = { bold: true }
  titleRow.commit()
  const header = sheet.addRow(columns.map((c) => neutraliseCell(c.label)))
  header.font = { bold: true }
  header.commit()
  return {
    write(rows) {
      for (const row of rows) {
        const values = cellsOf(row, columns).map((v, i) => {
          if (v === null) return null
          const c = columns[i] as ExportColumnSpec
          if (c.kind === 'date') return clock.wallClock(v as number)
          return typeof v === 'string' ? neutraliseCell(v) : v
        })
        sheet.addRow(values).commit()
      }
      return Promise.resolve()
    },
    async end() {
      sheet.commit()
      await workbook.commit()
    },
    destroy() {
      // The streaming writer has no abort; its file stream is closed with the process or by a later commit.
      workbook.commit().catch(() => {})
    },
  }
}
