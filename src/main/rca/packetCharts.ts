/**
 * Impact charts for the packet: ECharts rendered server-side to SVG strings (no DOM, no canvas, no script), from the
 * data frozen in a chart snapshot. Print colours: dark text on white, one fixed palette, no animation.
 */
import * as echarts from 'echarts/core'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, MarkAreaComponent } from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'
import { KPIS } from '../../shared/kpis'
import type { ChartEvidence } from '../../shared/rca'

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, MarkAreaComponent, SVGRenderer])

const PALETTE = ['#1d4ed8', '#0f766e', '#b45309', '#be185d', '#6d28d9', '#475569', '#15803d']

export interface ChartSize {
  width: number
  height: number
}

/** The chart as an SVG string; series names and labels are escaped by ECharts' SVG writer. */
export function chartSvg(chart: ChartEvidence, size: ChartSize = { width: 680, height: 260 }): string {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height })
  try {
    const unit = KPIS[chart.kpi].unit
    const counts = unit === 'tickets'
    const many = chart.buckets.length > 40
    instance.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: 'DejaVu Sans, Arial, sans-serif', color: '#1f2937' },
      grid: { left: 56, right: 16, top: chart.series.length > 1 ? 52 : 30, bottom: 36 },
      legend:
        chart.series.length > 1
          ? { top: 0, left: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 10, color: '#374151' } }
          : undefined,
      xAxis: {
        type: 'category',
        data: chart.buckets.map((b) => (chart.grain === 'hour' ? b.slice(5) : b.slice(5))),
        axisLabel: { fontSize: 9, color: '#4b5563', hideOverlap: true },
        axisLine: { lineStyle: { color: '#9ca3af' } },
        axisTick: { show: false },
      },
      yAxis: {
        type: 'value',
        name: counts ? 'tickets' : unit === 'percent' ? '%' : 'minutes',
        nameTextStyle: { fontSize: 9, color: '#4b5563', align: 'right' },
        nameGap: 10,
        axisLabel: { fontSize: 9, color: '#4b5563' },
        splitLine: { lineStyle: { color: '#e5e7eb' } },
      },
      series: chart.series.map((s) => ({
        name: s.name,
        type: counts && chart.series.length === 1 && !many ? 'bar' : 'line',
        data: s.data,
        showSymbol: !many,
        symbolSize: 4,
        connectNulls: false,
        barMaxWidth: 18,
        lineStyle: { width: 1.6 },
      })),
    })
    return instance.renderToSVGString()
  } finally {
    instance.dispose()
  }
}
