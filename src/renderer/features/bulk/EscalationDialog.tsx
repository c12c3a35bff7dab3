import { useEffect, useState } from 'react'
import {
  ESCALATION_PRIORITIES,
  ESCALATION_STATUS_LABELS,
  type EscalationPriority,
  type EscalationSummary,
} from '../../../shared/api/methods/escalations'
import { call } from '../../api/client'
import { Modal } from '../../components/Modal'
import { analystMessage } from '../../lib/errors'
import { formatInt, plural } from '../../lib/format'
import { useStore } from '../../store'
import { selectionSize } from './bulkModel'

const NEW = 'new'

/** "Add to escalation": pick an open escalation or create one (title and priority), then add the selection to it. */
export function EscalationDialog({ onClose }: { onClose(): void }) {
  const size = useStore((s) => selectionSize(s))
  const request = useStore((s) => s.requestBulk)
  const [list, setList] = useState<EscalationSummary[] | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [picked, setPicked] = useState<string>(NEW)
  const [title, setTitle] = useState('')
  const [priority, setPriority] = useState<EscalationPriority>('P2')
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  useEffect(() => {
    let live = true
    call('escalations.list', {})
      .then((l) => {
        if (!live) return
        setList(l)
        const first = l.find((e) => e.status === 'open' || e.status === 'monitoring')
        if (first) setPicked(String(first.id))
      })
      .catch((err: unknown) => live && setLoadError(analystMessage(err, 'list the escalations')))
    return () => {
      live = false
    }
  }, [])

  const submit = async (): Promise<void> => {
    setError(null)
    if (picked !== NEW) {
      const esc = list?.find((e) => String(e.id) === picked)
      if (esc) request({ kind: 'escalation.add', escalationId: esc.id }, esc.title)
      return
    }
    if (!title.trim()) return setError('Give the escalation a title.')
    setSaving(true)
    try {
      const esc = await call('escalations.create', { title, priority })
      request({ kind: 'escalation.add', escalationId: esc.id }, esc.title)
    } catch (err) {
      setError(analystMessage(err, 'create the escalation'))
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal title={`Add ${plural(size, 'ticket')} to an escalation`} testId="bulk-escalation-dialog" onClose={onClose}>
      <form
        className="dialog-body bulk-form"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        {loadError && (
          <p className="field-error" role="alert">
            {loadError}
          </p>
        )}
        <fieldset className="escalation-choices">
          <legend className="field-label">Escalation</legend>
          {list === null && !loadError && <p className="muted small">Loading escalations…</p>}
          {list?.map((e) => (
            <label key={e.id} className="escalation-choice">
              <input
                type="radio"
                name="escalation"
                value={e.id}
                checked={picked === String(e.id)}
                onChange={() => setPicked(String(e.id))}
              />
              <span className={`esc-priority esc-priority-${e.priority}`}>{e.priority}</span>
              <span className="escalation-title truncate">{e.title}</span>
              <span className="muted small">
                {ESCALATION_STATUS_LABELS[e.status]} · {formatInt(e.tickets)}
              </span>
            </label>
          ))}
          <label className="escalation-choice">
            <input
              type="radio"
              name="escalation"
              value={NEW}
              data-testid="bulk-escalation-new"
              checked={picked === NEW}
              onChange={() => setPicked(NEW)}
            />
            <span>New escalation</span>
          </label>
        </fieldset>
        {picked === NEW && (
          <div className="escalation-new">
            <label className="field">
              <span className="field-label">Title</span>
              <input
                className="input"
                data-testid="bulk-escalation-title"
                value={title}
                maxLength={200}
                autoFocus
                onChange={(e) => setTitle(e.target.value)}
              />
            </label>
            <label className="field">
              <span className="field-label">Priority</span>
              <select
                className="input"
                data-testid="bulk-escalation-priority"
                value={priority}
                onChange={(e) => setPriority(e.target.value as EscalationPriority)}
              >
                {ESCALATION_PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={saving} data-testid="bulk-escalation-add">
            {picked === NEW ? 'Create and add' : 'Add to escalation'}
          </button>
        </div>
      </form>
    </Modal>
  )
}
