import { BarChart } from 'echarts/charts'
import {
  AriaComponent,
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  GridComponent,
  LegendScrollComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components'
import { init, use as registerEChartsParts, type ECharts } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'
import { Icon } from '../../components/Icon'
import { analystTimeZone } from '../../lib/format'
import { useColorScheme } from '../../lib/useColorScheme'
import { useStore } from '../../store'
import { CHART_THEMES } from './chartTheme'
import { buildVolumeChart } from './volumeChart'

// Only the parts this chart uses (echarts/core tree-shakes the rest away).
registerEChartsParts([
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendScrollComponent,
  DataZoomSliderComponent,
  DataZoomInsideComponent,
  TitleComponent,
  AriaComponent,
  CanvasRenderer,
])

/** Daily ticket volume for the current filters, stacked by channel; can be folded away to give the grid room. */
export function VolumeChart() {
  const trend = useStore((s) => s.trend)
  const loading = useStore((s) => s.summaryLoading)
  const collapsed = useStore((s) => s.chartCollapsed)
  const toggle = useStore((s) => s.toggleChart)
  const scheme = useColorScheme()
  const hostRef = useRef<HTMLDivElement>(null)
  const chartRef = useRef<ECharts | null>(null)

  useEffect(() => {
    const host = hostRef.current
    if (collapsed || !host) return
    const chart = init(host, undefined, { renderer: 'canvas' })
    chartRef.current = chart
    const observer = new ResizeObserver(() => chart.resize())
    observer.observe(host)
    return () => {
      observer.disconnect()
      chart.dispose()
      chartRef.current = null
    }
  }, [collapsed])

  useEffect(() => {
    const chart = chartRef.current
    if (!chart || !trend) return
    // Merge keeps the analyst's zoom window and legend toggles across filter changes; series are replaced.
    chart.setOption(buildVolumeChart(trend, CHART_THEMES[scheme]), { replaceMerge: ['series'] })
  }, [trend, scheme, collapsed])

  const empty = trend !== null && trend.total === 0
  return (
    <section
      className={`chart-panel${collapsed ? ' is-collapsed' : ''}`}
      aria-label="Ticket volume trend"
      data-testid="volume-chart"
    >
      {collapsed ? (
        <div className="chart-collapsed">
          <span className="chart-collapsed-title">Tickets created per day, by channel</span>
          <span className="muted">Days in {analystTimeZone()}</span>
        </div>
      ) : (
        <>
          <div ref={hostRef} className="chart-host" />
          {empty && <p className="chart-empty">No tickets were created in this range.</p>}
          {!trend && (
            <p className="chart-empty">{loading ? 'Counting tickets per day…' : 'The trend could not be loaded.'}</p>
          )}
        </>
      )}
      <button
        type="button"
        className="btn-icon chart-toggle"
        aria-expanded={!collapsed}
        aria-label={collapsed ? 'Show the volume chart' : 'Hide the volume chart'}
        title={collapsed ? 'Show the volume chart' : 'Hide the volume chart'}
        onClick={toggle}
      >
        <Icon name={collapsed ? 'chevronDown' : 'chevronUp'} />
      </button>
    </section>
  )
}
