import type { MetricsTiles } from '../../../shared/api/methods/metrics'
import { KPIS } from '../../../shared/kpis'
import { formatInt } from '../../lib/format'
import { backlogAgeText } from './tileModel'
import { formatValue } from './trendsCharts'
import { sparkPath, tileChange } from './tileModel'

const SPARK_W = 120
const SPARK_H = 28

/** KPI tiles: the period's figure, its change against the previous period, a daily sparkline, the sample size. */
export function KpiTiles({ data }: { data: MetricsTiles }) {
  const previousLabel = `the previous ${data.days.length} days`
  return (
    <ul className="kpi-tiles" aria-label="Key figures" data-testid="kpi-tiles">
      {data.tiles.map((tile) => {
        const info = KPIS[tile.key]
        const change = tileChange(tile, previousLabel)
        const path = sparkPath(tile.spark, SPARK_W, SPARK_H)
        const age = tile.key === 'backlog' && data.backlogAge ? backlogAgeText(data.backlogAge) : null
        const detail =
          tile.p90 !== undefined
            ? `p90 ${formatValue(tile.p90, 'minutes')} · mean ${formatValue(tile.mean, 'minutes')}`
            : (age?.short ?? null)
        return (
          <li
            key={tile.key}
            className={`kpi-tile${tile.small && info.sampled ? ' is-small' : ''}`}
            title={age ? `${info.definition} ${age.long}` : info.definition}
            data-testid={`kpi-${tile.key}`}
          >
            <span className="kpi-label">{info.label}</span>
            <span className="kpi-value">{formatValue(tile.value, info.unit)}</span>
            <span className="kpi-meta">
              {change ? (
                <span className={`kpi-change tone-${change.tone}`} aria-label={change.long}>
                  {change.text}
                </span>
              ) : (
                <span className="kpi-change tone-neutral">vs {formatValue(tile.previous.value, info.unit)}</span>
              )}
              {info.sampled && (
                <span className="kpi-n">
                  n = {formatInt(tile.n)}
                  {tile.small ? ' · small sample' : ''}
                </span>
              )}
            </span>
            {detail && <span className="kpi-detail">{detail}</span>}
            <svg className="kpi-spark" width={SPARK_W} height={SPARK_H} aria-hidden="true">
              {path && <path d={path} />}
            </svg>
          </li>
        )
      })}
    </ul>
  )
}
