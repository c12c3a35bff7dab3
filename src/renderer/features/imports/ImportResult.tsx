import type { ImportRunSummary } from '../../../shared/importMapping'
import { Icon } from '../../components/Icon'
import { formatDateTime, formatDateTimeFull, formatInt } from '../../lib/format'
import { useStore } from '../../store'
import type { ImportReport } from './importsSlice'

const STATE_LABELS: Record<ImportRunSummary['state'], string> = {
  running: 'Running',
  done: 'Done',
  cancelled: 'Cancelled',
  failed: 'Stopped',
}

/** What an import did: counts, and every rejected row with its line and reason (the first 200 here, all in the CSV). */
export function ImportResult({ report }: { report: ImportReport }) {
  const download = useStore((s) => s.downloadImportReport)
  const { run, rejects, total } = report
  const headline =
    run.state === 'done'
      ? `Imported ${run.fileName} into “${run.sourceName}”.`
      : run.state === 'cancelled'
        ? `The import of ${run.fileName} was cancelled. Rows counted below were saved; import the file again to finish.`
        : `The import of ${run.fileName} stopped: ${run.error ?? 'unknown error'}. Rows counted below were saved.`
  return (
    <section className="card" aria-labelledby="import-result-title" data-testid="import-result">
      <h2 id="import-result-title" className="card-title">
        {STATE_LABELS[run.state]}
      </h2>
      <p className="card-text">{headline}</p>
      <dl className="import-counts">
        <div>
          <dt>New</dt>
          <dd data-testid="import-inserted">{formatInt(run.inserted)}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd data-testid="import-updated">{formatInt(run.updated)}</dd>
        </div>
        <div>
          <dt>Unchanged</dt>
          <dd data-testid="import-unchanged">{formatInt(run.unchanged)}</dd>
        </div>
        <div className={run.rejected ? 'is-bad' : undefined}>
          <dt>Rejected</dt>
          <dd data-testid="import-rejected">{formatInt(run.rejected)}</dd>
        </div>
      </dl>
      {total > 0 && (
        <>
          <div className="import-rejects-head">
            <h3 className="import-subtitle">Rejected rows</h3>
            <button type="button" className="btn btn-sm" onClick={() => void download(run.id)}>
              <Icon name="download" size={14} /> Download report (CSV)
            </button>
          </div>
          <div className="import-preview-scroll">
            <table className="table import-rejects" data-testid="import-rejects">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Line
                  </th>
                  <th scope="col">Reason</th>
                  <th scope="col">Row as written</th>
                </tr>
              </thead>
              <tbody>
                {rejects.map((r, i) => (
                  <tr key={`${r.line}-${i}`}>
                    <td className="num">{r.line}</td>
                    <td>{r.reason}</td>
                    <td className="mono truncate import-excerpt" title={r.excerpt}>
                      {r.excerpt}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {total > rejects.length && (
            <p className="small muted">
              Showing the first {formatInt(rejects.length)} of {formatInt(total)}; the CSV holds every one.
            </p>
          )}
        </>
      )}
    </section>
  )
}

/** The workspace's recent imports, newest first. */
export function RecentImports() {
  const runs = useStore((s) => s.importRuns)
  const load = useStore((s) => s.loadImportReport)
  if (runs.length === 0) return null
  return (
    <section className="card" aria-labelledby="import-recent-title">
      <h2 id="import-recent-title" className="card-title">
        Recent imports
      </h2>
      <table className="table" data-testid="import-runs">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Source</th>
            <th scope="col">Started</th>
            <th scope="col">State</th>
            <th scope="col" className="num">
              New
            </th>
            <th scope="col" className="num">
              Updated
            </th>
            <th scope="col" className="num">
              Rejected
            </th>
            <th scope="col">
              <span className="visually-hidden">Report</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.slice(0, 10).map((r) => (
            <tr key={r.id}>
              <th scope="row" className="truncate">
                {r.fileName}
              </th>
              <td>{r.sourceName}</td>
              <td>
                <time title={formatDateTimeFull(r.startedAt)}>{formatDateTime(r.startedAt)}</time>
              </td>
              <td>{STATE_LABELS[r.state]}</td>
              <td className="num">{formatInt(r.inserted)}</td>
              <td className="num">{formatInt(r.updated)}</td>
              <td className="num">{formatInt(r.rejected)}</td>
              <td className="actions">
                <button type="button" className="btn btn-sm" onClick={() => void load(r.id)}>
                  View report
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
