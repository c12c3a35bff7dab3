import { formatDateTimeFull } from '../../lib/format'
import type { PreviewRow } from './importsSlice'

const COLUMNS: { key: string; label: string; date?: boolean }[] = [
  { key: 'externalId', label: 'Ticket id' },
  { key: 'subject', label: 'Subject' },
  { key: 'status', label: 'Status' },
  { key: 'priority', label: 'Priority' },
  { key: 'channel', label: 'Channel' },
  { key: 'createdAt', label: 'Created', date: true },
  { key: 'solvedAt', label: 'Solved', date: true },
  { key: 'assignee', label: 'Assignee' },
  { key: 'tags', label: 'Tags' },
]

function show(value: unknown, date: boolean, timeZone: string): string {
  if (value === null || value === undefined || value === '') return '—'
  if (date && typeof value === 'number') return formatDateTimeFull(value, timeZone)
  if (Array.isArray(value)) return value.join(', ') || '—'
  return String(value)
}

/** The first rows as they would be imported (dates in the chosen zone), or why each would be rejected. */
export function MappingPreview({
  rows,
  error,
  timeZone,
}: {
  rows: PreviewRow[] | null
  error: string | null
  timeZone: string
}) {
  if (error)
    return (
      <p className="field-error" role="alert">
        {error}
      </p>
    )
  if (!rows) return <p className="muted">Preparing the preview…</p>
  if (rows.length === 0) return <p className="muted">The file has no rows to preview.</p>
  return (
    <div className="import-preview-scroll">
      <table className="table import-preview" data-testid="import-preview">
        <thead>
          <tr>
            <th scope="col" className="num">
              Line
            </th>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.line} className={row.error ? 'is-rejected' : undefined}>
              <td className="num">{row.line}</td>
              {row.ticket ? (
                COLUMNS.map((c) => (
                  <td key={c.key} className="truncate">
                    {show(row.ticket?.[c.key], c.date ?? false, timeZone)}
                  </td>
                ))
              ) : (
                <td colSpan={COLUMNS.length} className="text-bad">
                  Rejected: {row.error}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
