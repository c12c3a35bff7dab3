/** Bulk actions in browser mode: select all matching across pages, label, see the labels, undo after a reload. */
import type { Page } from '@playwright/test'
import type { TicketDetail } from '../../src/shared/domain'
import type { TicketPage } from '../../src/shared/api/types'
import { expect, test } from './fixtures'

const fmt = (n: number): string => n.toLocaleString('en-US')
const row = (page: Page, index: number) => page.locator(`[data-testid="grid"] .ag-row[row-index="${index}"]`)
const checkbox = (page: Page, index: number) => row(page, index).locator('.ag-selection-checkbox input')

async function pickFilterValue(page: Page, field: string, label: string): Promise<void> {
  await page.getByTestId(`filter-${field}`).click()
  await page.locator('.multiselect-option', { hasText: label }).first().locator('input').check()
  await page.keyboard.press('Escape')
}

/** Confirms when the action is large enough to ask (more than 1,000 tickets), naming the count. */
async function confirmIfAsked(page: Page, count: number, question: string): Promise<void> {
  if (count <= 1_000) return
  const dialog = page.getByRole('dialog', { name: question })
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: 'Apply' }).click()
}

test('labels every matching ticket, not only loaded rows, and undoes it after a reload', async ({ app, workbench }) => {
  const filters = { channel: ['email'] }
  const { count } = await workbench.api<{ count: number }>('tickets.count', { filters })
  expect(count).toBeGreaterThan(100)
  await pickFilterValue(app, 'channel', 'Email')
  await expect(app.getByTestId('match-count')).toContainText(fmt(count))

  await checkbox(app, 0).check()
  const bar = app.getByTestId('bulk-bar')
  await expect(bar.getByTestId('bulk-count')).toHaveText('1 selected')
  await bar.getByTestId('bulk-select-all').click()
  await expect(bar.getByTestId('bulk-count')).toHaveText(`All ${fmt(count)} matching tickets selected`)
  await expect(checkbox(app, 5)).toBeChecked()

  await bar.getByTestId('bulk-label').click()
  await app.getByTestId('bulk-label-input').fill('payout-bug')
  await app.getByTestId('bulk-label-add').click()
  await confirmIfAsked(app, count, `Label ${fmt(count)} tickets “payout-bug”?`)
  const toast = app.getByTestId('bulk-undo-toast')
  await expect(toast).toContainText(`Labelled ${fmt(count)} tickets “payout-bug”`)
  await expect(bar).toHaveCount(0)
  const labelled = await workbench.api<{ count: number }>('tickets.count', { filters: { labels: ['payout-bug'] } })
  expect(labelled.count).toBe(count)

  // The last ticket of the filter (never loaded in the grid) has the label: "all matching" was not "all loaded".
  const last = await workbench.api<TicketPage>('tickets.page', {
    query: { filters, sort: { column: 'createdAt', dir: 'asc' } },
    startRow: 0,
    limit: 1,
  })
  const oldest = await workbench.api<TicketDetail>('tickets.get', { id: last.rows[0]?.id })
  expect(oldest.labels).toEqual(['payout-bug'])

  await row(app, 0).locator('[col-id="subject"]').click()
  const panel = app.getByTestId('detail-panel')
  await expect(panel.getByTestId('analyst-label')).toHaveText(['payout-bug'])

  // Undo is still offered after a reload: the workspace keeps the last bulk action.
  await app.reload()
  await expect(app.getByTestId('app-ready')).toBeAttached()
  await expect(toast).toContainText(`Labelled ${fmt(count)} tickets “payout-bug”`)
  await toast.getByTestId('bulk-undo').click()
  await expect(toast).toHaveCount(0)
  await expect(app.getByRole('status').filter({ hasText: 'Undone: Labelled' })).toBeVisible()
  const after = await workbench.api<{ count: number }>('tickets.count', { filters: { labels: ['payout-bug'] } })
  expect(after.count).toBe(0)
})

test('selects from the keyboard, sets a review state and adds tickets to a new escalation', async ({
  app,
  workbench,
}) => {
  await expect(row(app, 2).locator('[col-id="id"]')).not.toHaveText('')
  const ids = await Promise.all(
    [0, 1].map(async (i) => Number((await row(app, i).locator('[col-id="id"]').textContent())?.trim())),
  )

  await row(app, 0).locator('[col-id="id"]').click()
  await app.keyboard.press('Escape')
  await app.keyboard.press(' ')
  await app.keyboard.press('j')
  await app.keyboard.press(' ')
  const bar = app.getByTestId('bulk-bar')
  await expect(bar.getByTestId('bulk-count')).toHaveText('2 selected')
  await expect(checkbox(app, 0)).toBeChecked()
  await expect(checkbox(app, 1)).toBeChecked()

  await bar.getByTestId('bulk-review').click()
  await app.getByTestId('bulk-review-needs_escalation').click()
  await expect(app.getByTestId('bulk-undo-toast')).toContainText('Set 2 tickets to “Needs escalation”')
  await expect(row(app, 0).locator('[col-id="reviewState"]')).toHaveText('Needs escalation')
  await expect(row(app, 1).locator('[col-id="reviewState"]')).toHaveText('Needs escalation')

  await bar.getByTestId('bulk-escalation').click()
  await app.getByTestId('bulk-escalation-new').check()
  await app.getByTestId('bulk-escalation-title').fill('Payout delays in EU')
  await app.getByTestId('bulk-escalation-priority').selectOption('P1')
  await app.getByTestId('bulk-escalation-add').click()
  await expect(app.getByTestId('bulk-undo-toast')).toContainText(
    'Added 2 tickets to the escalation “Payout delays in EU”',
  )

  await row(app, 1).locator('[col-id="subject"]').click()
  const panel = app.getByTestId('detail-panel')
  await expect(panel).toHaveAttribute('aria-label', `Ticket ${ids[1]}`)
  // The open ticket is marked by its own class; checking rows never opens or marks them.
  await expect(row(app, 1)).toHaveClass(/row-open/)
  await expect(row(app, 0)).not.toHaveClass(/row-open/)
  await expect(panel.getByTestId('ticket-escalations')).toContainText('Payout delays in EU')
  await expect(panel.getByTestId('ticket-escalations')).toContainText('P1')
  await expect(panel.getByTestId('related-tickets')).toContainText('Same requester')

  // Shift+A selects every matching ticket; the palette clears the selection.
  await app.keyboard.press('Shift+A')
  const { count } = await workbench.api<{ count: number }>('tickets.count', { filters: {} })
  await expect(bar.getByTestId('bulk-count')).toHaveText(`All ${fmt(count)} matching tickets selected`)
  // More than 1,000 tickets: the action asks first, naming the count; cancelling changes nothing.
  await bar.getByTestId('bulk-flag').click()
  await app.getByTestId('bulk-flag-on').click()
  const confirm = app.getByRole('dialog', { name: `Flag ${fmt(count)} tickets?` })
  await expect(confirm).toBeVisible()
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  await expect(confirm).toHaveCount(0)
  expect((await workbench.api<{ count: number }>('tickets.count', { filters: { flagged: true } })).count).toBe(0)
  await expect(bar.getByTestId('bulk-count')).toHaveText(`All ${fmt(count)} matching tickets selected`)

  await app.keyboard.press('Control+k')
  await app.keyboard.type('deselect all')
  await app.keyboard.press('Enter')
  await expect(bar).toHaveCount(0)
})
