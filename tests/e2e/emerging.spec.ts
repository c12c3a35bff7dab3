/** Emerging issues in browser mode: groups of the demo's tickets, and one click turning a group into a saved view. */
import type { EmergingIssues } from '../../src/shared/api/methods/clusters'
import type { SavedView } from '../../src/shared/views'
import { expect, test } from './fixtures'

const fmt = (n: number): string => n.toLocaleString('en-US')

test('a group of emerging issues becomes a saved view that opens in Cases with its count', async ({
  app,
  workbench,
}) => {
  await app.goto(`${workbench.url}#/trends`)
  await app.getByTestId('trends-tab-emerging').click()
  await expect(app).toHaveURL(/#\/trends\/emerging/)
  const list = app.getByTestId('emerging-list')
  await expect(list.locator('tbody tr').first()).toBeVisible({ timeout: 30_000 })

  const timeZone = (await app.evaluate('Intl.DateTimeFormat().resolvedOptions().timeZone')) as string
  const issues = await workbench.api<EmergingIssues>('clusters.recent', { tickets: 50_000, recentDays: 7, timeZone })
  expect(issues.clusters.length).toBeGreaterThan(0)
  // The demo's sensitive tickets are counted, never grouped.
  expect(issues.sensitive).toBeGreaterThan(0)
  await expect(app.getByTestId('emerging-sensitive')).toContainText(`${fmt(issues.sensitive)} sensitive tickets`)
  await expect(list.locator('tbody tr')).toHaveCount(issues.clusters.length)

  // Pick the second group (the first is open already), then save it.
  const cluster = issues.clusters[1] ?? issues.clusters[0]
  if (!cluster) throw new Error('no group')
  await app.getByTestId(`cluster-${cluster.id}`).getByRole('button').click()
  const detail = app.getByTestId('emerging-detail')
  await expect(detail.getByRole('heading', { level: 2 })).toHaveText(cluster.label)
  for (const e of cluster.examples) await expect(app.getByTestId('emerging-examples')).toContainText(`#${e.id}`)
  await app.getByTestId('emerging-save-view').click()
  const saved = app.getByTestId('emerging-saved')
  await expect(saved).toBeVisible()

  const views = await workbench.api<SavedView[]>('views.list', {})
  const view = views.find((v) => v.name === `Emerging: ${cluster.label}`)
  expect(view).toBeDefined()
  expect(view?.definition.filters.text).toBe(cluster.query.text)
  const { count } = await workbench.api<{ count: number }>('tickets.count', { filters: view?.definition.filters })
  expect(count).toBeGreaterThan(0)
  await expect(saved).toContainText(`matching ${fmt(count)} tickets`)

  // An escalation over the group's tickets, saying where it came from.
  await app.getByTestId('emerging-escalate').click()
  await expect(app.getByText(`Opened escalation "Emerging issue: ${cluster.label}"`)).toBeVisible()
  const escalations = await workbench.api<{ title: string; tickets: number }[]>('escalations.list', {})
  expect(escalations.find((e) => e.title === `Emerging issue: ${cluster.label}`)?.tickets).toBe(cluster.size)

  // The view opens in Cases with exactly that many matches.
  await saved.getByRole('button', { name: 'Open the view' }).click()
  await expect(app).toHaveURL(/#\/cases/)
  await expect(app.getByTestId('view-title')).toHaveText(`Emerging: ${cluster.label}`)
  await expect(app.getByTestId('match-count')).toContainText(fmt(count))
})
