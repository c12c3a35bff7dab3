import { LineChart } from 'echarts/charts'
import { AriaComponent, GridComponent, LegendComponent, MarkAreaComponent, TooltipComponent } from 'echarts/components'
import { init, use as registerEChartsParts, type ECharts } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'
import type { AlertChartOption } from './alertChart'

registerEChartsParts([
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkAreaComponent,
  AriaComponent,
  CanvasRenderer,
])

/** A small chart host: the option is built by buildAlertChart (pure). */
export function AlertChartView({ option, label }: { option: AlertChartOption | null; label: string }) {
  const hostRef = useRef<HTMLDivElement>(null)
  const chartRef = useRef<ECharts | null>(null)
  useEffect(() => {
    const host = hostRef.current
    if (!host) return
    const chart = init(host, undefined, { renderer: 'canvas' })
    chartRef.current = chart
    const observer = new ResizeObserver(() => chart.resize())
    observer.observe(host)
    return () => {
      observer.disconnect()
      chart.dispose()
      chartRef.current = null
    }
  }, [])
  useEffect(() => {
    if (option) chartRef.current?.setOption(option, { notMerge: true })
  }, [option])
  return <div ref={hostRef} className="alert-chart" role="img" aria-label={label} data-testid="alert-chart" />
}
