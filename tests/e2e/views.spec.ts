/** Saved views in browser mode: save, reopen, export as a file and import it back. */
import fs from 'node:fs'
import type { Page } from '@playwright/test'
import type { TicketPage } from '../../src/shared/api/types'
import { expect, test } from './fixtures'

const fmt = (n: number): string => n.toLocaleString('en-US')
const firstId = (page: Page) => page.locator('[data-testid="grid"] .ag-row[row-index="0"] [col-id="id"]')

test('saves a view, reopens it after the filters were cleared, exports and imports it', async ({ app, workbench }) => {
  const email = { channel: ['email'] }
  const { count } = await workbench.api<{ count: number }>('tickets.count', { filters: email })
  const top = await workbench.api<TicketPage>('tickets.page', {
    query: { filters: email, sort: { column: 'id', dir: 'desc' } },
    startRow: 0,
    limit: 1,
  })
  const topId = String(top.rows[0]?.id)
  await expect(app.getByTestId('view-title')).toHaveText('All tickets')

  // Filter and sort (largest id first).
  await app.getByTestId('filter-channel').click()
  await app.locator('.multiselect-option', { hasText: 'Email' }).first().locator('input').check()
  await app.keyboard.press('Escape')
  await app.locator('.ag-header-cell[col-id="id"] .ag-header-cell-label').click()
  await expect(app.getByTestId('match-count')).toContainText(fmt(count))
  await expect(firstId(app)).toHaveText(topId)
  await expect(app.getByTestId('view-title')).toHaveText('Unsaved view')

  // Save as "Payout backlog".
  await app.getByTestId('views-menu').click()
  await app.getByTestId('view-save-as').click()
  await app.getByTestId('view-name').fill('Payout backlog')
  await app.getByTestId('view-name-save').click()
  await expect(app.getByTestId('view-title')).toHaveText('Payout backlog')

  // Clear the filters and change the sort: the view is marked changed.
  await app.keyboard.press('Escape')
  await app.getByTestId('clear-filters').click()
  await app.locator('.ag-header-cell[col-id="id"] .ag-header-cell-label').click()
  await expect(app.getByTestId('match-count')).toContainText('3,000')
  await expect(firstId(app)).toHaveText('1')
  await expect(app.getByLabel('(changed)')).toBeVisible()

  // Reopen it: same count, same sort.
  await app.getByTestId('views-menu').click()
  await app.getByTestId('view-open').filter({ hasText: 'Payout backlog' }).click()
  await expect(app.getByTestId('match-count')).toContainText(fmt(count))
  await expect(firstId(app)).toHaveText(topId)
  await expect(app.locator('.ag-header-cell[col-id="id"]')).toHaveAttribute('aria-sort', 'descending')
  await expect(app.getByLabel('(changed)')).toHaveCount(0)

  // Export it as a file…
  await app.getByTestId('views-menu').click()
  const [download] = await Promise.all([
    app.waitForEvent('download'),
    app.getByRole('button', { name: 'Export Payout backlog' }).click(),
  ])
  expect(download.suggestedFilename()).toBe('Payout backlog.owbview.json')
  const file = await download.path()
  const content = JSON.parse(fs.readFileSync(file, 'utf8')) as { kind: string; view: { name: string } }
  expect(content).toMatchObject({ kind: 'ops-workbench.view', view: { name: 'Payout backlog' } })

  // …and import it back: the name is taken, so it arrives as "Payout backlog (2)" and opens.
  await app.keyboard.press('Escape')
  await app.getByTestId('clear-filters').click()
  await expect(app.getByTestId('match-count')).toContainText('3,000')
  await app.getByTestId('view-import-file').setInputFiles(file)
  await expect(app.getByTestId('view-title')).toHaveText('Payout backlog (2)')
  await expect(app.getByTestId('match-count')).toContainText(fmt(count))

  // A file from a newer version is refused in words.
  await app.getByTestId('view-import-file').setInputFiles({
    name: 'future.owbview.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ ...content, version: 2 })),
  })
  await expect(app.getByText(/made by a newer version of Ops Workbench — update to open it/)).toBeVisible()
  const views = await workbench.api<{ name: string }[]>('views.list', {})
  // Only the two this test saved (the demo's worked example brings views of its own).
  expect(views.map((v) => v.name).filter((n) => n.startsWith('Payout backlog'))).toEqual([
    'Payout backlog',
    'Payout backlog (2)',
  ])
})

test('keeps a half-typed view name when the window is closed mid-edit', async ({ app }) => {
  await app.getByTestId('views-menu').click()
  await app.getByTestId('view-save-as').click()
  await app.getByTestId('view-name').fill('Refund spike, EU')
  await app.reload()
  await expect(app.getByTestId('app-ready')).toBeAttached()
  await app.getByTestId('views-menu').click()
  await expect(app.getByTestId('view-name')).toHaveValue('Refund spike, EU')
  await app.getByTestId('view-name-save').click()
  await expect(app.getByTestId('view-title')).toHaveText('Refund spike, EU')
  await app.reload()
  await app.getByTestId('views-menu').click()
  await expect(app.getByTestId('view-name')).toHaveCount(0)
})

test('keeps column widths and order across a reload without saving a view', async ({ app }) => {
  const header = app.locator('.ag-header-cell[col-id="status"]')
  const before = (await header.boundingBox())?.width ?? 0
  const handle = header.locator('.ag-header-cell-resize')
  const box = await handle.boundingBox()
  if (!box) throw new Error('no resize handle')
  await app.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await app.mouse.down()
  await app.mouse.move(box.x + 80, box.y + box.height / 2, { steps: 5 })
  await app.mouse.up()
  await expect.poll(async () => (await header.boundingBox())?.width ?? 0).toBeGreaterThan(before + 40)
  await expect
    .poll(() => app.evaluate<string>("localStorage.getItem('workbench.view') ?? ''"))
    .toContain('"key":"status","width"')
  await app.reload()
  await expect(app.getByTestId('app-ready')).toBeAttached()
  await expect.poll(async () => (await header.boundingBox())?.width ?? 0).toBeGreaterThan(before + 40)
})
