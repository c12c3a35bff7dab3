/** Full-text search in browser mode: the box, the count it gives, highlighted matches and syntax errors inline. */
import type { TicketPage } from '../../src/shared/api/types'
import { expect, test } from './fixtures'

const fmt = (n: number): string => n.toLocaleString('en-US')

test('a search narrows the count, highlights the match, and explains bad syntax', async ({ app, workbench }) => {
  const { count } = await workbench.api<{ count: number }>('tickets.count', { filters: { text: 'refund' } })
  expect(count).toBeGreaterThan(0)
  expect(count).toBeLessThan(3000)

  const box = app.getByTestId('search-input')
  await box.fill('refund')
  await box.press('Enter')
  await expect(app.getByTestId('match-count')).toContainText(fmt(count))
  await expect(app.locator('.chip', { hasText: 'Search: refund' })).toBeVisible()

  // A row whose subject holds the word shows it marked.
  const page = await workbench.api<TicketPage>('tickets.page', {
    query: { filters: { text: 'refund' }, sort: { column: 'createdAt', dir: 'desc' } },
    startRow: 0,
    limit: 100,
  })
  const hit = page.rows.find((r) => r.subject !== null && /\brefund/i.test(r.subject))
  expect(hit, 'a subject among the first 100 matches holds the word').toBeDefined()
  if (hit) {
    const cell = app.locator(`[data-testid="grid"] .ag-row[row-id="${hit.id}"] [col-id="subject"]`)
    await expect(cell.locator('mark.search-hit').first()).toHaveText(/^refund/i)
  }
  // The Match column shows where each row matched, the term marked (safe markup: a <mark>, not injected HTML).
  const first = page.rows[0]
  expect(first?.snippet?.text, 'the first match carries an excerpt').toMatch(/refund/i)
  if (first) {
    const match = app.locator(`[data-testid="grid"] .ag-row[row-id="${first.id}"] [col-id="match"]`)
    await expect(match.getByTestId('match-snippet')).toContainText(
      first.snippet?.text.replace(/…/g, '').slice(0, 20) ?? '',
    )
    await expect(match.locator('mark.search-hit').first()).toHaveText(/^refund/i)
  }
  await expect(app.locator('[data-testid="grid"] .ag-header-cell[col-id="match"]')).toBeVisible()

  // Opening the first row shows the match marked in its text.
  // Wait for the row's data (the grid draws placeholder rows first; a click on one opens nothing).
  const row = app.locator('[data-testid="grid"] .ag-row[row-index="0"]')
  await expect(row.locator('[col-id="id"]')).toHaveText(/^\d+$/)
  await row.locator('[col-id="subject"]').click()
  await expect(app.getByTestId('detail-panel').locator('mark.search-hit').first()).toBeVisible()

  // Unbalanced quotes: the message under the box, the last good search still applied.
  await box.fill('"unclosed')
  await expect(app.getByTestId('search-error')).toContainText('Unclosed quote')
  await expect(app.getByTestId('match-count')).toContainText(fmt(count))

  // Bare operators, a lone "*" and an open parenthesis are explained too, and nothing breaks.
  for (const [text, said] of [
    ['AND', '"AND" needs a term before it.'],
    ['*', 'Nothing to search for'],
    ['(foo', 'Missing ")"'],
    ['x'.repeat(501), 'shorten it to 500'],
  ] as const) {
    await box.fill(text)
    await box.press('Enter')
    await expect(app.getByTestId('search-error')).toContainText(said)
    await expect(box).toHaveAttribute('aria-invalid', 'true')
  }
  await expect(app.getByTestId('match-count')).toContainText(fmt(count))

  // Escape clears the search, the count comes back and the Match column goes.
  await box.press('Escape')
  await expect(app.getByTestId('search-error')).toHaveCount(0)
  await expect(app.getByTestId('match-count')).toContainText('3,000')
  await expect(app.locator('[data-testid="grid"] .ag-header-cell[col-id="match"]')).toHaveCount(0)
})
