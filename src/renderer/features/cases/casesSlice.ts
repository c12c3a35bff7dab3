import { call } from '../../api/client'
import { DEFAULT_SORT, type TicketFilters, type TicketSort } from '../../../shared/api/contract'
import type { TicketFacets, TrendSeries } from '../../../shared/api/types'
import type { TicketDetail, ValueFilterField } from '../../../shared/domain'
import { analystTimeZone } from '../../lib/format'
import type { SliceCreator } from '../../store/types'
import { DEFAULT_VISIBLE_COLUMNS } from './caseColumns'
import { redactDetail } from './detailModel'
import { parseSearch } from '../../../shared/search'
import { ALL_TIME, filterKey, normalizeFilters, withRange, withText, withValues, type DateRange } from './filterModel'

export interface CasesSlice {
  filters: TicketFilters
  /** The grid's sort (kept here so an export writes rows in the order the analyst sees). */
  sort: TicketSort
  dateRange: DateRange
  /** Why the text in the search box was not applied (the parser's sentence), or null. */
  searchError: string | null
  /** Matching tickets for the filters whose key is `key` (the grid uses it only for the same filters). */
  count: { key: string; value: number } | null
  facets: TicketFacets | null
  trend: TrendSeries | null
  summaryLoading: boolean
  chartCollapsed: boolean
  visibleColumns: string[]
  selectedId: number | null
  detail: TicketDetail | null
  detailLoading: boolean
  /** The open ticket's sensitive text is shown (for this ticket only; selecting another hides it). */
  revealed: boolean
  revealing: boolean

  setFilterValues(field: ValueFilterField, values: (string | null)[]): void
  /**
   * Replaces the filters other than the created range and the search (numeric ranges, flag, escalations: built with
   * filterModel's `with…` functions from validated input), in one refresh.
   */
  setFilters(filters: TicketFilters): void
  setDateRange(range: DateRange): void
  setSort(sort: TicketSort): void
  /** Applies the search box; a search that does not parse sets `searchError` and leaves the filters alone. */
  setSearch(text: string): void
  clearFilters(): void
  /** Replaces the filters and created-date range at once (a drill-down from Trends); the caller navigates. */
  openCasesWith(filters: TicketFilters, range: DateRange): void
  /** Count, facets and the volume trend for the current filters; late answers for older filters are dropped. */
  refreshSummary(): Promise<void>
  resetCases(): void
  selectTicket(id: number | null): void
  /** Loads the open ticket again (after a failure), hidden text hidden again. */
  reloadDetail(): void
  reveal(): Promise<void>
  hideRevealed(): void
  toggleChart(): void
  setColumnVisible(key: string, visible: boolean): void
}

let summarySeq = 0

export const createCasesSlice: SliceCreator<CasesSlice> = (set, get) => {
  /** Fetches a ticket without its sensitive text; an answer for a ticket no longer open is dropped. */
  const loadDetail = (id: number): void => {
    call('tickets.get', { id })
      .then((detail) => {
        if (get().selectedId === id) set({ detail, detailLoading: false })
      })
      .catch((err: unknown) => {
        if (get().selectedId !== id) return
        set({ detailLoading: false })
        get().reportError(err, 'open the ticket')
      })
  }

  return {
    filters: {},
    sort: DEFAULT_SORT,
    dateRange: ALL_TIME,
    searchError: null,
    count: null,
    facets: null,
    trend: null,
    summaryLoading: false,
    chartCollapsed: false,
    visibleColumns: [...DEFAULT_VISIBLE_COLUMNS],
    selectedId: null,
    detail: null,
    detailLoading: false,
    revealed: false,
    revealing: false,

    setFilterValues(field, values) {
      set((s) => ({ filters: withValues(s.filters, field, values) }))
      void get().refreshSummary()
    },

    setFilters(filters) {
      const { createdFrom, createdTo, text } = get().filters
      const next = normalizeFilters({ ...filters, createdFrom, createdTo, text })
      if (filterKey(next) === filterKey(get().filters)) return
      set({ filters: next })
      void get().refreshSummary()
    },

    setDateRange(range) {
      set((s) => ({ dateRange: range, filters: withRange(s.filters, range, analystTimeZone()) }))
      void get().refreshSummary()
    },

    setSearch(text) {
      const parsed = parseSearch(text)
      if (!parsed.ok) {
        set({ searchError: parsed.message })
        return
      }
      const filters = withText(get().filters, parsed.match === null ? '' : text)
      const changed = filterKey(filters) !== filterKey(get().filters)
      set({ searchError: null, filters: changed ? filters : get().filters })
      if (changed) void get().refreshSummary()
    },

    setSort(sort) {
      set({ sort })
    },

    clearFilters() {
      set({ filters: {}, dateRange: ALL_TIME, searchError: null })
      void get().refreshSummary()
    },

    openCasesWith(filters, range) {
      set({ filters: withRange(filters, range, analystTimeZone()), dateRange: range, searchError: null })
      get().selectTicket(null)
      void get().refreshSummary()
    },

    async refreshSummary() {
      if (!get().info?.workspace) return
      const seq = ++summarySeq
      const filters = get().filters
      const key = filterKey(filters)
      set({ summaryLoading: true })
      const results = await Promise.allSettled([
        call('tickets.count', { filters }),
        call('tickets.facets', { filters }),
        call('trends.volume', { filters, groupBy: 'channel', grain: 'day', timeZone: analystTimeZone() }),
      ])
      if (seq !== summarySeq) return
      const [count, facets, trend] = results
      set({
        summaryLoading: false,
        count: count.status === 'fulfilled' ? { key, value: count.value.count } : null,
        facets: facets.status === 'fulfilled' ? facets.value : get().facets,
        trend: trend.status === 'fulfilled' ? trend.value : null,
      })
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
      if (failed) get().reportError(failed.reason, 'count the matching tickets')
    },

    resetCases() {
      set({ filters: {}, dateRange: ALL_TIME, searchError: null, count: null, facets: null, trend: null })
      get().selectTicket(null)
    },

    selectTicket(id) {
      if (id === get().selectedId) return
      // Whatever was revealed belonged to the previous ticket: drop it before anything else renders.
      set({ selectedId: id, detail: null, revealed: false, revealing: false, detailLoading: id !== null })
      if (id !== null) loadDetail(id)
    },

    reloadDetail() {
      const id = get().selectedId
      if (id === null) return
      set({ detail: null, revealed: false, revealing: false, detailLoading: true })
      loadDetail(id)
    },

    async reveal() {
      const id = get().selectedId
      if (id === null) return
      set({ revealing: true })
      try {
        const detail = await call('tickets.get', { id, reveal: true })
        if (get().selectedId === id) set({ detail, revealed: true, revealing: false })
      } catch (err) {
        if (get().selectedId === id) set({ revealing: false })
        get().reportError(err, 'show the ticket text')
      }
    },

    hideRevealed() {
      const detail = get().detail
      set({ revealed: false, detail: detail ? redactDetail(detail) : null })
    },

    toggleChart() {
      set((s) => ({ chartCollapsed: !s.chartCollapsed }))
    },

    setColumnVisible(key, visible) {
      set((s) => {
        const rest = s.visibleColumns.filter((k) => k !== key)
        return { visibleColumns: visible ? [...rest, key] : rest }
      })
    },
  }
}
