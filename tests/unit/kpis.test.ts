import { describe, expect, it } from 'vitest'
import {
  csatRate,
  DEFAULT_SLA_POLICY,
  durationStats,
  formatMinutes,
  histogramFromMap,
  histogramQuantile,
  isGoodRating,
  KPI_KEYS,
  kpiDictionaryText,
  KPIS,
  netFlow,
  oneTouchRate,
  percentRate,
  slaBreachRate,
  slaTargetFor,
  splitAtTarget,
} from '../../src/shared/kpis'

const hist = (values: number[]) => {
  const m = new Map<number, number>()
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1)
  return histogramFromMap(m)
}

describe('the metric dictionary', () => {
  it('defines every KPI once, with the spec sentence shown on hover and printed in exports', () => {
    expect(Object.keys(KPIS).sort()).toEqual([...KPI_KEYS].sort())
    for (const key of KPI_KEYS) expect(KPIS[key].definition.length).toBeGreaterThan(30)
    expect(KPIS.csat.definition).toContain('good ÷ (good + bad) × 100')
    expect(KPIS.csat.definition).toContain('unrated tickets are excluded')
    expect(kpiDictionaryText().split('\n')).toHaveLength(KPI_KEYS.length)
  })
})

describe('rates', () => {
  it('counts CSAT as good over good + bad, with 4 and 5 good', () => {
    expect([1, 2, 3, 4, 5].map(isGoodRating)).toEqual([false, false, false, true, true])
    expect(csatRate(30, 10)).toEqual({ value: 75, n: 40, small: false })
    expect(csatRate(0, 0)).toEqual({ value: null, n: 0, small: true })
  })

  it('marks rates over fewer tickets than the minimum as small samples, keeping the count', () => {
    expect(percentRate(3, 19)).toMatchObject({ n: 19, small: true })
    expect(percentRate(3, 20)).toMatchObject({ n: 20, small: false })
    expect(percentRate(1, 4, 5)).toMatchObject({ value: 25, small: true })
    expect(oneTouchRate(5, 10, 10)).toEqual({ value: 50, n: 10, small: false })
    expect(slaBreachRate(90, 10)).toEqual({ value: 10, n: 100, small: false })
    expect(netFlow(120, 100)).toBe(20)
  })
})

describe('exact percentiles over minute histograms', () => {
  it('interpolates between the closest ranks (median of an even count is the mean of the middle two)', () => {
    expect(histogramQuantile(hist([10, 20, 30, 40]), 0.5)).toBe(25)
    expect(histogramQuantile(hist([10, 20, 30]), 0.5)).toBe(20)
    expect(histogramQuantile(hist([5]), 0.9)).toBe(5)
    expect(histogramQuantile(hist([]), 0.5)).toBeNull()
  })

  it('matches a sort of the raw values, ties included', () => {
    const values = [1, 1, 1, 2, 3, 3, 8, 13, 21, 21, 400, 7, 7, 7, 7, 0]
    const sorted = [...values].sort((a, b) => a - b)
    const ref = (q: number) => {
      const pos = q * (sorted.length - 1)
      const lo = Math.floor(pos)
      const hi = Math.ceil(pos)
      return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo)
    }
    const stats = durationStats(hist(values))
    expect(stats.median).toBe(ref(0.5))
    expect(stats.p90).toBeCloseTo(ref(0.9), 10)
    expect(stats.mean).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 10)
    expect(stats).toMatchObject({ n: 16, small: true })
  })

  it('splits at an SLA target: exactly on target is met', () => {
    expect(splitAtTarget(hist([59, 60, 61, 200]), 60)).toEqual({ met: 2, breached: 2 })
  })
})

describe('SLA policy', () => {
  it('holds tickets without a known priority to the normal targets', () => {
    expect(slaTargetFor(DEFAULT_SLA_POLICY, 'urgent')).toEqual({ firstReplyMinutes: 60, resolutionMinutes: 480 })
    expect(slaTargetFor(DEFAULT_SLA_POLICY, null)).toEqual(DEFAULT_SLA_POLICY.normal)
    expect(slaTargetFor(DEFAULT_SLA_POLICY, 'p1')).toEqual(DEFAULT_SLA_POLICY.normal)
  })

  it('formats calendar minutes for labels', () => {
    expect(formatMinutes(45)).toBe('45 min')
    expect(formatMinutes(240)).toBe('4 h')
    expect(formatMinutes(250)).toBe('4 h 10 min')
    expect(formatMinutes(3000)).toBe('2 d 2 h')
    expect(formatMinutes(null)).toBe('—')
  })
})

describe('exact statistics of raw durations by selection', () => {
  it('agree with a sort for many random multisets', async () => {
    const { durationStatsOfValues } = await import('../../src/shared/kpis')
    let seed = 7
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(rand() * 300)
      const values = Int32Array.from({ length: n }, () => Math.floor(rand() * (round % 3 === 0 ? 5 : 10_000)))
      const sorted = [...values].sort((a, b) => a - b)
      const ref = (q: number) => {
        const pos = q * (n - 1)
        const lo = Math.floor(pos)
        const hi = Math.min(n - 1, lo + 1)
        return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo)
      }
      const stats = durationStatsOfValues(values)
      expect(stats.median).toBeCloseTo(ref(0.5), 9)
      expect(stats.p90).toBeCloseTo(ref(0.9), 9)
      expect(stats.n).toBe(n)
    }
  })
})
