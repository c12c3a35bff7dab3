import { useState } from 'react'
import {
  CHECK_OUTCOME_LABELS,
  REMEDIATION_STATUSES,
  REMEDIATION_STATUS_LABELS,
  type EscalationBundle,
  type RemediationAction,
  type RemediationStatus,
} from '../../../shared/escalations'
import { metricSentence } from '../../../shared/escalationUpdate'
import { Icon } from '../../components/Icon'
import { analystTimeZone, formatDateTime, formatDateTimeFull, formatRelative } from '../../lib/format'
import { useStore } from '../../store'
import { ActionForm } from './ActionForm'

function ActionRow({ a, now }: { a: RemediationAction; now: number }) {
  const update = useStore((s) => s.updateRemediation)
  const remove = useStore((s) => s.removeRemediation)
  const [error, setError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const tz = analystTimeZone()
  return (
    <li className={`esc-action${a.overdue ? ' is-overdue' : ''}`} data-testid="esc-action">
      <div className="esc-action-top">
        <strong className="esc-action-title">{a.title}</strong>
        <select
          className="input input-sm"
          aria-label={`Status of “${a.title}”`}
          value={a.status}
          data-testid="esc-action-status"
          onChange={(e) => void update(a.id, { status: e.target.value as RemediationStatus }).then(setError)}
        >
          {REMEDIATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {REMEDIATION_STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="esc-action-meta small">
        <span>{a.ownerTeam}</span>
        {a.dueAt !== null && (
          <span className={a.overdue ? 'esc-overdue' : 'muted'} data-testid="esc-action-due">
            {a.overdue && <Icon name="alert" size={12} />} due{' '}
            <time title={formatDateTimeFull(a.dueAt)}>{formatDateTime(a.dueAt)}</time>
            {a.overdue ? ` · overdue ${formatRelative(a.dueAt, now).replace(' ago', '')}` : ''}
          </span>
        )}
        {a.status === 'done' && a.doneAt !== null && (
          <span className="muted">
            done <time title={formatDateTimeFull(a.doneAt)}>{formatDateTime(a.doneAt)}</time>
          </span>
        )}
        {confirming ? (
          <span className="esc-confirm">
            Delete this action?{' '}
            <button
              type="button"
              className="btn btn-sm btn-danger"
              onClick={() => void remove(a.id).then(setError)}
              data-testid="esc-action-remove-yes"
            >
              Delete
            </button>
            <button type="button" className="btn btn-sm" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" className="btn-link small" onClick={() => setConfirming(true)}>
            Delete…
          </button>
        )}
      </div>
      {a.metric && (
        <div className="esc-metric small" data-testid="esc-action-metric">
          <span className="muted">Success: {metricSentence(a.metric, tz)}</span>
          {a.check ? (
            <span
              className={`esc-outcome esc-outcome-${a.check.outcome}`}
              data-testid="esc-action-outcome"
              title={a.check.note}
            >
              {CHECK_OUTCOME_LABELS[a.check.outcome]}
            </span>
          ) : (
            <span className="esc-outcome">Not checked yet</span>
          )}
          {a.check && (
            <span className="muted esc-metric-note">
              {a.check.note} Checked{' '}
              <time title={formatDateTimeFull(a.check.checkedAt)}>{formatRelative(a.check.checkedAt, now)}</time>.
            </span>
          )}
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  )
}

/** Remediation: actions with an owner team, due date, status and a success metric checked after every sync. */
export function RemediationPanel({ bundle, now }: { bundle: EscalationBundle; now: number }) {
  const check = useStore((s) => s.checkRemediation)
  const [adding, setAdding] = useState(false)
  const overdue = bundle.actions.filter((a) => a.overdue).length
  const withMetric = bundle.actions.some((a) => a.metric && a.status !== 'cancelled')
  return (
    <section className="esc-card" aria-labelledby="esc-remediation" data-testid="esc-remediation">
      <div className="esc-card-head">
        <h2 id="esc-remediation" className="esc-card-title">
          Remediation
          {overdue > 0 && (
            <span className="esc-overdue-badge small" data-testid="esc-actions-overdue">
              {overdue} overdue
            </span>
          )}
        </h2>
        <div className="esc-actions">
          {withMetric && (
            <button type="button" className="btn btn-sm" onClick={() => void check()}>
              Check metrics now
            </button>
          )}
          {!adding && (
            <button type="button" className="btn btn-sm" onClick={() => setAdding(true)} data-testid="esc-action-new">
              <Icon name="plus" /> Action
            </button>
          )}
        </div>
      </div>
      {adding && <ActionForm cohortFilters={bundle.escalation.cohortFilters} onDone={() => setAdding(false)} />}
      {bundle.actions.length === 0 && !adding ? (
        <p className="muted small">
          No actions yet. Add what each team will change, by when, and how you will know it worked (a KPI the workbench
          checks after every sync and import).
        </p>
      ) : (
        <ul className="esc-action-list">
          {bundle.actions.map((a) => (
            <ActionRow key={a.id} a={a} now={now} />
          ))}
        </ul>
      )}
    </section>
  )
}
