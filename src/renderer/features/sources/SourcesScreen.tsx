import { useEffect, useState } from 'react'
import { CONNECTOR_LABELS, type SourceSummary } from '../../../shared/api/methods/sources'
import { onEvent } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { Icon } from '../../components/Icon'
import { formatDateTimeFull, formatInt, formatRelative } from '../../lib/format'
import { useStore } from '../../store'
import { taskNumbers } from '../tasks/TaskProgressView'
import '../../styles/sources.css'
import { AddSourceDialog } from './AddSourceDialog'
import { SourceDetail } from './SourceDetail'
import { resyncNote, scheduleLabel, statusLabel, unreachableSources } from './sourceModel'

function When({ at, now, empty }: { at: number | null; now: number; empty: string }) {
  if (at === null) return <span className="muted">{empty}</span>
  return <time title={formatDateTimeFull(at)}>{formatRelative(at, now)}</time>
}

function SyncCell({ source, now }: { source: SourceSummary; now: number }) {
  const task = useStore((s) => s.tasks.find((t) => t.taskId === source.runningTaskId) ?? null)
  const cancel = useStore((s) => s.cancelTask)
  if (source.status !== 'running') return null
  return (
    <div className="src-progress" data-testid="source-progress">
      <progress className="task-bar" aria-label={`${statusLabel(source)}: ${source.name}`} />
      <span className="muted small">{task ? taskNumbers(task, now) : 'Starting…'}</span>
      {source.runningTaskId && (
        <button type="button" className="btn btn-sm" onClick={() => void cancel(source.runningTaskId as string)}>
          Cancel
        </button>
      )}
    </div>
  )
}

function SourceRow({ source, now, onRemove }: { source: SourceSummary; now: number; onRemove(): void }) {
  const open = useStore((s) => s.openSource)
  const openId = useStore((s) => s.openSourceId)
  const sync = useStore((s) => s.syncSource)
  const test = useStore((s) => s.testSource)
  const busy = useStore((s) => s.sourcesBusy)
  const failed = source.status === 'error' || source.status === 'paused'
  const resync = resyncNote(source)
  return (
    <tr className={openId === source.id ? 'is-open' : undefined} data-testid={`source-row-${source.name}`}>
      <th scope="row">
        <button type="button" className="btn-link src-name" onClick={() => open(source.id)}>
          {source.name}
        </button>
        <div className="muted small">
          {CONNECTOR_LABELS[source.kind]} · <span className="mono">{source.baseUrl}</span>
        </div>
      </th>
      <td>
        <span className={`src-status src-status-${source.status}`} data-testid="source-status">
          {source.lastSyncAt === null && source.status === 'idle' ? 'Not synced yet' : statusLabel(source)}
        </span>
        {failed && source.lastError && <div className="src-error small">{source.lastError}</div>}
        {source.credentials === 'missing' && !failed && <div className="src-error small">Credentials missing</div>}
        {resync && (
          <div className="muted small" data-testid="source-resync-note">
            {resync}
          </div>
        )}
        <SyncCell source={source} now={now} />
      </td>
      <td>
        <When at={source.lastSyncAt} now={now} empty="never" />
      </td>
      <td data-testid="source-data-as-of">
        <When at={source.dataAsOf} now={now} empty="no data yet" />
      </td>
      <td className="num" data-testid="source-tickets">
        {formatInt(source.tickets)}
      </td>
      <td className="num">
        {source.quarantined > 0 ? (
          <button type="button" className="btn-link" onClick={() => open(source.id)}>
            {formatInt(source.quarantined)}
          </button>
        ) : (
          '0'
        )}
      </td>
      <td className="small">
        {scheduleLabel(source.scheduleMinutes)}
        {source.nextRunAt !== null && (
          <div className="muted">
            next <When at={source.nextRunAt} now={now} empty="" />
          </div>
        )}
      </td>
      <td className="actions">
        <div className="src-row-actions">
          <button
            type="button"
            className="btn btn-sm btn-primary"
            disabled={source.status === 'running'}
            onClick={() => void sync(source.id)}
            data-testid="source-sync"
          >
            <Icon name="refresh" /> Sync now
          </button>
          <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void test(source.id)}>
            Test
          </button>
          <button type="button" className="btn btn-sm btn-danger-ghost" disabled={busy} onClick={onRemove}>
            Remove…
          </button>
        </div>
      </td>
    </tr>
  )
}

/** Sources: connectors to Zendesk, Salesforce and HubSpot, their sync state, mapping and quarantine. */
export function SourcesScreen() {
  const sources = useStore((s) => s.sources)
  const load = useStore((s) => s.loadSources)
  const remove = useStore((s) => s.removeSource)
  const openId = useStore((s) => s.openSourceId)
  const busy = useStore((s) => s.sourcesBusy)
  const dataVersion = useStore((s) => s.dataVersion)
  const [adding, setAdding] = useState(false)
  const [removing, setRemoving] = useState<SourceSummary | null>(null)
  const [now, setNow] = useState(() => Date.now())

  useEffect(() => {
    void load()
  }, [load, dataVersion])
  // Main says when a source changed (a page synced, a failure); the list refetches rather than polls.
  useEffect(
    () =>
      onEvent((e) => {
        if (e.type === 'sources.changed' || (e.type === 'task' && e.task.kind === 'sync' && e.task.state !== 'running'))
          void load()
      }),
    [load],
  )
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), 1_000)
    return () => window.clearInterval(t)
  }, [])

  const open = sources?.find((s) => s.id === openId) ?? null
  const offline = sources ? unreachableSources(sources) : []

  return (
    <div className="page src-page">
      <header className="page-header src-header">
        <div>
          <h1 className="page-title">Sources</h1>
          <p className="muted">
            Helpdesks this workspace syncs from. Everything already synced stays usable offline.{' '}
            <a href="#/import">Import a file</a> instead.
          </p>
        </div>
        <button type="button" className="btn btn-primary" onClick={() => setAdding(true)} data-testid="source-add">
          <Icon name="plus" /> Add source
        </button>
      </header>
      {offline.length > 0 && (
        <div className="src-banner" role="status" data-testid="offline-banner">
          <Icon name="alert" />
          <span>
            You are offline / sources unreachable ({offline.map((s) => s.name).join(', ')}) — everything in the cache
            stays usable. The next sync tries again.
          </span>
        </div>
      )}
      {sources === null ? (
        <p className="muted">Loading sources…</p>
      ) : sources.length === 0 ? (
        <div className="empty-state src-empty">
          <h2>No sources yet</h2>
          <p className="muted">
            Add a Zendesk, Salesforce or HubSpot source to keep this workspace in step with it, or{' '}
            <a href="#/import">import a file</a> exported from one.
          </p>
        </div>
      ) : (
        <table className="table src-table" data-testid="source-list">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Status</th>
              <th scope="col">Last sync</th>
              <th scope="col">Data as of</th>
              <th scope="col" className="num">
                Tickets
              </th>
              <th scope="col" className="num">
                Quarantine
              </th>
              <th scope="col">Schedule</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <SourceRow key={s.id} source={s} now={now} onRemove={() => setRemoving(s)} />
            ))}
          </tbody>
        </table>
      )}
      {open && <SourceDetail key={open.id} source={open} />}
      {adding && <AddSourceDialog onClose={() => setAdding(false)} />}
      {removing && (
        <ConfirmDialog
          title={`Remove “${removing.name}”?`}
          confirmLabel="Remove source and its tickets"
          danger
          busy={busy}
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const s = removing
            setRemoving(null)
            void remove(s.id)
          }}
        >
          <p>
            This deletes its {formatInt(removing.tickets)} tickets from this workspace, with your notes, labels and
            reviews of them, and forgets its credentials. The helpdesk itself is not touched. It cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </div>
  )
}
