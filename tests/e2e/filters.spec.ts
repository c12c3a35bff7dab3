/** Filters over the whole cache in browser mode: people with type-to-narrow, numeric ranges, the analyst's review. */
import type { Page } from '@playwright/test'
import type { TicketFacets, TicketPage } from '../../src/shared/api/types'
import { expect, test } from './fixtures'

const fmt = (n: number): string => n.toLocaleString('en-US')

const cell = (page: Page, row: number, colId: string) =>
  page.locator(`[data-testid="grid"] .ag-row[row-index="${row}"] [col-id="${colId}"]`)

/** The ids of the grid's rendered rows, top to bottom (whichever container, pinned or not, holds the id cells). */
async function shownIds(page: Page): Promise<number[]> {
  const cells = page.locator('[data-testid="grid"] .ag-row [col-id="id"]')
  const items = await cells.evaluateAll((els) =>
    els.map((el) => [Number(el.closest('.ag-row')?.getAttribute('row-index')), Number(el.textContent?.trim())]),
  )
  return items
    .filter((r) => Number.isFinite(r[0]) && Number.isFinite(r[1]))
    .sort((a, b) => (a[0] as number) - (b[0] as number))
    .map((r) => r[1] as number)
}

test('filters by assignee after typing to narrow the list, with the exact count', async ({ app, workbench }) => {
  const facets = await workbench.api<TicketFacets>('tickets.facets', { filters: {} })
  const person = facets.assignee.find((a) => a.value !== null && a.value.includes(' '))?.value as string
  const surname = person.split(' ').at(-1) as string
  const { count } = await workbench.api<{ count: number }>('tickets.count', { filters: { assignee: [person] } })

  await app.getByTestId('filter-assignee').click()
  const search = app.getByRole('searchbox', { name: 'Narrow the assignee values' })
  await expect(search).toBeFocused()
  await app.keyboard.type(surname.toLowerCase())
  const options = app.locator('.multiselect-option')
  await expect(options.filter({ hasText: person })).toHaveCount(1)
  // Every option left matches what was typed.
  for (const text of await options.allTextContents()) expect(text.toLowerCase()).toContain(surname.toLowerCase())
  await options.filter({ hasText: person }).locator('input').check()
  await app.keyboard.press('Escape')

  await expect(app.getByTestId('match-count')).toContainText(`${fmt(count)} ticket`)
  await expect(app.getByRole('listitem').filter({ hasText: `Assignee: ${person}` })).toBeVisible()
  await expect(cell(app, 0, 'assignee')).toHaveText(person)
  await expect(cell(app, Math.min(count, 5) - 1, 'assignee')).toHaveText(person)
})

test('refuses an inverted range inline, then applies a CSAT range', async ({ app, workbench }) => {
  const filters = { csat: { min: 4, max: 5 } }
  const { count } = await workbench.api<{ count: number }>('tickets.count', { filters })
  const first = await workbench.api<TicketPage>('tickets.page', {
    query: { filters, sort: { column: 'createdAt', dir: 'desc' } },
    startRow: 0,
    limit: 3,
  })

  await app.getByTestId('filter-more').click()
  await app.getByTestId('range-csat-min').fill('4')
  await app.getByTestId('range-csat-max').fill('2')
  await expect(
    app.getByRole('alert').filter({ hasText: 'CSAT: the minimum must not be more than the maximum.' }),
  ).toBeVisible()
  await expect(app.getByTestId('more-apply')).toBeDisabled()
  await app.getByTestId('range-replies-min').fill('two')
  await expect(app.getByRole('alert').filter({ hasText: 'Replies: the minimum must be a whole number.' })).toBeVisible()
  await app.getByTestId('range-replies-min').fill('')
  await app.getByTestId('range-csat-max').fill('5')
  await expect(app.getByTestId('more-apply')).toBeEnabled()
  await app.getByTestId('more-apply').click()

  await expect(app.getByTestId('match-count')).toContainText(`${fmt(count)} ticket`)
  await expect(app.getByRole('listitem').filter({ hasText: 'CSAT: 4–5' })).toBeVisible()
  await expect(app.getByTestId('filter-more')).toContainText('1')
  await expect.poll(() => shownIds(app).then((ids) => ids.slice(0, 3))).toEqual(first.rows.map((r) => r.id))
  // The CSAT column sits past the visible width (not rendered); the rows shown are the API's, rated 4 or 5.
  expect(first.rows.every((r) => r.csat === 4 || r.csat === 5)).toBe(true)

  await app.getByRole('button', { name: 'Remove filter CSAT: 4–5' }).click()
  await expect(app.getByTestId('match-count')).toContainText('3,000')
})

test('filters and sorts by the analyst review state', async ({ app, workbench }) => {
  const newest = await workbench.api<TicketPage>('tickets.page', {
    query: { filters: {}, sort: { column: 'id', dir: 'desc' } },
    startRow: 0,
    limit: 5,
  })
  const [a, b, c] = newest.rows.map((r) => r.id) as [number, number, number]
  await workbench.api('analyst.setReview', { ticketId: a, state: 'needs_escalation' })
  await workbench.api('analyst.setReview', { ticketId: c, state: 'needs_escalation' })
  await workbench.api('analyst.setReview', { ticketId: b, state: 'reviewed' })

  await app.getByTestId('filter-reviewState').click()
  const escalate = app.locator('.multiselect-option', { hasText: 'Needs escalation' })
  await expect(escalate).toContainText('2')
  await expect(app.locator('.multiselect-option', { hasText: 'Not reviewed' })).toContainText('2,997')
  await escalate.locator('input').check()
  await app.keyboard.press('Escape')

  await expect(app.getByTestId('match-count')).toContainText('2 tickets')
  await expect.poll(() => shownIds(app)).toEqual([a, c])
  await expect(cell(app, 0, 'reviewState')).toHaveText('Needs escalation')

  // Sorted by review state: the reviewed tickets come first (in triage order), the unreviewed after them.
  const sorted = await workbench.api<TicketPage>('tickets.page', {
    query: { filters: {}, sort: { column: 'reviewState', dir: 'asc' } },
    startRow: 0,
    limit: 3,
  })
  expect(sorted.rows[0]?.id).toBe(b)
  expect(
    sorted.rows
      .slice(1)
      .map((r) => r.id)
      .sort(),
  ).toEqual([a, c].sort())
  await app.getByTestId('clear-filters').click()
  await expect(app.getByTestId('match-count')).toContainText('3,000')
  await app.locator('.ag-header-cell[col-id="reviewState"] .ag-header-cell-label').click()
  await expect.poll(() => shownIds(app).then((ids) => ids.slice(0, 3))).toEqual(sorted.rows.map((r) => r.id))
  await expect(cell(app, 3, 'reviewState')).toHaveText('')
})
