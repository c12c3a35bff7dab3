import { useCallback, useEffect, useState } from 'react'
import { AUDIT_ACTION_GROUPS, type AuditEntry } from '../../../shared/api/methods/security'
import { call } from '../../api/client'
import { analystMessage } from '../../lib/errors'
import { formatDateTime, formatDateTimeFull, formatInt, zoneLabel } from '../../lib/format'
import { useStore } from '../../store'
import { downloadText } from './download'
import { actionLabel, detailLine } from './settingsModel'

const PAGE = 100

/**
 * The audit log: who exported what, who revealed which sensitive ticket, which sources synced, backups and purges.
 * Newest first, filtered by kind, exported whole for a security review.
 */
export function AuditCard({ changes }: { changes: number }) {
  const workspaceId = useStore((s) => s.info?.workspace?.id ?? null)
  const notify = useStore((s) => s.notify)
  const [group, setGroup] = useState('')
  const [entries, setEntries] = useState<AuditEntry[] | null>(null)
  const [total, setTotal] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const [exporting, setExporting] = useState(false)

  const actions = group ? [group] : undefined
  const load = useCallback(
    (more: AuditEntry[] = []) =>
      call('audit.list', { actions: group ? [group] : undefined, limit: PAGE, beforeId: more.at(-1)?.id }).then(
        (page) => {
          setEntries([...more, ...page.entries])
          setTotal(page.total)
          setError(null)
        },
        (err: unknown) => setError(analystMessage(err, 'read the audit log')),
      ),
    [group],
  )
  useEffect(() => {
    if (workspaceId) void load()
  }, [load, workspaceId, changes])

  const exportLog = async (format: 'csv' | 'json') => {
    setExporting(true)
    try {
      const file = await call('audit.export', { format, actions })
      downloadText(file.fileName, file.content, format === 'csv' ? 'text/csv' : 'application/json')
      notify('info', `Exported ${formatInt(file.entries)} audit entries to ${file.fileName}.`)
      await load()
    } catch (err) {
      setError(analystMessage(err, 'export the audit log'))
    } finally {
      setExporting(false)
    }
  }

  return (
    <section className="card st-card st-audit" aria-labelledby="st-audit-title" data-testid="st-audit">
      <div className="st-card-head">
        <h2 id="st-audit-title" className="card-title">
          Audit log
        </h2>
        {workspaceId && (
          <div className="st-head-actions">
            <button
              type="button"
              className="btn"
              onClick={() => void exportLog('csv')}
              disabled={exporting}
              data-testid="st-audit-csv"
            >
              Export CSV
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => void exportLog('json')}
              disabled={exporting}
              data-testid="st-audit-json"
            >
              Export JSON
            </button>
          </div>
        )}
      </div>
      <p className="card-text">
        Every export, every reveal of a sensitive ticket, every source sync, backup, restore and purge in this
        workspace, with who did it. It records what was done, never ticket text, and stays on this computer unless you
        export it for a security review.
      </p>
      {!workspaceId ? (
        <p className="muted">Open a workspace to see its audit log.</p>
      ) : (
        <>
          <div className="st-filter">
            <label htmlFor="st-audit-kind">Show</label>
            <select
              id="st-audit-kind"
              className="input"
              value={group}
              onChange={(e) => setGroup(e.target.value)}
              data-testid="st-audit-kind"
            >
              <option value="">Everything</option>
              {AUDIT_ACTION_GROUPS.map((g) => (
                <option key={g.key} value={g.key}>
                  {g.label}
                </option>
              ))}
            </select>
            <span className="muted" data-testid="st-audit-total">
              {formatInt(total)} {total === 1 ? 'entry' : 'entries'} · times in {zoneLabel()}
            </span>
          </div>
          {error && (
            <p className="st-error" role="alert">
              {error}
            </p>
          )}
          {entries === null ? (
            <p className="muted">Loading the audit log…</p>
          ) : entries.length === 0 ? (
            <p className="muted" data-testid="st-audit-empty">
              Nothing recorded yet{group ? ' of this kind' : ''}. Exports, reveals and syncs will appear here.
            </p>
          ) : (
            <div className="st-table-wrap">
              <table className="table st-table" data-testid="st-audit-list">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">What</th>
                    <th scope="col">Of</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.id} data-testid="st-audit-row" data-action={e.action}>
                      <td className="st-nowrap" title={formatDateTimeFull(e.at)}>
                        {formatDateTime(e.at)}
                      </td>
                      <td className="st-nowrap">{e.actor}</td>
                      <td className="st-nowrap">{actionLabel(e.action)}</td>
                      <td className="st-target">{e.target}</td>
                      <td className="muted st-detail">{detailLine(e)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {entries && entries.length < total && (
            <button type="button" className="btn" onClick={() => void load(entries)} data-testid="st-audit-more">
              Show {formatInt(Math.min(PAGE, total - entries.length))} older
            </button>
          )}
        </>
      )}
    </section>
  )
}
