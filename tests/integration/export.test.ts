import ExcelJS from 'exceljs'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../src/main/app/backend'
import { ensureSource, upsertTickets } from '../../src/main/db/queries/ticketWrites'
import { runCli } from '../../src/main/cli/commands'
import { exportTickets } from '../../src/main/export/exportTickets'
import { WITHHELD_TEXT } from '../../src/main/export/cells'
import type { TicketQuery } from '../../src/shared/api/contract'
import type { TaskProgress, TaskStarted, WorkbenchEvent } from '../../src/shared/api/types'
import { FORMULA_TRIGGERS } from '../../src/shared/csvSafe'
import type { TicketColumnKey, TicketRow } from '../../src/shared/domain'
import { parseCsv } from '../helpers/csv'
import { randomTickets } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'

const DANGEROUS = ['=HYPERLINK("http://evil","x")', '+1 555', '-2+3', '@SUM(1)', '\tcmd', '\rcmd']
const COLUMNS: TicketColumnKey[] = ['id', 'subject', 'status', 'assignee', 'createdAt', 'csat', 'fullResolutionMinutes']

async function fixture(n = 400): Promise<{ backend: Backend; dataDir: string }> {
  const dataDir = tempDir()
  const backend = await createBackend({ dataDir, transport: 'cli', noDemo: true })
  const db = backend.manager.require().db
  const tickets = randomTickets(n, 7)
  DANGEROUS.forEach((s, i) => {
    const t = tickets[i * 5]
    if (t) {
      t.subject = s
      t.sensitive = false
      t.caseType = 'copyright'
      t.assignee = '=cmd|"/c calc"!A1'
    }
  })
  upsertTickets(db, ensureSource(db, 'file', 'Fixture'), tickets)
  backend.manager.require().tickets.invalidate()
  return { backend, dataDir }
}

/** Every row the grid would show for the query, in its order, through the grid's own paging. */
function gridRows(backend: Backend, query: TicketQuery): TicketRow[] {
  const out: TicketRow[] = []
  for (let start = 0; ; start += 100) {
    const page = backend.manager.require().tickets.page(query, start, 100)
    out.push(...page.rows)
    if (page.last) return out
  }
}

function isNumberLiteral(cell: string): boolean {
  return /^-?\d+(\.\d+)?(e[+-]?\d+)?$/.test(cell)
}

describe('export to CSV', () => {
  it('writes the title row, the column header and every matching row in the grid order, neutralised', async () => {
    const { backend, dataDir } = await fixture()
    const ws = backend.manager.require()
    const query: TicketQuery = {
      filters: { status: ['open', 'new', 'pending'] },
      sort: { column: 'csat', dir: 'desc' },
    }
    const file = path.join(dataDir, 'out.csv')
    const progress: number[] = []
    const result = await exportTickets({
      dbFile: ws.info.file,
      workspace: ws.info.name,
      query,
      columns: COLUMNS,
      format: 'csv',
      file,
      timeZone: 'Europe/Dublin',
      now: Date.parse('2026-11-22T09:14:00Z'),
      onProgress: (done) => progress.push(done),
    })
    const expected = gridRows(backend, query)
    expect(result).toMatchObject({ state: 'done', rows: expected.length, total: expected.length })
    expect(fs.existsSync(`${file}.partial`)).toBe(false)

    const buf = fs.readFileSync(file)
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = parseCsv(buf.toString('utf8').slice(1))
    expect(rows[0]).toEqual([
      `# Ops Workbench export — My workspace — Status: Open, New, Pending — sorted by CSAT, largest first — exported 2026-11-22 09:14 Europe/Dublin — ${expected.length.toLocaleString('en-US')} tickets`,
    ])
    expect(rows[1]).toEqual(['ID', 'Subject', 'Status', 'Assignee', 'Created', 'CSAT', 'Resolution (min)'])
    const data = rows.slice(2)
    expect(data.map((r) => Number(r[0]))).toEqual(expected.map((r) => r.id))
    for (const [i, row] of data.entries()) {
      const t = expected[i] as TicketRow
      expect(row[1]).toBe(
        t.sensitive ? WITHHELD_TEXT : /^[=+\-@\t\r]/.test(t.subject ?? '') ? `'${t.subject}` : t.subject,
      )
      expect(row[5]).toBe(t.csat === null ? '' : String(t.csat))
      expect(new Date(row[4] as string).getTime()).toBe(Math.floor(t.createdAt / 1000) * 1000)
      expect(row[4]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[01]:00$/)
      for (const cell of row) {
        if (FORMULA_TRIGGERS.includes(cell.charAt(0))) expect(isNumberLiteral(cell)).toBe(true)
      }
    }
    // The injected formulas were in this view and came out as text.
    const subjects = new Set(data.map((r) => r[1]))
    const inView = DANGEROUS.filter((s) => expected.some((t) => t.subject === s))
    expect(inView.length).toBeGreaterThan(0)
    for (const s of inView) expect(subjects.has(`'${s}`)).toBe(true)
    expect(data.some((r) => r[3] === `'=cmd|"/c calc"!A1`)).toBe(true)
    expect(expected.some((t) => t.sensitive)).toBe(true)
    expect(progress.at(-1)).toBe(expected.length)
    backend.close()
  })

  it('withholds the subject of sensitive tickets and keeps blanks last for a nullable sort', async () => {
    const { backend, dataDir } = await fixture()
    const ws = backend.manager.require()
    const query: TicketQuery = { filters: {}, sort: { column: 'priority', dir: 'asc' } }
    const file = path.join(dataDir, 'all.csv')
    await exportTickets({
      dbFile: ws.info.file,
      workspace: ws.info.name,
      query,
      columns: ['id', 'priority', 'subject'],
      format: 'csv',
      file,
      timeZone: 'UTC',
    })
    const data = parseCsv(fs.readFileSync(file, 'utf8').slice(1)).slice(2)
    const expected = gridRows(backend, query)
    expect(data.map((r) => Number(r[0]))).toEqual(expected.map((r) => r.id))
    const sensitive = expected.filter((t) => t.sensitive).map((t) => t.id)
    expect(sensitive.length).toBeGreaterThan(0)
    for (const row of data) if (sensitive.includes(Number(row[0]))) expect(row[2]).toBe(WITHHELD_TEXT)
    expect(data.at(-1)?.[1]).toBe('')
    backend.close()
  })

  it('stops on cancel and leaves neither the file nor a partial', async () => {
    const { backend, dataDir } = await fixture(6_000)
    const ws = backend.manager.require()
    const file = path.join(dataDir, 'cancelled.csv')
    const controller = new AbortController()
    let sawPartial = false
    const result = await exportTickets({
      dbFile: ws.info.file,
      workspace: ws.info.name,
      query: { filters: {}, sort: { column: 'createdAt', dir: 'desc' } },
      columns: COLUMNS,
      format: 'csv',
      file,
      timeZone: 'UTC',
      signal: controller.signal,
      onProgress: (done) => {
        if (done > 0 && !controller.signal.aborted) {
          sawPartial = fs.existsSync(`${file}.partial`)
          controller.abort()
        }
      },
    })
    expect(sawPartial).toBe(true)
    expect(result.state).toBe('cancelled')
    expect(result.rows).toBeLessThan(6_000)
    expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('cancelled'))).toEqual([])
    backend.close()
  })
})

describe('export to XLSX', () => {
  it('reads back with exceljs: title, header, rows in order, neutralised text, date cells, frozen header', async () => {
    const { backend, dataDir } = await fixture()
    const ws = backend.manager.require()
    const query: TicketQuery = { filters: {}, sort: { column: 'id', dir: 'asc' } }
    const file = path.join(dataDir, 'out.xlsx')
    await exportTickets({
      dbFile: ws.info.file,
      workspace: ws.info.name,
      query,
      columns: COLUMNS,
      format: 'xlsx',
      file,
      timeZone: 'UTC',
    })
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(file)
    const sheet = book.getWorksheet('Tickets')
    expect(sheet).toBeDefined()
    if (!sheet) return
    expect(String(sheet.getCell('A1').value)).toMatch(/^Ops Workbench export — My workspace — all tickets — /)
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'ID',
      'Subject',
      'Status',
      'Assignee',
      'Created',
      'CSAT',
      'Resolution (min)',
    ])
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 })
    const expected = gridRows(backend, query)
    expect(sheet.rowCount).toBe(expected.length + 2)
    for (const [i, t] of expected.entries()) {
      const row = sheet.getRow(i + 3)
      expect(row.getCell(1).value).toBe(t.id)
      const subject = row.getCell(2).value as string
      // XML reads a bare CR back as LF (line-end normalisation); the apostrophe before it is what matters.
      const shown = t.sensitive ? WITHHELD_TEXT : /^[=+\-@\t\r]/.test(t.subject ?? '') ? `'${t.subject}` : t.subject
      const expectedSubject = (shown ?? '').replace(/\r/g, '\n')
      expect(subject).toBe(expectedSubject)
      expect(FORMULA_TRIGGERS.includes(subject.charAt(0))).toBe(false)
      expect((row.getCell(5).value as Date).getTime()).toBe(t.createdAt)
      expect(row.getCell(6).value ?? null).toBe(t.csat)
    }
    backend.close()
  })
})

describe('export as a task through the API', () => {
  async function finished(backend: Backend, taskId: string): Promise<TaskProgress> {
    return new Promise((resolve) => {
      const off = backend.onEvent((e: WorkbenchEvent) => {
        if (e.type === 'task' && e.task.taskId === taskId && e.task.state !== 'running') {
          off()
          resolve(e.task)
        }
      })
    })
  }

  it('writes into <dataDir>/exports and names the file in the finished event', async () => {
    const { backend, dataDir } = await fixture()
    const events: TaskProgress[] = []
    backend.onEvent((e) => e.type === 'task' && events.push(e.task))
    const r = await backend.dispatch('export.tickets', {
      filters: { channel: ['email'] },
      sort: { column: 'createdAt', dir: 'desc' },
      columns: ['id', 'subject'],
      format: 'csv',
      timeZone: 'Europe/Dublin',
    })
    expect(r.ok).toBe(true)
    const { taskId } = (r as { value: TaskStarted }).value
    const done = await finished(backend, taskId)
    expect(done).toMatchObject({ kind: 'export', unit: 'tickets', state: 'done' })
    expect(done.total).toBe(backend.manager.require().tickets.count({ channel: ['email'] }))
    expect(path.dirname(done.result?.file ?? '')).toBe(path.join(dataDir, 'exports'))
    expect(path.basename(done.result?.file ?? '')).toMatch(/^my-workspace-\d{8}-\d{4}\.csv$/)
    expect(fs.existsSync(done.result?.file ?? '')).toBe(true)
    expect(events[0]).toMatchObject({ taskId, state: 'running', done: 0 })
    backend.close()
  })

  it('cancels a running export by task id: finished as cancelled, no file left', async () => {
    const { backend, dataDir } = await fixture(20_000)
    const r = await backend.dispatch('export.tickets', {
      filters: {},
      sort: { column: 'createdAt', dir: 'desc' },
      columns: ['id', 'subject', 'createdAt'],
      format: 'csv',
      timeZone: 'UTC',
    })
    const { taskId } = (r as { value: TaskStarted }).value
    const end = finished(backend, taskId)
    expect(await backend.dispatch('task.cancel', { taskId })).toEqual({ ok: true, value: { cancelled: true } })
    expect((await end).state).toBe('cancelled')
    expect(fs.readdirSync(path.join(dataDir, 'exports'))).toEqual([])
    expect(await backend.dispatch('task.cancel', { taskId })).toEqual({ ok: true, value: { cancelled: false } })
    backend.close()
  })

  it('rejects bad arguments', async () => {
    const { backend } = await fixture(10)
    const base = { filters: {}, sort: { column: 'id', dir: 'asc' }, columns: ['id'], format: 'csv', timeZone: 'UTC' }
    for (const bad of [
      { ...base, format: 'pdf' },
      { ...base, columns: [] },
      { ...base, columns: ['password'] },
      { ...base, sort: { column: 'nope', dir: 'asc' } },
      { ...base, timeZone: '../etc' },
      { ...base, timeZone: 'Mars/Olympus' },
      { ...base, file: '/tmp/x.csv' },
    ]) {
      const r = await backend.dispatch('export.tickets', bad)
      expect(r, JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    }
    expect(await backend.dispatch('task.cancel', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    backend.close()
  })
})

describe('export from the command line', () => {
  it('exports with filters and sort, reporting progress on stderr', async () => {
    const { backend, dataDir } = await fixture()
    const expected = gridRows(backend, { filters: { channel: ['phone'] }, sort: { column: 'id', dir: 'asc' } })
    backend.close()
    const out = path.join(dataDir, 'cli.csv')
    const lines: string[] = []
    const progress: string[] = []
    const io = {
      out: (t: string) => lines.push(t),
      err: (t: string) => lines.push(t),
      progress: (t: string) => progress.push(t),
      env: {},
    }
    const code = await runCli(
      [
        'export',
        '--data-dir',
        dataDir,
        '--format',
        'csv',
        '--out',
        out,
        '--filters',
        '{"channel":["phone"]}',
        '--sort',
        'id:asc',
        '--columns',
        'id,channel',
      ],
      io,
    )
    expect(code, lines.join('\n')).toBe(0)
    const data = parseCsv(fs.readFileSync(out, 'utf8').slice(1)).slice(2)
    expect(data).toEqual(expected.map((t) => [String(t.id), 'Phone']))
    expect(progress.some((p) => /Exporting: [\d,]+ \/ [\d,]+ tickets/.test(p))).toBe(true)
    expect(await runCli(['export', '--data-dir', dataDir, '--format', 'pdf', '--out', out], io)).toBe(2)
    expect(await runCli(['export', '--data-dir', dataDir, '--out', out, '--sort', 'nope:up'], io)).toBe(2)
    expect(await runCli(['export', '--data-dir', dataDir], io)).toBe(2)
  })
})
