import { useState } from 'react'
import { CONNECTOR_LABELS, type SourceSummary } from '../../../shared/api/methods/sources'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { formatDateTime, formatDateTimeFull, formatInt } from '../../lib/format'
import { useStore } from '../../store'
import { CredentialsFields, credentialsFrom, EMPTY_CREDENTIALS } from './CredentialsFields'
import { MappingEditor } from './MappingEditor'
import { QuarantineList } from './QuarantineList'

type Tab = 'settings' | 'mapping' | 'quarantine' | 'history'

function Settings({ source }: { source: SourceSummary }) {
  const update = useStore((s) => s.updateSource)
  const setCredentials = useStore((s) => s.setSourceCredentials)
  const busy = useStore((s) => s.sourcesBusy)
  const [name, setName] = useState(source.name)
  const [baseUrl, setBaseUrl] = useState(source.baseUrl)
  const [schedule, setSchedule] = useState(source.scheduleMinutes)
  const [comments, setComments] = useState(source.fetchComments)
  const [enabled, setEnabled] = useState(source.enabled)
  const [creds, setCreds] = useState(EMPTY_CREDENTIALS)
  const [askPlain, setAskPlain] = useState(false)
  const typed = credentialsFrom(creds)

  const saveCredentials = async (accept: boolean): Promise<void> => {
    if (!typed) return
    const outcome = await setCredentials(source.id, typed, accept)
    if (outcome === 'saved') setCreds(EMPTY_CREDENTIALS)
    else if (outcome === 'needs-plain-text-consent') setAskPlain(true)
  }

  return (
    <div className="src-settings">
      <form
        className="src-form"
        aria-label="Source settings"
        onSubmit={(e) => {
          e.preventDefault()
          void update(source.id, {
            name: name.trim(),
            baseUrl: baseUrl.trim(),
            scheduleMinutes: schedule,
            fetchComments: comments,
            enabled,
          })
        }}
      >
        <div className="src-form-row">
          <label className="field field-grow">
            <span className="field-label">Name</span>
            <input className="input" maxLength={80} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="field field-grow">
            <span className="field-label">Address</span>
            <input className="input" maxLength={500} value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} />
          </label>
        </div>
        <div className="src-form-row">
          <label className="field">
            <span className="field-label">Sync every (minutes, 0 = only when asked)</span>
            <input
              className="input input-narrow"
              type="number"
              min={0}
              max={10_080}
              value={schedule}
              onChange={(e) => setSchedule(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
            />
          </label>
          <label className="src-check">
            <input type="checkbox" checked={comments} onChange={(e) => setComments(e.target.checked)} />
            Fetch comments
          </label>
          <label className="src-check">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            Enabled
          </label>
          <button type="submit" className="btn btn-primary btn-sm" disabled={busy || !name.trim() || !baseUrl.trim()}>
            Save settings
          </button>
        </div>
      </form>
      <form
        className="src-form"
        aria-label="Credentials"
        onSubmit={(e) => {
          e.preventDefault()
          void saveCredentials(false)
        }}
      >
        <p className="muted small">
          Credentials: <strong>{source.credentials === 'set' ? 'set' : 'missing'}</strong>, kept in{' '}
          {source.credentialsStore}. Type new ones to replace them.
        </p>
        <CredentialsFields kind={source.kind} draft={creds} onChange={setCreds} />
        <div className="src-actions">
          <button type="submit" className="btn btn-sm" disabled={busy || !typed} data-testid="cred-save">
            Replace credentials
          </button>
        </div>
      </form>
      {askPlain && (
        <ConfirmDialog
          title="Store the credentials in a file?"
          confirmLabel="Store them"
          onCancel={() => setAskPlain(false)}
          onConfirm={() => {
            setAskPlain(false)
            void saveCredentials(true)
          }}
        >
          <p>
            This computer has no system keychain here, so the credentials would be kept unencrypted in a file that only
            your user account can read.
          </p>
        </ConfirmDialog>
      )}
    </div>
  )
}

function History({ source }: { source: SourceSummary }) {
  const run = source.lastRun
  if (!run) return <p className="muted">This source has not been synced yet.</p>
  return (
    <dl className="src-history">
      <dt>Last run started</dt>
      <dd>
        <time title={formatDateTimeFull(run.startedAt)}>{formatDateTime(run.startedAt)}</time>
      </dd>
      <dt>Outcome</dt>
      <dd>{run.outcome}</dd>
      <dt>Pages · tickets · deletes · quarantined</dt>
      <dd>
        {formatInt(run.pages)} · {formatInt(run.tickets)} · {formatInt(run.deletes)} · {formatInt(run.quarantined)}
      </dd>
      {run.error && (
        <>
          <dt>Error</dt>
          <dd>{run.error}</dd>
        </>
      )}
    </dl>
  )
}

/** The open source: settings and credentials, field mapping, quarantine, last run. */
export function SourceDetail({ source }: { source: SourceSummary }) {
  const [tab, setTab] = useState<Tab>('settings')
  const close = useStore((s) => s.openSource)
  const tabs: [Tab, string][] = [
    ['settings', 'Settings'],
    ['mapping', 'Field mapping'],
    ['quarantine', `Quarantine (${formatInt(source.quarantined)})`],
    ['history', 'Last run'],
  ]
  return (
    <section className="card src-detail" aria-labelledby="src-detail-title" data-testid="source-detail">
      <header className="src-detail-head">
        <h2 id="src-detail-title" className="card-title">
          {source.name} <span className="muted">· {CONNECTOR_LABELS[source.kind]}</span>
        </h2>
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => close(null)}>
          Close
        </button>
      </header>
      <div className="src-tabs" role="tablist" aria-label="Source details">
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`src-tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`src-panel-${id}`}
            className="src-tab"
            onClick={() => setTab(id)}
            data-testid={`src-tab-${id}`}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`src-panel-${tab}`} aria-labelledby={`src-tab-${tab}`}>
        {tab === 'settings' && <Settings key={source.id} source={source} />}
        {tab === 'mapping' && <MappingEditor source={source} />}
        {tab === 'quarantine' && <QuarantineList source={source} />}
        {tab === 'history' && <History source={source} />}
      </div>
    </section>
  )
}
