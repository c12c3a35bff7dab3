/** The Alerts place in browser mode: the demo's injected incidents show up as alerts, and Investigate opens them. */
import type { AlertDetail, AlertInbox } from '../../src/shared/api/methods/alerts'
import { expect, test } from './fixtures'

const fmt = (n: number): string => n.toLocaleString('en-US')

// Big enough a demo that its surges stand out of the noise of their segments.
test.use({ serverEnv: { WORKBENCH_DEMO_TICKETS: '20000' } })

test('lists the demo alerts, shows one with its chart, and Investigate lands in Cases with its count', async ({
  app,
  workbench,
}) => {
  test.setTimeout(120_000)
  await app.goto(`${workbench.url}#/alerts`)
  await expect(app.getByTestId('nav-alerts')).toHaveAttribute('aria-current', 'page')
  const rows = app.getByTestId('alert-row')
  await expect(rows.first()).toBeVisible({ timeout: 60_000 })
  const inbox = await workbench.api<AlertInbox>('alerts.list', {})
  expect(inbox.alerts.length).toBeGreaterThan(0)
  await expect(rows).toHaveCount(inbox.alerts.length)
  // The release surge (bug_crash via in_app) is among them.
  const crash = inbox.alerts.find(
    (a) => a.kpi === 'volume' && a.direction === 'spike' && a.segment.includes('Bug or crash'),
  )
  expect(crash, 'an alert for the injected app-crash surge').toBeDefined()
  if (!crash) return

  // Keyboard: focus the list and walk to the crash alert with the arrow keys.
  await rows.first().focus()
  const index = inbox.alerts.findIndex((a) => a.id === crash.id)
  for (let i = 0; i < index; i++) await app.keyboard.press('ArrowDown')
  await expect(app.locator(`[data-alert-id="${crash.id}"]`)).toHaveAttribute('aria-current', 'true')
  const detailPane = app.getByTestId('alert-detail')
  await expect(detailPane).toContainText(crash.title)
  await expect(detailPane.getByTestId('alert-chart').locator('canvas')).toBeVisible()
  await expect(detailPane.getByTestId('alert-move')).toContainText('vs usually')

  const timeZone = (await app.evaluate('Intl.DateTimeFormat().resolvedOptions().timeZone')) as string
  const detail = await workbench.api<AlertDetail>('alerts.get', { id: crash.id, timeZone })
  expect(detail.investigate.count).toBeGreaterThan(0)
  await detailPane.getByTestId('alert-investigate').click()
  await expect(app).toHaveURL(/#\/cases/)
  await expect(app.getByTestId('match-count')).toContainText(fmt(detail.investigate.count))

  // Back in Alerts, acknowledging hides it from the inbox.
  await app.goto(`${workbench.url}#/alerts`)
  await app.locator(`[data-alert-id="${crash.id}"]`).click()
  await app.getByTestId('alert-ack').click()
  await expect(app.locator(`[data-alert-id="${crash.id}"]`)).toHaveCount(0)
})
