/**
 * Backlog age (kpis.md: "show age p50/p90 and the share older than the SLA target") from the open-backlog rollup
 * (migration 14; `rows` as `backlogRows` reads them): every open ticket's creation minute by segment, so ages are exact to the minute and each ticket is
 * held to the resolution target of its own priority.
 */
import type { BacklogAge } from '../../shared/api/methods/metrics'
import { histogramFromMap, histogramQuantile, slaTargetFor, type SlaPolicy } from '../../shared/kpis'
import type { SegmentDictionary } from './aggregate'
import type { Scope } from './scope'

export function backlogAge(
  rows: readonly (readonly [number, number, number])[],
  segments: SegmentDictionary,
  scope: Pick<Scope, 'filter'>,
  policy: SlaPolicy,
  now: number,
): BacklogAge {
  segments.refresh()
  const allowed = scope.filter ? new Set(scope.filter.vals) : null
  const field = scope.filter?.field ?? null
  const nowMinute = Math.floor(now / 60_000)
  const ages = new Map<number, number>()
  const targets = new Map<string, number>()
  let n = 0
  let overTarget = 0
  for (const [seg, minute, count] of rows) {
    if (allowed && field && !allowed.has(segments.valueOf(seg, field))) continue
    // A ticket stamped in the future (a source's clock ahead of ours) is as young as a ticket can be.
    const age = Math.max(0, nowMinute - minute)
    ages.set(age, (ages.get(age) ?? 0) + count)
    n += count
    const priority = segments.valueOf(seg, 'priority')
    let target = targets.get(priority)
    if (target === undefined) {
      target = slaTargetFor(policy, priority === '' ? null : priority).resolutionMinutes
      targets.set(priority, target)
    }
    if (age > target) overTarget += count
  }
  const h = histogramFromMap(ages)
  return {
    asOf: now,
    n,
    p50Minutes: histogramQuantile(h, 0.5),
    p90Minutes: histogramQuantile(h, 0.9),
    overTarget,
    overTargetShare: n > 0 ? (overTarget / n) * 100 : null,
  }
}
