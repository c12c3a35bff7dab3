import '../../styles/trends.css'
import { useEffect, useMemo, useSyncExternalStore } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { METRIC_CUTS, type MetricCut } from '../../../shared/api/methods/metrics'
import { FILTER_LABELS } from '../../../shared/domain'
import { KPIS, type KpiKey } from '../../../shared/kpis'
import { MultiSelect } from '../../components/MultiSelect'
import { useColorScheme } from '../../lib/useColorScheme'
import { useStore } from '../../store'
import { CHART_THEMES } from '../cases/chartTheme'
import { EmergingIssues } from '../emerging/EmergingIssues'
import { BreakdownTable } from './BreakdownTable'
import { drillBreakdownRow, drillFlow, drillHeatmapCell, drillSeriesPoint } from './drill'
import { KpiTiles } from './KpiTiles'
import { TrendChart, type ChartClick } from './TrendChart'
import { buildFlow, buildHeatmap, buildKpiLines, buildStackedVolume, WEEKDAYS } from './trendsCharts'
import { TREND_PERIODS } from './trendsSlice'

const LINE_KPIS: KpiKey[] = [
  'frt',
  'firstResolution',
  'fullResolution',
  'csat',
  'oneTouch',
  'reopenRate',
  'slaFirstReply',
  'slaResolution',
  'escalationRate',
  'backlog',
]
/** KPIs counted on the day tickets were created (the grid's date filter is by creation). */
const CREATED_BASED = new Set<KpiKey>(['volume', 'frt', 'slaFirstReply', 'escalationRate'])

function Select<T extends string | number>(props: {
  label: string
  value: T
  options: readonly { value: T; label: string }[]
  onChange: (v: T) => void
  testId: string
  disabled?: boolean
  hint?: string
}) {
  return (
    <label className="trend-control" title={props.hint}>
      <span>{props.label}</span>
      <select
        value={String(props.value)}
        disabled={props.disabled}
        data-testid={props.testId}
        onChange={(e) => {
          const found = props.options.find((o) => String(o.value) === e.target.value)
          if (found) props.onChange(found.value)
        }}
      >
        {props.options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  )
}

const CUT_OPTIONS = METRIC_CUTS.map((c) => ({ value: c, label: FILTER_LABELS[c] }))

type TrendsTab = 'dashboard' | 'emerging'

/** The tab is part of the address (`#/trends/emerging`), so a reload or a shared link keeps it. */
function useTrendsTab(): TrendsTab {
  return useSyncExternalStore(
    (onChange) => {
      window.addEventListener('hashchange', onChange)
      return () => window.removeEventListener('hashchange', onChange)
    },
    () => (/^#\/?trends\/emerging/.test(window.location.hash) ? 'emerging' : 'dashboard'),
    () => 'dashboard',
  )
}

function TrendsTabs({ tab }: { tab: TrendsTab }) {
  const tabs: { id: TrendsTab; label: string; hash: string }[] = [
    { id: 'dashboard', label: 'Dashboard', hash: '#/trends' },
    { id: 'emerging', label: 'Emerging issues', hash: '#/trends/emerging' },
  ]
  return (
    <div className="trends-tabs" role="tablist" aria-label="Trends views">
      {tabs.map((t) => (
        <a
          key={t.id}
          role="tab"
          href={t.hash}
          aria-selected={tab === t.id}
          className={`trends-tab${tab === t.id ? ' is-active' : ''}`}
          data-testid={`trends-tab-${t.id}`}
        >
          {t.label}
        </a>
      ))}
    </div>
  )
}

/** The Trends place: the KPI dashboard, or emerging issues (tickets grouped by wording). */
export function TrendsScreen() {
  const tab = useTrendsTab()
  if (tab === 'emerging') {
    return (
      <div className="trends-screen" data-testid="trends-screen">
        <div className="trends-toolbar">
          <h1 className="trends-title">Trends</h1>
          <TrendsTabs tab={tab} />
        </div>
        <EmergingIssues />
      </div>
    )
  }
  return <TrendsDashboard />
}

/** KPI tiles, volume, a KPI over time, flow, the weekly rhythm and a breakdown, all drillable. */
function TrendsDashboard() {
  const s = useStore(
    useShallow((st) => ({
      trends: st.trends,
      trendsLoading: st.trendsLoading,
      trendsError: st.trendsError,
      trendsDays: st.trendsDays,
      trendsCut: st.trendsCut,
      trendsFilter: st.trendsFilter,
      trendsFilterOptions: st.trendsFilterOptions,
      trendsKpi: st.trendsKpi,
      trendsStat: st.trendsStat,
      trendsGrain: st.trendsGrain,
      loadTrends: st.loadTrends,
      setTrendsView: st.setTrendsView,
      setTrendsFilter: st.setTrendsFilter,
      drillToCases: st.drillToCases,
      workspace: st.info?.workspace,
    })),
  )
  const scheme = useColorScheme()
  const theme = CHART_THEMES[scheme]
  const data = s.trends
  const workspace = s.workspace

  useEffect(() => {
    void s.loadTrends()
    // Reload when the workspace changes (a new demo, another workspace); view choices reload from their setters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [workspace?.id, workspace?.tickets])

  const options = useMemo(
    () =>
      data && {
        volume: buildStackedVolume(data.volume, theme),
        kpi: buildKpiLines(data.kpi, theme),
        flow: buildFlow(data.flow, theme),
        heatmap: buildHeatmap(data.heatmap, theme),
      },
    [data, theme],
  )

  const zone = data?.tiles.timeZone ?? ''
  const note = data?.tiles.boundaryNote
  const grainWord = s.trendsGrain === 'week' ? 'Weeks from Monday' : 'Days'
  const period = data?.tiles.period
  const cutLabel = FILTER_LABELS[s.trendsCut].toLowerCase()

  const seriesClick = (which: 'volume' | 'kpi') => (p: ChartClick) => {
    if (!data || !period) return
    const series = data[which]
    const line = series.lines[p.seriesIndex ?? -1]
    const bucket = series.buckets[p.dataIndex]
    if (!line || bucket === undefined) return
    s.drillToCases(
      drillSeriesPoint({
        filter: s.trendsFilter,
        cut: s.trendsCut,
        key: line.key,
        other: line.other === true,
        bucket,
        grain: series.grain,
        period,
        createdBased: CREATED_BASED.has(series.kpi),
      }),
    )
  }

  return (
    <div className="trends-screen" data-testid="trends-screen">
      <div className="trends-toolbar" role="toolbar" aria-label="Trends view">
        <h1 className="trends-title">Trends</h1>
        <TrendsTabs tab="dashboard" />
        <Select
          label="Period"
          value={s.trendsDays}
          options={TREND_PERIODS.map((p) => ({ value: p.days, label: p.label }))}
          onChange={(v) => s.setTrendsView({ trendsDays: v })}
          testId="trends-period"
        />
        <Select
          label="Cut by"
          value={s.trendsCut}
          options={CUT_OPTIONS}
          onChange={(v: MetricCut) => s.setTrendsView({ trendsCut: v })}
          testId="trends-cut"
          disabled={s.trendsFilter !== null}
          hint={s.trendsFilter ? 'Trends cuts by the field it filters by (its rollups are kept per field).' : undefined}
        />
        <Select
          label="Filter"
          value={s.trendsFilter?.field ?? ''}
          options={[{ value: '', label: 'None' }, ...CUT_OPTIONS]}
          onChange={(v) => s.setTrendsFilter(v === '' ? null : { field: v as MetricCut, values: [] })}
          testId="trends-filter-field"
        />
        {s.trendsFilter && (
          <MultiSelect
            label={FILTER_LABELS[s.trendsFilter.field]}
            options={s.trendsFilterOptions ?? []}
            selected={s.trendsFilter.values}
            loading={s.trendsFilterOptions === null}
            searchable
            testId="trends-filter-values"
            onChange={(values) => s.setTrendsFilter({ field: s.trendsFilter?.field ?? 'channel', values })}
          />
        )}
        <Select
          label="Grain"
          value={s.trendsGrain}
          options={[
            { value: 'day', label: 'Day' },
            { value: 'week', label: 'Week' },
          ]}
          onChange={(v) => s.setTrendsView({ trendsGrain: v })}
          testId="trends-grain"
        />
        <span className="trends-zone" data-testid="trends-zone">
          {zone && `Days in ${zone}`}
          {s.trendsLoading && <span className="muted"> · updating…</span>}
        </span>
      </div>
      {note && (
        <p className="trends-note" role="note">
          {note}
        </p>
      )}
      {s.trendsError && (
        <div className="trends-error" role="alert">
          <p>{s.trendsError}</p>
          <button type="button" className="btn" onClick={() => s.setTrendsFilter(null)}>
            Clear the Trends filter
          </button>
        </div>
      )}
      {!data && !s.trendsError && <p className="muted trends-loading">Adding up the rollups…</p>}
      {data && options && period && (
        <>
          <KpiTiles data={data.tiles} />
          <div className="trends-grid">
            <TrendChart
              title={`Volume by ${cutLabel}`}
              subtitle={`Tickets created · ${grainWord} in ${zone}`}
              definition={KPIS.volume.definition}
              option={options.volume}
              onClick={seriesClick('volume')}
              testId="chart-volume"
              empty={data.volume.lines.length === 0 ? 'No tickets were created in this period.' : null}
            />
            <TrendChart
              title={`${KPIS[s.trendsKpi].label} by ${cutLabel}`}
              subtitle={`${KPIS[s.trendsKpi].unit === 'minutes' ? `${s.trendsStat}, ` : ''}${grainWord} in ${zone}${
                data.kpi.omitted ? ` · ${data.kpi.omitted} smaller values not drawn` : ''
              }`}
              definition={KPIS[s.trendsKpi].definition}
              option={options.kpi}
              onClick={seriesClick('kpi')}
              testId="chart-kpi"
              tools={
                <div className="trend-card-tools">
                  <Select
                    label="KPI"
                    value={s.trendsKpi}
                    options={LINE_KPIS.map((k) => ({ value: k, label: KPIS[k].label }))}
                    onChange={(v) => s.setTrendsView({ trendsKpi: v })}
                    testId="trends-kpi"
                  />
                  {KPIS[s.trendsKpi].unit === 'minutes' && (
                    <Select
                      label="Statistic"
                      value={s.trendsStat}
                      options={[
                        { value: 'median', label: 'Median' },
                        { value: 'p90', label: 'p90' },
                        { value: 'mean', label: 'Mean' },
                      ]}
                      onChange={(v) => s.setTrendsView({ trendsStat: v })}
                      testId="trends-stat"
                    />
                  )}
                </div>
              }
            />
            <TrendChart
              title="Created vs solved, and backlog"
              subtitle={`${grainWord} in ${zone} · backlog at the end of each`}
              definition={`${KPIS.netFlow.definition} ${KPIS.backlog.definition}`}
              option={options.flow}
              onClick={(p) => {
                const bucket = data.flow.buckets[p.dataIndex]
                const what = p.seriesId === 'solved' ? 'solved' : p.seriesId === 'backlog' ? 'backlog' : 'created'
                if (bucket !== undefined)
                  s.drillToCases(drillFlow(s.trendsFilter, what, bucket, data.flow.grain, period))
              }}
              testId="chart-flow"
            />
            <TrendChart
              title="When tickets arrive"
              subtitle={`Tickets created by weekday and hour in ${zone}`}
              definition={KPIS.volume.definition}
              option={options.heatmap}
              onClick={(p) => {
                const [hour, day] = (p.value ?? []) as [number, number]
                const cell = `${WEEKDAYS[day] ?? ''} ${String(hour).padStart(2, '0')}:00`
                s.drillToCases(drillHeatmapCell(s.trendsFilter, period, cell))
              }}
              testId="chart-heatmap"
            />
          </div>
          <BreakdownTable
            data={data.breakdown}
            onOpen={(row) => s.drillToCases(drillBreakdownRow(s.trendsFilter, data.breakdown.groupBy, row.key, period))}
          />
        </>
      )}
    </div>
  )
}
