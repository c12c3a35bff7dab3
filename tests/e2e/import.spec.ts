/** Import in browser mode: upload a small CSV, map it, import it, read the report, find the tickets in Cases. */
import { expect, test } from './fixtures'

const CSV = [
  'Ref,Title,State,Opened,Channel,Owner',
  'E2E-1,Zebracorn payout missing,Working,05/02/2025 10:00,Email,Ana',
  'E2E-2,"Zebracorn login, again",New,06/02/2025 11:30,Web,Bo',
  'E2E-3,"Zebracorn ""LIVE"" gifts",Closed,07/02/2025 09:15,Phone,Ana',
  'E2E-4,Broken date,New,someday,Email,Ana',
  '',
].join('\r\n')

test('uploads a CSV, maps it, imports it with a report and shows the tickets in Cases', async ({ app, workbench }) => {
  await app.getByRole('link', { name: 'Import' }).click()
  await app.getByTestId('import-file-input').setInputFiles({
    name: 'partner-export.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(CSV, 'utf8'),
  })
  await expect(app.getByTestId('import-facts')).toContainText('CSV · UTF-8 · comma separated · 6 columns')
  await expect(app.getByTestId('import-source')).toHaveValue('partner-export')
  await app.getByTestId('import-source').fill('Partner export')

  // "Ref" is not a name the workbench knows: map it by hand. The dates prove no order, so the screen asks.
  await app.getByTestId('map-Ref').selectOption('externalId')
  await expect(app.getByTestId('import-start')).toBeDisabled()
  await app.getByTestId('import-date-order').selectOption('dmy')
  const preview = app.getByTestId('import-preview')
  await expect(preview).toContainText('E2E-1')
  await expect(preview).toContainText('Rejected: Created: "someday" is not a date')

  await app.getByTestId('import-start').click()
  const result = app.getByTestId('import-result')
  await expect(result).toBeVisible()
  await expect(app.getByTestId('import-inserted')).toHaveText('3')
  await expect(app.getByTestId('import-rejected')).toHaveText('1')
  await expect(app.getByTestId('import-rejects')).toContainText('5')
  await expect(app.getByTestId('import-rejects')).toContainText('someday')

  const { count } = await workbench.api<{ count: number }>('tickets.count', { filters: { source: ['Partner export'] } })
  expect(count).toBe(3)

  await app.getByRole('link', { name: 'See the tickets in Cases' }).click()
  await app.getByTestId('search-input').fill('zebracorn')
  await app.getByTestId('search-input').press('Enter')
  await expect(app.getByTestId('match-count')).toContainText('3')
})
