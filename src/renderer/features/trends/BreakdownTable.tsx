import type { BreakdownRow, MetricsBreakdown } from '../../../shared/api/methods/metrics'
import { FILTER_LABELS } from '../../../shared/domain'
import { KPIS, type KpiKey } from '../../../shared/kpis'
import { formatInt } from '../../lib/format'
import { formatValue } from './trendsCharts'

const COLUMNS: KpiKey[] = [
  'volume',
  'solved',
  'backlog',
  'csat',
  'frt',
  'fullResolution',
  'oneTouch',
  'reopenRate',
  'slaFirstReply',
  'slaResolution',
  'escalationRate',
]

function Cell({ row, kpi }: { row: BreakdownRow; kpi: KpiKey }) {
  const info = KPIS[kpi]
  const m = row.values[kpi]
  const small = info.sampled && m.small
  return (
    <td
      className={`num${small ? ' is-small' : ''}`}
      title={info.sampled ? `${info.label}: n = ${formatInt(m.n)}${small ? ' (small sample)' : ''}` : undefined}
    >
      {formatValue(m.value, info.unit)}
      {small && m.value !== null && <span className="cell-n"> n={formatInt(m.n)}</span>}
    </td>
  )
}

/** Every KPI per value of the cut, largest volume first; a row opens its tickets in Cases. */
export function BreakdownTable({ data, onOpen }: { data: MetricsBreakdown; onOpen: (row: BreakdownRow) => void }) {
  const cut = FILTER_LABELS[data.groupBy]
  return (
    <section className="trend-card trend-breakdown" aria-label={`KPIs by ${cut}`} data-testid="breakdown">
      <header className="trend-card-head">
        <div>
          <h2 className="trend-card-title">KPIs by {cut.toLowerCase()}</h2>
          <p className="trend-card-sub">
            {data.period.from} to {data.period.to}, days in {data.timeZone}. Greyed figures rest on fewer than{' '}
            {formatInt(data.minSample)} tickets.
          </p>
        </div>
      </header>
      <div className="breakdown-scroll">
        <table className="breakdown-table">
          <thead>
            <tr>
              <th scope="col">{cut}</th>
              {COLUMNS.map((k) => (
                <th key={k} scope="col" className="num" title={KPIS[k].definition}>
                  {KPIS[k].label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={String(row.key)}>
                <th scope="row">
                  <button
                    type="button"
                    className="link-button"
                    title={`Open the ${row.name} tickets of this period in Cases`}
                    onClick={() => onOpen(row)}
                  >
                    {row.name}
                  </button>
                </th>
                {COLUMNS.map((k) => (
                  <Cell key={k} row={row} kpi={k} />
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{data.total.name}</th>
              {COLUMNS.map((k) => (
                <Cell key={k} row={data.total} kpi={k} />
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  )
}
