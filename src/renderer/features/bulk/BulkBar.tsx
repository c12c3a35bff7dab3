import { formatInt, plural } from '../../lib/format'
import { useStore } from '../../store'
import { filterKey } from '../cases/filterModel'

/**
 * Appears while tickets are checked: how many, "select all matching" (every ticket the filters match, not only the
 * loaded rows), the actions, and Clear.
 */
export function BulkBar() {
  const checked = useStore((s) => s.checkedIds.length)
  const allMatching = useStore((s) => s.allMatching)
  const count = useStore((s) => s.count)
  const filters = useStore((s) => s.filters)
  const busy = useStore((s) => s.bulkBusy)
  const selectAllMatching = useStore((s) => s.selectAllMatching)
  const clearSelection = useStore((s) => s.clearSelection)
  const open = useStore((s) => s.openBulkDialog)
  const openNewEscalation = useStore((s) => s.openNewEscalation)
  const size = allMatching ? allMatching.count : checked
  if (size === 0) return null
  const matching = count && count.key === filterKey(filters) ? count.value : null
  const canSelectAll = !allMatching && matching !== null && matching > checked

  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk actions" data-testid="bulk-bar">
      <span className="bulk-count" data-testid="bulk-count" aria-live="polite">
        {allMatching
          ? `All ${plural(allMatching.count, 'matching ticket')} selected`
          : `${formatInt(checked)} selected`}
      </span>
      {canSelectAll && (
        <button
          type="button"
          className="btn btn-link"
          data-testid="bulk-select-all"
          title="Select every ticket these filters match, not only the loaded rows (Shift+A)"
          onClick={selectAllMatching}
        >
          Select all {formatInt(matching)} matching
        </button>
      )}
      <span className="bulk-sep" aria-hidden="true" />
      <button
        type="button"
        className="btn btn-sm"
        disabled={busy}
        data-testid="bulk-label"
        onClick={() => open('label')}
      >
        Label…
      </button>
      <button
        type="button"
        className="btn btn-sm"
        disabled={busy}
        data-testid="bulk-review"
        onClick={() => open('review')}
      >
        Review state…
      </button>
      <button type="button" className="btn btn-sm" disabled={busy} data-testid="bulk-flag" onClick={() => open('flag')}>
        Flag…
      </button>
      <button
        type="button"
        className="btn btn-sm"
        disabled={busy}
        data-testid="bulk-escalation"
        onClick={() => open('escalation')}
      >
        Add to escalation…
      </button>
      <button
        type="button"
        className="btn btn-sm"
        disabled={busy}
        data-testid="bulk-new-escalation"
        onClick={() => openNewEscalation(true)}
      >
        New escalation…
      </button>
      <span className="bulk-sep" aria-hidden="true" />
      <button type="button" className="btn btn-sm btn-ghost" data-testid="bulk-clear" onClick={clearSelection}>
        Clear
      </button>
      {busy && (
        <span className="bulk-busy muted" role="status">
          Working…
        </span>
      )}
    </div>
  )
}
