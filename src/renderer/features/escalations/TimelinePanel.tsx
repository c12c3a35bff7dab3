import { useState } from 'react'
import {
  TIMELINE_KIND_LABELS,
  type AnalystEntryKind,
  type EscalationBundle,
  type TimelineEntry,
} from '../../../shared/escalations'
import { formatDateTime, formatDateTimeFull, zoneLabel } from '../../lib/format'
import { useStore } from '../../store'
import { fromLocalInput } from './escalationModel'

function Entry({ t }: { t: TimelineEntry }) {
  const long = t.kind === 'update' && t.body.split('\n').length > 3
  return (
    <li className={`esc-entry esc-entry-${t.source}`} data-testid="esc-entry">
      <div className="esc-entry-meta small">
        <time title={formatDateTimeFull(t.at)}>{formatDateTime(t.at)}</time>
        <span className={`esc-kind esc-kind-${t.kind}`}>{TIMELINE_KIND_LABELS[t.kind]}</span>
        <span className="muted">{t.source === 'analyst' ? 'you' : 'recorded by the workbench'}</span>
      </div>
      {long ? (
        <details className="esc-entry-body">
          <summary>{t.body.split('\n')[0]}</summary>
          <pre className="esc-pre">{t.body}</pre>
        </details>
      ) : (
        <p className="esc-entry-body">{t.body}</p>
      )}
    </li>
  )
}

/** The timeline: what the analyst did and noted, and what the workbench recorded (alerts, cohort growth, syncs). */
export function TimelinePanel({ bundle }: { bundle: EscalationBundle }) {
  const add = useStore((s) => s.addTimelineEntry)
  const [kind, setKind] = useState<AnalystEntryKind>('step')
  const [body, setBody] = useState('')
  const [when, setWhen] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [showAll, setShowAll] = useState(false)

  const submit = async () => {
    if (!body.trim()) return setError('Write something for the timeline entry.')
    const at = when ? fromLocalInput(when) : undefined
    if (when && at === null) return setError('That time is not a date and time; clear it to use now.')
    setBusy(true)
    const err = await add(kind, body, at ?? undefined)
    setBusy(false)
    setError(err)
    if (!err) {
      setBody('')
      setWhen('')
    }
  }
  const entries = [...bundle.timeline].reverse()
  const shown = showAll ? entries : entries.slice(0, 12)

  return (
    <section className="esc-card" aria-labelledby="esc-timeline" data-testid="esc-timeline">
      <h2 id="esc-timeline" className="esc-card-title">
        Timeline
      </h2>
      <form
        className="esc-entry-form"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <div className="esc-form-row">
          <label className="field">
            <span className="field-label">Entry</span>
            <select
              className="input input-sm"
              value={kind}
              data-testid="esc-entry-kind"
              onChange={(e) => setKind(e.target.value as AnalystEntryKind)}
            >
              <option value="step">Step taken</option>
              <option value="note">Note</option>
            </select>
          </label>
          <label className="field">
            <span className="field-label">When (empty: now)</span>
            <input
              type="datetime-local"
              className="input input-sm"
              aria-label={`When it happened, in ${zoneLabel()}; empty for now`}
              value={when}
              onChange={(e) => setWhen(e.target.value)}
            />
          </label>
        </div>
        <textarea
          className="input esc-textarea"
          rows={2}
          maxLength={5_000}
          aria-label="What was done or noted"
          placeholder="Paged the payouts on-call; engineering confirmed a failed batch at 09:40…"
          value={body}
          data-testid="esc-entry-body"
          onChange={(e) => setBody(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault()
              void submit()
            }
          }}
        />
        <div className="esc-actions">
          <button type="submit" className="btn btn-sm btn-primary" disabled={busy} data-testid="esc-entry-add">
            Add to timeline
          </button>
          <span className="muted small">Ctrl+Enter adds it</span>
        </div>
        {error && (
          <p className="field-error" role="alert" data-testid="esc-entry-error">
            {error}
          </p>
        )}
      </form>
      {entries.length === 0 ? (
        <p className="muted small">Nothing on the timeline yet.</p>
      ) : (
        <ol className="esc-entries" data-testid="esc-entries">
          {shown.map((t) => (
            <Entry key={t.key} t={t} />
          ))}
        </ol>
      )}
      {entries.length > shown.length && (
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => setShowAll(true)}>
          Show all {entries.length} entries
        </button>
      )}
    </section>
  )
}
