/** Tickets created by local weekday × hour of day, from per-UTC-hour counts. */
import { localBuckets, zoneOffsetMs } from '../../shared/time'
import { HOUR_MS, type Period } from './scope'

/**
 * Each UTC hour of the period lands on the local weekday and clock hour of its middle. The zone's offset is looked up
 * once per local day, and per hour only on days whose offset changes (daylight saving), so a year costs a few
 * hundred Intl calls, not thousands.
 */
export function localHeatmap(
  p: Period,
  created: Float64Array,
  timeZone: string,
): { cells: [number, number, number][]; max: number } {
  const grid = new Float64Array(7 * 24)
  const { labels, starts, end } = localBuckets(p.start, p.end, 'day', timeZone)
  for (let d = 0; d < labels.length; d++) {
    const label = labels[d] as string
    const dayStart = starts[d] as number
    const dayEnd = d + 1 < starts.length ? (starts[d + 1] as number) : end
    const weekday = (new Date(`${label}T00:00:00Z`).getUTCDay() + 6) % 7
    const steady = zoneOffsetMs(dayStart, timeZone) === zoneOffsetMs(dayEnd - 1, timeZone)
    const offset = zoneOffsetMs(dayStart, timeZone)
    const dayUtcMidnight = Date.parse(`${label}T00:00:00Z`)
    for (let h = Math.ceil((dayStart - HOUR_MS / 2) / HOUR_MS); h * HOUR_MS + HOUR_MS / 2 < dayEnd; h++) {
      const i = h - p.fromHour
      if (i < 0 || i >= created.length) continue
      const mid = h * HOUR_MS + HOUR_MS / 2
      const local = mid + (steady ? offset : zoneOffsetMs(mid, timeZone))
      const hourOfDay = Math.min(23, Math.max(0, Math.floor((local - dayUtcMidnight) / HOUR_MS)))
      grid[weekday * 24 + hourOfDay] = (grid[weekday * 24 + hourOfDay] as number) + (created[i] as number)
    }
  }
  const cells: [number, number, number][] = []
  let max = 0
  for (let w = 0; w < 7; w++) {
    for (let h = 0; h < 24; h++) {
      const v = grid[w * 24 + h] as number
      cells.push([w, h, v])
      if (v > max) max = v
    }
  }
  return { cells, max }
}
