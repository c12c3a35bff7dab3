/** The case grid in browser mode: the real renderer against the real backend, each test on its own data folder. */
import type { Page } from '@playwright/test'
import type { TicketDetail, TicketRow } from '../../src/shared/domain'
import type { TicketPage } from '../../src/shared/api/types'
import { expect, test } from './fixtures'

const fmt = (n: number): string => n.toLocaleString('en-US')

function firstRowCell(page: Page, colId: string) {
  return page.locator(`[data-testid="grid"] .ag-row[row-index="0"] [col-id="${colId}"]`)
}

async function pickFilterValue(page: Page, field: string, label: string): Promise<void> {
  await page.getByTestId(`filter-${field}`).click()
  await page.locator('.multiselect-option', { hasText: label }).first().locator('input').check()
  await page.keyboard.press('Escape')
}

test('loads the demo workspace: count, grid rows, chart and status bar', async ({ app }) => {
  await expect(app.getByTestId('match-count')).toContainText('3,000')
  await expect(app.locator('[data-testid="grid"] .ag-row').first()).toBeVisible()
  await expect(app.getByTestId('volume-chart')).toBeVisible()
  await expect(app.getByTestId('status-workspace')).toContainText('Demo')
  await expect(app.getByTestId('status-offline')).toBeVisible()
})

test('sorts by a column in both directions, largest first for numbers', async ({ app, workbench }) => {
  const header = app.locator('.ag-header-cell[col-id="fullResolutionMinutes"] .ag-header-cell-label')
  const longest = await workbench.api<TicketPage>('tickets.page', {
    query: { filters: {}, sort: { column: 'fullResolutionMinutes', dir: 'desc' } },
    startRow: 0,
    limit: 1,
  })
  await header.click()
  // Clicking a header near the right edge scrolls the grid sideways, past the id column: read the row's own id.
  await expect(app.locator('[data-testid="grid"] .ag-row[row-index="0"]').first()).toHaveAttribute(
    'row-id',
    String(longest.rows[0]?.id),
  )
  // Back to the far left, as an analyst would scroll.
  await app.getByTestId('grid').hover()
  await app.mouse.wheel(-5_000, 0)
  const idHeader = app.locator('.ag-header-cell[col-id="id"] .ag-header-cell-label')
  await idHeader.click()
  await expect(firstRowCell(app, 'id')).toHaveText('3000')
  await idHeader.click()
  await expect(firstRowCell(app, 'id')).toHaveText('1')
  await expect(app.locator('.ag-header-cell[col-id="id"]')).toHaveAttribute('aria-sort', 'ascending')
})

test('filters by channel and shows the exact matching count, then clears', async ({ app, workbench }) => {
  const { count } = await workbench.api<{ count: number }>('tickets.count', { filters: { channel: ['email'] } })
  expect(count).toBeGreaterThan(0)
  await pickFilterValue(app, 'channel', 'Email')
  await expect(app.getByTestId('match-count')).toContainText(fmt(count))
  await expect(firstRowCell(app, 'channel')).toContainText('Email')
  await app.getByTestId('clear-filters').click()
  await expect(app.getByTestId('match-count')).toContainText('3,000')
})

test('opens a ticket with its conversation in the side panel', async ({ app, workbench }) => {
  const page = await workbench.api<TicketPage>('tickets.page', {
    query: { filters: { caseType: ['account_recovery'] }, sort: { column: 'createdAt', dir: 'desc' } },
    startRow: 0,
    limit: 1,
  })
  const row = page.rows[0] as TicketRow
  const detail = await workbench.api<TicketDetail>('tickets.get', { id: row.id })
  await pickFilterValue(app, 'caseType', 'Account recovery')
  await expect(firstRowCell(app, 'id')).toHaveText(String(row.id))
  await firstRowCell(app, 'subject').click()
  const panel = app.getByTestId('detail-panel')
  await expect(panel).toContainText(row.subject as string)
  await expect(panel.getByTestId('ticket-description')).toContainText((detail.description as string).slice(0, 40))
  const lastComment = detail.comments.at(-1)
  if (lastComment?.body) await expect(panel).toContainText(lastComment.body.slice(0, 30))
  await app.keyboard.press('Escape')
  await expect(panel).toBeHidden()
})

test('keeps a sensitive ticket blurred until the analyst reveals it, one ticket at a time', async ({
  app,
  workbench,
}) => {
  const page = await workbench.api<TicketPage>('tickets.page', {
    query: { filters: { caseType: ['self_harm'] }, sort: { column: 'createdAt', dir: 'desc' } },
    startRow: 0,
    limit: 2,
  })
  const [first, second] = page.rows as [TicketRow, TicketRow]
  const revealed = await workbench.api<TicketDetail>('tickets.get', { id: first.id, reveal: true })
  const secret = revealed.description as string
  expect(secret.length).toBeGreaterThan(10)

  await pickFilterValue(app, 'caseType', 'Self-harm')
  await expect(firstRowCell(app, 'id')).toHaveText(String(first.id))
  await expect(firstRowCell(app, 'subject').getByTestId('sensitive-subject')).toBeVisible()
  await firstRowCell(app, 'subject').click()
  const panel = app.getByTestId('detail-panel')
  await expect(panel.getByTestId('sensitive-placeholder').first()).toBeVisible()
  await expect(panel.getByTestId('ticket-description')).toHaveCount(0)
  // Not merely hidden by CSS: the text is not in the page at all.
  expect(await app.content()).not.toContain(secret)

  await panel.getByTestId('reveal-button').click()
  await expect(panel.getByTestId('ticket-description')).toContainText(secret.slice(0, 40))

  // The next ticket starts hidden again.
  await app.locator(`[data-testid="grid"] .ag-row[row-index="1"] [col-id="subject"]`).click()
  await expect(panel).toContainText(second.externalId)
  await expect(panel.getByTestId('sensitive-placeholder').first()).toBeVisible()
  await expect(panel.getByTestId('ticket-description')).toHaveCount(0)
})

test('runs no inline script injected into the page (Content-Security-Policy)', async ({ app }) => {
  // Evaluated as source text: this file is checked against Node's types, not the DOM's.
  const ran = await app.evaluate(`new Promise((resolve) => {
    const s = document.createElement('script')
    s.textContent = 'window.__injected = true'
    document.body.appendChild(s)
    setTimeout(() => resolve(window.__injected === true), 100)
  })`)
  expect(ran).toBe(false)
})
