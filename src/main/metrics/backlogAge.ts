/**
 * Backlog age (kpis.md: "show age p50/p90 and the share older than the SLA target") from the open-backlog rollup
 * (migration 14): every open ticket's creation minute, so ages are exact to the minute and each ticket is held to the
 * resolution target of its own priority.
 */
import type { BacklogAge } from '../../shared/api/methods/metrics'
import { slaTargetFor, SLA_PRIORITIES, type SlaPolicy } from '../../shared/kpis'
import type { RollupDim } from '../db/queries/metrics'
import { countBelow, valueAtRank, type SegmentDictionary } from './aggregate'
import type { Scope } from './scope'

/** Per value of a field: open tickets' creation minutes, sorted, in five runs by priority (urgent … low, other). */
export type OpenMinutes = Map<string, Int32Array[]>

const PRIORITY_RUNS = [...SLA_PRIORITIES, null] as const

/** The open backlog's rows grouped by a field's values, once per state of the rollups (the engine keeps them). */
export function openMinutesBy(
  rows: readonly (readonly [number, number, number])[],
  segments: SegmentDictionary,
  dim: RollupDim,
): OpenMinutes {
  segments.refresh()
  const lists = new Map<string, number[][]>()
  for (const [seg, minute, count] of rows) {
    const v = segments.valueOf(seg, dim)
    let runs = lists.get(v)
    if (!runs) lists.set(v, (runs = PRIORITY_RUNS.map(() => [])))
    const run = runs[segments.priorityRun(seg)] as number[]
    for (let i = 0; i < count; i++) run.push(minute)
  }
  const out: OpenMinutes = new Map()
  for (const [v, runs] of lists)
    out.set(
      v,
      runs.map((r) => Int32Array.from(r).sort()),
    )
  return out
}

/**
 * Ages now of the open tickets in scope: exact p50 and p90 (interpolated between ranks as every duration is), and
 * how many are older than their priority's resolution target. A ticket stamped in the future (a source's clock
 * ahead of ours) is as young as a ticket can be.
 */
export function backlogAge(
  open: OpenMinutes,
  scope: Pick<Scope, 'filter'>,
  policy: SlaPolicy,
  now: number,
): BacklogAge {
  const nowMinute = Math.floor(now / 60_000)
  const vals = scope.filter ? scope.filter.vals : [...open.keys()]
  const runs: Int32Array[] = []
  const targets: number[] = []
  let lo = Infinity
  let hi = -Infinity
  let n = 0
  let overTarget = 0
  for (const v of vals) {
    const byPriority = open.get(v)
    if (!byPriority) continue
    byPriority.forEach((run, p) => {
      if (run.length === 0) return
      runs.push(run)
      const target = slaTargetFor(policy, PRIORITY_RUNS[p] ?? null).resolutionMinutes
      targets.push(target)
      n += run.length
      lo = Math.min(lo, run[0] as number)
      hi = Math.max(hi, run[run.length - 1] as number)
      // Older than the target: created before now − target.
      overTarget += countBelow(run, nowMinute - target)
    })
  }
  const ageAt = (q: number): number | null => {
    if (n === 0) return null
    // Ages ascending are creation minutes descending: age rank j is minute rank n − 1 − j.
    const age = (j: number) => Math.max(0, nowMinute - valueAtRank(runs, n - 1 - j, lo, hi))
    const pos = q * (n - 1)
    const k = Math.floor(pos)
    const a = age(k)
    return pos === k ? a : a + (age(k + 1) - a) * (pos - k)
  }
  return {
    asOf: now,
    n,
    p50Minutes: ageAt(0.5),
    p90Minutes: ageAt(0.9),
    overTarget,
    overTargetShare: n > 0 ? (overTarget / n) * 100 : null,
  }
}
