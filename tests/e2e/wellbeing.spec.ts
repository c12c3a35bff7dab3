/**
 * Wellbeing in browser mode: sensitive text stays blurred until revealed, one ticket at a time; your own exposure
 * count follows each reveal; the break reminder arrives after N reveals and blurs the ticket behind it; ticket text
 * never loads an image.
 */
import Database from 'better-sqlite3'
import http from 'node:http'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import type { TicketDetail, TicketRow } from '../../src/shared/domain'
import type { TicketPage } from '../../src/shared/api/types'
import { expect, test, type Workbench } from './fixtures'

const row = (page: Page, index: number, colId = 'subject') =>
  page.locator(`[data-testid="grid"] .ag-row[row-index="${index}"] [col-id="${colId}"]`)

/** The newest tickets, in the grid's default order (newest first), with their full text while not yet sensitive. */
async function newest(workbench: Workbench, n: number): Promise<TicketDetail[]> {
  const page = await workbench.api<TicketPage>('tickets.page', {
    query: { filters: {}, sort: { column: 'createdAt', dir: 'desc' } },
    startRow: 0,
    limit: n,
  })
  return Promise.all(page.rows.map((r: TicketRow) => workbench.api<TicketDetail>('tickets.get', { id: r.id })))
}

/** Grid rows (by index) of not-yet-sensitive tickets, marked sensitive by the analyst through the API. */
async function markNewest(workbench: Workbench, count: number): Promise<{ index: number; detail: TicketDetail }[]> {
  const rows = (await newest(workbench, 30))
    .map((detail, index) => ({ index, detail }))
    .filter((r) => !r.detail.sensitive && (r.detail.description ?? '').length > 20)
    .slice(0, count)
  expect(rows).toHaveLength(count)
  for (const r of rows) await workbench.api('wellbeing.markSensitive', { ticketId: r.detail.id, sensitive: true })
  return rows
}

const panel = (page: Page) => page.getByTestId('detail-panel')

async function open(page: Page, index: number, id: number): Promise<void> {
  // Clicked again if the first click landed while the grid was still redrawing its rows after a reload (seen once
  // under a loaded CI machine); selecting a ticket that is already open keeps it open.
  await expect(async () => {
    await row(page, index).click()
    await expect(panel(page)).toHaveAttribute('aria-label', `Ticket ${id}`, { timeout: 5_000 })
  }).toPass({ timeout: 20_000 })
}

/** Opens a sensitive ticket and waits for its notice (`v` acts on a loaded ticket), then reveals it with `v`. */
async function openAndReveal(page: Page, index: number, id: number): Promise<void> {
  await open(page, index, id)
  await expect(panel(page).getByTestId('reveal-button')).toBeVisible()
  await page.keyboard.press('v')
  await expect(panel(page).getByTestId('ticket-description')).toBeVisible()
}

test('keeps marked tickets blurred until revealed, one at a time, and counts each reveal', async ({
  app,
  workbench,
}) => {
  const [a, b] = await markNewest(workbench, 2)
  if (!a || !b) throw new Error('two tickets expected')
  const textA = a.detail.description as string
  const textB = b.detail.description as string
  await app.reload()
  await expect(app.getByTestId('app-ready')).toBeAttached()
  await expect(app.getByTestId('status-exposure')).toHaveText('0 sensitive reveals today')

  await open(app, a.index, a.detail.id)
  await expect(panel(app).getByTestId('sensitive-placeholder').first()).toBeVisible()
  await expect(panel(app).getByTestId('sensitive-reasons')).toHaveText('Sensitive because you marked it.')
  // Not merely hidden by CSS: the text is not in the page at all.
  expect(await app.content()).not.toContain(textA)

  await app.keyboard.press('v')
  await expect(panel(app).getByTestId('ticket-description')).toHaveText(textA)
  await expect(app.getByTestId('status-exposure')).toHaveText('1 sensitive reveal today')
  await app.keyboard.press('v')
  await expect(panel(app).getByTestId('ticket-description')).toHaveCount(0)
  expect(await app.content()).not.toContain(textA)
  await app.keyboard.press('v')
  await expect(panel(app).getByTestId('ticket-description')).toHaveText(textA)
  await expect(app.getByTestId('status-exposure')).toHaveText('2 sensitive reveals today')

  // Opening B drops A's text before B is revealed; revealing B shows only B.
  await open(app, b.index, b.detail.id)
  await expect(panel(app).getByTestId('sensitive-placeholder').first()).toBeVisible()
  expect(await app.content()).not.toContain(textA)
  await panel(app).getByTestId('reveal-button').click()
  await expect(panel(app).getByTestId('ticket-description')).toHaveText(textB)
  expect(await app.content()).not.toContain(textA)
  await expect(app.getByTestId('status-exposure')).toHaveText('3 sensitive reveals today')

  // Removing the mark shows the text as for any ordinary ticket (and that is not an exposure).
  await panel(app).getByTestId('unmark-sensitive').click()
  await expect(panel(app).getByTestId('sensitivity')).toContainText('Not sensitive.')
  await expect(panel(app).getByTestId('ticket-description')).toHaveText(textB)

  await app.getByTestId('status-exposure').click()
  const today = app.getByTestId('wb-today')
  await expect(today.locator('tbody tr')).toHaveText([/Flagged sensitive\s*3/])
  await expect(app.getByTestId('wb-today-total')).toHaveText('3')
  await expect(app.getByTestId('wb-days').locator('li')).toHaveCount(14)
})

test('suggests a break after N reveals, blurs the ticket behind it, and counts again after "later"', async ({
  app,
  workbench,
}) => {
  const tickets = await markNewest(workbench, 3)
  await app.goto(`${workbench.url}#/wellbeing`)
  await expect(app.getByTestId('wellbeing-screen')).toBeVisible()
  const every = app.getByTestId('wb-break-every')
  await every.fill('0')
  await app.getByTestId('wb-break-save').click()
  await expect(
    app.getByRole('alert').filter({ hasText: 'Choose from 1 to 500 reveals (you entered 0).' }),
  ).toBeVisible()
  await every.fill('2')
  await app.getByTestId('wb-break-save').click()
  await expect(app.getByText('A break will be suggested after 2 reveals.')).toBeVisible()

  await app.goto(`${workbench.url}#/cases`)
  await expect(app.getByTestId('app-ready')).toBeAttached()
  const [a, b, c] = tickets as [(typeof tickets)[0], (typeof tickets)[0], (typeof tickets)[0]]
  await openAndReveal(app, a.index, a.detail.id)
  await expect(app.getByTestId('status-exposure')).toHaveText('1 sensitive reveal today')
  await expect(app.getByTestId('break-reminder')).toHaveCount(0)
  await open(app, b.index, b.detail.id)
  await expect(panel(app).getByTestId('reveal-button')).toBeVisible()
  await app.keyboard.press('v')
  const reminder = app.getByTestId('break-reminder')
  await expect(reminder).toBeVisible()
  await expect(reminder).toContainText('2 sensitive tickets today')
  const filter = await app.evaluate(`getComputedStyle(document.querySelector('[data-testid="detail-panel"]')).filter`)
  expect(String(filter)).toContain('blur')

  await reminder.getByTestId('break-later').click()
  await expect(reminder).toHaveCount(0)
  expect(
    String(await app.evaluate(`getComputedStyle(document.querySelector('[data-testid="detail-panel"]')).filter`)),
  ).toBe('none')
  await openAndReveal(app, c.index, c.detail.id)
  await expect(app.getByTestId('status-exposure')).toHaveText('3 sensitive reveals today')
  await expect(app.getByTestId('break-reminder')).toHaveCount(0)
})

test('shows image links in ticket text as text and never requests them', async ({ app, workbench }) => {
  const hits: string[] = []
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '')
    res.writeHead(200, { 'content-type': 'image/png' }).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  try {
    // The listener answers: a zero below means nothing asked, not that nothing could.
    await fetch(`${base}/control`)
    expect(hits).toEqual(['/control'])
    hits.length = 0

    const [plain, hidden] = (await newest(workbench, 30)).map((d, i) => ({ d, i })).filter((r) => !r.d.sensitive)
    if (!plain || !hidden) throw new Error('two ordinary tickets expected')
    const html = `Screenshot attached <img src="${base}/pixel-description.png"> and ![chart](${base}/markdown.png)`
    const reply = `See <img src=${base}/pixel-comment.gif onerror="alert(1)"> too`
    // Written straight into the workspace file, as a sync would: the server reads it on the next request.
    const db = new Database(path.join(workbench.dataDir, 'workspaces', 'demo.sqlite'))
    try {
      const setText = db.prepare('UPDATE tickets SET description = ? WHERE id = ?')
      const addReply = db.prepare(
        `INSERT INTO ticket_comments (ticket_id, author, author_role, public, body, created_at)
         VALUES (?, 'Requester', 'requester', 1, ?, ?)`,
      )
      for (const t of [plain.d, hidden.d]) {
        setText.run(html, t.id)
        addReply.run(t.id, reply, Date.now())
      }
    } finally {
      db.close()
    }
    await workbench.api('wellbeing.markSensitive', { ticketId: hidden.d.id, sensitive: true })
    await app.reload()
    await expect(app.getByTestId('app-ready')).toBeAttached()

    await open(app, plain.i, plain.d.id)
    await expect(panel(app).getByTestId('ticket-description')).toHaveText(html)
    await expect(panel(app).locator('.comment-body').last()).toHaveText(reply)
    await open(app, hidden.i, hidden.d.id)
    await panel(app).getByTestId('reveal-button').click()
    await expect(panel(app).getByTestId('ticket-description')).toHaveText(html)
    await expect(panel(app).locator('.comment-body').last()).toHaveText(reply)
    await expect(panel(app).locator('img')).toHaveCount(0)

    // The Content-Security-Policy refuses remote images outright: one injected on purpose fails without a request.
    const loaded = await app.evaluate(`new Promise((resolve) => {
      const img = document.createElement('img')
      img.onload = () => resolve('loaded')
      img.onerror = () => resolve('blocked')
      img.src = '${base}/injected.png'
      document.body.appendChild(img)
    })`)
    expect(loaded).toBe('blocked')
    expect(hits).toEqual([])
  } finally {
    server.close()
  }
})
