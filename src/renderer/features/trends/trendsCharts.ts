/**
 * ECharts options of the Trends place as pure functions of the API answers and a colour theme (no DOM), so they are
 * unit-tested in Node: volume stacked by a cut, a KPI's lines with SLA target lines, created vs solved with the
 * backlog, and the hour-by-weekday heatmap. Small samples are drawn hollow and grey with their count in the tooltip.
 */
import type { BarSeriesOption, HeatmapSeriesOption, LineSeriesOption } from 'echarts/charts'
import type {
  AriaComponentOption,
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components'
import type { ComposeOption } from 'echarts/core'
import type { MetricsFlow, MetricsHeatmap, MetricsSeries } from '../../../shared/api/methods/metrics'
import { KPIS, type KpiUnit } from '../../../shared/kpis'
import { formatInt, formatMinutes } from '../../lib/format'
import { seriesColor, type ChartTheme } from '../cases/chartTheme'
import { compactNumber, longDay, shortDay } from '../cases/volumeChart'

export type TrendsChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | HeatmapSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | DataZoomComponentOption
  | MarkLineComponentOption
  | VisualMapComponentOption
  | AriaComponentOption
>

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** A figure in its unit: "1,234", "87.5%", "3 h 20 min"; an em dash when there is none. */
export function formatValue(value: number | null | undefined, unit: KpiUnit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  if (unit === 'percent') return `${value.toFixed(1)}%`
  if (unit === 'minutes') return formatMinutes(value) || '0 min'
  return formatInt(value)
}

/** Bucket label for axes: a local day, or "Mar 4 14:00" by hour. */
export function bucketLabel(bucket: string): string {
  return bucket.length > 10 ? `${shortDay(bucket.slice(0, 10))} ${bucket.slice(11)}` : shortDay(bucket)
}

function bucketHeading(bucket: string, grain: 'hour' | 'day' | 'week'): string {
  if (grain === 'week') return `Week of ${longDay(bucket)}`
  if (grain === 'hour') return `${longDay(bucket.slice(0, 10))} ${bucket.slice(11)}`
  return longDay(bucket)
}

function tooltipBase(theme: ChartTheme): TooltipComponentOption {
  return {
    backgroundColor: theme.tooltipBackground,
    borderColor: theme.tooltipBorder,
    textStyle: { color: theme.tooltipText, fontSize: 12 },
    confine: true,
  }
}

function zoom(theme: ChartTheme, labels: string[]): DataZoomComponentOption[] {
  return [
    {
      type: 'slider',
      height: 14,
      bottom: 6,
      left: 56,
      right: 56,
      borderColor: theme.axisLine,
      fillerColor: theme.sliderFill,
      handleStyle: { color: theme.sliderHandle, borderColor: theme.sliderHandle },
      moveHandleSize: 4,
      textStyle: { color: theme.textMuted, fontSize: 10 },
      labelFormatter: (index: number) => bucketLabel(labels[index] ?? ''),
      dataBackground: { lineStyle: { color: theme.axisLine }, areaStyle: { color: theme.splitLine } },
      // Brushing a span on the slider's data shadow zooms to it.
      brushSelect: true,
    },
    { type: 'inside', zoomOnMouseWheel: 'shift', moveOnMouseWheel: false },
  ]
}

function legend(theme: ChartTheme): LegendComponentOption {
  return {
    type: 'scroll',
    top: 2,
    left: 8,
    right: 8,
    icon: 'roundRect',
    itemWidth: 10,
    itemHeight: 10,
    itemGap: 14,
    textStyle: { color: theme.text, fontSize: 12 },
    inactiveColor: theme.axisLine,
    pageTextStyle: { color: theme.textMuted },
  }
}

function categoryAxis(theme: ChartTheme, labels: string[]) {
  return {
    type: 'category' as const,
    data: labels,
    axisLine: { lineStyle: { color: theme.axisLine } },
    axisTick: { show: false },
    axisLabel: { color: theme.textMuted, fontSize: 11, formatter: bucketLabel, hideOverlap: true },
  }
}

function valueAxis(theme: ChartTheme, unit: KpiUnit) {
  return {
    type: 'value' as const,
    splitNumber: 3,
    ...(unit === 'tickets' ? { minInterval: 1 } : {}),
    ...(unit === 'percent' ? { max: (v: { max: number }) => Math.min(100, Math.ceil(v.max / 10) * 10 || 10) } : {}),
    axisLabel: {
      color: theme.textMuted,
      fontSize: 11,
      formatter: (v: number) =>
        unit === 'percent' ? `${v}%` : unit === 'minutes' ? formatMinutes(v) || '0' : compactNumber(v),
    },
    splitLine: { lineStyle: { color: theme.splitLine } },
  }
}

interface AxisParam {
  dataIndex: number
}

const swatch = (color: string) =>
  `<span style="display:inline-block;width:8px;height:8px;border-radius:2px;margin-right:6px;background:${color}"></span>`

function row(label: string, value: string, color: string | null, extra = '', muted = false): string {
  return (
    `<div style="display:flex;gap:12px;justify-content:space-between;${muted ? 'opacity:0.6;' : ''}">` +
    `<span>${color ? swatch(color) : ''}${escapeHtml(label)}</span>` +
    `<span style="font-variant-numeric:tabular-nums">${escapeHtml(value)}${extra}</span></div>`
  )
}

/** Tickets created per bucket, stacked by the cut's values (largest first; "Other" last). */
export function buildStackedVolume(s: MetricsSeries, theme: ChartTheme): TrendsChartOption {
  return {
    backgroundColor: 'transparent',
    animationDuration: 250,
    aria: { enabled: true, label: { description: `Tickets created per ${s.grain}, days in ${s.timeZone}.` } },
    legend: legend(theme),
    grid: { left: 56, right: 56, top: 34, bottom: 44 },
    tooltip: {
      ...tooltipBase(theme),
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const i = ((Array.isArray(params) ? params[0] : params) as AxisParam | undefined)?.dataIndex ?? -1
        const bucket = s.buckets[i]
        if (bucket === undefined) return ''
        const rows = s.lines
          .map((l, k) => ({ name: l.name, value: l.data[i] ?? 0, color: seriesColor(theme, l.key, k) }))
          .filter((r) => r.value > 0)
        const total = rows.reduce((a, r) => a + r.value, 0)
        return [
          `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(bucketHeading(bucket, s.grain))}</div>`,
          ...rows.map((r) => row(r.name, formatInt(r.value), r.color)),
          row('Total', formatInt(total), null),
          `<div style="margin-top:4px;opacity:0.7">Click a bar to open those tickets in Cases</div>`,
        ].join('')
      },
    },
    xAxis: categoryAxis(theme, s.buckets),
    yAxis: valueAxis(theme, 'tickets'),
    dataZoom: zoom(theme, s.buckets),
    series: s.lines.map((l, k) => ({
      type: 'bar',
      id: `line-${k}`,
      name: l.name,
      stack: 'volume',
      data: l.data.map((v) => v ?? 0),
      barMaxWidth: 28,
      itemStyle: { color: l.other ? theme.textMuted : seriesColor(theme, l.key, k) },
      emphasis: { focus: 'series' },
    })),
  }
}

/** One KPI per bucket, a line per value of the cut; SLA targets as dashed lines; small samples hollow and grey. */
export function buildKpiLines(s: MetricsSeries, theme: ChartTheme): TrendsChartOption {
  const info = KPIS[s.kpi]
  const targets = info.unit === 'minutes' ? s.targets : []
  return {
    backgroundColor: 'transparent',
    animationDuration: 250,
    aria: { enabled: true, label: { description: `${info.label} per ${s.grain}, days in ${s.timeZone}.` } },
    legend: legend(theme),
    grid: { left: 64, right: 56, top: 34, bottom: 44 },
    tooltip: {
      ...tooltipBase(theme),
      trigger: 'axis',
      formatter: (params: unknown) => {
        const i = ((Array.isArray(params) ? params[0] : params) as AxisParam | undefined)?.dataIndex ?? -1
        const bucket = s.buckets[i]
        if (bucket === undefined) return ''
        const rows = s.lines.map((l, k) => {
          const n = l.n[i] ?? 0
          const small = l.small[i] ?? false
          const count = info.sampled
            ? ` <span style="opacity:0.7">(n = ${formatInt(n)}${small ? ', small sample' : ''})</span>`
            : ''
          return row(l.name, formatValue(l.data[i], info.unit), seriesColor(theme, l.key, k), count, small)
        })
        return [
          `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(bucketHeading(bucket, s.grain))}</div>`,
          ...rows,
          ...targets.map((t) => row(t.name, formatMinutes(t.minutes), null)),
        ].join('')
      },
    },
    xAxis: categoryAxis(theme, s.buckets),
    yAxis: valueAxis(theme, info.unit),
    dataZoom: zoom(theme, s.buckets),
    series: s.lines.map((l, k): LineSeriesOption => {
      const color = seriesColor(theme, l.key, k)
      return {
        type: 'line',
        id: `line-${k}`,
        name: l.name,
        connectNulls: false,
        showSymbol: true,
        symbolSize: 5,
        itemStyle: { color },
        lineStyle: { color, width: 1.75 },
        data: l.data.map((v, i) =>
          l.small[i] && info.sampled
            ? { value: v ?? '-', symbol: 'emptyCircle', itemStyle: { color: theme.textMuted, opacity: 0.7 } }
            : (v ?? '-'),
        ),
        ...(k === 0 && targets.length > 0
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { type: 'dashed', color: theme.textMuted },
                label: { color: theme.textMuted, fontSize: 10, formatter: (p: { name?: string }) => p.name ?? '' },
                data: targets.map((t) => ({ name: `${t.name} ${formatMinutes(t.minutes)}`, yAxis: t.minutes })),
              },
            }
          : {}),
      }
    }),
  }
}

/** Created and solved per bucket as bars, the backlog at each bucket's end as a line on its own axis. */
export function buildFlow(f: MetricsFlow, theme: ChartTheme): TrendsChartOption {
  const names = ['Created', 'Solved', 'Backlog at end'] as const
  const colors = [theme.seriesColors.email ?? '#2563eb', theme.seriesColors.in_app ?? '#0d9488', theme.text]
  return {
    backgroundColor: 'transparent',
    animationDuration: 250,
    aria: { enabled: true, label: { description: `Created, solved and backlog per ${f.grain}, in ${f.timeZone}.` } },
    legend: legend(theme),
    grid: { left: 56, right: 56, top: 34, bottom: 44 },
    tooltip: {
      ...tooltipBase(theme),
      trigger: 'axis',
      formatter: (params: unknown) => {
        const i = ((Array.isArray(params) ? params[0] : params) as AxisParam | undefined)?.dataIndex ?? -1
        const bucket = f.buckets[i]
        if (bucket === undefined) return ''
        const values = [f.created[i] ?? 0, f.solved[i] ?? 0, f.backlog[i] ?? 0]
        return [
          `<div style="font-weight:600;margin-bottom:4px">${escapeHtml(bucketHeading(bucket, f.grain))}</div>`,
          ...names.map((n, k) => row(n, formatInt(values[k] as number), colors[k] as string)),
          row('Net flow', formatInt((values[0] as number) - (values[1] as number)), null),
        ].join('')
      },
    },
    xAxis: categoryAxis(theme, f.buckets),
    yAxis: [valueAxis(theme, 'tickets'), { ...valueAxis(theme, 'tickets'), splitLine: { show: false } }],
    dataZoom: zoom(theme, f.buckets),
    series: [
      { type: 'bar', id: 'created', name: names[0], data: f.created, barMaxWidth: 16, itemStyle: { color: colors[0] } },
      { type: 'bar', id: 'solved', name: names[1], data: f.solved, barMaxWidth: 16, itemStyle: { color: colors[1] } },
      {
        type: 'line',
        id: 'backlog',
        name: names[2],
        yAxisIndex: 1,
        data: f.backlog,
        showSymbol: false,
        lineStyle: { width: 2, color: colors[2] },
        itemStyle: { color: colors[2] },
      },
    ],
  }
}

/** Tickets created by local weekday (rows, Monday on top) and hour of day (columns). */
export function buildHeatmap(h: MetricsHeatmap, theme: ChartTheme): TrendsChartOption {
  const hours = Array.from({ length: 24 }, (_, i) => `${String(i).padStart(2, '0')}:00`)
  return {
    backgroundColor: 'transparent',
    animationDuration: 250,
    aria: { enabled: true, label: { description: `Tickets created by weekday and hour in ${h.timeZone}.` } },
    grid: { left: 48, right: 16, top: 8, bottom: 56 },
    tooltip: {
      ...tooltipBase(theme),
      trigger: 'item',
      formatter: (p: unknown) => {
        const [hour, day, n] = ((p as { value?: number[] }).value ?? []) as [number, number, number]
        return (
          `<div style="font-weight:600">${WEEKDAYS[day] ?? ''} ${hours[hour] ?? ''}–${hours[(hour + 1) % 24] ?? ''}</div>` +
          `<div>${formatInt(n)} tickets created</div>`
        )
      },
    },
    xAxis: {
      type: 'category',
      data: hours,
      splitArea: { show: false },
      axisLine: { lineStyle: { color: theme.axisLine } },
      axisTick: { show: false },
      axisLabel: { color: theme.textMuted, fontSize: 10, interval: 2 },
    },
    yAxis: {
      type: 'category',
      data: [...WEEKDAYS],
      inverse: true,
      axisLine: { lineStyle: { color: theme.axisLine } },
      axisTick: { show: false },
      axisLabel: { color: theme.textMuted, fontSize: 11 },
    },
    visualMap: {
      min: 0,
      max: Math.max(1, h.max),
      calculable: false,
      text: [formatInt(h.max), '0'],
      orient: 'horizontal',
      left: 'center',
      bottom: 4,
      itemHeight: 120,
      itemWidth: 10,
      textStyle: { color: theme.textMuted, fontSize: 10 },
      inRange: { color: theme.mode === 'dark' ? ['#1b2029', '#60a5fa'] : ['#f1f5f9', '#1d4ed8'] },
    },
    series: [
      {
        type: 'heatmap',
        id: 'heatmap',
        name: 'Tickets created',
        data: h.cells.map(([day, hour, n]) => [hour, day, n]),
        emphasis: { itemStyle: { borderColor: theme.text, borderWidth: 1 } },
      },
    ],
  }
}
