import { CASE_TYPE_LABELS, CHANNEL_LABELS, REGION_LABELS } from '../../../shared/domain'
import { formatKpiChange, formatKpiValue } from '../../../shared/escalationUpdate'
import type { EscalationImpact, ImpactKpi, ValueCount } from '../../../shared/escalations'
import { DEFAULT_MIN_SAMPLE } from '../../../shared/kpis'
import { formatDateTime, formatDateTimeFull, formatInt, formatMinutes } from '../../lib/format'

function Values({
  label,
  values,
  names,
  none,
}: {
  label: string
  values: ValueCount[]
  names: Record<string, string>
  none: string
}) {
  const shown = values.slice(0, 4)
  const rest = values.length - shown.length
  return (
    <div className="esc-values">
      <span className="field-label">{label}</span>
      {values.length === 0 ? (
        <span className="muted small">—</span>
      ) : (
        <ul className="esc-value-list small">
          {shown.map((v) => (
            <li key={v.value ?? ''}>
              <span className="truncate">{v.value === null ? none : (names[v.value] ?? v.value)}</span>
              <span className="num">{formatInt(v.tickets)}</span>
            </li>
          ))}
          {rest > 0 && <li className="muted">and {rest} more</li>}
        </ul>
      )}
    </div>
  )
}

function KpiRow({ k }: { k: ImpactKpi }) {
  const small = k.cohort.small || k.baseline.small
  const cls = k.worse === true ? 'text-bad' : k.worse === false && k.change !== 0 ? 'text-good' : ''
  return (
    <tr
      className={small ? 'esc-small' : undefined}
      title={`${k.definition} Cohort: ${formatInt(k.cohort.n)} tickets; baseline: ${formatInt(k.baseline.n)}.`}
      data-testid={`esc-kpi-${k.key}`}
    >
      <th scope="row">{k.unit === 'minutes' ? `${k.label} (median)` : k.label}</th>
      <td className="num">
        {formatKpiValue(k.unit, k.cohort.value)}
        {k.cohort.small && <span className="muted small"> n={formatInt(k.cohort.n)}</span>}
      </td>
      <td className="num">
        {formatKpiValue(k.unit, k.baseline.value)}
        {k.baseline.small && <span className="muted small"> n={formatInt(k.baseline.n)}</span>}
      </td>
      <td className={`num ${small ? '' : cls}`}>{formatKpiChange(k.unit, k.change)}</td>
    </tr>
  )
}

/** Impact in numbers, computed from the cohort's tickets; KPIs beside the baseline, definitions on hover. */
export function ImpactPanel({ impact }: { impact: EscalationImpact }) {
  const tiles = [
    { label: 'Tickets', value: formatInt(impact.tickets), test: 'tickets' },
    {
      label: 'Users',
      value: formatInt(impact.users),
      test: 'users',
      hint:
        impact.withoutRequester > 0
          ? `Distinct requesters; ${formatInt(impact.withoutRequester)} tickets have no requester and are not counted.`
          : 'Distinct requesters.',
    },
    { label: 'Still open', value: formatInt(impact.openTickets), test: 'open' },
    { label: 'Regions', value: formatInt(impact.regions.length), test: 'regions' },
    { label: 'Channels', value: formatInt(impact.channels.length), test: 'channels' },
    {
      label: 'Duration',
      value: impact.durationMinutes === null ? '—' : formatMinutes(impact.durationMinutes),
      test: 'duration',
      hint: 'From the first affected ticket to resolution (or to now while the escalation is live).',
    },
  ]
  return (
    <section className="esc-card" aria-labelledby="esc-impact" data-testid="esc-impact">
      <h2 id="esc-impact" className="esc-card-title">
        Impact
      </h2>
      <dl className="esc-tiles">
        {tiles.map((t) => (
          <div key={t.label} className="esc-tile" title={t.hint}>
            <dt className="muted small">{t.label}</dt>
            <dd data-testid={`esc-impact-${t.test}`}>{t.value}</dd>
          </div>
        ))}
      </dl>
      {impact.firstCreatedAt !== null && impact.lastCreatedAt !== null && (
        <p className="muted small">
          Tickets created from{' '}
          <time title={formatDateTimeFull(impact.firstCreatedAt)}>{formatDateTime(impact.firstCreatedAt)}</time> to{' '}
          <time title={formatDateTimeFull(impact.lastCreatedAt)}>{formatDateTime(impact.lastCreatedAt)}</time>.
        </p>
      )}
      <div className="esc-value-cols">
        <Values label="Regions" values={impact.regions} names={REGION_LABELS} none="No region" />
        <Values label="Channels" values={impact.channels} names={CHANNEL_LABELS} none="No channel" />
        <Values label="Case types" values={impact.caseTypes} names={CASE_TYPE_LABELS} none="No case type" />
      </div>
      {impact.tickets > 0 && (
        <>
          <table className="table esc-kpis" aria-label="KPIs of the cohort against the baseline">
            <thead>
              <tr>
                <th scope="col">KPI</th>
                <th scope="col" className="num">
                  Cohort
                </th>
                <th scope="col" className="num">
                  Baseline
                </th>
                <th scope="col" className="num">
                  Change
                </th>
              </tr>
            </thead>
            <tbody>
              {impact.kpis.map((k) => (
                <KpiRow key={k.key} k={k} />
              ))}
            </tbody>
          </table>
          <p className="muted small" data-testid="esc-baseline">
            Baseline: {impact.baseline.description} ({formatInt(impact.baseline.tickets)} tickets). Greyed rows rest on
            fewer than {DEFAULT_MIN_SAMPLE} tickets. Hover a KPI for its definition.
          </p>
        </>
      )}
    </section>
  )
}
