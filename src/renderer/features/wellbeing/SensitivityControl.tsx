import { useEffect, useState } from 'react'
import type { TicketDetail } from '../../../shared/domain'
import { Icon } from '../../components/Icon'
import { useStore } from '../../store'
import { markSensitive } from './wellbeingActions'
import { reasonsSentence } from './wellbeingModel'
import '../../styles/wellbeing.css'

/**
 * The open ticket's sensitivity: why it is sensitive, and the analyst's own "mark as sensitive". Removing a mark only
 * removes the analyst's word: a ticket its case type or source makes sensitive stays hidden.
 */
export function SensitivityControl({ detail }: { detail: TicketDetail }) {
  const entry = useStore((s) => s.sensitiveReasons)
  const load = useStore((s) => s.loadSensitiveReasons)
  const [busy, setBusy] = useState(false)
  const reasons = entry?.ticketId === detail.id ? entry.reasons : null

  useEffect(() => {
    if (detail.sensitive) void load(detail.id)
  }, [detail.id, detail.sensitive, load])

  const run = async (sensitive: boolean): Promise<void> => {
    setBusy(true)
    await markSensitive(detail.id, sensitive)
    setBusy(false)
  }

  if (!detail.sensitive) {
    return (
      <div className="sensitivity" data-testid="sensitivity">
        <span className="muted">Not sensitive.</span>
        <button
          type="button"
          className="btn btn-sm"
          disabled={busy}
          onClick={() => void run(true)}
          data-testid="mark-sensitive"
        >
          <Icon name="shield" size={14} />
          Mark as sensitive
        </button>
      </div>
    )
  }
  return (
    <div className="sensitivity" data-testid="sensitivity">
      <span className="muted" data-testid="sensitive-reasons">
        {reasons ? reasonsSentence(reasons) : 'Sensitive.'}
      </span>
      {reasons?.analyst && (
        <button
          type="button"
          className="btn btn-sm"
          disabled={busy}
          onClick={() => void run(false)}
          data-testid="unmark-sensitive"
        >
          Remove my mark
        </button>
      )}
    </div>
  )
}
