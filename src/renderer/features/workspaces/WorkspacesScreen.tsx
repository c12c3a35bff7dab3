import { useEffect, useState } from 'react'
import type { WorkspaceInfo } from '../../../shared/api/types'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { formatDateTime, formatDateTimeFull, formatInt } from '../../lib/format'
import { useStore } from '../../store'
import { DemoForm } from './DemoForm'

function CreateForm() {
  const [name, setName] = useState('')
  const create = useStore((s) => s.createWorkspace)
  const busy = useStore((s) => s.workspaceBusy)
  return (
    <section className="card" aria-labelledby="create-title">
      <h2 id="create-title" className="card-title">
        Create an empty workspace
      </h2>
      <p className="card-text">A new file in the data folder. It opens straight away, with no tickets yet.</p>
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault()
          if (!name.trim()) return
          void create(name.trim()).then((ok) => ok && setName(''))
        }}
      >
        <label className="field field-grow">
          <span className="field-label">Name</span>
          <input
            className="input"
            value={name}
            maxLength={80}
            placeholder="e.g. Q3 creator payouts review"
            onChange={(e) => setName(e.target.value)}
            data-testid="workspace-name"
          />
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>
          Create workspace
        </button>
      </form>
    </section>
  )
}

function WorkspaceTable({ onRemove }: { onRemove(ws: WorkspaceInfo): void }) {
  const workspaces = useStore((s) => s.workspaces)
  const openId = useStore((s) => s.info?.workspace?.id ?? null)
  const open = useStore((s) => s.openWorkspace)
  const busy = useStore((s) => s.workspaceBusy)
  if (workspaces === null) return <p className="muted">Loading workspaces…</p>
  if (workspaces.length === 0)
    return <p className="muted">No workspaces yet. Create one or re-create the demo below.</p>
  return (
    <table className="table" data-testid="workspace-list">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col" className="num">
            Tickets
          </th>
          <th scope="col">File</th>
          <th scope="col">Created</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {workspaces.map((ws) => {
          const isOpen = ws.id === openId
          return (
            <tr key={ws.id} className={isOpen ? 'is-open' : undefined}>
              <th scope="row">
                <div className="ws-name">
                  <span>{ws.name}</span>
                  {ws.isDemo && <span className="badge badge-demo">Demo</span>}
                  {isOpen && <span className="badge badge-open">Open</span>}
                </div>
              </th>
              <td className="num">{formatInt(ws.tickets)}</td>
              <td className="ws-file">
                <code title={ws.file}>{ws.file}</code>
              </td>
              <td>
                <time title={formatDateTimeFull(ws.createdAt)}>{formatDateTime(ws.createdAt)}</time>
              </td>
              <td className="actions">
                {!isOpen && (
                  <button type="button" className="btn btn-sm" disabled={busy} onClick={() => void open(ws.id)}>
                    Open
                  </button>
                )}
                <button
                  type="button"
                  className="btn btn-sm btn-danger-ghost"
                  disabled={busy}
                  onClick={() => onRemove(ws)}
                >
                  Remove…
                </button>
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

/** Workspaces: one SQLite file each, in the data folder. Open, create, remove, and re-create the demo. */
export function WorkspacesScreen() {
  const loadWorkspaces = useStore((s) => s.loadWorkspaces)
  const remove = useStore((s) => s.removeWorkspace)
  const busy = useStore((s) => s.workspaceBusy)
  const dataDir = useStore((s) => s.info?.dataDir ?? '')
  const [removing, setRemoving] = useState<WorkspaceInfo | null>(null)

  useEffect(() => {
    void loadWorkspaces()
  }, [loadWorkspaces])

  return (
    <div className="page">
      <header className="page-header">
        <h1 className="page-title">Workspaces</h1>
        <p className="muted">
          Each workspace is one file in <code>{dataDir}</code>. Everything stays on this computer.
        </p>
      </header>
      <WorkspaceTable onRemove={setRemoving} />
      <div className="cards">
        <CreateForm />
        <DemoForm />
      </div>
      {removing && (
        <ConfirmDialog
          title={`Remove “${removing.name}”?`}
          confirmLabel="Remove workspace"
          danger
          busy={busy}
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const ws = removing
            setRemoving(null)
            void remove(ws.id)
          }}
        >
          <p>
            This deletes its file and its {formatInt(removing.tickets)} tickets from this computer. It cannot be undone.
          </p>
          <p className="mono small">{removing.file}</p>
          {removing.isDemo && <p>The demo can be re-created at any time from this screen.</p>}
        </ConfirmDialog>
      )}
    </div>
  )
}
