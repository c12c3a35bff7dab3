/**
 * Sources in browser mode: add a Zendesk source pointing at the fake Zendesk server on 127.0.0.1 (the server is
 * started with loopback sources allowed), sync it now, and see its tickets and "data as of"; change its field mapping
 * and re-sync it from the start so the cached tickets follow; then the offline banner when the source stops answering.
 */
import { FakeZendesk } from '../fakes/zendeskServer'
import { expect, test } from './fixtures'

test.use({ serverEnv: { WORKBENCH_ALLOW_LOOPBACK: '1' } })

test('adds a Zendesk source, syncs it now, and shows its tickets and data as of', async ({ app, workbench }) => {
  const fake = new FakeZendesk({ tickets: 40, deleteEvery: 10 })
  await fake.start()
  try {
    await app.getByTestId('nav-sources').click()
    await expect(app.getByRole('heading', { name: 'Sources', exact: true })).toBeVisible()
    await expect(app.getByRole('link', { name: 'Import a file', exact: true })).toHaveAttribute('href', '#/import')

    await app.getByTestId('source-add').click()
    await app.getByTestId('source-name').fill('Creator support')
    await app.getByTestId('source-url').fill(fake.url)
    await app.getByTestId('cred-email').fill(fake.options.email)
    await app.getByTestId('cred-apiToken').fill(fake.options.apiToken)
    await app.getByTestId('source-schedule').fill('0')
    await app.getByTestId('source-save').click()
    // Browser mode keeps credentials in a 0600 file, not a keychain: the app asks first.
    await app.getByRole('button', { name: 'Store them' }).click()

    const row = app.getByTestId('source-row-Creator support')
    await expect(row.getByTestId('source-status')).toHaveText('Not synced yet')
    await row.getByTestId('source-sync').click()
    await expect(row.getByTestId('source-tickets')).toHaveText('36')
    await expect(row.getByTestId('source-status')).toHaveText('Up to date')
    await expect(row.getByTestId('source-data-as-of')).toHaveText(/just now|min ago/)
    // The token never comes back to the page.
    expect(await app.content()).not.toContain(fake.options.apiToken)
    const listed = await workbench.api<{ name: string; credentials: string }[]>('sources.list', {})
    expect(listed).toEqual([expect.objectContaining({ name: 'Creator support', credentials: 'set' })])
    expect(JSON.stringify(listed)).not.toContain(fake.options.apiToken)

    // The field mapping is there to read and edit.
    await row.getByRole('button', { name: 'Creator support' }).click()
    await app.getByTestId('src-tab-mapping').click()
    await expect(app.getByTestId('map-channelValues')).toHaveValue(/web = web_form/)

    // Changing it: the cached tickets keep their mapping until a re-sync from the start, offered once it is saved.
    const count = async (channel: string) =>
      (
        await workbench.api<{ count: number }>('tickets.count', {
          filters: { channel: [channel], source: ['Creator support'] },
        })
      ).count
    expect(await count('web_form')).toBe(6)
    const channels = await app.getByTestId('map-channelValues').inputValue()
    await app.getByTestId('map-channelValues').fill(channels.replace('web = web_form', 'web = social'))
    await expect(app.getByTestId('map-resync')).toContainText('Save the mapping first.')
    await expect(app.getByTestId('map-resync-button')).toBeDisabled()
    await app.getByTestId('map-save').click()
    await expect(app.getByText('Field mapping saved.')).toBeVisible()
    await expect(app.getByTestId('map-resync')).toContainText('The 36 tickets already cached keep the mapping')
    await app.getByTestId('map-resync-button').click()
    const confirm = app.getByRole('dialog', { name: 'Re-sync Creator support from the start?' })
    await expect(confirm).toContainText('Your notes, labels and reviews are kept.')
    await confirm.getByRole('button', { name: 'Re-sync from the start' }).click()
    await expect.poll(() => count('web_form')).toBe(0)
    await expect(row.getByTestId('source-status')).toHaveText('Up to date')
    expect(await count('social')).toBeGreaterThanOrEqual(6)
    await expect(row.getByTestId('source-tickets')).toHaveText('36')

    // The source stops answering: the sync fails, the banner says the cache stays usable, the tickets stay.
    await fake.close()
    await row.getByTestId('source-sync').click()
    await expect(app.getByTestId('offline-banner')).toContainText('everything in the cache stays usable', {
      timeout: 45_000,
    })
    await expect(row.getByTestId('source-tickets')).toHaveText('36')
  } finally {
    await fake.close()
  }
})

test('edits the Salesforce part of a mapping: statuses, priorities and the case type field, checked before saving', async ({
  app,
  workbench,
}) => {
  const added = await workbench.api<{ id: number }>('sources.add', {
    kind: 'salesforce',
    name: 'Acme Salesforce',
    baseUrl: 'https://login.salesforce.com',
    scheduleMinutes: 0,
  })
  await app.getByTestId('nav-sources').click()
  const row = app.getByTestId('source-row-Acme Salesforce')
  await row.getByRole('button', { name: 'Acme Salesforce' }).click()
  await app.getByTestId('src-tab-mapping').click()
  // Salesforce's own picklists to start from; no Zendesk field ids.
  await expect(app.getByTestId('map-vendor-statusValues')).toHaveValue(/Working = open/)
  await expect(app.getByTestId('map-vendor-caseTypeField')).toHaveValue('Reason')
  await expect(app.getByTestId('map-caseTypeFieldId')).toHaveCount(0)

  await app.getByTestId('map-vendor-caseTypeField').fill('Case Category')
  await app.getByTestId('map-save').click()
  await expect(app.getByText('Case type field: “Case Category” is not a field name')).toBeVisible()

  await app.getByTestId('map-vendor-caseTypeField').fill('Category__c')
  await app
    .getByTestId('map-vendor-statusValues')
    .fill('New = new\nWorking = open\nWaiting on Customer = pending\nClosed = closed')
  await app.getByTestId('map-save').click()
  await expect
    .poll(async () => {
      const saved = await workbench.api<{
        mapping: { vendor?: { caseTypeField: string; statusValues: Record<string, string> } }
      }>('sources.mapping', { id: added.id })
      return saved.mapping.vendor
    })
    .toMatchObject({ caseTypeField: 'Category__c', statusValues: { 'Waiting on Customer': 'pending' } })
})
