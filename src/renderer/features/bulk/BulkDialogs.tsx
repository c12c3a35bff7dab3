/** The bulk bar's small dialogs for labels, review state and flag. Each hands one action to the slice. */
import { useState } from 'react'
import { MAX_LABEL } from '../../../shared/api/contract'
import { REVIEW_LABELS, REVIEW_STATES } from '../../../shared/domain'
import { Modal } from '../../components/Modal'
import { plural } from '../../lib/format'
import { useStore } from '../../store'
import { selectionSize } from './bulkModel'

function useSize(): number {
  return useStore((s) => selectionSize(s))
}

export function LabelDialog({ onClose }: { onClose(): void }) {
  const size = useSize()
  const request = useStore((s) => s.requestBulk)
  const [label, setLabel] = useState('')
  const trimmed = label.trim()
  const error = trimmed.length > MAX_LABEL ? `A label is at most ${MAX_LABEL} characters.` : null
  const ready = trimmed.length > 0 && !error
  return (
    <Modal title={`Label ${plural(size, 'ticket')}`} testId="bulk-label-dialog" onClose={onClose}>
      <form
        className="dialog-body bulk-form"
        onSubmit={(e) => {
          e.preventDefault()
          if (ready) request({ kind: 'label.add', label: trimmed })
        }}
      >
        <label className="field">
          <span className="field-label">Label</span>
          <input
            className="input"
            data-testid="bulk-label-input"
            value={label}
            maxLength={MAX_LABEL + 20}
            autoFocus
            aria-invalid={!!error}
            onChange={(e) => setLabel(e.target.value)}
          />
          {error && <span className="field-error">{error}</span>}
        </label>
        <p className="muted small">Tickets that already have the label keep it, also when you undo.</p>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn"
            disabled={!ready}
            data-testid="bulk-label-remove"
            onClick={() => request({ kind: 'label.remove', label: trimmed })}
          >
            Remove label
          </button>
          <button type="submit" className="btn btn-primary" disabled={!ready} data-testid="bulk-label-add">
            Add label
          </button>
        </div>
      </form>
    </Modal>
  )
}

export function ReviewDialog({ onClose }: { onClose(): void }) {
  const size = useSize()
  const request = useStore((s) => s.requestBulk)
  return (
    <Modal title={`Review state of ${plural(size, 'ticket')}`} testId="bulk-review-dialog" onClose={onClose}>
      <div className="dialog-body bulk-choices">
        {REVIEW_STATES.map((state, i) => (
          <button
            key={state}
            type="button"
            className="btn"
            autoFocus={i === 0}
            data-testid={`bulk-review-${state}`}
            onClick={() => request({ kind: 'review.set', state })}
          >
            {REVIEW_LABELS[state]}
          </button>
        ))}
        <button
          type="button"
          className="btn"
          data-testid="bulk-review-clear"
          onClick={() => request({ kind: 'review.set', state: null })}
        >
          Clear the state
        </button>
      </div>
      <p className="muted small">Flagged tickets stay “To review” when their state is cleared.</p>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  )
}

export function FlagDialog({ onClose }: { onClose(): void }) {
  const size = useSize()
  const request = useStore((s) => s.requestBulk)
  return (
    <Modal title={`Flag ${plural(size, 'ticket')}`} testId="bulk-flag-dialog" onClose={onClose}>
      <div className="dialog-body bulk-choices">
        <button
          type="button"
          className="btn"
          autoFocus
          data-testid="bulk-flag-on"
          onClick={() => request({ kind: 'flag.set', flagged: true })}
        >
          Flag
        </button>
        <button
          type="button"
          className="btn"
          data-testid="bulk-flag-off"
          onClick={() => request({ kind: 'flag.set', flagged: false })}
        >
          Unflag
        </button>
      </div>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  )
}
