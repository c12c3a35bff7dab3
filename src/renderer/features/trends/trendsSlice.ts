/**
 * The Trends place's view state (period, cut, filter, the KPI drawn as lines) and the current answers. Every load
 * asks for all dashboard queries at once; a late answer for older choices is dropped.
 */
import { call } from '../../api/client'
import type {
  MetricCut,
  MetricsBreakdown,
  MetricsFlow,
  MetricsHeatmap,
  MetricsSeries,
  MetricsTiles,
} from '../../../shared/api/methods/metrics'
import type { EmergingIssues } from '../../../shared/api/methods/clusters'
import type { KpiKey } from '../../../shared/kpis'
import { addDays, localDate } from '../../../shared/time'
import type { MultiSelectOption } from '../../components/MultiSelect'
import { analystTimeZone } from '../../lib/format'
import type { SliceCreator } from '../../store/types'
import { baseFilters, type Drill, type TrendsFilter } from './drill'

export const TREND_PERIODS = [
  { days: 7, label: 'Last 7 days' },
  { days: 28, label: 'Last 28 days' },
  { days: 90, label: 'Last 90 days' },
  { days: 180, label: 'Last 180 days' },
] as const

export interface TrendsData {
  tiles: MetricsTiles
  volume: MetricsSeries
  kpi: MetricsSeries
  flow: MetricsFlow
  heatmap: MetricsHeatmap
  breakdown: MetricsBreakdown
}

export interface TrendsSlice {
  trendsDays: number
  trendsCut: MetricCut
  trendsFilter: TrendsFilter | null
  trendsKpi: KpiKey
  trendsStat: 'median' | 'p90' | 'mean'
  trendsGrain: 'day' | 'week'
  trends: TrendsData | null
  trendsLoading: boolean
  /** Why the dashboard could not be loaded (the API's sentence), or null. */
  trendsError: string | null
  /** Values of the filter field with their volume in the period, for the filter dropdown. */
  trendsFilterOptions: MultiSelectOption[] | null

  /** Emerging issues (the Trends tab): how many of the newest tickets are grouped, the recent window, the answer. */
  emergingTickets: number
  emergingRecentDays: number
  emerging: EmergingIssues | null
  emergingLoading: boolean
  emergingError: string | null
  emergingSelected: string | null

  setTrendsView(
    patch: Partial<Pick<TrendsSlice, 'trendsDays' | 'trendsCut' | 'trendsKpi' | 'trendsStat' | 'trendsGrain'>>,
  ): void
  setEmergingView(patch: Partial<Pick<TrendsSlice, 'emergingTickets' | 'emergingRecentDays'>>): void
  selectEmerging(id: string | null): void
  loadEmerging(): Promise<void>
  setTrendsFilter(filter: TrendsFilter | null): void
  loadTrends(): Promise<void>
  /** Opens the Cases grid with a drill-down's filters and range. */
  drillToCases(drill: Drill): void
}

let trendsSeq = 0
let emergingSeq = 0

/** The period as local dates ending today in the analyst's zone. */
export function trendsPeriod(days: number, timeZone: string, now: number): { from: string; to: string } {
  const to = localDate(now, timeZone)
  return { from: addDays(to, -(days - 1)), to }
}

export const createTrendsSlice: SliceCreator<TrendsSlice> = (set, get) => ({
  trendsDays: 28,
  trendsCut: 'channel',
  trendsFilter: null,
  trendsKpi: 'frt',
  trendsStat: 'median',
  trendsGrain: 'day',
  trends: null,
  trendsLoading: false,
  trendsError: null,
  trendsFilterOptions: null,
  emergingTickets: 50_000,
  emergingRecentDays: 7,
  emerging: null,
  emergingLoading: false,
  emergingError: null,
  emergingSelected: null,

  setTrendsView(patch) {
    set(patch)
    void get().loadTrends()
  },

  setEmergingView(patch) {
    set(patch)
    void get().loadEmerging()
  },

  selectEmerging(id) {
    set({ emergingSelected: id })
  },

  async loadEmerging() {
    if (!get().info?.workspace) return
    const seq = ++emergingSeq
    const s = get()
    set({ emergingLoading: true })
    try {
      const result = await call('clusters.recent', {
        tickets: s.emergingTickets,
        recentDays: s.emergingRecentDays,
        timeZone: analystTimeZone(),
      })
      if (seq !== emergingSeq) return
      const current = get().emergingSelected
      set({
        emerging: result,
        emergingLoading: false,
        emergingError: null,
        // Keep the open group when it is still there, else open the first.
        emergingSelected:
          current && result.clusters.some((c) => c.id === current) ? current : (result.clusters[0]?.id ?? null),
      })
    } catch (err) {
      if (seq !== emergingSeq) return
      set({ emergingLoading: false, emergingError: (err as Error).message })
    }
  },

  setTrendsFilter(filter) {
    // The rollups are kept per field: a filter on a field also cuts by it.
    set(filter ? { trendsFilter: filter, trendsCut: filter.field } : { trendsFilter: null })
    void get().loadTrends()
  },

  async loadTrends() {
    if (!get().info?.workspace) return
    const seq = ++trendsSeq
    const s = get()
    const timeZone = analystTimeZone()
    const common = {
      filters: baseFilters(s.trendsFilter),
      ...trendsPeriod(s.trendsDays, timeZone, Date.now()),
      timeZone,
    }
    set({ trendsLoading: true })
    try {
      const [tiles, volume, kpi, flow, heatmap, breakdown, options] = await Promise.all([
        call('metrics.tiles', common),
        call('metrics.series', { ...common, kpi: 'volume', groupBy: s.trendsCut, grain: s.trendsGrain }),
        call('metrics.series', {
          ...common,
          kpi: s.trendsKpi,
          stat: s.trendsStat,
          groupBy: s.trendsCut,
          grain: s.trendsGrain,
          top: 6,
        }),
        call('metrics.flow', { ...common, grain: s.trendsGrain }),
        call('metrics.heatmap', common),
        call('metrics.breakdown', { ...common, groupBy: s.trendsCut, limit: 200 }),
        s.trendsFilter
          ? call('metrics.breakdown', { ...common, filters: {}, groupBy: s.trendsFilter.field, limit: 200 })
          : Promise.resolve(null),
      ])
      if (seq !== trendsSeq) return
      set({
        trends: { tiles, volume, kpi, flow, heatmap, breakdown },
        trendsLoading: false,
        trendsError: null,
        trendsFilterOptions: options
          ? options.rows.map((r) => ({ value: r.key, label: r.name, count: r.values.volume.value ?? 0 }))
          : null,
      })
    } catch (err) {
      if (seq !== trendsSeq) return
      set({ trendsLoading: false, trendsError: (err as Error).message })
    }
  },

  drillToCases(drill) {
    get().openCasesWith(drill.filters, drill.range)
    if (drill.note) get().notify('info', drill.note)
    window.location.hash = '#/cases'
  },
})
