import { useEffect, useState } from 'react'
import { ESCALATION_STATUS_LABELS, type EscalationSummary } from '../../../shared/escalations'
import { onEvent } from '../../api/client'
import { Icon } from '../../components/Icon'
import { formatDateTimeFull, formatInt } from '../../lib/format'
import { useNow } from '../../lib/useNow'
import { useStore } from '../../store'
import '../../styles/escalations.css'
import { EscalationDetailView } from './EscalationDetail'
import { NewEscalationDialog } from './NewEscalationDialog'
import { countdown, escalationHash, escalationIdFromHash } from './escalationModel'

function useHashId(): number | null {
  const [id, setId] = useState(() => escalationIdFromHash(window.location.hash))
  useEffect(() => {
    const on = () => setId(escalationIdFromHash(window.location.hash))
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return id
}

function Due({ e, now }: { e: EscalationSummary; now: number }) {
  const c = countdown(e, now)
  if (c.state === 'none') return <span className="muted small">{c.text}</span>
  return (
    <span
      className={`esc-due esc-due-${c.state}`}
      title={e.nextUpdateDue === null ? undefined : `Next update due ${formatDateTimeFull(e.nextUpdateDue)}`}
      data-testid="esc-list-due"
    >
      {c.state === 'overdue' && <Icon name="alert" size={12} />} Update {c.text}
    </span>
  )
}

function ListItem({ e, open, now }: { e: EscalationSummary; open: boolean; now: number }) {
  return (
    <li>
      <a
        href={escalationHash(e.id)}
        className={`esc-item${open ? ' is-open' : ''}${e.status === 'resolved' || e.status === 'closed' ? ' is-done' : ''}`}
        aria-current={open ? 'true' : undefined}
        data-testid={`esc-item-${e.id}`}
      >
        <span className="esc-item-top">
          <span className={`esc-priority esc-priority-${e.priority}`}>{e.priority}</span>
          <span className="esc-item-title truncate">{e.title}</span>
        </span>
        <span className="esc-item-meta small">
          <span className={`esc-status esc-status-${e.status}`}>{ESCALATION_STATUS_LABELS[e.status]}</span>
          <span className="muted">{formatInt(e.tickets)} tickets</span>
          {e.owner && <span className="muted truncate">{e.owner}</span>}
        </span>
        {e.overdueActions > 0 && (
          <span className="esc-due esc-due-overdue" data-testid="esc-list-actions-overdue">
            <Icon name="alert" size={12} /> {e.overdueActions} remediation action{e.overdueActions === 1 ? '' : 's'}{' '}
            overdue
          </span>
        )}
        <Due e={e} now={now} />
      </a>
    </li>
  )
}

/** Escalations: the list (live first, by priority, overdue updates marked) and the open escalation. */
export function EscalationsScreen() {
  const list = useStore((s) => s.escalationList)
  const listError = useStore((s) => s.escalationListError)
  const load = useStore((s) => s.loadEscalations)
  const openEscalation = useStore((s) => s.openEscalation)
  const refresh = useStore((s) => s.refreshEscalation)
  const dataVersion = useStore((s) => s.dataVersion)
  const workspaceId = useStore((s) => s.info?.workspace?.id)
  const hashId = useHashId()
  const now = useNow(15_000)
  const [creating, setCreating] = useState(false)

  useEffect(() => {
    void load()
  }, [load, dataVersion, workspaceId])
  useEffect(() => {
    void openEscalation(hashId)
  }, [hashId, openEscalation, workspaceId])
  // A sync or import may have grown a cohort or settled a success metric: re-read when one ends.
  useEffect(
    () =>
      onEvent((e) => {
        if (e.type === 'workspace.changed' || (e.type === 'task' && e.task.state !== 'running')) {
          void load()
          void refresh()
        }
      }),
    [load, refresh],
  )

  const live = list?.filter((e) => e.status === 'open' || e.status === 'monitoring') ?? []
  const done = list?.filter((e) => e.status === 'resolved' || e.status === 'closed') ?? []
  const overdue = live.filter((e) => countdown(e, now).state === 'overdue').length

  return (
    <div className="esc-page">
      <aside className="esc-list-pane" aria-label="Escalations">
        <header className="esc-list-head">
          <div>
            <h1 className="page-title">Escalations</h1>
            <p className="muted small" data-testid="esc-summary">
              {list === null
                ? 'Loading…'
                : `${formatInt(live.length)} live${overdue > 0 ? ` · ${formatInt(overdue)} update${overdue === 1 ? '' : 's'} overdue` : ''}`}
            </p>
          </div>
          <button
            type="button"
            className="btn btn-sm btn-primary"
            onClick={() => setCreating(true)}
            data-testid="esc-new"
          >
            <Icon name="plus" /> New
          </button>
        </header>
        {listError && (
          <p className="field-error" role="alert">
            {listError}
          </p>
        )}
        {list !== null && list.length === 0 && (
          <div className="esc-empty muted small">
            <p>No escalations yet.</p>
            <p>
              Select tickets in <a href="#/cases">Cases</a> and choose <strong>New escalation…</strong> in the bulk bar,
              or create one here and add tickets later.
            </p>
          </div>
        )}
        {live.length > 0 && (
          <ul className="esc-list" data-testid="esc-list-live">
            {live.map((e) => (
              <ListItem key={e.id} e={e} open={e.id === hashId} now={now} />
            ))}
          </ul>
        )}
        {done.length > 0 && (
          <>
            <h2 className="esc-list-group muted small">Resolved and closed</h2>
            <ul className="esc-list" data-testid="esc-list-done">
              {done.map((e) => (
                <ListItem key={e.id} e={e} open={e.id === hashId} now={now} />
              ))}
            </ul>
          </>
        )}
      </aside>
      <section className="esc-detail-pane" aria-label="Escalation">
        {hashId === null ? (
          <div className="empty-state esc-none">
            <h2>No escalation open</h2>
            <p className="muted">
              Pick one on the left. An escalation keeps the affected tickets, a timeline of what was done, the impact in
              numbers, remediation actions and the updates sent to stakeholders.
            </p>
          </div>
        ) : (
          <EscalationDetailView now={now} />
        )}
      </section>
      {creating && <NewEscalationDialog fromSelection={false} onClose={() => setCreating(false)} />}
    </div>
  )
}
