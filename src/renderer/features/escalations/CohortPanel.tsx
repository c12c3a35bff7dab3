import { useState } from 'react'
import type { EscalationBundle, SnapshotReason } from '../../../shared/escalations'
import { describeFilters } from '../../../shared/exportDescribe'
import { analystTimeZone, formatDateTime, formatDateTimeFull, formatInt } from '../../lib/format'
import { useStore } from '../../store'
import { ALL_TIME, hasActiveFilters } from '../cases/filterModel'
import { cohortInCases } from './escalationModel'
import { goTo } from './navigation'

const REASONS: Record<SnapshotReason, string> = {
  created: 'Opened',
  update: 'Update sent',
  manual: 'Snapshot',
}

/** The affected cohort: its saved filter, opening it in Cases, and the frozen snapshots of each update. */
export function CohortPanel({ bundle }: { bundle: EscalationBundle }) {
  const e = bundle.escalation
  const openCasesWith = useStore((s) => s.openCasesWith)
  const gridFilters = useStore((s) => s.filters)
  const notify = useStore((s) => s.notify)
  const update = useStore((s) => s.updateEscalation)
  const snapshot = useStore((s) => s.takeCohortSnapshot)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const tz = analystTimeZone()

  const openCohort = () => {
    openCasesWith({ escalationId: [e.id] }, ALL_TIME)
    goTo('#/cases')
  }
  const openFilter = () => {
    if (!e.cohortFilters) return
    const target = cohortInCases(e.cohortFilters, tz)
    openCasesWith(target.filters, target.range)
    if (target.note) notify('info', target.note)
    goTo('#/cases')
  }
  const run = async (work: () => Promise<string | null>) => {
    setBusy(true)
    setError(await work())
    setBusy(false)
  }
  const gridHasFilter = hasActiveFilters(gridFilters)

  return (
    <section className="esc-card" aria-labelledby="esc-cohort" data-testid="esc-cohort">
      <h2 id="esc-cohort" className="esc-card-title">
        Affected cohort
      </h2>
      <p className="small">
        <strong data-testid="esc-cohort-size">{formatInt(e.tickets)} tickets</strong>
        {e.cohortFilters ? (
          <>
            {' '}
            · saved filter <span data-testid="esc-cohort-filter">{describeFilters(e.cohortFilters, tz)}</span>; new
            tickets a sync or import brings that match it join by themselves.
          </>
        ) : (
          <> · no saved filter: tickets join when you add them from Cases.</>
        )}
      </p>
      <div className="esc-actions">
        <button type="button" className="btn btn-sm" onClick={openCohort} data-testid="esc-open-cohort">
          Open the cohort in Cases
        </button>
        {e.cohortFilters && (
          <button type="button" className="btn btn-sm" onClick={openFilter} data-testid="esc-open-filter">
            Open the filter in Cases
          </button>
        )}
        <button
          type="button"
          className="btn btn-sm"
          disabled={busy || !gridHasFilter}
          title={
            gridHasFilter
              ? `Save ${describeFilters(gridFilters, tz)} as the cohort filter`
              : 'Filter the grid in Cases first; its filter becomes the cohort filter.'
          }
          onClick={() => void run(() => update({ cohortFilters: gridFilters }))}
        >
          Use the Cases filter
        </button>
        {e.cohortFilters && (
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            disabled={busy}
            onClick={() => void run(() => update({ cohortFilters: null }))}
          >
            Remove the filter
          </button>
        )}
        <button
          type="button"
          className="btn btn-sm"
          disabled={busy}
          onClick={() => void run(snapshot)}
          data-testid="esc-snapshot"
        >
          Take a snapshot
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <h3 className="esc-sub">Snapshots</h3>
      {bundle.snapshots.length === 0 ? (
        <p className="muted small">
          None yet. Each update you record freezes the cohort: its filter and the exact tickets at that moment.
        </p>
      ) : (
        <table className="table esc-snapshots" data-testid="esc-snapshots">
          <thead>
            <tr>
              <th scope="col">Taken</th>
              <th scope="col">Why</th>
              <th scope="col" className="num">
                Tickets
              </th>
              <th scope="col" className="num">
                Change
              </th>
              <th scope="col" className="num">
                Users
              </th>
              <th scope="col" className="num">
                Open
              </th>
            </tr>
          </thead>
          <tbody>
            {[...bundle.snapshots].reverse().map((s) => (
              <tr key={s.id} title={s.filters ? `Filter: ${describeFilters(s.filters, tz)}` : 'No saved filter'}>
                <td>
                  <time title={formatDateTimeFull(s.takenAt)}>{formatDateTime(s.takenAt)}</time>
                </td>
                <td>{REASONS[s.reason]}</td>
                <td className="num">{formatInt(s.tickets)}</td>
                <td className="num">
                  {s.change === null ? '—' : s.change > 0 ? `+${formatInt(s.change)}` : formatInt(s.change)}
                </td>
                <td className="num">{formatInt(s.impact.users ?? 0)}</td>
                <td className="num">{formatInt(s.impact.openTickets ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
