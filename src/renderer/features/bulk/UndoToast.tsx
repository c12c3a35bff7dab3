import { useState } from 'react'
import { Icon } from '../../components/Icon'
import { formatDateTimeFull } from '../../lib/format'
import { useStore } from '../../store'

const DISMISSED_KEY = 'workbench.bulkUndoDismissed'

function dismissedId(): number | null {
  const v = Number(localStorage.getItem(DISMISSED_KEY))
  return Number.isInteger(v) && v > 0 ? v : null
}

/**
 * "Labelled 1,234 tickets “payout-bug” · Undo": the last bulk action, read back from the workspace, so it can be
 * undone after a reload too. Dismissing hides it (the palette still offers Undo).
 */
export function UndoToast() {
  const last = useStore((s) => s.lastBulk)
  const busy = useStore((s) => s.bulkBusy)
  const undo = useStore((s) => s.undoLastBulk)
  const [dismissed, setDismissed] = useState(dismissedId)
  if (!last || last.bulkId === dismissed) return null
  return (
    <div className="undo-toast" role="status" data-testid="bulk-undo-toast">
      <span className="undo-text" title={formatDateTimeFull(last.createdAt)}>
        {last.description}
      </span>
      <button type="button" className="btn btn-sm" disabled={busy} data-testid="bulk-undo" onClick={() => void undo()}>
        Undo
      </button>
      <button
        type="button"
        className="btn-icon"
        aria-label="Hide this"
        title="Hide (Undo stays in the command palette)"
        onClick={() => {
          localStorage.setItem(DISMISSED_KEY, String(last.bulkId))
          setDismissed(last.bulkId)
        }}
      >
        <Icon name="close" size={14} />
      </button>
    </div>
  )
}
