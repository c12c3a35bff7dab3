/** Every supported file shape, encoding, quoting and date quirk, imported end to end into a workspace file. */
import ExcelJS from 'exceljs'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src/main/db/connection'
import { prepareImport } from '../../src/main/ingest/importService'
import { inspectFile } from '../../src/main/ingest/inspect'
import { runImport } from '../../src/main/ingest/runImport'
import type { ImportMapping } from '../../src/shared/importMapping'
import { ACCENTED_CSV, writeEncoded, type FixtureEncoding } from '../fixtures/import/encode'
import { tempDir } from '../helpers/tmp'

const FIXTURES = path.resolve(__dirname, '../fixtures/import')

interface Row {
  external_id: string
  subject: string
  status: string
  priority: string | null
  channel: string
  created_at: number
  solved_at: number | null
  requester: string | null
  assignee: string | null
  group_name: string | null
  tags_json: string
  full_resolution_minutes: number | null
  first_reply_minutes: number | null
  csat: number | null
  reopens: number
  escalated: number
  case_type: string | null
}

async function importInto(db: Db, file: string, timeZone = 'UTC', edit?: (m: ImportMapping) => void) {
  const inspection = await inspectFile(file, path.basename(file))
  const mapping = inspection.mapping
  edit?.(mapping)
  const prepared = await prepareImport(db, {
    file,
    fileName: path.basename(file),
    mapping,
    presetId: inspection.presetId,
    timeZone,
  })
  const summary = await runImport(
    db,
    { file, fileName: path.basename(file), mapping, timeZone, ...prepared },
    { isCancelled: () => false, onProgress: () => {} },
  )
  const rows = db.prepare('SELECT * FROM tickets WHERE source_id = ? ORDER BY id').all(prepared.sourceId) as Row[]
  const rejects = db
    .prepare('SELECT line, reason FROM import_rejects WHERE run_id = ? ORDER BY line')
    .all(summary.id) as {
    line: number
    reason: string
  }[]
  return { inspection, summary, rows, rejects }
}

function workspace(): Db {
  return openDatabase(path.join(tempDir(), 'ws.sqlite'))
}

describe('importing files', () => {
  it.each<FixtureEncoding>(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'])(
    'reads %s and keeps every character',
    async (encoding) => {
      const file = writeEncoded(tempDir(), `accented-${encoding}.csv`, ACCENTED_CSV, encoding)
      const { inspection, rows, summary } = await importInto(workspace(), file)
      expect(inspection.encoding).toBe(encoding === 'utf-8-bom' ? 'utf-8' : encoding)
      expect(inspection.columns[0]).toBe('Id') // no byte order mark left on the first header
      expect(summary).toMatchObject({ state: 'done', rows: 3, inserted: 3, rejected: 0 })
      expect(rows.map((r) => [r.subject, r.requester])).toEqual([
        ['Café “crème” – 5 €', 'José Müller'],
        ['Zoë’s "payout"\r\nsecond line', 'Ærøskøbing Ltd'],
        ['Naïve façade', 'Œuvre Ñandú'],
      ])
    },
  )

  it('reads any delimiter, quoted newlines and doubled quotes, and rejects bad rows by their physical line', async () => {
    const { inspection, rows, rejects, summary } = await importInto(
      workspace(),
      path.join(FIXTURES, 'quirks-semicolon.csv'),
    )
    expect(inspection).toMatchObject({ delimiter: ';', dateOrder: 'dmy' })
    expect(rows.map((r) => r.external_id)).toEqual(['A-1', 'A-2', 'A-4', 'A-6'])
    expect(rows[1]?.status).toBe('open') // "Working"
    expect(rows[2]?.subject).toBe('Three\nline\nsubject')
    expect(rows[0]?.created_at).toBe(Date.parse('2025-01-31T14:05:00Z'))
    expect(rejects).toEqual([
      { line: 5, reason: 'Created: "32/01/2025 10:00" is not a real date' },
      { line: 6, reason: 'the ticket id is empty' },
      { line: 10, reason: 'Created: "not-a-date" is not a date' },
    ])
    expect(summary).toMatchObject({ rows: 7, inserted: 4, rejected: 3 })
  })

  it('imports a Salesforce Case report: Working is open, Medium is normal, month-first dates with AM/PM', async () => {
    const { inspection, rows } = await importInto(
      workspace(),
      path.join(FIXTURES, 'salesforce-cases.tsv'),
      'America/Los_Angeles',
    )
    expect(inspection).toMatchObject({ presetId: 'salesforce-cases', delimiter: '\t', dateOrder: 'mdy' })
    expect(rows.map((r) => [r.external_id, r.status, r.priority, r.channel, r.escalated])).toEqual([
      ['00001001', 'open', 'normal', 'email', 0],
      ['00001002', 'closed', 'high', 'phone', 1],
      ['00001003', 'open', 'low', 'web_form', 1],
    ])
    expect(rows[0]?.created_at).toBe(Date.parse('2025-01-31T22:05:00Z'))
    expect(rows[1]?.solved_at).toBe(Date.parse('2025-02-04T00:45:00Z'))
  })

  it('imports a HubSpot tickets export: pipeline stages, priorities and time_to_close in milliseconds', async () => {
    const { inspection, rows } = await importInto(workspace(), path.join(FIXTURES, 'hubspot-tickets.csv'))
    expect(inspection.presetId).toBe('hubspot-tickets')
    expect(rows.map((r) => [r.external_id, r.status, r.priority, r.channel, r.full_resolution_minutes])).toEqual([
      ['9001', 'closed', 'high', 'in_app', 1560],
      ['9002', 'new', 'low', 'web_form', null],
    ])
    expect(JSON.parse(rows[0]?.tags_json ?? '[]')).toEqual([])
  })

  it('turns Avaya call records into phone contacts beside the tickets', async () => {
    const { inspection, rows } = await importInto(workspace(), path.join(FIXTURES, 'avaya-calls.csv'))
    expect(inspection.presetId).toBe('avaya-calls')
    expect(rows.map((r) => [r.channel, r.status, r.subject, r.requester, r.assignee, r.group_name])).toEqual([
      ['phone', 'solved', 'Phone call', '+15551230001', 'agent.kim', 'Creator Support'],
      ['phone', 'closed', 'Phone call', '+15551230002', null, 'Creator Support'],
      ['phone', 'solved', 'Phone call', '+15551230003', 'agent.ruiz', 'Payments'],
    ])
    expect(rows.map((r) => [r.full_resolution_minutes, r.first_reply_minutes])).toEqual([
      [6, 0],
      [0, 2],
      [11, 1],
    ])
    expect(rows[0]?.solved_at).toBe(Date.parse('2025-01-20T09:06:05Z'))
  })

  it('imports a Zendesk incremental export with inline metrics, satisfaction and custom fields', async () => {
    const { inspection, rows } = await importInto(
      workspace(),
      path.join(FIXTURES, 'zendesk-incremental.json'),
      'UTC',
      (m) => {
        m.columns.caseType = 'custom_fields.80429327'
      },
    )
    expect(inspection).toMatchObject({ format: 'json', presetId: 'zendesk-json' })
    expect(inspection.columns).toContain('metric_set.full_resolution_time_in_minutes.calendar')
    expect(rows.map((r) => [r.external_id, r.status, r.channel, r.csat, r.case_type])).toEqual([
      ['10046', 'solved', 'email', 5, 'creator_payouts'],
      ['10047', 'open', 'in_app', null, null],
      ['10048', 'deleted', 'web_form', null, 'spam_scam'],
    ])
    expect(rows[0]).toMatchObject({ reopens: 1, first_reply_minutes: 42, full_resolution_minutes: 2820 })
    expect(rows[0]?.solved_at).toBe(Date.parse('2025-01-12T09:00:00Z'))
  })

  it('joins the top-level metric_sets[] of a Zendesk export onto tickets that carry no inline metric set', async () => {
    const { inspection, rows } = await importInto(workspace(), path.join(FIXTURES, 'zendesk-metric-sets.json'))
    expect(inspection).toMatchObject({ format: 'json', presetId: 'zendesk-json' })
    // The metric columns are discovered from the joined sets, so the preset maps them.
    expect(inspection.mapping.columns.firstReplyMinutes).toBe('metric_set.reply_time_in_minutes.calendar')
    expect(rows.map((r) => [r.external_id, r.reopens, r.first_reply_minutes, r.full_resolution_minutes])).toEqual([
      ['20001', 1, 35, 2940],
      ['20002', 0, null, null],
    ])
    expect(rows[0]?.solved_at).toBe(Date.parse('2025-03-04T09:00:00Z'))
    expect(rows[0]?.csat).toBe(5)
  })

  it('imports NDJSON with Unix-second and millisecond dates and reports the broken line', async () => {
    const { inspection, rows, rejects } = await importInto(workspace(), path.join(FIXTURES, 'tickets.ndjson'))
    expect(inspection.format).toBe('ndjson')
    expect(rows.map((r) => [r.external_id, r.created_at])).toEqual([
      ['n1', 1_737_000_000_000],
      ['n2', 1_737_000_000_123],
      ['n4', Date.parse('2025-01-16T04:00:00Z')],
    ])
    expect(rejects).toHaveLength(1)
    expect(rejects[0]?.line).toBe(4)
    expect(rejects[0]?.reason).toMatch(/not valid JSON/)
  })

  it('streams an XLSX workbook, reading date cells in the chosen zone and reporting rows by number', async () => {
    const file = path.join(tempDir(), 'tickets.xlsx')
    const wb = new ExcelJS.Workbook()
    const sheet = wb.addWorksheet('Tickets')
    sheet.addRow(['Ticket ID', 'Subject', 'Status', 'Created', 'Replies'])
    sheet.addRow(['X-1', 'From Excel', 'Open', new Date(Date.UTC(2025, 0, 31, 14, 5)), 2])
    sheet.addRow(['X-2', { richText: [{ text: 'Rich ' }, { text: 'text' }] }, 'Solved', '2025-02-01 08:00', 1])
    sheet.addRow(['X-3', 'Bad replies', 'Open', '2025-02-02 08:00', 'many'])
    await wb.xlsx.writeFile(file)
    const { inspection, rows, rejects } = await importInto(workspace(), file, 'Europe/Paris')
    expect(inspection.format).toBe('xlsx')
    expect(rows.map((r) => [r.external_id, r.subject, r.created_at])).toEqual([
      ['X-1', 'From Excel', Date.parse('2025-01-31T13:05:00Z')],
      ['X-2', 'Rich text', Date.parse('2025-02-01T07:00:00Z')],
    ])
    expect(rejects).toEqual([{ line: 4, reason: 'Replies: "many" is not a number' }])
  })

  it('keeps the records of a JSON export that breaks off, and reports the cut one by its line', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'cut.json')
    const full =
      '[\n{"id": "j1", "created_at": "2025-01-01T00:00:00Z"},\n{"id": "j2", "created_at": "2025-01-02T00:00:00Z"},\n{"id": "j3", "crea'
    fs.writeFileSync(file, full)
    const { rows, rejects, summary } = await importInto(workspace(), file)
    expect(rows.map((r) => r.external_id)).toEqual(['j1', 'j2'])
    expect(rejects).toEqual([{ line: 4, reason: 'the file ends inside this record' }])
    expect(summary.state).toBe('done')
  })

  it('asks for the date order when the sample cannot prove it', async () => {
    const inspection = await inspectFile(path.join(FIXTURES, 'ambiguous-dates.csv'), 'ambiguous-dates.csv')
    expect(inspection.dateOrder).toBe('ambiguous')
    expect(inspection.mapping.dateOrder).toBe('auto')
  })
})
