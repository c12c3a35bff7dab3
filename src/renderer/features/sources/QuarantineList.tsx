import { useEffect } from 'react'
import type { SourceSummary } from '../../../shared/api/methods/sources'
import { formatDateTime, formatDateTimeFull } from '../../lib/format'
import { useStore } from '../../store'

/** Records the connector could not read, with the reason: nothing is dropped silently. */
export function QuarantineList({ source }: { source: SourceSummary }) {
  const loaded = useStore((s) => (s.sourceQuarantine?.id === source.id ? s.sourceQuarantine.entries : null))
  const load = useStore((s) => s.loadSourceQuarantine)
  useEffect(() => {
    void load(source.id)
  }, [load, source.id, source.quarantined])

  if (!loaded) return <p className="muted">Loading…</p>
  if (loaded.length === 0)
    return <p className="muted">Nothing is in quarantine: every record this source sent could be read.</p>
  return (
    <div>
      <p className="muted small">
        These records were set aside and the rest of the sync went on. A record leaves the list when a readable version
        of it arrives.
      </p>
      <table className="table src-quarantine" data-testid="quarantine-list">
        <thead>
          <tr>
            <th scope="col">Record</th>
            <th scope="col">Why</th>
            <th scope="col">When</th>
            <th scope="col">As received</th>
          </tr>
        </thead>
        <tbody>
          {loaded.map((q) => (
            <tr key={q.id}>
              <th scope="row" className="mono">
                {q.externalId ?? '(no id)'}
              </th>
              <td>{q.reason}</td>
              <td>
                <time title={formatDateTimeFull(q.createdAt)}>{formatDateTime(q.createdAt)}</time>
              </td>
              <td>
                <details>
                  <summary>Show</summary>
                  <pre className="src-raw">{q.raw}</pre>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
