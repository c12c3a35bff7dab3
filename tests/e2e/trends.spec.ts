/** The Trends place in browser mode: tiles and charts on the demo, and a click on a bar opens exactly those tickets. */
import type { Page } from '@playwright/test'
import type { MetricsSeries, MetricsTiles } from '../../src/shared/api/methods/metrics'
import { expect, test } from './fixtures'

const fmt = (n: number): string => n.toLocaleString('en-US')

test('renders KPI tiles, every chart and the breakdown on the demo, naming the time zone', async ({
  app,
  workbench,
}) => {
  await app.goto(`${workbench.url}#/trends`)
  await expect(app.getByTestId('trends-screen')).toBeVisible()
  const zone = (await app.evaluate('Intl.DateTimeFormat().resolvedOptions().timeZone')) as string
  await expect(app.getByTestId('trends-zone')).toContainText(zone)
  await expect(app.getByTestId('kpi-volume')).toBeVisible()
  // The tile shows what the API computes for the same period.
  const tiles = await workbench.api<MetricsTiles>('metrics.tiles', await periodInput(app))
  const volume = tiles.tiles.find((t) => t.key === 'volume')?.value ?? 0
  expect(volume).toBeGreaterThan(0)
  await expect(app.getByTestId('kpi-volume')).toContainText(fmt(volume))
  // Definitions on hover.
  await expect(app.getByTestId('kpi-csat')).toHaveAttribute('title', /good ÷ \(good \+ bad\)/)
  for (const id of ['chart-volume', 'chart-kpi', 'chart-flow', 'chart-heatmap']) {
    await expect(app.getByTestId(id).locator('canvas').first()).toBeVisible()
    await expect(app.getByTestId(id)).toContainText(zone)
  }
  await expect(app.getByTestId('breakdown').locator('tbody tr').first()).toBeVisible()
})

async function periodInput(app: Page) {
  const [timeZone, today] = (await app.evaluate(
    `[Intl.DateTimeFormat().resolvedOptions().timeZone, new Intl.DateTimeFormat('en-CA', { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }).format(new Date())]`,
  )) as [string, string]
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 27 * 86_400_000).toISOString().slice(0, 10)
  return { filters: {}, from, to: today, timeZone }
}

test('clicking a volume bar opens Cases with that channel and day, and the matching count', async ({
  app,
  workbench,
}) => {
  await app.goto(`${workbench.url}#/trends`)
  const chart = app.getByTestId('chart-volume').locator('.trend-chart')
  await expect(chart.locator('canvas')).toBeVisible()
  const input = await periodInput(app)
  const series = await workbench.api<MetricsSeries>('metrics.series', {
    ...input,
    kpi: 'volume',
    groupBy: 'channel',
    grain: 'day',
  })
  // The busiest day; the bottom segment of its stack is the first channel with tickets that day.
  const totals = series.buckets.map((_, i) => series.lines.reduce((a, l) => a + (l.data[i] ?? 0), 0))
  const day = totals.indexOf(Math.max(...totals))
  const line = series.lines.find((l) => (l.data[day] ?? 0) > 0)
  expect(line).toBeDefined()
  const expected = line?.data[day] ?? 0
  const box = await chart.boundingBox()
  if (!box) throw new Error('the volume chart has no box')
  // The grid of buildStackedVolume: 56 px either side, 44 px below the plot.
  const plotWidth = box.width - 112
  const x = box.x + 56 + (day + 0.5) * (plotWidth / series.buckets.length)
  const y = box.y + box.height - 44 - 2
  await app.mouse.click(x, y)

  await expect(app).toHaveURL(/#\/cases/)
  const { count } = await workbench.api<{ count: number }>('tickets.count', {
    filters: {
      channel: [line?.key ?? null],
      createdFrom: series.bucketStarts[day],
      createdTo: series.bucketStarts[day + 1] ?? series.bucketEnd,
    },
  })
  expect(count).toBe(expected)
  await expect(app.getByTestId('match-count')).toContainText(fmt(expected))
})

test('refuses a filter the rollups do not carry with a sentence', async ({ app, workbench }) => {
  const input = await periodInput(app)
  await expect(workbench.api('metrics.tiles', { ...input, filters: { status: ['open'] } })).rejects.toThrow(
    /cannot filter by Status/,
  )
})
