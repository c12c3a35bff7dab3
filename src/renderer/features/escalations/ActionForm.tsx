import { useState } from 'react'
import type { TicketFilters } from '../../../shared/api/schemas'
import { CASE_TYPES, CHANNELS, CHANNEL_LABELS, REGIONS, REGION_LABELS } from '../../../shared/domain'
import {
  METRIC_KPIS,
  PARTNER_TEAMS,
  PARTNER_TEAM_LABELS,
  type MetricKpi,
  type SuccessMetric,
} from '../../../shared/escalations'
import { metricSentence } from '../../../shared/escalationUpdate'
import { KPIS } from '../../../shared/kpis'
import { analystTimeZone, zoneLabel } from '../../lib/format'
import { useStore } from '../../store'
import { defaultThreshold, fromLocalInput, thresholdUnit } from './escalationModel'

type Scope = 'fields' | 'cohort'

/** A new remediation action, optionally with a success metric ("reopen rate of X in Y below 5% for 14 days"). */
export function ActionForm({ cohortFilters, onDone }: { cohortFilters: TicketFilters | null; onDone(): void }) {
  const add = useStore((s) => s.addRemediation)
  const [title, setTitle] = useState('')
  const [team, setTeam] = useState('')
  const [due, setDue] = useState('')
  const [withMetric, setWithMetric] = useState(true)
  const [kpi, setKpi] = useState<MetricKpi>('reopenRate')
  const [comparator, setComparator] = useState<'below' | 'above'>('below')
  const [threshold, setThreshold] = useState('5')
  const [days, setDays] = useState('14')
  const [scope, setScope] = useState<Scope>('fields')
  const [caseType, setCaseType] = useState('')
  const [region, setRegion] = useState('')
  const [channel, setChannel] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const cohortUsable =
    cohortFilters !== null && cohortFilters.createdFrom === undefined && cohortFilters.createdTo === undefined
  const filters: TicketFilters =
    scope === 'cohort' && cohortFilters
      ? cohortFilters
      : {
          ...(caseType ? { caseType: [caseType] } : {}),
          ...(region ? { region: [region] } : {}),
          ...(channel ? { channel: [channel] } : {}),
        }
  const thresholdNum = Number(threshold)
  const daysNum = Number(days)
  const metric: SuccessMetric | null = withMetric
    ? { kpi, comparator, threshold: thresholdNum, days: daysNum, filters, minSample: 20 }
    : null
  const metricOk =
    !withMetric || (threshold.trim() !== '' && Number.isFinite(thresholdNum) && Number.isInteger(daysNum))

  const submit = async () => {
    setError(null)
    if (!title.trim()) return setError('Say what the action is.')
    if (!team.trim()) return setError('Name the team that owns the action.')
    const dueAt = due ? fromLocalInput(due) : null
    if (due && dueAt === null) return setError('The due date is not a date and time.')
    if (!metricOk) return setError('The success metric needs a number for its target and a whole number of days.')
    setBusy(true)
    const err = await add({ title, ownerTeam: team, dueAt, metric })
    setBusy(false)
    if (err) setError(err)
    else onDone()
  }

  return (
    <form
      className="esc-action-form"
      data-testid="esc-action-form"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <label className="field">
        <span className="field-label">Action</span>
        <input
          className="input"
          value={title}
          maxLength={300}
          autoFocus
          placeholder="Retry failed payout batches automatically"
          data-testid="esc-action-title"
          onChange={(e) => setTitle(e.target.value)}
        />
      </label>
      <div className="esc-form-row">
        <label className="field">
          <span className="field-label">Owner team</span>
          <input
            className="input input-sm"
            list="esc-team-names"
            value={team}
            maxLength={80}
            data-testid="esc-action-team"
            onChange={(e) => setTeam(e.target.value)}
          />
          <datalist id="esc-team-names">
            {PARTNER_TEAMS.map((t) => (
              <option key={t} value={PARTNER_TEAM_LABELS[t]} />
            ))}
            <option value="Support" />
            <option value="Trust & Safety" />
          </datalist>
        </label>
        <label className="field">
          <span className="field-label">Due</span>
          <input
            type="datetime-local"
            className="input input-sm"
            aria-label={`Due, in ${zoneLabel()}`}
            value={due}
            data-testid="esc-action-due"
            onChange={(e) => setDue(e.target.value)}
          />
        </label>
      </div>
      <label className="esc-check small">
        <input type="checkbox" checked={withMetric} onChange={(e) => setWithMetric(e.target.checked)} />
        Success metric, checked after every sync and import
      </label>
      {withMetric && (
        <fieldset className="esc-metric-form">
          <legend className="visually-hidden">Success metric</legend>
          <div className="esc-form-row">
            <label className="field">
              <span className="field-label">KPI</span>
              <select
                className="input input-sm"
                value={kpi}
                data-testid="esc-metric-kpi"
                onChange={(e) => {
                  const k = e.target.value as MetricKpi
                  const d = defaultThreshold(k)
                  setKpi(k)
                  setComparator(d.comparator)
                  setThreshold(String(d.threshold))
                }}
              >
                {METRIC_KPIS.map((k) => (
                  <option key={k} value={k} title={KPIS[k].definition}>
                    {KPIS[k].unit === 'minutes' ? `${KPIS[k].label} (median)` : KPIS[k].label}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span className="field-label">Must be</span>
              <select
                className="input input-sm"
                value={comparator}
                onChange={(e) => setComparator(e.target.value as 'below' | 'above')}
              >
                <option value="below">below</option>
                <option value="above">above</option>
              </select>
            </label>
            <label className="field esc-narrow">
              <span className="field-label">Target ({thresholdUnit(kpi)})</span>
              <input
                className="input input-sm"
                inputMode="decimal"
                value={threshold}
                data-testid="esc-metric-threshold"
                onChange={(e) => setThreshold(e.target.value)}
              />
            </label>
            <label className="field esc-narrow">
              <span className="field-label">For (days)</span>
              <input
                className="input input-sm"
                inputMode="numeric"
                value={days}
                data-testid="esc-metric-days"
                onChange={(e) => setDays(e.target.value)}
              />
            </label>
          </div>
          <div className="esc-form-row">
            <label className="field">
              <span className="field-label">Tickets</span>
              <select className="input input-sm" value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
                <option value="fields">Of a case type, region, channel</option>
                {cohortUsable && <option value="cohort">Matching the cohort filter</option>}
              </select>
            </label>
            {scope === 'fields' && (
              <>
                <label className="field">
                  <span className="field-label">Case type</span>
                  <select
                    className="input input-sm"
                    value={caseType}
                    data-testid="esc-metric-case-type"
                    onChange={(e) => setCaseType(e.target.value)}
                  >
                    <option value="">Any</option>
                    {CASE_TYPES.map((c) => (
                      <option key={c.key} value={c.key}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span className="field-label">Region</span>
                  <select
                    className="input input-sm"
                    value={region}
                    data-testid="esc-metric-region"
                    onChange={(e) => setRegion(e.target.value)}
                  >
                    <option value="">Any</option>
                    {REGIONS.map((r) => (
                      <option key={r} value={r}>
                        {REGION_LABELS[r] ?? r}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span className="field-label">Channel</span>
                  <select className="input input-sm" value={channel} onChange={(e) => setChannel(e.target.value)}>
                    <option value="">Any</option>
                    {CHANNELS.map((c) => (
                      <option key={c} value={c}>
                        {CHANNEL_LABELS[c] ?? c}
                      </option>
                    ))}
                  </select>
                </label>
              </>
            )}
          </div>
          {metric && metricOk && (
            <p className="muted small" data-testid="esc-metric-preview">
              Met when: {metricSentence(metric, analystTimeZone())}.
            </p>
          )}
        </fieldset>
      )}
      {error && (
        <p className="field-error" role="alert" data-testid="esc-action-error">
          {error}
        </p>
      )}
      <div className="esc-actions">
        <button type="submit" className="btn btn-sm btn-primary" disabled={busy} data-testid="esc-action-add">
          Add action
        </button>
        <button type="button" className="btn btn-sm" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  )
}
