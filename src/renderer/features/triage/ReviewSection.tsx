import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { MAX_LABEL, MAX_NOTE } from '../../../shared/api/contract'
import { REVIEW_LABELS, REVIEW_STATES, type AnalystNote, type TicketDetail } from '../../../shared/domain'
import { Icon } from '../../components/Icon'
import { formatDateTime, formatDateTimeFull } from '../../lib/format'
import { useStore } from '../../store'
import { draftKey, dropDraft, readDraft, writeDraft } from './noteDrafts'
import {
  addLabel,
  addNote,
  deleteNote,
  focusRequestDone,
  onFocusRequest,
  removeLabel,
  setReview,
  toggleFlag,
  updateNote,
} from './triageActions'

const STATE_KEYS = { to_review: '1', reviewed: '2', needs_escalation: '3' } as const

/** Escape in a field leaves the field (and keeps the panel open); the next Escape closes the panel. */
function blurOnEscape(e: KeyboardEvent<HTMLElement>): void {
  if (e.key === 'Escape') {
    e.preventDefault()
    e.currentTarget.blur()
  }
}

/** A note text box whose text is kept as a draft while typed. */
function useDraft(key: string): [string, (text: string) => void, () => void] {
  const [text, setText] = useState(() => readDraft(key) ?? '')
  return [
    text,
    (next) => {
      setText(next)
      writeDraft(key, next)
    },
    () => {
      setText('')
      dropDraft(key)
    },
  ]
}

function NoteItem({ note, ticketId, workspaceId }: { note: AnalystNote; ticketId: number; workspaceId: string }) {
  const key = draftKey(workspaceId, ticketId, note.id)
  const [editing, setEditing] = useState(() => readDraft(key) !== null)
  const [text, setText, clear] = useDraft(key)
  const [busy, setBusy] = useState(false)
  const save = async (): Promise<void> => {
    if (!text.trim() || busy) return
    setBusy(true)
    if (await updateNote(ticketId, note.id, text)) {
      clear()
      setEditing(false)
    }
    setBusy(false)
  }
  return (
    <li className="note" data-testid="note">
      {editing ? (
        <>
          <textarea
            className="input note-input"
            aria-label="Edit note"
            value={text}
            maxLength={MAX_NOTE}
            rows={3}
            autoFocus
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void save()
              else blurOnEscape(e)
            }}
          />
          <div className="note-actions">
            <button type="button" className="btn btn-sm btn-primary" disabled={busy || !text.trim()} onClick={save}>
              Save
            </button>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => {
                clear()
                setEditing(false)
              }}
            >
              Cancel
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="note-body" data-testid="note-body">
            {note.body}
          </p>
          <div className="note-meta">
            <span className="muted" title={formatDateTimeFull(note.updatedAt)}>
              {formatDateTime(note.updatedAt)}
              {note.updatedAt !== note.createdAt ? ' (edited)' : ''}
            </span>
            <button
              type="button"
              className="btn btn-link"
              onClick={() => {
                setText(note.body)
                setEditing(true)
              }}
            >
              Edit
            </button>
            <button
              type="button"
              className="btn btn-link"
              aria-label="Delete note"
              onClick={() => void deleteNote(ticketId, note.id)}
            >
              Delete
            </button>
          </div>
        </>
      )}
    </li>
  )
}

/** The analyst's own state on the open ticket: review state, flag, labels and notes. Kept across re-imports. */
export function ReviewSection({ detail }: { detail: TicketDetail }) {
  const workspaceId = useStore((s) => s.info?.workspace?.id ?? 'none')
  const labelRef = useRef<HTMLInputElement>(null)
  const noteRef = useRef<HTMLTextAreaElement>(null)
  const [label, setLabel] = useState('')
  const newKey = draftKey(workspaceId, detail.id, 'new')
  const [note, setNote, clearNote] = useDraft(newKey)
  const [savingNote, setSavingNote] = useState(false)
  const state = detail.review?.state ?? null
  const flagged = detail.review?.flagged ?? false

  useEffect(
    () =>
      onFocusRequest((target) => {
        const el = target === 'label' ? labelRef.current : noteRef.current
        if (!el) return
        el.focus()
        focusRequestDone()
      }),
    [],
  )

  const submitLabel = async (): Promise<void> => {
    const text = label.trim()
    if (!text) return
    if (await addLabel(detail.id, text)) setLabel('')
  }
  const submitNote = async (): Promise<void> => {
    if (!note.trim() || savingNote) return
    setSavingNote(true)
    if (await addNote(detail.id, note)) clearNote()
    setSavingNote(false)
  }

  return (
    <section className="detail-section review-section" aria-labelledby="detail-review" data-testid="review-section">
      <h3 id="detail-review" className="section-title">
        Your review
      </h3>
      <div className="review-row">
        <div className="review-states" role="group" aria-label="Review state">
          {REVIEW_STATES.map((s) => (
            <button
              key={s}
              type="button"
              className={`btn btn-sm${state === s ? ' is-pressed' : ''}`}
              aria-pressed={state === s}
              title={`${REVIEW_LABELS[s]} (${STATE_KEYS[s]})`}
              onClick={() => void setReview(detail.id, state === s ? null : s)}
            >
              {REVIEW_LABELS[s]}
            </button>
          ))}
        </div>
        <button
          type="button"
          className={`btn btn-sm review-flag${flagged ? ' is-pressed' : ''}`}
          aria-pressed={flagged}
          title="Flag (f)"
          data-testid="flag-toggle"
          onClick={() => void toggleFlag(detail.id, flagged)}
        >
          <Icon name="flag" size={14} />
          {flagged ? 'Flagged' : 'Flag'}
        </button>
      </div>
      <p className="review-status" data-testid="review-status" aria-live="polite">
        {state ? REVIEW_LABELS[state] : 'Not reviewed'}
        {flagged ? ' · Flagged' : ''}
      </p>

      <h4 className="review-subtitle">Labels</h4>
      <ul className="tags review-labels" aria-label="Your labels">
        {detail.labels.map((l) => (
          <li key={l} className="tag review-label" data-testid="analyst-label">
            {l}
            <button
              type="button"
              className="btn-icon btn-icon-xs"
              aria-label={`Remove label ${l}`}
              onClick={() => void removeLabel(detail.id, l)}
            >
              <Icon name="close" size={12} />
            </button>
          </li>
        ))}
      </ul>
      <form
        className="review-add"
        onSubmit={(e) => {
          e.preventDefault()
          void submitLabel()
        }}
      >
        <input
          ref={labelRef}
          className="input input-sm"
          aria-label="Add label"
          placeholder="Add label (l)"
          value={label}
          maxLength={MAX_LABEL}
          onChange={(e) => setLabel(e.target.value)}
          onKeyDown={blurOnEscape}
          data-testid="label-input"
        />
        <button type="submit" className="btn btn-sm" disabled={!label.trim()}>
          Add
        </button>
      </form>

      <h4 className="review-subtitle">Notes</h4>
      {detail.notes.length > 0 && (
        <ul className="notes" aria-label="Your notes">
          {detail.notes.map((n) => (
            <NoteItem key={n.id} note={n} ticketId={detail.id} workspaceId={workspaceId} />
          ))}
        </ul>
      )}
      <div className="review-note">
        <textarea
          ref={noteRef}
          className="input note-input"
          aria-label="Add note"
          aria-describedby="note-hint"
          placeholder="Add a note (n)"
          rows={3}
          value={note}
          maxLength={MAX_NOTE}
          onChange={(e) => setNote(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault()
              void submitNote()
            } else blurOnEscape(e)
          }}
          data-testid="note-input"
        />
        <div className="note-actions">
          <span id="note-hint" className="muted">
            Ctrl+Enter to save · drafts are kept on this device
          </span>
          <button
            type="button"
            className="btn btn-sm btn-primary"
            disabled={savingNote || !note.trim()}
            onClick={() => void submitNote()}
          >
            Save note
          </button>
        </div>
      </div>
    </section>
  )
}
