/**
 * The series behind one alert: its KPI over a trailing window every few hours, beside the baseline the detector used
 * (median of the same hours in earlier weeks) and its spread. Read from the rollups of that one segment.
 */
import type { AlertChartPoint } from '../../shared/api/methods/alerts'
import type { Db } from '../db/connection'
import { segmentRows } from '../db/queries/alerts'
import {
  DEFAULT_DETECT,
  median,
  robustCenter,
  SegmentSeries,
  W,
  WEEK_HOURS,
  windowValue,
  type AlertKpi,
  type DetectConfig,
} from './detect'
import { HOUR_MS } from './evaluate'
import type { Segment } from './segments'

const MAX_POINTS = 240

export function alertChart(
  db: Db,
  args: { segment: Segment; kpi: AlertKpi; windowHours: number; fromHour: number; toHour: number; dataFrom: number },
  config: DetectConfig = DEFAULT_DETECT,
): AlertChartPoint[] {
  const { fromHour, toHour, windowHours } = args
  const loadFrom = fromHour - windowHours - config.weeks * WEEK_HOURS
  const H = toHour - loadFrom
  const data = new Float64Array(H * W)
  for (const row of segmentRows(db, args.segment, loadFrom, toHour)) {
    const base = ((row[0] as number) - loadFrom) * W
    for (let m = 0; m < W; m++) data[base + m] = row[m + 1] as number
  }
  const series = new SegmentSeries(loadFrom, H, data, args.dataFrom)
  const step = Math.max(1, Math.ceil((toHour - fromHour) / MAX_POINTS))
  const points: AlertChartPoint[] = []
  for (let T = fromHour; T <= toHour; T += step) {
    const start = T - windowHours
    const observed = series.covers(start) ? windowValue(series, args.kpi, start, T, config.minSample) : null
    const weeks: number[] = []
    for (let k = 1; k <= config.weeks; k++) {
      const a = start - k * WEEK_HOURS
      if (!series.covers(a)) break
      const v = windowValue(series, args.kpi, a, T - k * WEEK_HOURS, config.minSample)
      if (v !== null) weeks.push(v)
    }
    const expected = weeks.length >= config.minWeeks ? median(weeks) : null
    const spread = expected === null ? null : robustCenter(weeks).spread
    points.push({
      at: T * HOUR_MS,
      observed,
      expected,
      low: expected === null || spread === null ? null : Math.max(0, expected - spread),
      high: expected === null || spread === null ? null : expected + spread,
    })
  }
  return points
}
