import { valueLabel } from '../../shared/domain'

/** A small coloured label for a status or priority; colours come from CSS (`pill-status-open`, …) per theme. */
export function Pill({ field, value }: { field: 'status' | 'priority'; value: string | null }) {
  if (value === null) return <span className="cell-muted">—</span>
  const safe = value.replace(/[^a-z0-9_-]/gi, '')
  return <span className={`pill pill-${field} pill-${field}-${safe}`}>{valueLabel(field, value)}</span>
}
