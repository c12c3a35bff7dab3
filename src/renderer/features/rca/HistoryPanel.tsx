import { useEffect, useState } from 'react'
import type { RcaVersionKind } from '../../../shared/rca'
import { formatDateTimeFull, formatRelative } from '../../lib/format'
import { useNow } from '../../lib/useNow'
import { useStore } from '../../store'

const KIND_LABELS: Record<RcaVersionKind, string> = {
  auto: 'Autosave',
  manual: 'Saved version',
  export: 'Exported',
  restore: 'Before a restore',
}

/**
 * Version history: autosaves every few minutes, named versions, every export, and what a restore replaced. Restore
 * asks no question: the text it replaces is recorded first, so it can be undone from this list.
 */
export function HistoryPanel() {
  const versions = useStore((s) => s.rcaVersions)
  const load = useStore((s) => s.loadRcaVersions)
  const saveVersion = useStore((s) => s.saveRcaVersion)
  const restore = useStore((s) => s.restoreRcaVersion)
  const docId = useStore((s) => s.rcaDoc?.id)
  const now = useNow(30_000)
  const [label, setLabel] = useState('')

  useEffect(() => {
    void load()
  }, [load, docId])

  return (
    <div className="rca-panel" data-testid="rca-history">
      <form
        className="rca-form-row"
        onSubmit={(e) => {
          e.preventDefault()
          void saveVersion(label.trim()).then(() => setLabel(''))
        }}
      >
        <input
          className="input input-sm"
          placeholder="Name this version (optional)"
          aria-label="Version name"
          value={label}
          maxLength={120}
          onChange={(e) => setLabel(e.target.value)}
        />
        <button type="submit" className="btn btn-sm" data-testid="rca-save-version">
          Save version
        </button>
      </form>
      {versions === null ? (
        <p className="muted small">Loading the history…</p>
      ) : versions.length === 0 ? (
        <p className="muted small">
          No versions yet: autosave records one every 10 minutes of editing, and every export records one.
        </p>
      ) : (
        <ol className="rca-versions">
          {versions.map((v) => (
            <li key={v.id} className={`rca-version rca-version-${v.kind}`}>
              <div>
                <div>
                  <b>{KIND_LABELS[v.kind]}</b>
                  {v.label && <span> · {v.label}</span>}
                </div>
                <div className="muted small">
                  <span title={formatDateTimeFull(v.createdAt)}>{formatRelative(v.createdAt, now)}</span> · revision{' '}
                  {v.revision} · {v.words.toLocaleString()} words
                </div>
              </div>
              <button
                type="button"
                className="btn btn-sm btn-ghost"
                onClick={() => void restore(v.id)}
                data-testid="rca-restore"
                title="Put this text back (the current text is kept in the history)"
              >
                Restore
              </button>
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}
