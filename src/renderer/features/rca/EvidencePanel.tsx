import { useEffect, useState } from 'react'
import { METRIC_CUTS } from '../../../shared/api/methods/metrics'
import type { TicketFilters } from '../../../shared/api/schemas'
import { describeFilters } from '../../../shared/exportDescribe'
import { formatMinutes, KPI_KEYS, KPIS, type KpiKey } from '../../../shared/kpis'
import { EVIDENCE_KIND_LABELS, type EvidenceKind, type RcaEvidence } from '../../../shared/rca'
import { addDays, localDate } from '../../../shared/time'
import { call } from '../../api/client'
import { Icon } from '../../components/Icon'
import { analystTimeZone, formatDateTimeFull } from '../../lib/format'
import { useStore } from '../../store'

type FilterChoice = 'cohort' | 'cases' | 'none'

const todayLocal = (): string => localDate(Date.now(), analystTimeZone())

function evidenceSummary(e: RcaEvidence): string {
  const p = e.payload
  switch (p.kind) {
    case 'tickets':
      return `${p.tickets.length.toLocaleString()} ticket${p.tickets.length === 1 ? '' : 's'}`
    case 'metric':
      return `${KPIS[p.kpi].label}: ${
        p.value === null
          ? '—'
          : KPIS[p.kpi].unit === 'percent'
            ? `${p.value.toFixed(1)}%`
            : KPIS[p.kpi].unit === 'minutes'
              ? formatMinutes(p.value)
              : Math.round(p.value).toLocaleString()
      } over ${p.n.toLocaleString()} tickets${p.small ? ' (small sample)' : ''}`
    case 'chart':
      return `${p.series.length} series × ${p.buckets.length} ${p.grain}s · hash ${p.dataHash.slice(0, 10)}…`
    case 'view':
      return `${p.matching.toLocaleString()} tickets matched`
  }
}

/** Evidence attached to the RCA (numbered as the claims cite them) and a form to attach more. */
export function EvidencePanel({ cohortFilters }: { cohortFilters: TicketFilters | null }) {
  const doc = useStore((s) => s.rcaDoc)
  const add = useStore((s) => s.addRcaEvidence)
  const remove = useStore((s) => s.removeRcaEvidence)
  const checked = useStore((s) => s.checkedIds)
  const casesFilters = useStore((s) => s.filters)
  const views = useStore((s) => s.views)
  const loadViews = useStore((s) => s.loadViews)
  const [kind, setKind] = useState<EvidenceKind>('metric')
  const [ids, setIds] = useState('')
  const [kpi, setKpi] = useState<KpiKey>('volume')
  const [groupBy, setGroupBy] = useState<string>('')
  const [grain, setGrain] = useState<'day' | 'week'>('day')
  const [from, setFrom] = useState(() => addDays(todayLocal(), -27))
  const [to, setTo] = useState(todayLocal)
  const [filterChoice, setFilterChoice] = useState<FilterChoice>(cohortFilters ? 'cohort' : 'cases')
  const [viewId, setViewId] = useState<number | ''>('')
  const [label, setLabel] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    void loadViews()
  }, [loadViews])

  if (!doc) return null
  const stripDates = (f: TicketFilters): TicketFilters => {
    const { createdFrom: _a, createdTo: _b, ...rest } = f
    return rest
  }
  const filters: TicketFilters =
    filterChoice === 'cohort' && cohortFilters
      ? stripDates(cohortFilters)
      : filterChoice === 'cases'
        ? stripDates(casesFilters)
        : {}

  const submit = async () => {
    setError(null)
    let req: Parameters<typeof add>[0]
    if (kind === 'tickets') {
      const list = ids
        .split(/[\s,;]+/)
        .map((t) => t.replace(/^#/, ''))
        .filter(Boolean)
      const bad = list.find((t) => !/^\d+$/.test(t))
      if (bad) return setError(`"${bad}" is not a ticket number. Use the numbers in the grid's # column.`)
      if (list.length === 0) return setError('Type ticket numbers, or use the tickets checked in Cases.')
      req = { kind: 'tickets', ticketIds: list.map(Number) }
    } else if (kind === 'view') {
      if (viewId === '') return setError('Choose a saved view.')
      req = { kind: 'view', viewId }
    } else if (from > to) {
      return setError('The period starts after it ends.')
    } else if (kind === 'metric') {
      req = { kind: 'metric', kpi, filters, from, to, timeZone: analystTimeZone() }
    } else {
      req = {
        kind: 'chart',
        kpi,
        groupBy: groupBy === '' ? null : (groupBy as (typeof METRIC_CUTS)[number]),
        grain,
        filters,
        from,
        to,
        timeZone: analystTimeZone(),
      }
    }
    setBusy(true)
    const ev = await add(req, label.trim() || undefined)
    setBusy(false)
    if (ev) {
      setLabel('')
      setIds('')
    }
  }

  return (
    <div className="rca-panel" data-testid="rca-evidence">
      <ol className="rca-evidence-list">
        {doc.evidence.length === 0 && (
          <li className="muted small">
            No evidence yet. Attach tickets, a metric, a chart or a saved view, then cite it beside a claim.
          </li>
        )}
        {doc.evidence.map((e, i) => (
          <li key={e.id} className="rca-evidence-item">
            <span className="rca-cite">E{i + 1}</span>
            <div className="rca-evidence-text">
              <div className="rca-evidence-label">{e.label}</div>
              <div className="muted small">
                {EVIDENCE_KIND_LABELS[e.payload.kind]} · {evidenceSummary(e)} ·{' '}
                <span title={formatDateTimeFull(e.createdAt)}>frozen {formatDateTimeFull(e.createdAt)}</span>
              </div>
            </div>
            <button
              type="button"
              className="btn-icon"
              aria-label={`Remove evidence E${i + 1}`}
              title="Remove (only when no claim cites it)"
              onClick={() => void remove(e.id)}
            >
              <Icon name="close" size={14} />
            </button>
          </li>
        ))}
      </ol>
      <form
        className="rca-evidence-form"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <h3 className="rca-panel-title">Attach evidence</h3>
        <label className="field">
          <span className="field-label">Kind</span>
          <select
            className="input input-sm"
            value={kind}
            onChange={(e) => setKind(e.target.value as EvidenceKind)}
            data-testid="rca-evidence-kind"
          >
            <option value="metric">Metric value (with its definition)</option>
            <option value="chart">Chart snapshot (data and hash)</option>
            <option value="tickets">Tickets</option>
            <option value="view">Saved view</option>
          </select>
        </label>
        {kind === 'tickets' && (
          <>
            <label className="field">
              <span className="field-label">Ticket numbers</span>
              <textarea
                className="input"
                rows={2}
                value={ids}
                placeholder="e.g. 10231, 10245"
                onChange={(e) => setIds(e.target.value)}
                data-testid="rca-evidence-ids"
              />
            </label>
            <button
              type="button"
              className="btn btn-sm"
              disabled={checked.length === 0}
              onClick={() => setIds(checked.join(', '))}
            >
              Use the {checked.length.toLocaleString()} checked in Cases
            </button>
          </>
        )}
        {kind === 'view' && (
          <label className="field">
            <span className="field-label">Saved view</span>
            <select
              className="input input-sm"
              value={viewId}
              onChange={(e) => setViewId(e.target.value === '' ? '' : Number(e.target.value))}
            >
              <option value="">Choose…</option>
              {views.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {(kind === 'metric' || kind === 'chart') && (
          <>
            <label className="field">
              <span className="field-label">Metric</span>
              <select
                className="input input-sm"
                value={kpi}
                onChange={(e) => setKpi(e.target.value as KpiKey)}
                title={KPIS[kpi].definition}
              >
                {KPI_KEYS.filter((k) => kind === 'metric' || k !== 'backlog' || filterChoice === 'none').map((k) => (
                  <option key={k} value={k}>
                    {KPIS[k].label}
                  </option>
                ))}
              </select>
            </label>
            <p className="muted small rca-definition">{KPIS[kpi].definition}</p>
            <div className="rca-form-row">
              <label className="field">
                <span className="field-label">From</span>
                <input type="date" className="input input-sm" value={from} onChange={(e) => setFrom(e.target.value)} />
              </label>
              <label className="field">
                <span className="field-label">To</span>
                <input type="date" className="input input-sm" value={to} onChange={(e) => setTo(e.target.value)} />
              </label>
            </div>
            {kind === 'chart' && (
              <div className="rca-form-row">
                <label className="field">
                  <span className="field-label">Per</span>
                  <select
                    className="input input-sm"
                    value={grain}
                    onChange={(e) => setGrain(e.target.value as 'day' | 'week')}
                  >
                    <option value="day">Day</option>
                    <option value="week">Week</option>
                  </select>
                </label>
                <label className="field">
                  <span className="field-label">Split by</span>
                  <select className="input input-sm" value={groupBy} onChange={(e) => setGroupBy(e.target.value)}>
                    <option value="">One line</option>
                    {METRIC_CUTS.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
            )}
            <label className="field">
              <span className="field-label">Tickets</span>
              <select
                className="input input-sm"
                value={filterChoice}
                onChange={(e) => setFilterChoice(e.target.value as FilterChoice)}
              >
                {cohortFilters && <option value="cohort">The escalation&apos;s cohort filter</option>}
                <option value="cases">The current Cases filters</option>
                <option value="none">All tickets</option>
              </select>
            </label>
            <p className="muted small">
              {describeFilters(filters, analystTimeZone())}; the period above replaces any date filter.
            </p>
          </>
        )}
        <label className="field">
          <span className="field-label">Label (optional)</span>
          <input className="input input-sm" value={label} maxLength={200} onChange={(e) => setLabel(e.target.value)} />
        </label>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-sm" disabled={busy} data-testid="rca-evidence-add">
          {busy ? 'Attaching…' : 'Attach'}
        </button>
      </form>
    </div>
  )
}

/** Loads what the escalation's cohort filter is (for "the escalation's cohort" evidence). */
export function useCohortFilters(escalationId: number | null): TicketFilters | null {
  const [loaded, setLoaded] = useState<{ id: number; filters: TicketFilters | null } | null>(null)
  useEffect(() => {
    if (escalationId === null) return
    let live = true
    call('escalations.get', { id: escalationId })
      .then((b) => {
        if (live) setLoaded({ id: escalationId, filters: b.escalation.cohortFilters })
      })
      .catch(() => {
        // The escalation place shows its own errors; without the filter, the other choices remain.
      })
    return () => {
      live = false
    }
  }, [escalationId])
  return loaded !== null && loaded.id === escalationId ? loaded.filters : null
}
