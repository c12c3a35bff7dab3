import { BarChart, HeatmapChart, LineChart } from 'echarts/charts'
import {
  AriaComponent,
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  GridComponent,
  LegendScrollComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components'
import { init, use as registerEChartsParts, type ECharts } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef, type ReactNode } from 'react'
import { Icon } from '../../components/Icon'
import type { TrendsChartOption } from './trendsCharts'

// Only the parts the Trends charts use (echarts/core tree-shakes the rest away).
registerEChartsParts([
  BarChart,
  LineChart,
  HeatmapChart,
  GridComponent,
  TooltipComponent,
  LegendScrollComponent,
  DataZoomSliderComponent,
  DataZoomInsideComponent,
  MarkLineComponent,
  VisualMapContinuousComponent,
  AriaComponent,
  CanvasRenderer,
])

/** What ECharts passes to a click on a series item. */
export interface ChartClick {
  seriesId?: string
  seriesIndex?: number
  dataIndex: number
  value?: unknown
}

interface TrendChartProps {
  title: string
  /** The zone and grain, named on every chart. */
  subtitle: string
  /** The metric dictionary's sentence, on hover of the info mark. */
  definition: string
  option: TrendsChartOption | null
  onClick?: (p: ChartClick) => void
  testId: string
  empty?: string | null
  tools?: ReactNode
}

/** One dashboard chart: a heading that names the zone, the definition on hover, and a canvas that opens Cases on click. */
export function TrendChart({ title, subtitle, definition, option, onClick, testId, empty, tools }: TrendChartProps) {
  const hostRef = useRef<HTMLDivElement>(null)
  const chartRef = useRef<ECharts | null>(null)
  const clickRef = useRef(onClick)
  useEffect(() => {
    clickRef.current = onClick
  }, [onClick])

  useEffect(() => {
    const host = hostRef.current
    if (!host) return
    const chart = init(host, undefined, { renderer: 'canvas' })
    chartRef.current = chart
    chart.on('click', (p) => clickRef.current?.(p as unknown as ChartClick))
    const observer = new ResizeObserver(() => chart.resize())
    observer.observe(host)
    return () => {
      observer.disconnect()
      chart.dispose()
      chartRef.current = null
    }
  }, [])

  useEffect(() => {
    // Series are replaced; the analyst's zoom window and legend toggles stay.
    if (option) chartRef.current?.setOption(option, { replaceMerge: ['series'] })
  }, [option])

  return (
    <section className="trend-card" aria-label={title} data-testid={testId}>
      <header className="trend-card-head">
        <div>
          <h2 className="trend-card-title">
            {title}
            <span className="trend-info" title={definition} aria-label={`Definition: ${definition}`} role="img">
              <Icon name="info" size={14} />
            </span>
          </h2>
          <p className="trend-card-sub">{subtitle}</p>
        </div>
        {tools}
      </header>
      <div ref={hostRef} className="trend-chart" />
      {empty && <p className="chart-empty">{empty}</p>}
    </section>
  )
}
