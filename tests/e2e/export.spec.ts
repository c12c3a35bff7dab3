/** Export from the UI in browser mode: the current view to CSV, downloaded and read back. */
import fs from 'node:fs'
import type { TicketPage } from '../../src/shared/api/types'
import type { TicketRow } from '../../src/shared/domain'
import { parseCsv } from '../helpers/csv'
import { expect, test } from './fixtures'

test('exports the filtered view to CSV with a progress task and a Download link', async ({ app, workbench }) => {
  const { count } = await workbench.api<{ count: number }>('tickets.count', { filters: { channel: ['email'] } })
  await app.getByTestId('filter-channel').click()
  await app.locator('.multiselect-option', { hasText: 'Email' }).first().locator('input').check()
  await app.keyboard.press('Escape')
  await expect(app.getByTestId('match-count')).toContainText(count.toLocaleString('en-US'))

  await app.getByTestId('export-menu').click()
  await app.getByTestId('export-csv').click()
  const link = app.getByTestId('notice-download')
  await expect(link).toBeVisible()
  const [download] = await Promise.all([app.waitForEvent('download'), link.click()])
  expect(download.suggestedFilename()).toMatch(/^demo-\d{8}-\d{4}\.csv$/)
  const text = fs.readFileSync(await download.path(), 'utf8')
  expect(text.charCodeAt(0)).toBe(0xfeff)
  const rows = parseCsv(text.slice(1))
  expect(rows[0]?.[0]).toMatch(
    new RegExp(
      `^# Ops Workbench export — .* — Channel: Email — sorted by Created, newest first — exported .* — ${count.toLocaleString('en-US')} tickets$`,
    ),
  )
  expect(rows[1]?.[0]).toBe('ID')
  expect(rows[1]).toContain('Subject')

  const expected: TicketRow[] = []
  for (let start = 0; start < count; start += 1000) {
    const page = await workbench.api<TicketPage>('tickets.page', {
      query: { filters: { channel: ['email'] }, sort: { column: 'createdAt', dir: 'desc' } },
      startRow: start,
      limit: 1000,
    })
    expected.push(...page.rows)
  }
  expect(rows.slice(2).map((r) => Number(r[0]))).toEqual(expected.map((r) => r.id))
  const channelAt = (rows[1] ?? []).indexOf('Channel')
  if (channelAt >= 0) for (const r of rows.slice(2)) expect(r[channelAt]).toBe('Email')
})
