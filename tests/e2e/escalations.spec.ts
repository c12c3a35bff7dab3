/**
 * Escalations in browser mode: create one from a grid selection, edit its header, add a timeline entry, add a
 * remediation action, draft the executive update, copy it and record it as sent.
 */
import type { Page } from '@playwright/test'
import type { EscalationBundle, EscalationSummary } from '../../src/shared/escalations'
import type { TicketPage } from '../../src/shared/api/types'
import { expect, test } from './fixtures'

const row = (page: Page, index: number) => page.locator(`[data-testid="grid"] .ag-row[row-index="${index}"]`)
const checkbox = (page: Page, index: number) => row(page, index).locator('.ag-selection-checkbox input')

test('from a grid selection to a drafted executive update', async ({ app, workbench, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  // The three newest tickets, as the grid shows them first.
  const first = await workbench.api<TicketPage>('tickets.page', {
    query: { filters: {}, sort: { column: 'createdAt', dir: 'desc' } },
    startRow: 0,
    limit: 3,
  })
  const ids = first.rows.map((r) => r.id).sort((a, b) => a - b)

  for (const i of [0, 1, 2]) await checkbox(app, i).check()
  const bar = app.getByTestId('bulk-bar')
  await expect(bar.getByTestId('bulk-count')).toHaveText('3 selected')
  await bar.getByTestId('bulk-new-escalation').click()
  const dialog = app.getByTestId('esc-new-dialog')
  await expect(dialog).toContainText('New escalation from 3 tickets')
  // A title is required, said in the analyst's words, and nothing is created.
  await dialog.getByTestId('esc-new-create').click()
  await expect(dialog.getByTestId('esc-new-error')).toHaveText('Give the escalation a title.')
  await dialog.getByTestId('esc-new-title').fill('Gifts not delivered')
  await dialog.getByTestId('esc-new-priority').selectOption('P1')
  await dialog.getByTestId('esc-new-create').click()

  // The new escalation opens in its place, with the 3 tickets as its cohort.
  await expect(app).toHaveURL(/#\/escalations\/\d+$/)
  const detail = app.getByTestId('esc-detail')
  await expect(detail.getByTestId('esc-title')).toHaveValue('Gifts not delivered')
  await expect(detail.getByTestId('esc-impact-tickets')).toHaveText('3')
  await expect(detail.getByTestId('esc-countdown')).toContainText(/Due in (3 h 5\d min|4 h)/)
  const listed = (await workbench.api<EscalationSummary[]>('escalations.list', {})).find(
    (e) => e.title === 'Gifts not delivered',
  )
  expect(listed).toMatchObject({ priority: 'P1', tickets: 3, status: 'open' })
  const id = (listed as EscalationSummary).id

  // Edit the header: owner (saved on Enter), a partner team, the status; each is recorded on the timeline.
  await detail.getByTestId('esc-owner').fill('Ana Ruiz')
  await detail.getByTestId('esc-owner').press('Enter')
  await detail.getByTestId('esc-team-engineering').click()
  await expect(detail.getByTestId('esc-team-engineering')).toHaveAttribute('aria-pressed', 'true')
  await detail.getByTestId('esc-status').selectOption('monitoring')
  await expect(app.getByTestId(`esc-item-${id}`)).toContainText('Monitoring')

  // A timeline entry written by the analyst; an empty one is refused with a sentence.
  await detail.getByTestId('esc-entry-add').click()
  await expect(detail.getByTestId('esc-entry-error')).toHaveText('Write something for the timeline entry.')
  await detail.getByTestId('esc-entry-body').fill('Paged the gifting on-call.')
  await detail.getByTestId('esc-entry-body').press('Control+Enter')
  await expect(detail.getByTestId('esc-entry').first()).toContainText('Paged the gifting on-call.')
  await expect(detail.getByTestId('esc-entries')).toContainText('Changed owner none → Ana Ruiz.')

  // A remediation action with a success metric, checked at once.
  await detail.getByTestId('esc-action-new').click()
  await detail.getByTestId('esc-action-title').fill('Replay the failed gift queue')
  await detail.getByTestId('esc-action-team').fill('Engineering')
  await detail.getByTestId('esc-action-add').click()
  const action = detail.getByTestId('esc-action')
  await expect(action).toContainText('Replay the failed gift queue')
  await expect(action.getByTestId('esc-action-outcome')).toHaveText(/Met|Not met|Not enough data/)

  // One click drafts the update from the escalation; the analyst edits it and copies it as plain text.
  await detail.getByTestId('esc-draft').click()
  const text = detail.getByTestId('esc-update-text')
  await expect(text).toHaveValue(/\*\*\[P1\] Gifts not delivered: monitoring, update /)
  await expect(text).toHaveValue(/- 3 tickets from \d+ users? across/)
  await expect(text).toHaveValue(/Paged the gifting on-call\./)
  await expect(text).toHaveValue(/Replay the failed gift queue \(Engineering\)\./)
  await expect(text).toHaveValue(/\*\*Next update\*\*\nBy /)
  await text.fill(`${await text.inputValue()}\n\nEdited by hand.`)
  await detail.getByTestId('esc-copy-plain').click()
  const copied = String(await app.evaluate('navigator.clipboard.readText()'))
  expect(copied).toContain('What happened')
  expect(copied).not.toContain('**')
  expect(copied).toContain('Edited by hand.')

  // Recorded as sent: the text is on the timeline and the cohort is frozen a second time.
  await detail.getByTestId('esc-record-update').click()
  await expect(detail.getByTestId('esc-entries')).toContainText('Update sent')
  await expect(detail.getByTestId('esc-snapshots').locator('tbody tr')).toHaveCount(2)
  const bundle = await workbench.api<EscalationBundle>('escalations.get', { id })
  expect(bundle.escalation).toMatchObject({ owner: 'Ana Ruiz', status: 'monitoring', partnerTeams: ['engineering'] })
  expect(bundle.timeline.find((t) => t.kind === 'update')?.body).toContain('Edited by hand.')
  expect(await workbench.api<number[]>('escalations.snapshotTickets', { snapshotId: bundle.snapshots[1]?.id })).toEqual(
    ids,
  )

  // The cohort opens in Cases as a filter on the escalation.
  await detail.getByTestId('esc-open-cohort').click()
  await expect(app).toHaveURL(/#\/cases$/)
  await expect(app.getByTestId('match-count')).toHaveText('3 tickets match')
})
