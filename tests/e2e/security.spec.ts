/**
 * reliability.md, The desktop shell and issue 7 part 3: an XSS corpus in ticket subjects, bodies, comments, tags and
 * names renders inert in the grid, the detail panel, the Trends charts and breakdown, and in CSV/XLSX exports, and
 * no remote request is made while showing or exporting such tickets (a local listener counts requests). Part 4 and 6
 * in the UI: Settings backs up, restores and shows the audit log.
 */
import Database from 'better-sqlite3'
import ExcelJS from 'exceljs'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import type { TicketPage } from '../../src/shared/api/types'
import { parseCsv } from '../../src/main/ingest/csvParser'
import { xssCorpus, xssNames } from '../security/xssCorpus'
import { expect, test, type Workbench } from './fixtures'

/**
 * reliability.md's list, written out rather than imported from the code under test: an exported cell never begins
 * with one of these unless neutralised.
 */
const PROMISED_TRIGGERS = ['=', '+', '-', '@', '\t', '\r']

interface Listener {
  base: string
  hits: string[]
  close(): void
}

async function listener(): Promise<Listener> {
  const hits: string[] = []
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '')
    res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' }).end('ok')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  // The listener answers: an empty list later means nothing asked, not that nothing could.
  await fetch(`${base}/control`)
  expect(hits).toEqual(['/control'])
  hits.length = 0
  return { base, hits, close: () => server.close() }
}

/** Writes the corpus into the newest non-sensitive tickets, as a sync would (straight into the workspace file). */
async function plant(workbench: Workbench, base: string): Promise<number[]> {
  const page = await workbench.api<TicketPage>('tickets.page', {
    query: { filters: {}, sort: { column: 'createdAt', dir: 'desc' } },
    startRow: 0,
    limit: 1000,
  })
  const ids = page.rows.filter((r) => !r.sensitive).map((r) => r.id)
  const corpus = xssCorpus(base)
  const names = xssNames(base)
  const db = new Database(path.join(workbench.dataDir, 'workspaces', 'demo.sqlite'))
  try {
    const setText = db.prepare('UPDATE tickets SET subject = ?, description = ?, requester = ? WHERE id = ?')
    const setNames = db.prepare('UPDATE tickets SET assignee = ?, group_name = ?, tags_json = ? WHERE id = ?')
    const addTag = db.prepare('INSERT OR IGNORE INTO ticket_tags (tag, ticket_id) VALUES (?, ?)')
    const addReply = db.prepare(
      `INSERT INTO ticket_comments (ticket_id, author, author_role, public, body, created_at)
       VALUES (?, ?, 'requester', 1, ?, ?)`,
    )
    db.transaction(() => {
      corpus.forEach((payload, i) => {
        const id = ids[i] as number
        setText.run(payload.slice(0, 200), payload, names[i % names.length], id)
        addReply.run(id, names[i % names.length], payload, Date.now())
      })
      // Names on many tickets, so they lead the Trends cut by assignee and group.
      ids.slice(0, 900).forEach((id, i) => {
        const name = names[i % names.length] as string
        setNames.run(name, name, JSON.stringify([name]), id)
        addTag.run(name, id)
      })
    })()
  } finally {
    db.close()
  }
  return ids.slice(0, corpus.length)
}

/** Nothing ran: no marker, no dialog, no element carrying an inline handler, no script but the app's own. */
async function expectInert(page: Page, dialogs: string[], l: Listener): Promise<void> {
  // A string, evaluated in the page (this file is compiled without the DOM library).
  const state = (await page.evaluate(`(() => ({
    mark: window.__xss ?? null,
    handlers: [...document.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => el.tagName + '.' + a.name)),
    scripts: [...document.scripts].map((s) => s.src.replace(location.origin, '')),
    frames: document.querySelectorAll('iframe, object, embed, svg image, video, audio').length,
    javascriptLinks: [...document.querySelectorAll('a[href]')].filter((a) => /^\\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
  }))()`)) as { mark: unknown; handlers: string[]; scripts: string[]; frames: number; javascriptLinks: number }
  expect(state.mark).toBeNull()
  expect(state.handlers).toEqual([])
  expect(state.scripts.every((s) => /^\/assets\/[\w.-]+\.js$/.test(s))).toBe(true)
  expect(state.frames).toBe(0)
  expect(state.javascriptLinks).toBe(0)
  expect(dialogs).toEqual([])
  expect(l.hits).toEqual([])
}

test('hostile ticket text and names render as text in the grid, the detail panel and Trends, and fetch nothing', async ({
  app,
  workbench,
}) => {
  const l = await listener()
  const dialogs: string[] = []
  app.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  try {
    const ids = await plant(workbench, l.base)
    const corpus = xssCorpus(l.base)
    await app.reload()
    await expect(app.getByTestId('app-ready')).toBeAttached()

    // The grid: the first rows carry the payloads as their subject text.
    const grid = app.getByTestId('grid')
    await expect(grid.locator('.ag-row[row-index="0"] [col-id="subject"]')).toBeVisible()
    // Rows arrive a page at a time: wait until the grid has drawn their text, not just their cells.
    const expected = corpus.slice(0, 5).map((p) => p.slice(0, 200).replace(/\s+/g, ' ').trim())
    const subjects = async () =>
      (await grid.locator('.ag-row [col-id="subject"]').allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim())
    await expect.poll(subjects).toEqual(expect.arrayContaining(expected))
    await expectInert(app, dialogs, l)

    // The detail panel: description, comment and names, each as text.
    for (const [i, id] of ids.slice(0, 6).entries()) {
      const row = grid
        .locator(`.ag-row [col-id="subject"]`)
        .filter({ hasText: corpus[i]?.slice(0, 30) ?? '' })
        .first()
      await row.click()
      const panel = app.getByTestId('detail-panel')
      await expect(panel).toHaveAttribute('aria-label', `Ticket ${id}`)
      await expect(panel.getByTestId('ticket-description')).toHaveText(corpus[i] as string, { useInnerText: false })
      await expect(panel.locator('.comment-body').last()).toContainText(corpus[i]?.slice(0, 40) ?? '')
      await expectInert(app, dialogs, l)
    }

    // Trends, cut by assignee: the names are in the legend, the tooltip and the breakdown table, as text.
    await app.goto(`${workbench.url.split('?')[0]}#/trends`)
    await expect(app.getByTestId('trends-screen')).toBeVisible()
    await app.getByTestId('trends-cut').selectOption('assignee')
    const breakdown = app.getByTestId('breakdown')
    await expect(breakdown).toContainText(xssNames(l.base)[0] as string)
    const volume = app.getByTestId('chart-volume')
    const surface = volume.locator('.trend-chart canvas').first()
    await expect(surface).toBeVisible()
    const box = await surface.boundingBox()
    if (!box) throw new Error('the volume chart has no drawing surface to hover')
    const tooltip = volume
      .locator('.trend-chart > div')
      .filter({ hasText: 'Click a bar to open those tickets in Cases' })
    const shown: string[] = []
    for (const fx of [0.3, 0.5, 0.7, 0.9]) {
      await app.mouse.move(box.x + box.width * fx, box.y + box.height * 0.5)
      await expect(tooltip).toBeVisible()
      shown.push(await tooltip.innerText())
    }
    // The tooltip is HTML: the names are in it as text (and, checked next, ran nothing).
    expect(shown.join('\n')).toContain(xssNames(l.base)[0])
    await expectInert(app, dialogs, l)
  } finally {
    l.close()
  }
})

test('CSV and XLSX exports of hostile tickets keep the text, neutralise formulas and fetch nothing', async ({
  workbench,
}) => {
  const l = await listener()
  try {
    const ids = await plant(workbench, l.base)
    const filters = {}
    const columns = ['id', 'subject', 'requester', 'assignee', 'group']
    const files: Record<string, string> = {}
    for (const format of ['csv', 'xlsx'] as const) {
      const { taskId } = await workbench.api<{ taskId: string }>('export.tickets', {
        filters,
        sort: { column: 'createdAt', dir: 'desc' },
        columns,
        format,
        timeZone: 'UTC',
      })
      const dir = path.join(workbench.dataDir, 'exports')
      await expect
        .poll(() => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(`.${format}`)) : []), {
          timeout: 30_000,
        })
        .toHaveLength(1)
      files[format] = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith(`.${format}`)) as string)
      void taskId
    }
    const csv = fs.readFileSync(files.csv as string, 'utf8')
    // Every payload is there as text (spreadsheet-neutralised where it starts like a formula).
    for (const p of xssCorpus(l.base).slice(0, 8)) {
      const subject = p.slice(0, 200)
      const shown = PROMISED_TRIGGERS.includes(subject.charAt(0)) ? `'${subject}` : subject
      expect(csv).toContain(shown.replace(/"/g, '""'))
    }
    // No cell of the CSV starts with a trigger (these columns hold no negative numbers), read as a spreadsheet would:
    // quoted cells whole, line breaks inside them included.
    const cells = parseCsv(csv, ',').flatMap((r) => r.fields)
    expect(cells.length).toBeGreaterThan(3000 * columns.length)
    expect(cells.filter((c) => PROMISED_TRIGGERS.includes(c.charAt(0)))).toEqual([])
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(files.xlsx as string)
    const sheet = book.worksheets[0]
    let formulas = 0
    let dangerous = 0
    let payloads = 0
    sheet?.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.formula || (cell.value && typeof cell.value === 'object' && 'formula' in cell.value)) formulas++
        const text = typeof cell.value === 'string' ? cell.value : ''
        if (text && PROMISED_TRIGGERS.includes(text.charAt(0))) dangerous++
        if (text.includes(l.base)) payloads++
      }),
    )
    expect(formulas).toBe(0)
    expect(dangerous).toBe(0)
    expect(payloads).toBeGreaterThan(ids.length)
    expect(l.hits).toEqual([])
    // Each export is in the audit log, with who and how many rows.
    const audit = await workbench.api<{ entries: { action: string; actor: string; detail: { rows?: number } }[] }>(
      'audit.list',
      {
        actions: ['export.'],
      },
    )
    expect(audit.entries.map((e) => e.action).sort()).toEqual(['export.csv', 'export.xlsx'])
    expect(audit.entries[0]?.actor).toMatch(/\(web\)$/)
    expect(audit.entries[0]?.detail.rows).toBe(3000)
  } finally {
    l.close()
  }
})

test('Settings: back up now, see it listed, restore it after a change, and read the audit log', async ({
  app,
  workbench,
}) => {
  await app.getByTestId('nav-settings').click()
  await expect(app.getByTestId('settings-screen')).toBeVisible()
  await expect(app.getByTestId('st-no-backups')).toBeVisible()
  await app.getByTestId('st-backup-now').click()
  await expect(app.getByTestId('st-backup-row')).toHaveCount(1)
  await expect(app.getByTestId('st-backup-row').first()).toContainText('3,000')
  await expect(app.getByTestId('st-audit-row').first()).toContainText('Backed up')

  // The keep-days field refuses nonsense with a sentence, then saves a real value.
  await app.getByTestId('st-keep-days').fill('0')
  await expect(app.getByTestId('st-keep-save')).toBeDisabled()
  await expect(app.getByText('Enter a whole number of days from 1 to 365.')).toBeVisible()
  await app.getByTestId('st-keep-days').fill('14')
  await app.getByTestId('st-keep-save').click()
  await expect(app.getByTestId('st-keep-save')).toBeDisabled()
  expect((await workbench.api<{ settings: { keepDays: number } }>('backup.list', {})).settings.keepDays).toBe(14)

  // A change after the backup, then restore: the note is gone, the workspace is back, the log keeps both entries.
  const page = await workbench.api<TicketPage>('tickets.page', {
    query: { filters: {}, sort: { column: 'createdAt', dir: 'desc' } },
    startRow: 0,
    limit: 1,
  })
  const id = page.rows[0]?.id as number
  await workbench.api('analyst.addNote', { ticketId: id, body: 'Written after the backup' })
  await app.getByTestId('st-restore').first().click()
  const dialog = app.getByRole('dialog', { name: 'Restore this backup?' })
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: 'Restore' }).click()
  await expect(dialog).toBeHidden()
  await expect(app.getByText(/Restored Demo workspace as of/)).toBeVisible()
  const detail = await workbench.api<{ notes: unknown[] }>('tickets.get', { id })
  expect(detail.notes).toEqual([])
  await expect(app.locator('[data-testid="st-audit-row"][data-action="backup.restore"]')).toHaveCount(1)
  await expect(app.locator('[data-testid="st-audit-row"][data-action="backup.create"]')).toHaveCount(1)

  // Filter and export for a review.
  await app.getByTestId('st-audit-kind').selectOption('backup.')
  await expect(app.getByTestId('st-audit-row')).toHaveCount(2)
  const download = app.waitForEvent('download')
  await app.getByTestId('st-audit-csv').click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^demo-audit-\d{4}-\d{2}-\d{2}\.csv$/)
  const text = fs.readFileSync(await file.path(), 'utf8')
  expect(text).toMatch(/backup\.restore/)
  expect(text).toMatch(/backup\.create/)
})

test('Settings: purge a ticket after confirming; it is gone and the purge is on record', async ({ app, workbench }) => {
  const page = await workbench.api<TicketPage>('tickets.page', {
    query: { filters: {}, sort: { column: 'createdAt', dir: 'desc' } },
    startRow: 0,
    limit: 1,
  })
  const id = page.rows[0]?.id as number
  await app.getByTestId('nav-settings').click()
  await app.getByTestId('st-purge-id').fill('12ab')
  await expect(app.getByTestId('st-purge-button')).toBeDisabled()
  await expect(app.getByText('Enter the ticket’s ID, a whole number.')).toBeVisible()
  await app.getByTestId('st-purge-id').fill(String(id))
  await app.getByTestId('st-purge-button').click()
  const dialog = app.getByRole('dialog', { name: `Purge ticket ${id}?` })
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  expect((await workbench.api<{ count: number }>('tickets.count', { filters: {} })).count).toBe(3000)
  // Every backup holds the ticket (a manual one now, and the automatic daily one if it was taken already).
  await workbench.api('backup.create', {})
  const backups = (await workbench.api<{ backups: unknown[] }>('backup.list', {})).backups.length
  await app.getByTestId('st-purge-button').click()
  await dialog.getByRole('button', { name: 'Purge for good' }).click()
  await expect(
    app.getByText(
      `Ticket ${id} was purged: its text is gone from this workspace file, and from ${backups} backup${backups === 1 ? '' : 's'}.`,
    ),
  ).toBeVisible()
  expect((await workbench.api<{ count: number }>('tickets.count', { filters: {} })).count).toBe(2999)
  await expect(app.locator('[data-testid="st-audit-row"][data-action="purge.ticket"]')).toContainText(`ticket ${id}`)
})
