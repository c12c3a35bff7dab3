/** Keyboard triage in browser mode: move, open, review, flag, label and note from the keyboard; palette and sheet. */
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'

const cell = (page: Page, row: number, colId: string) =>
  page.locator(`[data-testid="grid"] .ag-row[row-index="${row}"] [col-id="${colId}"]`)

test('triages a ticket from the keyboard and keeps the analyst state across a reload', async ({ app }) => {
  await expect(cell(app, 2, 'id')).not.toHaveText('')
  const third = (await cell(app, 2, 'id').textContent())?.trim() as string
  expect(Number(third)).toBeGreaterThan(0)

  await app.keyboard.press('j')
  await app.keyboard.press('j')
  await app.keyboard.press('Enter')
  const panel = app.getByTestId('detail-panel')
  await expect(panel).toHaveAttribute('aria-label', `Ticket ${third}`)
  const review = panel.getByTestId('review-status')
  await expect(review).toHaveText('Not reviewed')

  await app.keyboard.press('2')
  await expect(review).toHaveText('Reviewed')
  await expect(cell(app, 2, 'reviewState')).toHaveText('Reviewed')

  await app.keyboard.press('f')
  await expect(review).toHaveText('Reviewed · Flagged')
  await expect(cell(app, 2, 'flagged').getByTestId('flag-cell')).toBeVisible()

  await app.keyboard.press('l')
  await expect(panel.getByTestId('label-input')).toBeFocused()
  await app.keyboard.type('spam-wave')
  await app.keyboard.press('Enter')
  await expect(panel.getByTestId('analyst-label')).toHaveText(['spam-wave'])
  await app.keyboard.press('Escape')
  await expect(panel).toBeVisible()

  await app.keyboard.press('n')
  await expect(panel.getByTestId('note-input')).toBeFocused()
  await app.keyboard.type('Same payout scam as #4711.')
  await app.keyboard.press('Control+Enter')
  await expect(panel.getByTestId('note-body')).toHaveText(['Same payout scam as #4711.'])
  await expect(panel.getByTestId('note-input')).toHaveValue('')

  // A draft typed but not saved survives a reload.
  await panel.getByTestId('note-input').fill('Half-written thought')
  await app.reload()
  await expect(app.getByTestId('app-ready')).toBeAttached()
  await expect(cell(app, 2, 'reviewState')).toHaveText('Reviewed')
  await expect(cell(app, 2, 'flagged').getByTestId('flag-cell')).toBeVisible()
  await app.keyboard.press('j')
  await app.keyboard.press('j')
  await app.keyboard.press('Enter')
  await expect(panel).toHaveAttribute('aria-label', `Ticket ${third}`)
  await expect(panel.getByTestId('review-status')).toHaveText('Reviewed · Flagged')
  await expect(panel.getByTestId('analyst-label')).toHaveText(['spam-wave'])
  await expect(panel.getByTestId('note-body')).toHaveText(['Same payout scam as #4711.'])
  await expect(panel.getByTestId('note-input')).toHaveValue('Half-written thought')

  // k moves back up and the open panel follows.
  await app.keyboard.press('k')
  const second = (await cell(app, 1, 'id').textContent())?.trim() as string
  await expect(panel).toHaveAttribute('aria-label', `Ticket ${second}`)
  await app.keyboard.press('0')
  await expect(panel.getByTestId('review-status')).toHaveText('Not reviewed')
})

test('the command palette runs actions and the shortcuts sheet lists them', async ({ app }) => {
  await app.getByTestId('filter-channel').click()
  await app.locator('.multiselect-option', { hasText: 'Email' }).first().locator('input').check()
  await app.keyboard.press('Escape')
  await expect(app.getByTestId('match-count')).not.toContainText('3,000 tickets match')

  await app.keyboard.press('Control+k')
  const palette = app.getByRole('dialog', { name: 'Command palette' })
  await expect(palette).toBeVisible()
  await expect(palette).toHaveAttribute('aria-modal', 'true')
  await expect(app.getByTestId('palette-input')).toBeFocused()
  await app.keyboard.type('clear')
  await expect(palette.getByRole('option').first()).toHaveText('Clear filters')
  await app.keyboard.press('Enter')
  await expect(palette).toBeHidden()
  await expect(app.getByTestId('match-count')).toContainText('3,000 tickets match')

  // The sheet gives focus back to where it was when it closes.
  await app.getByRole('button', { name: 'Columns' }).focus()
  await app.keyboard.press('?')
  const sheet = app.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(sheet).toBeVisible()
  await expect(sheet).toContainText('Review: needs escalation')
  await expect(sheet).toContainText('Command palette')
  await app.keyboard.press('Escape')
  await expect(sheet).toBeHidden()
  await expect(app.getByRole('button', { name: 'Columns' })).toBeFocused()

  await app.keyboard.press('Control+k')
  await app.keyboard.type('go work')
  await app.keyboard.press('Enter')
  await expect(app).toHaveURL(/#\/workspaces$/)
})
