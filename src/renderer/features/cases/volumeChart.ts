/**
 * The ECharts option of the volume trend (tickets created per local day, stacked by channel), as a pure function of
 * the series and a colour theme: no DOM, so it can be unit-tested and rendered to SVG in Node.
 */
import type { BarSeriesOption } from 'echarts/charts'
import type {
  AriaComponentOption,
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components'
import type { ComposeOption } from 'echarts/core'
import type { TrendSeries } from '../../../shared/api/types'
import { formatInt } from '../../lib/format'
import { seriesColor, type ChartTheme } from './chartTheme'

export type VolumeChartOption = ComposeOption<
  | BarSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | DataZoomComponentOption
  | TitleComponentOption
  | AriaComponentOption
>

const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' })
const longDayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
})

/** `YYYY-MM-DD` (already a local date) read as a calendar date, formatted without any zone shift. */
function calendarDate(date: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)
}

export function shortDay(date: string): string {
  return dayFormat.format(calendarDate(date))
}

export function longDay(date: string): string {
  return longDayFormat.format(calendarDate(date))
}

/** "950", "1.2k", "34k", "1.5M" for axis labels. */
export function compactNumber(n: number): string {
  const abs = Math.abs(n)
  if (abs >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`
  if (abs >= 10_000) return `${Math.round(n / 1_000)}k`
  if (abs >= 1_000) return `${+(n / 1_000).toFixed(1)}k`
  return String(n)
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export function chartTitle(series: TrendSeries): string {
  return `Tickets created per ${series.grain}, by channel`
}

export function chartSubtitle(series: TrendSeries): string {
  const unit = series.grain === 'week' ? 'Weeks (from Monday)' : 'Days'
  return `${unit} in ${series.timeZone} · ${formatInt(series.total)} tickets`
}

interface AxisTooltipParam {
  dataIndex: number
  seriesName?: string
  value?: unknown
  color?: unknown
}

/**
 * Tooltip body for one bucket: the date, each channel's count (largest first, zero rows left out) and the total.
 * Built from numbers and our own labels, escaped anyway.
 */
export function tooltipHtml(series: TrendSeries, dataIndex: number, theme: ChartTheme): string {
  const bucket = series.buckets[dataIndex]
  if (bucket === undefined) return ''
  const rows = series.series
    .map((s, i) => ({ name: s.name, value: s.data[dataIndex] ?? 0, color: seriesColor(theme, s.key, i) }))
    .filter((r) => r.value > 0)
    .sort((a, b) => b.value - a.value)
  const total = rows.reduce((sum, r) => sum + r.value, 0)
  const heading = series.grain === 'week' ? `Week of ${longDay(bucket)}` : longDay(bucket)
  const line = (label: string, value: number, color: string | null, bold = false): string =>
    `<div style="display:flex;gap:12px;justify-content:space-between;${bold ? 'font-weight:600;' : ''}">` +
    `<span>${color ? `<span style="display:inline-block;width:8px;height:8px;border-radius:2px;margin-right:6px;background:${color}"></span>` : ''}${escapeHtml(label)}</span>` +
    `<span style="font-variant-numeric:tabular-nums">${formatInt(value)}</span></div>`
  return [
    `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(heading)}</div>`,
    ...rows.map((r) => line(r.name, r.value, r.color)),
    `<div style="border-top:1px solid ${theme.tooltipBorder};margin-top:4px;padding-top:4px">${line('Total', total, null, true)}</div>`,
  ].join('')
}

export function buildVolumeChart(series: TrendSeries, theme: ChartTheme): VolumeChartOption {
  const axisLabel = { color: theme.textMuted, fontSize: 11 }
  return {
    backgroundColor: 'transparent',
    animationDuration: 250,
    aria: { enabled: true },
    title: {
      text: chartTitle(series),
      subtext: chartSubtitle(series),
      left: 12,
      top: 6,
      itemGap: 4,
      textStyle: { color: theme.text, fontSize: 13, fontWeight: 600, lineHeight: 16 },
      subtextStyle: { color: theme.textMuted, fontSize: 11, lineHeight: 14 },
    },
    legend: {
      type: 'scroll',
      top: 10,
      right: 48,
      left: '45%',
      align: 'left',
      icon: 'roundRect',
      itemWidth: 10,
      itemHeight: 10,
      itemGap: 14,
      textStyle: { color: theme.text, fontSize: 12 },
      inactiveColor: theme.axisLine,
      pageTextStyle: { color: theme.textMuted },
    },
    grid: { left: 52, right: 20, top: 56, bottom: 46 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      backgroundColor: theme.tooltipBackground,
      borderColor: theme.tooltipBorder,
      textStyle: { color: theme.tooltipText, fontSize: 12 },
      confine: true,
      formatter: (params: unknown) => {
        const first = (Array.isArray(params) ? params[0] : params) as AxisTooltipParam | undefined
        return first ? tooltipHtml(series, first.dataIndex, theme) : ''
      },
    },
    xAxis: {
      type: 'category',
      data: series.buckets,
      axisLine: { lineStyle: { color: theme.axisLine } },
      axisTick: { show: false },
      axisLabel: { ...axisLabel, formatter: (value: string) => shortDay(value), hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      splitNumber: 3,
      axisLabel: { ...axisLabel, formatter: (value: number) => compactNumber(value) },
      splitLine: { lineStyle: { color: theme.splitLine } },
    },
    dataZoom: [
      {
        type: 'slider',
        height: 14,
        bottom: 8,
        left: 52,
        right: 20,
        borderColor: theme.axisLine,
        fillerColor: theme.sliderFill,
        handleStyle: { color: theme.sliderHandle, borderColor: theme.sliderHandle },
        moveHandleSize: 4,
        textStyle: { color: theme.textMuted, fontSize: 10 },
        labelFormatter: (_value: number, valueStr: string) => shortDay(valueStr),
        dataBackground: { lineStyle: { color: theme.axisLine }, areaStyle: { color: theme.splitLine } },
        brushSelect: false,
      },
      { type: 'inside', zoomOnMouseWheel: 'shift', moveOnMouseWheel: false },
    ],
    series: series.series.map((s, i) => ({
      type: 'bar',
      name: s.name,
      stack: 'volume',
      data: s.data,
      barMaxWidth: 28,
      itemStyle: { color: seriesColor(theme, s.key, i) },
      emphasis: { focus: 'series' },
    })),
  }
}
