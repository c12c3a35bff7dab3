import { useState, type FormEvent } from 'react'
import { call } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { analystMessage } from '../../lib/errors'
import { backupsCleanedPhrase, backupsNotCleanedWarning } from '../../../shared/purge'
import { useStore } from '../../store'

/**
 * Purge one ticket for good (a data-subject request, content that must not stay on this laptop): the ticket, its
 * comments and your work on it are deleted and their text overwritten in the workspace file. Removing a whole source
 * (Sources) purges its tickets the same way.
 */
export function PurgeCard({ onChanged }: { onChanged: () => void }) {
  const workspaceId = useStore((s) => s.info?.workspace?.id ?? null)
  const notify = useStore((s) => s.notify)
  const loadInfo = useStore((s) => s.loadInfo)
  const [text, setText] = useState('')
  const [asking, setAsking] = useState<number | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const id = /^\s*\d{1,15}\s*$/.test(text) && Number(text) > 0 ? Number(text) : null

  const ask = (e: FormEvent) => {
    e.preventDefault()
    if (id !== null) setAsking(id)
  }
  const purge = async (ticketId: number) => {
    setBusy(true)
    try {
      const r = await call('purge.ticket', { id: ticketId })
      notify(
        'info',
        `Ticket ${ticketId} was purged: its text is gone from this workspace file${backupsCleanedPhrase(r.backups)}.`,
      )
      const warning = backupsNotCleanedWarning(r.backups)
      if (warning) notify('error', warning)
      setText('')
      setError(null)
      onChanged()
      await loadInfo()
    } catch (err) {
      setError(analystMessage(err, `purge ticket ${ticketId}`))
    } finally {
      setBusy(false)
      setAsking(null)
    }
  }

  if (!workspaceId) return null
  return (
    <section className="card st-card" aria-labelledby="st-purge-title" data-testid="st-purge">
      <h2 id="st-purge-title" className="card-title">
        Purge a ticket
      </h2>
      <p className="card-text">
        Deletes a ticket, its conversation and your notes and labels on it, and overwrites its text in this workspace
        file and in this workspace’s backups so it cannot be recovered from them.
      </p>
      <form className="st-keep" onSubmit={ask}>
        <label htmlFor="st-purge-id">Ticket ID</label>
        <input
          id="st-purge-id"
          className="input st-keep-input"
          inputMode="numeric"
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={text !== '' && id === null}
          data-testid="st-purge-id"
        />
        <button type="submit" className="btn btn-danger" disabled={id === null || busy} data-testid="st-purge-button">
          Purge…
        </button>
        {text !== '' && id === null && <span className="st-error">Enter the ticket’s ID, a whole number.</span>}
      </form>
      {error && (
        <p className="st-error" role="alert">
          {error}
        </p>
      )}
      {asking !== null && (
        <ConfirmDialog
          title={`Purge ticket ${asking}?`}
          confirmLabel={busy ? 'Purging…' : 'Purge for good'}
          danger
          busy={busy}
          onCancel={() => setAsking(null)}
          onConfirm={() => void purge(asking)}
        >
          <p>This cannot be undone. The ticket, its comments and your work on it are deleted and overwritten.</p>
          <p className="muted">
            A re-sync or re-import of its source would bring the ticket back if it still exists there.
          </p>
        </ConfirmDialog>
      )}
    </section>
  )
}
