import { useEffect, useState } from 'react'
import {
  ESCALATION_PRIORITIES,
  ESCALATION_PRIORITY_LABELS,
  ESCALATION_STATUSES,
  ESCALATION_STATUS_LABELS,
  PARTNER_TEAMS,
  PARTNER_TEAM_LABELS,
  UPDATE_CADENCE_MINUTES,
  type EscalationDetail,
  type EscalationPriority,
  type EscalationStatus,
  type PartnerTeam,
} from '../../../shared/escalations'
import type { RcaSummary } from '../../../shared/rca'
import { call } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { Icon } from '../../components/Icon'
import { formatDateTime, formatDateTimeFull, formatMinutes, zoneLabel } from '../../lib/format'
import { useStore } from '../../store'
import { CohortPanel } from './CohortPanel'
import { EditableField } from './EditableField'
import { ExecutiveUpdatePanel } from './ExecutiveUpdatePanel'
import { ImpactPanel } from './ImpactPanel'
import { RemediationPanel } from './RemediationPanel'
import { TimelinePanel } from './TimelinePanel'
import { countdown, escalationHash, fromLocalInput, toLocalInput } from './escalationModel'
import { goTo } from './navigation'

const ORIGIN_LABELS: Record<EscalationDetail['origin']['kind'], string> = {
  alert: 'From an alert',
  cluster: 'From an emerging issue',
  selection: 'From a selection in Cases',
  manual: 'Opened by hand',
}

/** The escalation's RCA: open it when there is one, start one from a template otherwise. */
function RcaLink({ escalationId }: { escalationId: number }) {
  const [rcas, setRcas] = useState<RcaSummary[] | null>(null)
  useEffect(() => {
    let live = true
    call('rca.list', {})
      .then((all) => live && setRcas(all.filter((r) => r.escalationId === escalationId)))
      .catch(() => live && setRcas([]))
    return () => {
      live = false
    }
  }, [escalationId])
  if (rcas === null) return null
  const first = rcas[0]
  return first ? (
    <a className="btn btn-sm" href={`#/rca/${first.id}`} data-testid="esc-open-rca" title={first.title}>
      Open RCA{rcas.length > 1 ? ` (${rcas.length})` : ''}
    </a>
  ) : (
    <a className="btn btn-sm" href={`#/rca/new?escalation=${escalationId}`} data-testid="esc-start-rca">
      Start RCA…
    </a>
  )
}

function NextUpdate({ e, now }: { e: EscalationDetail; now: number }) {
  const update = useStore((s) => s.updateEscalation)
  const [error, setError] = useState<string | null>(null)
  const c = countdown(e, now)
  const save = async (due: number | null) => setError(await update({ nextUpdateDue: due }))
  const cadence = UPDATE_CADENCE_MINUTES[e.priority]
  return (
    <div className={`esc-next esc-next-${c.state}`} data-testid="esc-next-update">
      <div className="esc-next-head">
        <span className="field-label">Next update</span>
        <strong className="esc-next-count" data-testid="esc-countdown" aria-live="polite">
          {c.state === 'overdue' && <Icon name="alert" size={14} />}{' '}
          {c.state === 'overdue'
            ? `Overdue by ${c.text.replace('overdue by ', '')}`
            : c.state === 'none'
              ? c.text
              : `Due ${c.text}`}
        </strong>
      </div>
      <div className="esc-next-controls">
        <input
          type="datetime-local"
          className="input input-sm"
          aria-label={`Next update due, in ${zoneLabel()}`}
          title={e.nextUpdateDue === null ? undefined : formatDateTimeFull(e.nextUpdateDue)}
          value={toLocalInput(e.nextUpdateDue)}
          data-testid="esc-next-input"
          onChange={(ev) => {
            const t = fromLocalInput(ev.target.value)
            if (t !== null) void save(t)
          }}
        />
        <button type="button" className="btn btn-sm" onClick={() => void save(now + cadence * 60_000)}>
          In {formatMinutes(cadence)}
        </button>
        {e.nextUpdateDue !== null && (
          <button type="button" className="btn btn-sm btn-ghost" onClick={() => void save(null)}>
            None
          </button>
        )}
      </div>
      <span className="muted small">{zoneLabel()}</span>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  )
}

function Header({ e, now }: { e: EscalationDetail; now: number }) {
  const update = useStore((s) => s.updateEscalation)
  const remove = useStore((s) => s.removeEscalation)
  const [error, setError] = useState<string | null>(null)
  const [removing, setRemoving] = useState(false)
  const save = async (patch: Parameters<typeof update>[0]) => setError(await update(patch))
  const toggleTeam = (t: PartnerTeam) => {
    const current = e.partnerTeams.filter((x): x is PartnerTeam => (PARTNER_TEAMS as readonly string[]).includes(x))
    void save({ partnerTeams: current.includes(t) ? current.filter((x) => x !== t) : [...current, t] })
  }
  return (
    <header className="esc-head" data-testid="esc-head">
      <div className="esc-head-title">
        <EditableField
          label="Title"
          className="esc-title-field"
          value={e.title}
          maxLength={200}
          testId="esc-title"
          onSave={(title) => update({ title })}
        />
        <p className="muted small esc-origin" data-testid="esc-origin">
          {ORIGIN_LABELS[e.origin.kind]}
          {e.origin.description ? `: ${e.origin.description}` : ''} · opened{' '}
          <time title={formatDateTimeFull(e.createdAt)}>{formatDateTime(e.createdAt)}</time>
          {e.resolvedAt !== null && (
            <>
              {' '}
              · {ESCALATION_STATUS_LABELS[e.status].toLowerCase()}{' '}
              <time title={formatDateTimeFull(e.resolvedAt)}>{formatDateTime(e.resolvedAt)}</time>
            </>
          )}
        </p>
      </div>
      <div className="esc-head-fields">
        <label className="field">
          <span className="field-label">Priority</span>
          <select
            className={`input input-sm esc-priority-select esc-priority-${e.priority}`}
            value={e.priority}
            data-testid="esc-priority"
            onChange={(ev) => void save({ priority: ev.target.value as EscalationPriority })}
          >
            {ESCALATION_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {ESCALATION_PRIORITY_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Status</span>
          <select
            className="input input-sm"
            value={e.status}
            data-testid="esc-status"
            onChange={(ev) => void save({ status: ev.target.value as EscalationStatus })}
          >
            {ESCALATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ESCALATION_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <EditableField
          label="Owner"
          small
          value={e.owner ?? ''}
          maxLength={120}
          placeholder="Nobody yet"
          testId="esc-owner"
          onSave={(owner) => update({ owner: owner.trim() ? owner : null })}
        />
        <fieldset className="esc-teams esc-head-teams">
          <legend className="field-label">Partner teams</legend>
          {PARTNER_TEAMS.map((t) => (
            <button
              key={t}
              type="button"
              className={`esc-chip${e.partnerTeams.includes(t) ? ' is-on' : ''}`}
              aria-pressed={e.partnerTeams.includes(t)}
              data-testid={`esc-team-${t}`}
              onClick={() => toggleTeam(t)}
            >
              {PARTNER_TEAM_LABELS[t]}
            </button>
          ))}
        </fieldset>
        <NextUpdate e={e} now={now} />
        <RcaLink escalationId={e.id} />
        <button
          type="button"
          className="btn btn-sm btn-danger-ghost esc-remove"
          onClick={() => setRemoving(true)}
          data-testid="esc-remove"
        >
          Delete…
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert" data-testid="esc-head-error">
          {error}
        </p>
      )}
      {removing && (
        <ConfirmDialog
          title={`Delete the escalation “${e.title}”?`}
          confirmLabel="Delete"
          onCancel={() => setRemoving(false)}
          onConfirm={async () => {
            const err = await remove(e.id)
            setRemoving(false)
            if (err) setError(err)
            else goTo(escalationHash(null))
          }}
        >
          <p>
            Its timeline, cohort snapshots and remediation actions go with it; this cannot be undone. The tickets stay
            in the workspace.
          </p>
        </ConfirmDialog>
      )}
    </header>
  )
}

/** The open escalation: header fields, narrative, impact, cohort, timeline, remediation, executive update. */
export function EscalationDetailView({ now }: { now: number }) {
  const bundle = useStore((s) => s.escalation)
  const error = useStore((s) => s.escalationError)
  const update = useStore((s) => s.updateEscalation)
  if (error)
    return (
      <div className="empty-state" role="alert">
        <h2>This escalation could not be opened</h2>
        <p>{error}</p>
        <a href={escalationHash(null)}>Back to the list</a>
      </div>
    )
  if (!bundle) return <p className="muted esc-loading">Opening the escalation…</p>
  const e = bundle.escalation
  return (
    <div className="esc-detail" data-testid="esc-detail">
      <Header e={e} now={now} />
      <div className="esc-columns">
        <div className="esc-col">
          <section className="esc-card" aria-labelledby="esc-narrative">
            <h2 id="esc-narrative" className="esc-card-title">
              Narrative
            </h2>
            <EditableField
              label="What happened"
              multiline
              rows={3}
              value={e.summary}
              maxLength={10_000}
              placeholder="What went wrong, for whom, since when. The executive update starts from this."
              testId="esc-summary"
              onSave={(summary) => update({ summary })}
            />
            <EditableField
              label="Next steps"
              multiline
              rows={3}
              value={e.nextSteps}
              maxLength={10_000}
              placeholder="One per line. Open remediation actions are added to the update by themselves."
              testId="esc-next-steps"
              onSave={(nextSteps) => update({ nextSteps })}
            />
          </section>
          <ImpactPanel impact={bundle.impact} />
          <CohortPanel bundle={bundle} />
        </div>
        <div className="esc-col">
          <ExecutiveUpdatePanel bundle={bundle} now={now} />
          <RemediationPanel bundle={bundle} now={now} />
          <TimelinePanel bundle={bundle} />
        </div>
      </div>
    </div>
  )
}
