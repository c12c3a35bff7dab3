import { useEffect } from 'react'
import { formatInt, plural } from '../../lib/format'
import { useStore } from '../../store'
import { CaseGrid } from './CaseGrid'
import { ColumnsMenu } from './ColumnsMenu'
import { DetailPanel } from './DetailPanel'
import { EmptyWorkspace } from './EmptyWorkspace'
import { ExportMenu } from './ExportMenu'
import { FilterBar } from './FilterBar'
import { filterKey, hasActiveFilters } from './filterModel'
import { VolumeChart } from './VolumeChart'

function MatchCount() {
  const count = useStore((s) => s.count)
  const filters = useStore((s) => s.filters)
  const total = useStore((s) => s.info?.workspace?.tickets ?? null)
  const loading = useStore((s) => s.summaryLoading)
  const current = count && count.key === filterKey(filters) ? count.value : null
  return (
    <p className="match">
      <span className="match-count" data-testid="match-count" aria-live="polite">
        {current !== null
          ? `${plural(current, 'ticket')} match`
          : loading
            ? 'Counting tickets…'
            : 'The tickets could not be counted'}
      </span>
      {current !== null && total !== null && hasActiveFilters(filters) && (
        <span className="muted"> of {formatInt(total)} in this workspace</span>
      )}
    </p>
  )
}

function NoMatches() {
  const count = useStore((s) => s.count)
  const filters = useStore((s) => s.filters)
  const clear = useStore((s) => s.clearFilters)
  if (!count || count.value !== 0 || count.key !== filterKey(filters)) return null
  return (
    <div className="grid-empty" role="status">
      <p>No tickets match these filters.</p>
      <button type="button" className="btn" onClick={clear}>
        Clear filters
      </button>
    </div>
  )
}

/** Cases: filters, the volume trend, and the grid with the open ticket beside it. */
export function CasesScreen() {
  const hasWorkspace = useStore((s) => !!s.info?.workspace)
  const empty = useStore((s) => (s.info?.workspace?.tickets ?? 0) === 0)
  const dataVersion = useStore((s) => s.dataVersion)
  const refreshSummary = useStore((s) => s.refreshSummary)
  const selectTicket = useStore((s) => s.selectTicket)
  const detailOpen = useStore((s) => s.selectedId !== null)

  useEffect(() => {
    if (hasWorkspace && !empty) void refreshSummary()
  }, [hasWorkspace, empty, dataVersion, refreshSummary])

  useEffect(() => {
    if (!detailOpen) return
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !e.defaultPrevented) selectTicket(null)
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [detailOpen, selectTicket])

  if (!hasWorkspace || empty) return <EmptyWorkspace />

  return (
    <div className="cases">
      <FilterBar />
      <VolumeChart />
      <div className={`cases-body${detailOpen ? ' has-detail' : ''}`}>
        <section className="grid-section" aria-label="Tickets">
          <div className="grid-toolbar">
            <MatchCount />
            <ExportMenu />
            <ColumnsMenu />
          </div>
          <div className="grid-area">
            <CaseGrid />
            <NoMatches />
          </div>
        </section>
        <DetailPanel />
      </div>
    </div>
  )
}
