import { useCallback, useEffect, useState, type FormEvent } from 'react'
import type { BackupInfo, BackupList } from '../../../shared/api/methods/security'
import { call } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { analystMessage } from '../../lib/errors'
import { formatDateTime, formatDateTimeFull, formatInt } from '../../lib/format'
import { useStore } from '../../store'
import { formatBytes, kindLabel, parseKeepDays } from './settingsModel'

/**
 * Backups of the open workspace (or of the one that could not be opened), back up now, restore, and the daily
 * backup settings. State is local: nothing else in the app reads it, and it is re-read from main on every visit.
 */
/** `changes` rises after a change made elsewhere on the page (a purge rewrites the backups), so the list reloads. */
export function BackupsCard({ onChanged, changes }: { onChanged: () => void; changes: number }) {
  const workspaceId = useStore((s) => s.info?.workspace?.id ?? null)
  const loadInfo = useStore((s) => s.loadInfo)
  const notify = useStore((s) => s.notify)
  const [list, setList] = useState<BackupList | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<'backup' | 'restore' | 'settings' | null>(null)
  const [restoring, setRestoring] = useState<BackupInfo | null>(null)
  const [keepText, setKeepText] = useState('')
  // Whose backups are listed: the open workspace (null) or another one chosen below, e.g. one set aside as damaged.
  const [other, setOther] = useState<string | null>(null)

  const load = useCallback(
    () =>
      call('backup.list', other ? { workspaceId: other } : {}).then(
        (l) => {
          setList(l)
          setKeepText(String(l.settings.keepDays))
          setError(null)
        },
        (err: unknown) => setError(analystMessage(err, 'list the backups')),
      ),
    [other],
  )
  useEffect(() => {
    void load()
  }, [load, workspaceId, changes])

  const backupNow = async () => {
    setBusy('backup')
    try {
      const b = await call('backup.create', {})
      notify('info', `Backed up: ${formatInt(b.tickets ?? 0)} tickets, ${formatBytes(b.bytes)}.`)
      await load()
      onChanged()
    } catch (err) {
      setError(analystMessage(err, 'back up the workspace'))
    } finally {
      setBusy(null)
    }
  }

  const restore = async (b: BackupInfo) => {
    setBusy('restore')
    try {
      const r = await call('backup.restore', { workspaceId: b.workspaceId, name: b.name })
      setRestoring(null)
      setOther(null)
      notify(
        'info',
        `Restored ${r.workspace.name} as of ${formatDateTimeFull(b.createdAt)}.` +
          (r.setAside ? ' The file it replaced was kept beside it, not deleted.' : ''),
      )
      await loadInfo()
      await load()
      onChanged()
    } catch (err) {
      setRestoring(null)
      setError(analystMessage(err, 'restore the backup'))
    } finally {
      setBusy(null)
    }
  }

  const saveSettings = async (change: { autoDaily?: boolean; keepDays?: number }) => {
    setBusy('settings')
    try {
      const settings = await call('backup.setSettings', change)
      setList((l) => (l ? { ...l, settings } : l))
      setKeepText(String(settings.keepDays))
      setError(null)
    } catch (err) {
      setError(analystMessage(err, 'save the backup settings'))
    } finally {
      setBusy(null)
    }
  }

  const keepDays = parseKeepDays(keepText)
  const onKeep = (e: FormEvent) => {
    e.preventDefault()
    if (keepDays !== null) void saveSettings({ keepDays })
  }

  return (
    <section className="card st-card" aria-labelledby="st-backups-title" data-testid="st-backups">
      <div className="st-card-head">
        <h2 id="st-backups-title" className="card-title">
          Backups
        </h2>
        {workspaceId && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void backupNow()}
            disabled={busy !== null}
            data-testid="st-backup-now"
          >
            {busy === 'backup' ? 'Backing up…' : 'Back up now'}
          </button>
        )}
      </div>
      <p className="card-text">
        A backup is a complete copy of this workspace: tickets, your notes, labels, escalations and RCAs. Backups stay
        on this computer{list?.dir ? ' in ' : '.'}
        {list?.dir && <code className="st-path">{list.dir}</code>}
      </p>
      {list?.problem && (
        <div className="st-callout" role="alert" data-testid="st-problem">
          <strong>This workspace could not be opened.</strong> {list.problem}
        </div>
      )}
      {error && (
        <p className="st-error" role="alert" data-testid="st-backup-error">
          {error}
        </p>
      )}
      {workspaceId && list && other === null && (
        <div className="st-settings">
          <label className="st-check">
            <input
              type="checkbox"
              checked={list.settings.autoDaily}
              disabled={busy !== null}
              onChange={(e) => void saveSettings({ autoDaily: e.target.checked })}
              data-testid="st-auto-daily"
            />
            Back up automatically once a day
          </label>
          <form className="st-keep" onSubmit={onKeep}>
            <label htmlFor="st-keep-days">Keep daily backups for</label>
            <input
              id="st-keep-days"
              className="input st-keep-input"
              inputMode="numeric"
              value={keepText}
              onChange={(e) => setKeepText(e.target.value)}
              aria-invalid={keepDays === null}
              aria-describedby="st-keep-help"
              data-testid="st-keep-days"
            />
            <span>days</span>
            <button
              type="submit"
              className="btn"
              disabled={busy !== null || keepDays === null || keepDays === list.settings.keepDays}
              data-testid="st-keep-save"
            >
              Save
            </button>
            <span id="st-keep-help" className={keepDays === null ? 'st-error' : 'muted'}>
              {keepDays === null
                ? 'Enter a whole number of days from 1 to 365.'
                : 'Backups you take yourself are never removed automatically.'}
            </span>
          </form>
        </div>
      )}
      {list === null ? (
        <p className="muted">Loading backups…</p>
      ) : list.backups.length === 0 ? (
        <p className="muted" data-testid="st-no-backups">
          No backups yet.{workspaceId ? ' Back up now, or wait for the first daily backup.' : ''}
        </p>
      ) : (
        <div className="st-table-wrap">
          <table className="table st-table" data-testid="st-backup-list">
            <thead>
              <tr>
                <th scope="col">Taken</th>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  Tickets
                </th>
                <th scope="col" className="num">
                  Notes
                </th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.backups.map((b) => (
                <tr key={b.name} data-testid="st-backup-row">
                  <td title={formatDateTimeFull(b.createdAt)}>{formatDateTime(b.createdAt)}</td>
                  <td>{kindLabel(b.kind)}</td>
                  <td className="num">{b.tickets === null ? '—' : formatInt(b.tickets)}</td>
                  <td className="num">{b.notes === null ? '—' : formatInt(b.notes)}</td>
                  <td className="num">{formatBytes(b.bytes)}</td>
                  <td className="st-actions">
                    <button
                      type="button"
                      className="btn btn-sm"
                      disabled={busy !== null}
                      onClick={() => setRestoring(b)}
                      data-testid="st-restore"
                    >
                      Restore…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list && (list.others.length > 0 || other !== null) && (
        <div className="st-others" data-testid="st-others">
          <label htmlFor="st-other-ws">Show the backups of</label>
          <select
            id="st-other-ws"
            className="input"
            value={other ?? ''}
            onChange={(e) => setOther(e.target.value || null)}
            data-testid="st-other-ws"
          >
            <option value="">{workspaceId ? 'this workspace' : 'the workspace that could not be opened'}</option>
            {list.others
              .filter((o) => o.workspaceId !== workspaceId)
              .map((o) => (
                <option key={o.workspaceId} value={o.workspaceId}>
                  {o.workspaceId}
                  {o.present ? '' : ' (file gone: restore to bring it back)'} · {o.backups}{' '}
                  {o.backups === 1 ? 'backup' : 'backups'}
                </option>
              ))}
            {other && <option value={other}>{other}</option>}
          </select>
        </div>
      )}
      {restoring && (
        <ConfirmDialog
          title="Restore this backup?"
          confirmLabel={busy === 'restore' ? 'Restoring…' : 'Restore'}
          danger
          busy={busy === 'restore'}
          onCancel={() => setRestoring(null)}
          onConfirm={() => void restore(restoring)}
        >
          <p>
            The workspace goes back to how it was on <strong>{formatDateTimeFull(restoring.createdAt)}</strong>
            {restoring.tickets !== null && ` (${formatInt(restoring.tickets)} tickets)`}. Notes, labels and escalations
            added since then will not be in it.
          </p>
          <p className="muted">
            The backup is checked before anything changes, and the current file is kept beside it rather than deleted.
            The audit log keeps every entry, including ones written after the backup.
          </p>
        </ConfirmDialog>
      )}
    </section>
  )
}
