/**
 * The ECharts option of an alert's chart, a pure function of the API answer and a colour theme (unit-tested in
 * Node): the KPI over its trailing window against the seasonal baseline (median of the same hours in earlier weeks)
 * with the baseline's spread as a band, and the anomaly's span shaded.
 */
import type { LineSeriesOption } from 'echarts/charts'
import type {
  AriaComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkAreaComponentOption,
  TooltipComponentOption,
} from 'echarts/components'
import type { ComposeOption } from 'echarts/core'
import type { AlertDetail } from '../../../shared/api/methods/alerts'
import type { ChartTheme } from '../cases/chartTheme'
import { formatValue } from '../trends/trendsCharts'

export type AlertChartOption = ComposeOption<
  | LineSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | MarkAreaComponentOption
  | AriaComponentOption
>

type Chartable = Pick<
  AlertDetail,
  'chart' | 'unit' | 'kpiLabel' | 'startedAt' | 'lastSeenAt' | 'windowHours' | 'severity'
>

const SEVERITY_COLOR = { high: '#dc2626', medium: '#d97706', low: '#2563eb' } as const

/** Observed vs baseline, with the band and the anomaly window; null when there is nothing to draw. */
export function buildAlertChart(
  a: Chartable,
  theme: ChartTheme,
  formatTime: (ms: number) => string,
): AlertChartOption | null {
  if (a.chart.length === 0) return null
  const unit = a.unit
  const at = a.chart.map((p) => p.at)
  const low = a.chart.map((p) => [p.at, p.low] as [number, number | null])
  const band = a.chart.map(
    (p) => [p.at, p.low === null || p.high === null ? null : p.high - p.low] as [number, number | null],
  )
  const accent = SEVERITY_COLOR[a.severity]
  const windowLabel = a.windowHours % 24 === 0 ? `${a.windowHours / 24} d` : `${a.windowHours} h`
  return {
    animation: false,
    aria: {
      enabled: true,
      label: { description: `${a.kpiLabel} over ${windowLabel} windows against its usual level.` },
    },
    grid: { left: 64, right: 32, top: 28, bottom: 28 },
    legend: {
      top: 0,
      left: 0,
      textStyle: { color: theme.textMuted, fontSize: 11 },
      data: [a.kpiLabel, 'Usual (same hours, earlier weeks)'],
    },
    tooltip: {
      trigger: 'axis',
      backgroundColor: theme.tooltipBackground,
      borderColor: theme.tooltipBorder,
      textStyle: { color: theme.tooltipText, fontSize: 12 },
      valueFormatter: (v) => formatValue(typeof v === 'number' ? v : null, unit),
    },
    xAxis: {
      type: 'time',
      min: at[0],
      max: at[at.length - 1],
      axisLine: { lineStyle: { color: theme.axisLine } },
      axisLabel: { color: theme.textMuted, fontSize: 11, hideOverlap: true, formatter: (v: number) => formatTime(v) },
    },
    yAxis: {
      type: 'value',
      min: 0,
      splitLine: { lineStyle: { color: theme.splitLine } },
      axisLabel: { color: theme.textMuted, fontSize: 11, formatter: (v: number) => formatValue(v, unit) },
    },
    series: [
      {
        id: 'band-base',
        type: 'line',
        data: low,
        stack: 'band',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        tooltip: { show: false },
        silent: true,
      },
      {
        id: 'band',
        type: 'line',
        data: band,
        stack: 'band',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color: theme.mode === 'dark' ? 'rgba(148,163,184,0.18)' : 'rgba(100,116,139,0.14)' },
        tooltip: { show: false },
        silent: true,
      },
      {
        id: 'expected',
        name: 'Usual (same hours, earlier weeks)',
        type: 'line',
        data: a.chart.map((p) => [p.at, p.expected]),
        symbol: 'none',
        lineStyle: { type: 'dashed', width: 1.5, color: theme.textMuted },
        itemStyle: { color: theme.textMuted },
      },
      {
        id: 'observed',
        name: a.kpiLabel,
        type: 'line',
        data: a.chart.map((p) => [p.at, p.observed]),
        symbol: 'none',
        lineStyle: { width: 2, color: accent },
        itemStyle: { color: accent },
        markArea: {
          silent: true,
          itemStyle: { color: theme.mode === 'dark' ? 'rgba(248,113,113,0.12)' : 'rgba(220,38,38,0.07)' },
          data: [[{ xAxis: a.startedAt }, { xAxis: a.lastSeenAt }]],
        },
      },
    ],
  }
}
