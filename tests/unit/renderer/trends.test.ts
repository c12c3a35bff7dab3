import { describe, expect, it } from 'vitest'
import type { KpiTile, MetricsSeries } from '../../../src/shared/api/methods/metrics'
import { CHART_THEMES } from '../../../src/renderer/features/cases/chartTheme'
import { bucketRange, drillFlow, drillSeriesPoint } from '../../../src/renderer/features/trends/drill'
import { sparkPath, tileChange } from '../../../src/renderer/features/trends/tileModel'
import { buildKpiLines, buildStackedVolume, formatValue } from '../../../src/renderer/features/trends/trendsCharts'

const period = { from: '2026-03-04', to: '2026-03-17', start: 0, end: 1 }

function series(kpi: MetricsSeries['kpi'], lines: MetricsSeries['lines'], targets: MetricsSeries['targets'] = []) {
  return {
    timeZone: 'Europe/Dublin',
    period,
    boundaryNote: null,
    minSample: 20,
    kpi,
    stat: 'median',
    grain: 'day',
    buckets: ['2026-03-04', '2026-03-05'],
    bucketStarts: [0, 1],
    bucketEnd: 2,
    lines,
    targets,
    omitted: 0,
  } satisfies MetricsSeries
}

describe('Trends chart options', () => {
  it('stacks volume by the cut, one bar series per value, and names the zone', () => {
    const s = series('volume', [
      { key: 'email', name: 'Email', data: [3, 4], n: [3, 4], small: [false, false] },
      { key: null, name: 'Other (2)', data: [1, 0], n: [1, 0], small: [false, false], other: true },
    ])
    const option = buildStackedVolume(s, CHART_THEMES.light)
    const bars = option.series as { stack?: string; data: number[]; itemStyle: { color: string } }[]
    expect(bars.map((b) => b.stack)).toEqual(['volume', 'volume'])
    expect(bars[0]?.data).toEqual([3, 4])
    expect(bars[0]?.itemStyle.color).toBe(CHART_THEMES.light.seriesColors.email)
    expect(bars[1]?.itemStyle.color).toBe(CHART_THEMES.light.textMuted)
    expect(JSON.stringify(option.aria)).toContain('Europe/Dublin')
  })

  it('draws small samples hollow and grey, and SLA targets as dashed lines', () => {
    const s = series(
      'frt',
      [{ key: 'urgent', name: 'Urgent', data: [50, 70], n: [40, 3], small: [false, true] }],
      [{ name: 'Urgent target', minutes: 60 }],
    )
    const option = buildKpiLines(s, CHART_THEMES.dark)
    const line = (option.series as { data: unknown[]; markLine?: { data: { yAxis: number }[] } }[])[0]
    expect(line?.data[0]).toBe(50)
    expect(line?.data[1]).toMatchObject({ value: 70, symbol: 'emptyCircle' })
    expect(line?.markLine?.data.map((d) => d.yAxis)).toEqual([60])
  })

  it('formats figures in their unit', () => {
    expect(formatValue(87.456, 'percent')).toBe('87.5%')
    expect(formatValue(200, 'minutes')).toBe('3 h 20 min')
    expect(formatValue(null, 'tickets')).toBe('—')
  })
})

describe('drill-down to Cases', () => {
  it('opens a week clipped to the period, filtered by the clicked value', () => {
    expect(bucketRange('2026-03-02', 'week', period)).toEqual({
      preset: 'custom',
      from: '2026-03-04',
      to: '2026-03-08',
    })
    const d = drillSeriesPoint({
      filter: { field: 'channel', values: ['email'] },
      cut: 'channel',
      key: 'email',
      other: false,
      bucket: '2026-03-05',
      grain: 'day',
      period,
      createdBased: true,
    })
    expect(d).toEqual({
      filters: { channel: ['email'] },
      range: { preset: 'custom', from: '2026-03-05', to: '2026-03-05' },
      note: null,
    })
  })

  it('says what the grid cannot show exactly', () => {
    const other = drillSeriesPoint({
      filter: null,
      cut: 'region',
      key: null,
      other: true,
      bucket: '2026-03-05',
      grain: 'day',
      period,
      createdBased: false,
    })
    expect(other.filters).toEqual({})
    expect(other.note).toMatch(/Other/)
    expect(other.note).toMatch(/created/)
    expect(drillFlow(null, 'backlog', '2026-03-05', 'day', period)).toMatchObject({
      filters: { status: ['new', 'open', 'pending', 'hold'] },
      range: { to: '2026-03-05' },
    })
  })
})

describe('KPI tiles', () => {
  const tile = (key: KpiTile['key'], value: number, previous: number, small = false): KpiTile => ({
    key,
    value,
    n: 100,
    small,
    previous: { value: previous, n: 100, small: false },
    spark: [],
  })

  it('colours a change by which way is good, rates in points, counts in percent', () => {
    expect(tileChange(tile('frt', 90, 100), 'x')).toMatchObject({ text: '−10%', tone: 'good' })
    expect(tileChange(tile('csat', 80, 85), 'x')).toMatchObject({ text: '−5.0 pp', tone: 'bad' })
    expect(tileChange(tile('volume', 120, 100), 'x')).toMatchObject({ text: '+20%', tone: 'neutral' })
    expect(tileChange(tile('csat', 80, 85, true), 'x')).toBeNull()
    // Net flow crosses zero: its change is told in tickets, not as a percentage.
    expect(tileChange(tile('netFlow', -11, 11), 'x')).toMatchObject({ text: '−22', tone: 'good' })
  })

  it('draws a sparkline through the values and breaks it at gaps', () => {
    expect(sparkPath([1, 2, null, 4], 30, 10)).toBe('M0.0 9.0L10.0 6.3M30.0 1.0')
    expect(sparkPath([null], 30, 10)).toBe('')
  })
})
