import { useState } from 'react'
import { RCA_SECTION_KIND_LABELS, sectionWords } from '../../../shared/rca'
import { call, transportKind, withSessionToken } from '../../api/client'
import { Icon } from '../../components/Icon'
import { formatDateTimeFull, formatRelative } from '../../lib/format'
import { useNow } from '../../lib/useNow'
import { useStore } from '../../store'
import { downloadHref } from '../tasks/tasksSlice'
import { EvidencePanel, useCohortFilters } from './EvidencePanel'
import { HistoryPanel } from './HistoryPanel'
import { PreviewPanel } from './PreviewPanel'
import { withSection } from './rcaModel'
import { SectionEditor } from './SectionEditors'

function SaveStatus() {
  const save = useStore((s) => s.rcaSave)
  const now = useNow(15_000)
  const text =
    save.state === 'saving'
      ? 'Saving…'
      : save.state === 'pending'
        ? 'Unsaved changes: kept in this window, saving shortly'
        : save.state === 'error'
          ? (save.message ?? 'Not saved. Your words are kept in this window.')
          : save.at
            ? `Saved ${formatRelative(save.at, now)}`
            : 'Saved'
  return (
    <span
      className={`rca-save rca-save-${save.state}`}
      role={save.state === 'error' ? 'alert' : 'status'}
      title={save.at ? `Last saved ${formatDateTimeFull(save.at)}` : undefined}
      data-testid="rca-save-state"
      data-state={save.state}
    >
      {save.state === 'error' && <Icon name="alert" size={12} />} {text}
    </span>
  )
}

function ExportButton() {
  const exp = useStore((s) => s.rcaExport)
  const run = useStore((s) => s.exportRcaPdf)
  const task = useStore((s) => s.tasks.find((t) => t.kind === 'pdf' && t.state === 'running'))
  const reportError = useStore((s) => s.reportError)
  return (
    <div className="rca-export">
      <button
        type="button"
        className="btn btn-primary btn-sm"
        disabled={exp.state === 'running'}
        onClick={() => void run()}
        data-testid="rca-export"
      >
        <Icon name="download" size={14} /> {exp.state === 'running' ? 'Printing PDF…' : 'Export PDF'}
      </button>
      {exp.state === 'running' && (
        <progress className="rca-export-progress" max={4} value={task?.done ?? 0} aria-label="Printing the PDF" />
      )}
      {exp.state === 'done' && exp.result && (
        <span className="small" role="status" data-testid="rca-export-done">
          {(exp.result.bytes / 1024).toFixed(0)} KB ·{' '}
          {transportKind() === 'web' ? (
            <a
              href={withSessionToken(downloadHref(exp.result.fileName))}
              download={exp.result.fileName}
              data-testid="rca-download"
            >
              Download {exp.result.fileName}
            </a>
          ) : (
            <button
              type="button"
              className="btn btn-link"
              onClick={() =>
                call('export.showInFolder', { file: exp.result?.fileName ?? '' }).catch((err: unknown) =>
                  reportError(err, 'show the PDF in its folder'),
                )
              }
            >
              Show {exp.result.fileName} in folder
            </button>
          )}
        </span>
      )}
      {exp.state === 'failed' && (
        <span className="field-error small" role="alert" data-testid="rca-export-error">
          {exp.message}
        </span>
      )}
    </div>
  )
}

type Tab = 'evidence' | 'history' | 'preview'

/** One RCA: its header (title, save state, what changed since the export, Export PDF), its sections, the side panels. */
export function RcaEditor() {
  const doc = useStore((s) => s.rcaDoc)
  const draft = useStore((s) => s.rcaDraft)
  const changed = useStore((s) => s.rcaChanged)
  const stale = useStore((s) => s.rcaStaleDraft)
  const applyStale = useStore((s) => s.applyStaleDraft)
  const edit = useStore((s) => s.editRca)
  const [tab, setTab] = useState<Tab>('evidence')
  const cohortFilters = useCohortFilters(doc?.escalationId ?? null)
  if (!doc || !draft) return null
  const firstAt = doc.createdAt

  return (
    <div className="rca-editor-wrap">
      <article className="rca-editor" aria-label="RCA document">
        <header className="rca-head">
          <input
            className="input rca-title"
            aria-label="RCA title"
            value={draft.title}
            maxLength={200}
            onChange={(e) => edit({ title: e.target.value })}
            data-testid="rca-title"
          />
          <div className="rca-head-row">
            <span className="muted small">
              <a href="#/rca" className="rca-back">
                All RCAs
              </a>{' '}
              ·{' '}
              {doc.escalationId !== null ? (
                <a href={`#/escalations/${doc.escalationId}`}>
                  Escalation: {doc.escalationTitle ?? `#${doc.escalationId}`}
                </a>
              ) : (
                'No escalation'
              )}{' '}
              · {doc.template.name} · revision {doc.revision}
            </span>
            <SaveStatus />
          </div>
          <div className="rca-head-row">
            {doc.lastExportAt === null ? (
              <span className="rca-export-mark rca-export-never" data-testid="rca-changed">
                Never exported
              </span>
            ) : changed.length === 0 ? (
              <span className="rca-export-mark" data-testid="rca-changed">
                <Icon name="check" size={12} /> Unchanged since the export of {formatDateTimeFull(doc.lastExportAt)}
              </span>
            ) : (
              <span className="rca-export-mark rca-export-changed" data-testid="rca-changed">
                {changed.length} part{changed.length === 1 ? '' : 's'} changed since the export of{' '}
                {formatDateTimeFull(doc.lastExportAt)}
              </span>
            )}
            <ExportButton />
          </div>
          {stale && (
            <div className="rca-stale" role="alert">
              Unsaved text from {formatDateTimeFull(stale.savedLocallyAt)} was kept in this window, but the RCA was
              saved elsewhere since.{' '}
              <button type="button" className="btn btn-sm" onClick={() => applyStale(true)}>
                Use my unsaved text
              </button>{' '}
              <button type="button" className="btn btn-sm btn-ghost" onClick={() => applyStale(false)}>
                Discard it
              </button>
            </div>
          )}
        </header>
        {doc.template.sections.map((s) => {
          const sec = draft.content.sections[s.key]
          if (!sec) return null
          const isChanged = changed.includes(s.key)
          return (
            <section
              key={s.key}
              className={`rca-section${isChanged ? ' rca-section-changed' : ''}`}
              aria-labelledby={`rca-h-${s.key}`}
              data-testid={`rca-section-${s.key}`}
            >
              <div className="rca-section-head">
                <h2 id={`rca-h-${s.key}`}>{s.title}</h2>
                <span className="muted small">
                  {RCA_SECTION_KIND_LABELS[s.kind]} · {sectionWords(sec).toLocaleString()} words
                </span>
                {isChanged && (
                  <span className="badge badge-warn" title="Different from the last exported PDF">
                    Changed since export
                  </span>
                )}
              </div>
              {s.prompt && <p className="muted small rca-prompt">{s.prompt}</p>}
              <SectionEditor
                section={sec}
                evidence={doc.evidence}
                title={s.title}
                defaultAt={firstAt}
                onChange={(next) => edit({ content: withSection(draft.content, s.key, next) })}
              />
            </section>
          )
        })}
      </article>
      <aside className="rca-side" aria-label="Evidence, history and preview">
        <div className="rca-tabs" role="tablist" aria-label="RCA panels">
          {(['evidence', 'history', 'preview'] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={tab === t}
              className={`rca-tab${tab === t ? ' rca-tab-on' : ''}`}
              onClick={() => setTab(t)}
              data-testid={`rca-tab-${t}`}
            >
              {t === 'evidence'
                ? `Evidence (${doc.evidence.length})`
                : t === 'history'
                  ? 'History'
                  : 'Redaction preview'}
            </button>
          ))}
        </div>
        {tab === 'evidence' && <EvidencePanel cohortFilters={cohortFilters} />}
        {tab === 'history' && <HistoryPanel />}
        {tab === 'preview' && <PreviewPanel />}
      </aside>
    </div>
  )
}
