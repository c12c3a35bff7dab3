/** One KPI figure from a cell's summed rollups, through the dictionary's formulas (shared/kpis.ts). */
import {
  csatRate,
  escalationRate,
  netFlow,
  oneTouchRate,
  reopenRate,
  slaBreachRate,
  type DurationStats,
  type KpiKey,
  type Measured,
} from '../../shared/kpis'
import type { HourMeasure, MinuteMetric } from '../db/queries/metrics'

export interface CellData {
  t: Record<HourMeasure, number>
  durations: Partial<Record<MinuteMetric, DurationStats>>
  sla: { firstReply?: { met: number; breached: number }; resolution?: { met: number; breached: number } }
  /** Backlog at the end of the cell, where asked for. */
  backlog?: number
}

export type Stat = 'median' | 'p90' | 'mean'

export interface Figure extends Measured {
  p90?: number | null
  mean?: number | null
}

const count = (value: number): Figure => ({ value, n: Math.abs(value), small: false })

/** The duration metric behind a KPI, if any. */
export const DURATION_OF: Partial<Record<KpiKey, MinuteMetric>> = {
  frt: 'frt',
  firstResolution: 'firstResolution',
  fullResolution: 'fullResolution',
}

/** Mean from rollup sums when no histogram was read (the mean needs none). */
function meanFromSums(kpi: KpiKey, t: Record<HourMeasure, number>): { n: number; mean: number | null } {
  const [n, sum] =
    kpi === 'frt' ? [t.replied, t.frt_sum] : kpi === 'firstResolution' ? [t.fres_n, t.fres_sum] : [t.tres_n, t.tres_sum]
  return { n, mean: n > 0 ? sum / n : null }
}

export function figureOf(kpi: KpiKey, d: CellData, stat: Stat, minSample: number): Figure {
  const t = d.t
  switch (kpi) {
    case 'volume':
      return count(t.created)
    case 'solved':
      return count(t.solved)
    case 'netFlow':
      return count(netFlow(t.created, t.solved))
    case 'backlog':
      return count(d.backlog ?? 0)
    case 'csat':
      return csatRate(t.csat_good, t.csat_bad, minSample)
    case 'oneTouch':
      return oneTouchRate(t.one_touch, t.solved, minSample)
    case 'reopenRate':
      return reopenRate(t.reopened, t.solved, minSample)
    case 'escalationRate':
      return escalationRate(t.escalated, t.created, minSample)
    case 'slaFirstReply': {
      const s = d.sla.firstReply ?? { met: 0, breached: 0 }
      return slaBreachRate(s.met, s.breached, minSample)
    }
    case 'slaResolution': {
      const s = d.sla.resolution ?? { met: 0, breached: 0 }
      return slaBreachRate(s.met, s.breached, minSample)
    }
    case 'frt':
    case 'firstResolution':
    case 'fullResolution': {
      const stats = d.durations[DURATION_OF[kpi] as MinuteMetric]
      const { n, mean } = meanFromSums(kpi, t)
      if (!stats || stat === 'mean') return { value: mean, n, small: n < minSample, mean }
      return { value: stat === 'p90' ? stats.p90 : stats.median, n: stats.n, small: stats.small, p90: stats.p90, mean }
    }
  }
}
