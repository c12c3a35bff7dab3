import { useState } from 'react'
import type { ApiInput } from '../../../shared/api/contract'
import {
  ESCALATION_PRIORITIES,
  ESCALATION_PRIORITY_LABELS,
  MAX_COHORT_IDS,
  PARTNER_TEAMS,
  PARTNER_TEAM_LABELS,
  UPDATE_CADENCE_MINUTES,
  type EscalationPriority,
  type PartnerTeam,
} from '../../../shared/escalations'
import { describeFilters } from '../../../shared/exportDescribe'
import { call } from '../../api/client'
import { Modal } from '../../components/Modal'
import { analystMessage } from '../../lib/errors'
import { analystTimeZone, formatInt, formatMinutes, plural } from '../../lib/format'
import { useStore } from '../../store'
import { hasActiveFilters } from '../cases/filterModel'
import { escalationHash } from './escalationModel'
import { goTo } from './navigation'

/**
 * A new escalation, from the Cases selection (ticked rows, or every ticket matching) or empty. Ticked rows join by
 * id; "all matching" keeps the filter as the cohort's saved filter, so tickets a later sync brings join by themselves.
 */
export function NewEscalationDialog({ fromSelection, onClose }: { fromSelection: boolean; onClose(): void }) {
  const checkedIds = useStore((s) => s.checkedIds)
  const allMatching = useStore((s) => s.allMatching)
  const gridFilters = useStore((s) => s.filters)
  const clearSelection = useStore((s) => s.clearSelection)
  const notify = useStore((s) => s.notify)
  const loadEscalations = useStore((s) => s.loadEscalations)
  const [title, setTitle] = useState('')
  const [priority, setPriority] = useState<EscalationPriority>('P2')
  const [owner, setOwner] = useState('')
  const [teams, setTeams] = useState<PartnerTeam[]>([])
  const [summary, setSummary] = useState('')
  const [keepFilter, setKeepFilter] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  const byFilter = fromSelection && allMatching !== null
  const ids = fromSelection && !allMatching ? checkedIds : []
  const filtersActive = hasActiveFilters(gridFilters)
  const size = byFilter ? (allMatching?.count ?? 0) : ids.length
  const cohortFilters = byFilter ? allMatching?.filters : keepFilter && filtersActive ? gridFilters : undefined
  const tz = analystTimeZone()

  const submit = async () => {
    setError(null)
    if (!title.trim()) return setError('Give the escalation a title.')
    if (ids.length > MAX_COHORT_IDS)
      return setError(
        `${formatInt(ids.length)} tickets are ticked by hand; use "Select all matching" for more than ${formatInt(MAX_COHORT_IDS)}.`,
      )
    const input: ApiInput<'escalations.create'> = {
      title,
      priority,
      ...(owner.trim() ? { owner } : {}),
      ...(teams.length ? { partnerTeams: teams } : {}),
      ...(summary.trim() ? { summary } : {}),
      ...(ids.length ? { ticketIds: [...ids] } : {}),
      ...(cohortFilters ? { cohortFilters } : {}),
      origin: fromSelection
        ? {
            kind: 'selection',
            description: byFilter
              ? `${plural(size, 'ticket')} matching ${describeFilters(cohortFilters ?? {}, tz)} in Cases`
              : `${plural(size, 'ticket')} selected in Cases`,
          }
        : { kind: 'manual', description: 'Opened from the Escalations place' },
    }
    setSaving(true)
    try {
      const esc = await call('escalations.create', input)
      if (fromSelection) clearSelection()
      notify('success', `Escalation “${esc.title}” opened with ${plural(esc.tickets, 'ticket')}.`)
      void loadEscalations()
      onClose()
      goTo(escalationHash(esc.id))
    } catch (err) {
      setError(analystMessage(err, 'create the escalation'))
    } finally {
      setSaving(false)
    }
  }

  return (
    <Modal
      title={fromSelection ? `New escalation from ${plural(size, 'ticket')}` : 'New escalation'}
      testId="esc-new-dialog"
      className="esc-dialog"
      onClose={onClose}
    >
      <form
        className="dialog-body esc-form"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <label className="field">
          <span className="field-label">Title</span>
          <input
            className="input"
            data-testid="esc-new-title"
            value={title}
            maxLength={200}
            autoFocus
            onChange={(e) => setTitle(e.target.value)}
          />
        </label>
        <div className="esc-form-row">
          <label className="field">
            <span className="field-label">Priority</span>
            <select
              className="input"
              data-testid="esc-new-priority"
              value={priority}
              onChange={(e) => setPriority(e.target.value as EscalationPriority)}
            >
              {ESCALATION_PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {ESCALATION_PRIORITY_LABELS[p]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">Owner</span>
            <input className="input" value={owner} maxLength={120} onChange={(e) => setOwner(e.target.value)} />
          </label>
        </div>
        <fieldset className="esc-teams">
          <legend className="field-label">Partner teams</legend>
          {PARTNER_TEAMS.map((t) => (
            <label key={t} className="esc-team">
              <input
                type="checkbox"
                checked={teams.includes(t)}
                onChange={(e) => setTeams(e.target.checked ? [...teams, t] : teams.filter((x) => x !== t))}
              />
              {PARTNER_TEAM_LABELS[t]}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span className="field-label">What happened (optional)</span>
          <textarea
            className="input esc-textarea"
            rows={3}
            maxLength={10_000}
            value={summary}
            onChange={(e) => setSummary(e.target.value)}
          />
        </label>
        {fromSelection && (
          <p className="muted small" data-testid="esc-new-cohort">
            {byFilter
              ? `The cohort is every ticket matching ${describeFilters(cohortFilters ?? {}, tz)} (${formatInt(size)} now); tickets a sync or import brings that match join it.`
              : `The ${plural(size, 'ticket')} you ticked join the cohort.`}
          </p>
        )}
        {fromSelection && !byFilter && filtersActive && (
          <label className="esc-check small">
            <input type="checkbox" checked={keepFilter} onChange={(e) => setKeepFilter(e.target.checked)} />
            Also keep the grid’s filter ({describeFilters(gridFilters, tz)}) as the cohort filter, so matching tickets
            join now and after each sync
          </label>
        )}
        <p className="muted small">
          The first update is due in {formatMinutes(UPDATE_CADENCE_MINUTES[priority])} ({priority} cadence); change it
          on the escalation.
        </p>
        {error && (
          <p className="field-error" role="alert" data-testid="esc-new-error">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={saving} data-testid="esc-new-create">
            {saving ? 'Creating…' : 'Create escalation'}
          </button>
        </div>
      </form>
    </Modal>
  )
}
