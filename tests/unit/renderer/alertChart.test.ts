import { describe, expect, it } from 'vitest'
import { buildAlertChart } from '../../../src/renderer/features/alerts/alertChart'
import { describeMove, durationLabel, windowLabel } from '../../../src/renderer/features/alerts/alertModel'
import { CHART_THEMES } from '../../../src/renderer/features/cases/chartTheme'

const H = 3_600_000
const T = Date.parse('2026-11-17T00:00:00Z')
const chart = [0, 1, 2, 3].map((i) => ({
  at: T + i * 6 * H,
  observed: i < 2 ? 10 : 40,
  expected: 10,
  low: 8,
  high: 12,
}))
const alert = {
  chart,
  unit: 'tickets' as const,
  kpiLabel: 'Volume',
  startedAt: T + 12 * H,
  lastSeenAt: T + 18 * H,
  windowHours: 24,
  severity: 'high' as const,
}

describe('the alert chart option', () => {
  it('draws the KPI against its baseline with the spread as a band and the anomaly shaded', () => {
    const option = buildAlertChart(alert, CHART_THEMES.light, (ms) => new Date(ms).toISOString())
    expect(option).not.toBeNull()
    const series = option?.series as { id: string; data: [number, number | null][]; markArea?: { data: unknown } }[]
    const byId = Object.fromEntries(series.map((s) => [s.id, s]))
    expect(byId.observed?.data.map((p) => p[1])).toEqual([10, 10, 40, 40])
    expect(byId.expected?.data.map((p) => p[1])).toEqual([10, 10, 10, 10])
    // The band is stacked: its base at the low edge, its height high − low.
    expect(byId['band-base']?.data.map((p) => p[1])).toEqual([8, 8, 8, 8])
    expect(byId.band?.data.map((p) => p[1])).toEqual([4, 4, 4, 4])
    expect(byId.observed?.markArea?.data).toEqual([[{ xAxis: alert.startedAt }, { xAxis: alert.lastSeenAt }]])
  })

  it('leaves a gap where there was no baseline, and draws nothing without points', () => {
    const gap = { ...alert, chart: [{ at: T, observed: 5, expected: null, low: null, high: null }] }
    const option = buildAlertChart(gap, CHART_THEMES.dark, String)
    const band = (option?.series as { id: string; data: [number, number | null][] }[]).find((s) => s.id === 'band')
    expect(band?.data[0]?.[1]).toBeNull()
    expect(buildAlertChart({ ...alert, chart: [] }, CHART_THEMES.light, String)).toBeNull()
  })

  it('words the move in the KPI unit', () => {
    expect(describeMove({ observed: 40, expected: 10, unit: 'tickets' })).toBe('40 vs usually 10 (+300 %)')
    expect(describeMove({ observed: 12.5, expected: 20, unit: 'percent' })).toBe('12.5% vs usually 20.0% (−7.5 points)')
    expect(windowLabel(168)).toBe('1 week')
    expect(windowLabel(72)).toBe('3 days')
    expect(windowLabel(6)).toBe('6 h')
    expect(durationLabel(0, 60 * H)).toBe('3 days')
  })
})
