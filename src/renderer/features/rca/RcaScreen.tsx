import { useEffect, useState } from 'react'
import type { EscalationSummary } from '../../../shared/escalations'
import { call } from '../../api/client'
import { Icon } from '../../components/Icon'
import { formatDateTimeFull, formatRelative } from '../../lib/format'
import { useNow } from '../../lib/useNow'
import { useStore } from '../../store'
import '../../styles/rca.css'
import { RcaEditor } from './RcaEditor'
import { rcaHash, rcaRouteFromHash, type RcaRoute } from './rcaModel'
import { TemplatesView } from './TemplatesView'

function useRcaRoute(): RcaRoute {
  const [route, setRoute] = useState(() => rcaRouteFromHash(window.location.hash))
  useEffect(() => {
    const on = () => setRoute(rcaRouteFromHash(window.location.hash))
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return route
}

/** Start an RCA: which escalation it belongs to, from which template, under what title. */
function NewRca({ escalationId, templateId: wanted }: { escalationId: number | null; templateId?: number }) {
  const templates = useStore((s) => s.rcaTemplates)
  const create = useStore((s) => s.createRca)
  const [escalations, setEscalations] = useState<EscalationSummary[] | null>(null)
  const [esc, setEsc] = useState<number | ''>(escalationId ?? '')
  const [picked, setTemplateId] = useState<number | ''>(wanted ?? '')
  /** Null until the analyst types: then the title follows the chosen escalation. */
  const [typed, setTitle] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const reportError = useStore((s) => s.reportError)

  useEffect(() => {
    call('escalations.list', {})
      .then(setEscalations)
      .catch((err: unknown) => reportError(err, 'load the escalations'))
  }, [reportError])
  const templateId = picked !== '' && templates.some((t) => t.id === picked) ? picked : (templates[0]?.id ?? '')
  const chosen = escalations?.find((e) => e.id === esc)
  const title = typed ?? (chosen ? `RCA: ${chosen.title}` : '')

  return (
    <form
      className="rca-new"
      data-testid="rca-new"
      onSubmit={(e) => {
        e.preventDefault()
        if (templateId === '') return setError('Choose a template.')
        if (title.trim() === '') return setError('Give the RCA a title.')
        void create({ escalationId: esc === '' ? null : esc, templateId, title: title.trim() }).then((id) => {
          if (id !== null) window.location.hash = rcaHash(id)
        })
      }}
    >
      <h2>Start an RCA</h2>
      <label className="field">
        <span className="field-label">Escalation</span>
        <select
          className="input"
          value={esc}
          onChange={(e) => setEsc(e.target.value === '' ? '' : Number(e.target.value))}
          data-testid="rca-new-escalation"
        >
          <option value="">None (not tied to an escalation)</option>
          {escalations?.map((e) => (
            <option key={e.id} value={e.id}>
              {e.priority} · {e.title}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="rca-templates">
        <legend className="field-label">Template</legend>
        {templates.map((t) => (
          <label key={t.id} className="rca-template">
            <input type="radio" name="template" checked={templateId === t.id} onChange={() => setTemplateId(t.id)} />
            <span>
              <b>{t.name}</b>
              {t.builtIn ? '' : ' (your team)'}
              <br />
              <span className="muted small">
                {t.description} {t.sections.map((s) => s.title).join(' · ')}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span className="field-label">Title</span>
        <input
          className="input"
          value={title}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
          data-testid="rca-new-title"
        />
      </label>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <a className="btn" href="#/rca">
          Cancel
        </a>
        <button type="submit" className="btn btn-primary" data-testid="rca-new-create">
          Start the RCA
        </button>
      </div>
    </form>
  )
}

/** The RCA place: every RCA of the workspace, one open in the editor, or the form to start one. */
export function RcaScreen() {
  const list = useStore((s) => s.rcaList)
  const loadRcas = useStore((s) => s.loadRcas)
  const loadTemplates = useStore((s) => s.loadRcaTemplates)
  const openRca = useStore((s) => s.openRca)
  const closeRca = useStore((s) => s.closeRca)
  const flush = useStore((s) => s.flushRca)
  const openId = useStore((s) => s.rcaDoc?.id ?? null)
  const workspace = useStore((s) => s.info?.workspace?.id)
  const route = useRcaRoute()
  const now = useNow(30_000)

  useEffect(() => {
    void loadRcas()
    void loadTemplates()
  }, [loadRcas, loadTemplates, workspace])
  useEffect(() => {
    if (route.kind === 'open') void openRca(route.id)
    else closeRca()
  }, [route, openRca, closeRca, workspace])
  // Leaving the place (or the window) saves what is pending; the local draft covers a crash.
  useEffect(() => () => void flush(), [flush])
  useEffect(() => {
    const before = () => void flush()
    window.addEventListener('beforeunload', before)
    return () => window.removeEventListener('beforeunload', before)
  }, [flush])

  return (
    <div className={`rca-screen${route.kind === 'list' ? '' : ' rca-screen-open'}`} data-testid="rca-screen">
      <nav className="rca-list" aria-label="RCAs">
        <div className="rca-list-head">
          <h1>RCA</h1>
          <a className="btn btn-sm btn-primary" href="#/rca/new" data-testid="rca-new-button">
            <Icon name="plus" size={14} /> New RCA
          </a>
        </div>
        <a
          className="rca-list-item rca-templates-link"
          href="#/rca/templates"
          aria-current={route.kind === 'templates' ? 'page' : undefined}
          data-testid="rca-templates-link"
        >
          <span className="rca-list-title">Templates</span>
          <span className="muted small">Edit the sections RCAs start from, or add your team&apos;s own</span>
        </a>
        {list === null ? (
          <p className="muted small">Loading…</p>
        ) : list.length === 0 ? (
          <p className="muted small rca-empty">
            No RCA yet. Start one from an escalation once the incident is under control: the templates walk you through
            the timeline, impact, 5 Whys, fishbone and remediation.
          </p>
        ) : (
          <ul>
            {list.map((r) => (
              <li key={r.id}>
                <a
                  href={rcaHash(r.id)}
                  className="rca-list-item"
                  aria-current={r.id === openId ? 'page' : undefined}
                  data-testid="rca-list-item"
                >
                  <span className="rca-list-title">
                    {r.title}
                    {r.example && <span className="badge badge-demo">Example</span>}
                  </span>
                  <span className="muted small">{r.escalationTitle ?? 'No escalation'}</span>
                  <span className="muted small">
                    <span title={formatDateTimeFull(r.updatedAt)}>Edited {formatRelative(r.updatedAt, now)}</span>
                    {r.lastExportAt === null
                      ? ' · not exported'
                      : r.changedSinceExport.length > 0
                        ? ` · ${r.changedSinceExport.length} changed since export`
                        : ' · exported'}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </nav>
      <div className="rca-main">
        {route.kind === 'templates' ? (
          <TemplatesView key={workspace ?? ''} />
        ) : route.kind === 'new' ? (
          <NewRca
            key={`${route.escalationId ?? ''}-${route.templateId ?? ''}`}
            escalationId={route.escalationId}
            templateId={route.templateId}
          />
        ) : route.kind === 'open' ? (
          openId === route.id ? (
            <RcaEditor />
          ) : (
            <p className="muted rca-placeholder">Opening the RCA…</p>
          )
        ) : (
          <div className="empty-state rca-placeholder">
            <h2>Root cause analyses</h2>
            <p>
              Choose an RCA on the left, or start one. Every claim can cite evidence (tickets, a metric with its
              definition, a chart snapshot, a saved view), and the packet prints to PDF with personal data redacted.
            </p>
          </div>
        )}
      </div>
    </div>
  )
}
