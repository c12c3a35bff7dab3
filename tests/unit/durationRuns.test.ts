/** Percentiles over sorted runs (the engine's blocks) equal percentiles over the same durations merged. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { durationStatsOfRuns } from '../../src/main/metrics/aggregate'
import { durationStatsOfValues } from '../../src/shared/kpis'

describe('duration statistics over sorted runs', () => {
  it('equal those over the merged values, for any runs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 50_000 }), { maxLength: 40 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 30 }),
        (lists, minSample) => {
          const runs = lists.map((l) => Int32Array.from(l).sort())
          const merged = Int32Array.from(lists.flat())
          const a = durationStatsOfRuns(runs, minSample)
          const b = durationStatsOfValues(merged, minSample)
          expect(a.n).toBe(b.n)
          expect(a.small).toBe(b.small)
          for (const k of ['median', 'p90', 'mean'] as const) {
            if (b[k] === null) expect(a[k]).toBeNull()
            else expect(a[k]).toBeCloseTo(b[k] as number, 9)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('interpolates between ranks: the median of 10, 20, 30, 40 is 25', () => {
    const s = durationStatsOfRuns([Int32Array.of(10, 40), Int32Array.of(20, 30)], 1)
    expect(s).toMatchObject({ median: 25, p90: 37, mean: 25, n: 4 })
  })
})
