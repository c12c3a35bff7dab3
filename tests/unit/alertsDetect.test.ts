/**
 * Alert detection on synthetic hourly series with a known shape: a daily and weekly rhythm (the seasonal baseline must
 * absorb it), Poisson-like noise from a fixed seed, and injected spikes, drops and level shifts at known hours.
 */
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_DETECT,
  detectSegment,
  median,
  robustCenter,
  SegmentSeries,
  trimmedMean,
  W,
  WEEK_HOURS,
  type Anomaly,
} from '../../src/main/alerts/detect'
import { severityOf } from '../../src/main/alerts/severity'
import { ALERT_MEASURES } from '../../src/main/db/queries/alerts'
import { poisson, rng } from '../helpers/tickets'

const IDX = Object.fromEntries(ALERT_MEASURES.map((m, i) => [m, i])) as Record<(typeof ALERT_MEASURES)[number], number>
const WEEKS = 10
const HOURS = WEEKS * WEEK_HOURS
const FROM = 500_000 // an epoch hour on a Monday-ish boundary; only differences matter

/** Tickets per hour: busy afternoons, quiet nights, weekends at 60 %. */
function seasonal(h: number, level: number): number {
  const hourOfDay = h % 24
  const day = Math.floor(h / 24) % 7
  const daily = 0.4 + 1.2 * Math.exp(-((hourOfDay - 15) ** 2) / 18)
  return level * daily * (day >= 5 ? 0.6 : 1)
}

interface Shape {
  level: number
  /** Multiplier of the volume at hour offset h (default 1). */
  factor?: (h: number) => number
  /** Mean first-reply minutes at hour offset h (default 120). */
  frt?: (h: number) => number
  seed?: number
}

function series(shape: Shape): SegmentSeries {
  const r = rng(shape.seed ?? 7)
  const data = new Float64Array(HOURS * W)
  for (let h = 0; h < HOURS; h++) {
    const created = poisson(r, seasonal(h, shape.level) * (shape.factor?.(h) ?? 1))
    const frtMean = shape.frt?.(h) ?? 120
    let frtSum = 0
    for (let i = 0; i < created; i++) frtSum += Math.round(-Math.log(1 - r()) * frtMean)
    const base = h * W
    data[base + IDX.created] = created
    data[base + IDX.replied] = created
    data[base + IDX.frt_sum] = frtSum
    data[base + IDX.solved] = created
    data[base + IDX.reopened] = Math.round(created * 0.1)
  }
  return new SegmentSeries(FROM, HOURS, data)
}

/** Evaluate the last three weeks (the first seven give the baseline). */
const detect = (s: SegmentSeries): Anomaly[] => detectSegment(s, FROM + 7 * WEEK_HOURS, FROM + HOURS, DEFAULT_DETECT)
const at = (weekHour: number) => FROM + weekHour
const SPIKE_AT = 8 * WEEK_HOURS + 2 * 24 + 10

describe('seasonal spike and drop detection', () => {
  it('raises nothing on a strongly seasonal series without incidents', () => {
    for (const seed of [1, 2, 3]) {
      const found = detect(series({ level: 6, seed }))
      expect(found.filter((a) => a.kpi === 'volume')).toEqual([])
    }
  })

  it('finds a 4× surge within hours of its start, and not before it', () => {
    const s = series({ level: 4, factor: (h) => (h >= SPIKE_AT && h < SPIKE_AT + 30 ? 4 : 1) })
    const spikes = detect(s).filter((a) => a.kpi === 'volume' && a.direction === 'spike')
    expect(spikes.length).toBeGreaterThan(0)
    const first = spikes[0] as Anomaly
    expect(first.hour).toBeGreaterThan(at(SPIKE_AT))
    expect(first.hour - at(SPIKE_AT)).toBeLessThanOrEqual(12)
    expect(first.observed).toBeGreaterThan(2 * first.expected)
    // Nothing after the surge has long passed.
    expect(spikes.every((a) => a.hour <= at(SPIKE_AT + 30 + 7 * 24))).toBe(true)
  })

  it('finds a drop (an intake channel going quiet)', () => {
    const s = series({ level: 8, factor: (h) => (h >= SPIKE_AT && h < SPIKE_AT + 24 ? 0.1 : 1) })
    const drops = detect(s).filter((a) => a.kpi === 'volume' && a.direction === 'drop')
    expect(drops.length).toBeGreaterThan(0)
    expect((drops[0] as Anomaly).hour - at(SPIKE_AT)).toBeLessThanOrEqual(12)
    expect(detect(s).some((a) => a.kpi === 'volume' && a.direction === 'spike')).toBe(false)
  })

  it('treats a level shift as an anomaly that lasts until the baseline weeks have absorbed it', () => {
    const shift = 7 * WEEK_HOURS
    const s = series({ level: 5, factor: (h) => (h >= shift ? 2.2 : 1) })
    const spikes = detectSegment(s, FROM + shift, FROM + HOURS, DEFAULT_DETECT).filter(
      (a) => a.kpi === 'volume' && a.direction === 'spike',
    )
    expect(spikes.length).toBeGreaterThan(0)
    expect((spikes[0] as Anomaly).hour - (FROM + shift)).toBeLessThanOrEqual(24)
    // With six baseline weeks, once four of them hold the new level the median has moved: no alerts by then.
    const late = spikes.filter((a) => a.hour >= FROM + shift + 4 * WEEK_HOURS + 24 * 7)
    expect(late).toEqual([])
  })

  it('detects a doubled first response time, a KPI with enough tickets', () => {
    const s = series({ level: 6, frt: (h) => (h >= SPIKE_AT && h < SPIKE_AT + 72 ? 360 : 120) })
    const frt = detect(s).filter((a) => a.kpi === 'frt' && a.direction === 'spike')
    expect(frt.length).toBeGreaterThan(0)
    expect(frt[0]?.observed).toBeGreaterThan(1.5 * (frt[0]?.expected ?? Infinity))
  })

  it('never alerts on a rate or duration over fewer tickets than the minimum sample', () => {
    // About 3 tickets a day: a 3× slower reply is invisible below 20 tickets in a window of a day.
    const s = series({ level: 0.15, frt: (h) => (h >= SPIKE_AT ? 1200 : 120) })
    const found = detectSegment(s, FROM + 7 * WEEK_HOURS, FROM + HOURS, {
      ...DEFAULT_DETECT,
      windows: [{ hours: 24, step: 1 }],
    })
    expect(found.filter((a) => a.kpi !== 'volume' && a.kpi !== 'solved')).toEqual([])
    expect(found.filter((a) => a.kpi === 'frt')).toEqual([])
  })

  it('judges each hour against the same hour of earlier weeks, not the hour before', () => {
    // Every Monday 09:00–12:00 is four times busier than the rest: seasonal, so never an alert.
    const weekly = series({ level: 5, factor: (h) => (h % WEEK_HOURS >= 9 && h % WEEK_HOURS < 12 ? 4 : 1) })
    expect(detect(weekly).filter((a) => a.kpi === 'volume')).toEqual([])
  })
})

describe('robust statistics and severity', () => {
  it('median, MAD and the trimmed mean shrug off one incident week', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(robustCenter([10, 11, 9, 10, 200])).toEqual({ center: 10, spread: 1.4826 })
    expect(trimmedMean([1, 2, 3, 100])).toBe(2)
  })

  it('grades severity by size and duration', () => {
    expect(severityOf({ kpi: 'volume', z: 9, observed: 40, expected: 10, hours: 12 })).toBe('high')
    // As large, but only just seen: not high yet.
    expect(severityOf({ kpi: 'volume', z: 9, observed: 40, expected: 10, hours: 0 })).toBe('medium')
    // Unlikely but small (+20 %): low.
    expect(severityOf({ kpi: 'volume', z: 4.5, observed: 120, expected: 100, hours: 30 })).toBe('low')
  })
})
