/** KPI tiles as pure functions: the change against the previous period, its tone, and the sparkline's path. */
import type { BacklogAge, KpiTile } from '../../../shared/api/methods/metrics'
import { formatMinutes, KPIS } from '../../../shared/kpis'
import { formatInt } from '../../lib/format'

export interface TileChange {
  text: string
  tone: 'good' | 'bad' | 'neutral'
  /** For screen readers and the tooltip: "up 12% from 1,020 in the previous 28 days". */
  long: string
}

/**
 * Rates change in percentage points ("+2.1 pp"), counts and durations in percent of the previous value. No change is
 * shown when either side is missing or a small sample (a swing over a handful of tickets means nothing).
 */
export function tileChange(tile: KpiTile, previousLabel: string): TileChange | null {
  const info = KPIS[tile.key]
  const cur = tile.value
  const prev = tile.previous.value
  if (cur === null || prev === null) return null
  if (info.sampled && (tile.small || tile.previous.small)) return null
  const diff = cur - prev
  let text: string
  if (tile.key === 'netFlow') {
    // Net flow crosses zero: a percentage of it means nothing, the difference in tickets does.
    text = `${diff >= 0 ? '+' : '−'}${formatInt(Math.abs(diff))}`
  } else if (info.unit === 'percent') {
    text = `${diff >= 0 ? '+' : '−'}${Math.abs(diff).toFixed(1)} pp`
  } else if (prev === 0) {
    text = diff === 0 ? '±0' : `${diff > 0 ? '+' : '−'}${formatInt(Math.abs(diff))}`
  } else {
    const pct = (diff / Math.abs(prev)) * 100
    text = `${pct >= 0 ? '+' : '−'}${Math.abs(pct) < 10 ? Math.abs(pct).toFixed(1) : Math.round(Math.abs(pct))}%`
  }
  const direction = diff > 0 ? 'up' : diff < 0 ? 'down' : null
  const tone = direction === null || info.better === null ? 'neutral' : direction === info.better ? 'good' : 'bad'
  const long = direction === null ? `unchanged from ${previousLabel}` : `${direction} ${text} from ${previousLabel}`
  return { text, tone, long }
}

/** An SVG path through the values in a `width` × `height` box; gaps (null) break the line. Empty when flat-empty. */
export function sparkPath(values: readonly (number | null)[], width: number, height: number): string {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v))
  if (present.length === 0) return ''
  const min = Math.min(...present)
  const max = Math.max(...present)
  const span = max - min || 1
  const step = values.length > 1 ? width / (values.length - 1) : 0
  let d = ''
  let pen = false
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false
      return
    }
    const x = values.length > 1 ? i * step : width / 2
    const y = height - 1 - ((v - min) / span) * (height - 2)
    d += `${pen ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`
    pen = true
  })
  return d
}

/**
 * The open backlog's age for the backlog tile: "age p50 19 h · p90 2 d 7 h · 33% past target", and the sentence
 * behind it for the hover.
 */
export function backlogAgeText(a: BacklogAge): { short: string; long: string } {
  if (a.n === 0) return { short: 'no open tickets', long: 'No ticket is open now.' }
  const share =
    a.overTargetShare === null
      ? '—'
      : `${a.overTargetShare < 10 ? a.overTargetShare.toFixed(1) : Math.round(a.overTargetShare)}%`
  return {
    short: `age p50 ${formatMinutes(a.p50Minutes)} · p90 ${formatMinutes(a.p90Minutes)} · ${share} past target`,
    long:
      `Open now: ${formatInt(a.n)} tickets, half older than ${formatMinutes(a.p50Minutes)}, one in ten older than ` +
      `${formatMinutes(a.p90Minutes)}; ${formatInt(a.overTarget)} (${share}) are older than the resolution target ` +
      'of their priority, so they breach it whenever they are solved.',
  }
}
