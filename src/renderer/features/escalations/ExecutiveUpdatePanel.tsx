import { useRef, useState } from 'react'
import { UPDATE_CADENCE_MINUTES, type EscalationBundle } from '../../../shared/escalations'
import { draftExecutiveUpdate, markdownToPlainText } from '../../../shared/escalationUpdate'
import { analystTimeZone, formatMinutes, zoneLabel } from '../../lib/format'
import { useStore } from '../../store'
import { fromLocalInput, toLocalInput } from './escalationModel'

const draftKey = (id: number) => `workbench.escalationUpdate.${id}`

function readDraft(id: number): string | null {
  try {
    return window.localStorage.getItem(draftKey(id))
  } catch {
    return null
  }
}

function writeDraft(id: number, text: string | null): void {
  try {
    if (text === null) window.localStorage.removeItem(draftKey(id))
    else window.localStorage.setItem(draftKey(id), text)
  } catch {
    // Storage full or disabled: the draft still lives in the field.
  }
}

/** Copies text, with the selection-and-copy fallback for windows where the async clipboard is refused. */
async function copyText(text: string, fallback: HTMLTextAreaElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    if (!fallback) return false
    const helper = document.createElement('textarea')
    helper.value = text
    helper.setAttribute('readonly', '')
    helper.style.position = 'fixed'
    helper.style.opacity = '0'
    document.body.appendChild(helper)
    helper.select()
    const ok = document.execCommand('copy')
    helper.remove()
    fallback.focus()
    return ok
  }
}

/**
 * The executive update: one click drafts it from the escalation (times in the analyst's zone), the analyst edits it,
 * copies it as plain text or Markdown, and records it as sent (which snapshots the cohort and schedules the next one).
 * An unsent draft is kept in this window's storage until it is sent or discarded.
 */
export function ExecutiveUpdatePanel({ bundle, now }: { bundle: EscalationBundle; now: number }) {
  const e = bundle.escalation
  const record = useStore((s) => s.recordExecutiveUpdate)
  const notify = useStore((s) => s.notify)
  const [text, setText] = useState<string | null>(() => readDraft(e.id))
  const [next, setNext] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const ref = useRef<HTMLTextAreaElement>(null)
  const tz = analystTimeZone()

  // Another escalation opened: its own draft (if any) replaces this one's.
  const [shownId, setShownId] = useState(e.id)
  if (shownId !== e.id) {
    setShownId(e.id)
    setText(readDraft(e.id))
    setError(null)
  }

  const change = (value: string | null) => {
    setText(value)
    writeDraft(e.id, value)
  }
  const draft = () => {
    const d = draftExecutiveUpdate(bundle, { now: Date.now(), timeZone: tz })
    change(d.markdown)
    setNext(toLocalInput(Date.now() + UPDATE_CADENCE_MINUTES[e.priority] * 60_000))
    window.setTimeout(() => ref.current?.focus(), 0)
  }
  const copy = async (markdown: boolean) => {
    if (!text) return
    const ok = await copyText(markdown ? text : markdownToPlainText(text), ref.current)
    if (ok) notify('success', markdown ? 'Copied the update as Markdown.' : 'Copied the update as plain text.')
    else setError('The clipboard refused the copy. Select the text in the field and copy it with Ctrl+C.')
  }
  const send = async () => {
    if (!text?.trim()) return setError('The update is empty: draft it first.')
    const due = next ? fromLocalInput(next) : null
    if (next && due === null) return setError('The next update time is not a date and time; clear it for none.')
    setBusy(true)
    const err = await record(text, due)
    setBusy(false)
    setError(err)
    if (!err) {
      change(null)
      notify('success', 'Recorded the update on the timeline and froze the cohort as it stands.')
    }
  }

  return (
    <section className="esc-card" aria-labelledby="esc-exec" data-testid="esc-exec">
      <div className="esc-card-head">
        <h2 id="esc-exec" className="esc-card-title">
          Executive update
        </h2>
        <button type="button" className="btn btn-sm btn-primary" onClick={draft} data-testid="esc-draft">
          {text === null ? 'Draft update' : 'Draft again'}
        </button>
      </div>
      {text === null ? (
        <p className="muted small">
          Drafts what happened, the impact in numbers, steps taken, next steps and the next update time (
          {zoneLabel(tz, now)}) from this escalation, for you to edit and copy.
        </p>
      ) : (
        <>
          <textarea
            ref={ref}
            className="input esc-textarea esc-update-text"
            rows={14}
            maxLength={20_000}
            aria-label="Executive update (Markdown)"
            value={text}
            data-testid="esc-update-text"
            onChange={(ev) => change(ev.target.value)}
          />
          <div className="esc-actions">
            <button type="button" className="btn btn-sm" onClick={() => void copy(false)} data-testid="esc-copy-plain">
              Copy as plain text
            </button>
            <button type="button" className="btn btn-sm" onClick={() => void copy(true)} data-testid="esc-copy-md">
              Copy as Markdown
            </button>
            <button type="button" className="btn btn-sm btn-ghost" onClick={() => change(null)}>
              Discard
            </button>
          </div>
          <div className="esc-form-row esc-send">
            <label className="field">
              <span className="field-label">Next update after this one</span>
              <input
                type="datetime-local"
                className="input input-sm"
                aria-label={`Next update after this one, in ${zoneLabel()}; empty for none`}
                value={next}
                onChange={(ev) => setNext(ev.target.value)}
              />
            </label>
            <button
              type="button"
              className="btn btn-sm btn-primary"
              disabled={busy}
              onClick={() => void send()}
              data-testid="esc-record-update"
              title="Adds the text to the timeline, snapshots the cohort and schedules the next update"
            >
              Record as sent
            </button>
          </div>
          <p className="muted small">
            {e.priority} updates go out every {formatMinutes(UPDATE_CADENCE_MINUTES[e.priority])}. Recording keeps the
            text on the timeline and freezes the cohort for the record.
          </p>
        </>
      )}
      {error && (
        <p className="field-error" role="alert" data-testid="esc-update-error">
          {error}
        </p>
      )}
    </section>
  )
}
