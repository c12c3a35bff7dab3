/** Words and numbers of an alert as the inbox shows them. Pure. */
import type { AlertSummary } from '../../../shared/api/methods/alerts'
import { formatValue } from '../trends/trendsCharts'

export const SEVERITY_LABEL = { high: 'High', medium: 'Medium', low: 'Low' } as const

/** "412 vs usually 96 (+329 %)" in the KPI's unit. */
export function describeMove(a: Pick<AlertSummary, 'observed' | 'expected' | 'unit'>): string {
  const obs = formatValue(a.observed, a.unit)
  const exp = formatValue(a.expected, a.unit)
  if (a.unit === 'percent') {
    const d = a.observed - a.expected
    return `${obs} vs usually ${exp} (${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(1)} points)`
  }
  if (a.expected <= 0) return `${obs} vs usually none`
  const pct = Math.round((a.observed / a.expected - 1) * 100)
  return `${obs} vs usually ${exp} (${pct >= 0 ? '+' : '−'}${Math.abs(pct)} %)`
}

/** "24 h" / "3 days" / "1 week". */
export function windowLabel(hours: number): string {
  if (hours === 168) return '1 week'
  if (hours % 24 === 0) return hours === 24 ? '1 day' : `${hours / 24} days`
  return `${hours} h`
}

/** How long it has been going on, from its start to its last sighting. */
export function durationLabel(startedAt: number, lastSeenAt: number): string {
  const hours = Math.max(1, Math.round((lastSeenAt - startedAt) / 3_600_000))
  if (hours < 48) return `${hours} h`
  return `${Math.round(hours / 24)} days`
}
