import { useEffect, useMemo, useState } from 'react'
import { RCA_SECTION_KIND_LABELS, type RcaTemplate, type RcaTemplateBody } from '../../../shared/rcaTemplates'
import { call } from '../../api/client'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { Icon } from '../../components/Icon'
import { analystMessage } from '../../lib/errors'
import { useStore } from '../../store'
import {
  blankTemplate,
  duplicateTemplate,
  keepTemplateDraft,
  readTemplateDraft,
  sameTemplate,
  templateIssues,
} from './rcaTemplateModel'
import { TemplateSections } from './TemplateSections'

/** What the right-hand side shows: a saved template, or a new one (blank or a copy) not saved yet. */
type Selection = { kind: 'saved'; id: number } | { kind: 'new' } | null

const bodyOf = (t: RcaTemplate): RcaTemplateBody => ({
  name: t.name,
  description: t.description,
  sections: t.sections.map((s) => ({ ...s })),
})

/**
 * The RCA place's Templates view (`#/rca/templates`). Built-in templates are shown read-only and are duplicated to be
 * changed: the stock template is always there to start from, and a team's version has a name of its own. A team's
 * templates are edited in place (RCAs already written keep the copy they were made from) and can be deleted.
 */
export function TemplatesView() {
  const templates = useStore((s) => s.rcaTemplates)
  const loadTemplates = useStore((s) => s.loadRcaTemplates)
  const notify = useStore((s) => s.notify)
  const workspace = useStore((s) => s.info?.workspace?.id ?? '')
  // Unsaved edits survive leaving the view, the place or the app: they are kept locally until saved or discarded.
  const [stored] = useState(() => readTemplateDraft(localStorage, workspace))
  const [selection, setSelection] = useState<Selection>(() =>
    stored ? (stored.editing === null ? { kind: 'new' } : { kind: 'saved', id: stored.editing }) : null,
  )
  /** The template being edited and what it was when editing began (for "unsaved changes"). */
  const [draft, setDraft] = useState<{ body: RcaTemplateBody; base: RcaTemplateBody } | null>(() =>
    stored ? { body: stored.body, base: stored.base } : null,
  )
  const [attempted, setAttempted] = useState(false)
  const [serverError, setServerError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [discardAsk, setDiscardAsk] = useState<(() => void) | null>(null)
  const [deleteAsk, setDeleteAsk] = useState<RcaTemplate | null>(null)

  const current =
    selection?.kind === 'saved'
      ? templates.find((t) => t.id === selection.id)
      : selection === null
        ? templates[0]
        : undefined
  const dirty = draft !== null && !sameTemplate(draft.body, draft.base)
  const otherNames = useMemo(
    () => templates.filter((t) => !(selection?.kind === 'saved' && t.id === selection.id)).map((t) => t.name),
    [templates, selection],
  )
  const issues = draft ? templateIssues(draft.body, otherNames) : null

  useEffect(() => {
    if (stored)
      notify('info', `Your unsaved changes to "${stored.body.name.trim() || 'a new template'}" were kept from before.`)
  }, [stored, notify])
  useEffect(() => {
    const editing = selection?.kind === 'saved' ? selection.id : null
    keepTemplateDraft(localStorage, workspace, draft ? { editing, ...draft } : null)
  }, [workspace, selection, draft])
  // The template a kept draft edited was deleted meanwhile (another window): the draft becomes a new template.
  if (selection?.kind === 'saved' && draft && templates.length > 0 && !templates.some((t) => t.id === selection.id))
    setSelection({ kind: 'new' })

  /** Run `go` now, or after the analyst agrees to drop unsaved changes. */
  const leave = (go: () => void) => (dirty ? setDiscardAsk(() => go) : go())
  const begin = (next: Selection, body: RcaTemplateBody | null) => {
    setSelection(next)
    setDraft(body ? { body, base: body } : null)
    setAttempted(false)
    setServerError(null)
  }
  const open = (t: RcaTemplate) => begin({ kind: 'saved', id: t.id }, t.builtIn ? null : bodyOf(t))
  const names = templates.map((x) => x.name)
  const select = (t: RcaTemplate) => leave(() => open(t))
  const duplicate = (t: RcaTemplate) => leave(() => begin({ kind: 'new' }, duplicateTemplate(t, names)))
  const create = () => leave(() => begin({ kind: 'new' }, blankTemplate(names)))
  const discard = () => leave(() => (current ? open(current) : begin(null, null)))

  // Nothing picked yet and the first template is a team's own (no built-ins left): it is editable straight away.
  if (selection === null && current && !current.builtIn) open(current)

  const save = async () => {
    if (!draft || !issues) return
    setAttempted(true)
    setServerError(null)
    if (issues.count > 0) return
    setBusy(true)
    try {
      const saved = await call('rca.saveTemplate', {
        ...(selection?.kind === 'saved' ? { id: selection.id } : {}),
        template: draft.body,
      })
      await loadTemplates()
      begin({ kind: 'saved', id: saved.id }, bodyOf(saved))
      notify(
        'success',
        `Template "${saved.name}" saved. New RCAs can start from it; RCAs already written are unchanged.`,
      )
    } catch (err) {
      setServerError(analystMessage(err, 'save the template'))
    } finally {
      setBusy(false)
    }
  }

  const remove = async (t: RcaTemplate) => {
    setBusy(true)
    try {
      await call('rca.deleteTemplate', { id: t.id })
      setDeleteAsk(null)
      await loadTemplates()
      begin(null, null)
      notify('success', `Template "${t.name}" deleted. RCAs started from it keep their sections.`)
    } catch (err) {
      setDeleteAsk(null)
      setServerError(analystMessage(err, 'delete the template'))
    } finally {
      setBusy(false)
    }
  }

  const builtIns = templates.filter((t) => t.builtIn)
  const own = templates.filter((t) => !t.builtIn)
  const item = (t: RcaTemplate) => {
    const active = selection?.kind === 'saved' ? selection.id === t.id : selection === null && current?.id === t.id
    return (
      <li key={t.id}>
        <button
          type="button"
          className="rca-list-item rca-tpl-item"
          aria-current={active ? 'true' : undefined}
          data-testid="tpl-item"
          onClick={() => select(t)}
        >
          <span className="rca-list-title">{t.name}</span>
          <span className="muted small">
            {t.builtIn && <span className="badge">Built-in</span>} {t.sections.length} section
            {t.sections.length === 1 ? '' : 's'}
          </span>
        </button>
      </li>
    )
  }

  return (
    <div className="rca-tpl" data-testid="rca-templates-view">
      <nav className="rca-tpl-list" aria-label="RCA templates">
        <div className="rca-tpl-list-head">
          <a className="rca-back small" href="#/rca">
            ← RCAs
          </a>
          <button type="button" className="btn btn-sm btn-primary" data-testid="tpl-new" onClick={create}>
            <Icon name="plus" size={14} /> New template
          </button>
        </div>
        <h2 className="rca-tpl-group">Built-in</h2>
        <ul>{builtIns.map(item)}</ul>
        <h2 className="rca-tpl-group">Your team's</h2>
        {own.length === 0 ? (
          <p className="muted small rca-empty">None yet. Duplicate a built-in template or start a new one.</p>
        ) : (
          <ul>{own.map(item)}</ul>
        )}
        {selection?.kind === 'new' && (
          <p className="rca-tpl-unsaved small" data-testid="tpl-unsaved-item">
            <b>{draft?.body.name.trim() || 'Untitled'}</b> (not saved yet)
          </p>
        )}
      </nav>

      <div className="rca-tpl-main">
        {serverError && (
          <p className="field-error rca-tpl-alert" role="alert" data-testid="tpl-error">
            {serverError}
          </p>
        )}
        {draft && issues ? (
          <form
            className="rca-tpl-form"
            data-testid="tpl-editor"
            onSubmit={(e) => {
              e.preventDefault()
              void save()
            }}
          >
            <header className="rca-tpl-head">
              <h1>{selection?.kind === 'new' ? 'New template' : 'Edit template'}</h1>
              <span className={`small ${dirty ? 'rca-save-pending' : 'muted'}`} data-testid="tpl-state">
                {dirty || selection?.kind === 'new' ? 'Not saved' : 'Saved'}
              </span>
              <span className="rca-tpl-head-actions">
                {selection?.kind === 'saved' && current && (
                  <>
                    <a className="btn btn-sm" href={`#/rca/new?template=${current.id}`} data-testid="tpl-start-rca">
                      Start an RCA from it
                    </a>
                    <button type="button" className="btn btn-sm" onClick={() => duplicate(current)}>
                      Duplicate
                    </button>
                    <button
                      type="button"
                      className="btn btn-sm btn-danger-ghost"
                      data-testid="tpl-delete"
                      onClick={() => setDeleteAsk(current)}
                    >
                      Delete
                    </button>
                  </>
                )}
                {(dirty || selection?.kind === 'new') && (
                  <button type="button" className="btn btn-sm" onClick={discard}>
                    Discard changes
                  </button>
                )}
                <button type="submit" className="btn btn-sm btn-primary" disabled={busy} data-testid="tpl-save">
                  {busy ? 'Saving…' : 'Save template'}
                </button>
              </span>
            </header>
            <label className="field">
              <span className="field-label">Name</span>
              <input
                className="input"
                value={draft.body.name}
                maxLength={120}
                data-testid="tpl-name"
                aria-invalid={issues.name ? true : undefined}
                aria-describedby={issues.name ? 'tpl-name-err' : undefined}
                onChange={(e) => setDraft({ ...draft, body: { ...draft.body, name: e.target.value } })}
              />
            </label>
            {issues.name && (
              <p className="field-error" id="tpl-name-err" data-testid="tpl-name-error">
                {issues.name}
              </p>
            )}
            <label className="field">
              <span className="field-label">Description (shown when an analyst picks a template)</span>
              <textarea
                className="input"
                rows={2}
                value={draft.body.description}
                aria-invalid={issues.description ? true : undefined}
                onChange={(e) => setDraft({ ...draft, body: { ...draft.body, description: e.target.value } })}
              />
            </label>
            {issues.description && <p className="field-error">{issues.description}</p>}
            <h2 className="rca-tpl-sub">Sections, in the order the RCA shows them</h2>
            <TemplateSections
              sections={draft.body.sections}
              issues={issues.sections}
              onChange={(sections) => setDraft({ ...draft, body: { ...draft.body, sections } })}
            />
            {issues.general.map((m) => (
              <p key={m} className="field-error">
                {m}
              </p>
            ))}
            {attempted && issues.count > 0 && (
              <p className="field-error" role="alert" data-testid="tpl-invalid">
                Nothing was saved: fix {issues.count === 1 ? 'the problem' : `the ${issues.count} problems`} marked
                above, then save again.
              </p>
            )}
          </form>
        ) : current ? (
          <section className="rca-tpl-form" data-testid="tpl-builtin">
            <header className="rca-tpl-head">
              <h1>{current.name}</h1>
              <span className="badge">Built-in</span>
              <span className="rca-tpl-head-actions">
                <a className="btn btn-sm" href={`#/rca/new?template=${current.id}`} data-testid="tpl-start-rca">
                  Start an RCA from it
                </a>
                <button
                  type="button"
                  className="btn btn-sm btn-primary"
                  data-testid="tpl-duplicate"
                  onClick={() => duplicate(current)}
                >
                  Duplicate to edit
                </button>
              </span>
            </header>
            <p className="rca-tpl-note small">
              Built-in templates stay as shipped, so the stock version is always there to start from. Duplicate it to
              make your team&apos;s version, then rename it and change its sections.
            </p>
            <p className="muted">{current.description}</p>
            <ol className="rca-tpl-readonly">
              {current.sections.map((s) => (
                <li key={s.key}>
                  <b>{s.title}</b> <span className="muted small">· {RCA_SECTION_KIND_LABELS[s.kind]}</span>
                  <br />
                  <span className="muted small">{s.prompt}</span>
                </li>
              ))}
            </ol>
          </section>
        ) : (
          <p className="muted rca-placeholder">Loading the templates…</p>
        )}
      </div>

      {discardAsk && (
        <ConfirmDialog
          title="Discard your changes to this template?"
          confirmLabel="Discard changes"
          danger
          onCancel={() => setDiscardAsk(null)}
          onConfirm={() => {
            const go = discardAsk
            setDiscardAsk(null)
            go()
          }}
        >
          The template has changes that are not saved. Save it first to keep them.
        </ConfirmDialog>
      )}
      {deleteAsk && (
        <ConfirmDialog
          title={`Delete the template "${deleteAsk.name}"?`}
          confirmLabel="Delete template"
          danger
          busy={busy}
          onCancel={() => setDeleteAsk(null)}
          onConfirm={() => void remove(deleteAsk)}
        >
          New RCAs can no longer start from it. RCAs already started from it keep their sections and text.
        </ConfirmDialog>
      )}
    </div>
  )
}
