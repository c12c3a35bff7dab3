import { useLayoutEffect, useRef, type KeyboardEvent } from 'react'
import { RCA_SECTION_KIND_LABELS, RCA_SECTION_KINDS, type RcaTemplateSection } from '../../../shared/rcaTemplates'
import { Icon } from '../../components/Icon'
import { moveItem, newSection, type TemplateIssues } from './rcaTemplateModel'

interface Props {
  sections: RcaTemplateSection[]
  issues: TemplateIssues['sections']
  onChange(sections: RcaTemplateSection[]): void
}

/**
 * The section list of a template being edited: title, kind and guidance per section; add, remove, and reorder with the
 * arrow buttons or Alt+Up / Alt+Down from anywhere in a section (focus follows the section it moved).
 */
export function TemplateSections({ sections, issues, onChange }: Props) {
  const list = useRef<HTMLOListElement>(null)
  /** After a move or an add: the section key and the control to put focus back on. */
  const refocus = useRef<{ key: string; field: string } | null>(null)
  useLayoutEffect(() => {
    const want = refocus.current
    if (!want) return
    refocus.current = null
    list.current?.querySelector<HTMLElement>(`[data-section-key="${want.key}"] [data-field="${want.field}"]`)?.focus()
  })

  const set = (i: number, patch: Partial<RcaTemplateSection>) =>
    onChange(sections.map((s, j) => (j === i ? { ...s, ...patch } : s)))
  const move = (i: number, delta: number, field: string) => {
    const s = sections[i]
    if (!s) return
    refocus.current = { key: s.key, field }
    onChange(moveItem(sections, i, delta))
  }
  const onKey = (i: number) => (e: KeyboardEvent<HTMLLIElement>) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return
    e.preventDefault()
    const field = (e.target as HTMLElement).dataset.field ?? 'title'
    move(i, e.key === 'ArrowUp' ? -1 : 1, field)
  }

  return (
    <>
      <ol className="rca-tpl-sections" ref={list} data-testid="tpl-sections">
        {sections.map((s, i) => {
          const err = issues[i] ?? {}
          const id = `tpl-s-${s.key}`
          return (
            <li
              key={s.key}
              className="rca-tpl-section"
              data-section-key={s.key}
              data-testid="tpl-section"
              onKeyDown={onKey(i)}
            >
              <span className="rca-tpl-n" aria-hidden="true">
                {i + 1}
              </span>
              <div className="rca-tpl-fields">
                <div className="rca-tpl-row">
                  <label className="field rca-tpl-title">
                    <span className="field-label">Section {i + 1} title</span>
                    <input
                      className="input"
                      value={s.title}
                      maxLength={120}
                      data-field="title"
                      data-testid="tpl-section-title"
                      aria-invalid={err.title ? true : undefined}
                      aria-describedby={err.title ? `${id}-title-err` : undefined}
                      onChange={(e) => set(i, { title: e.target.value })}
                    />
                  </label>
                  <label className="field rca-tpl-kind">
                    <span className="field-label">Kind</span>
                    <select
                      className="input"
                      value={s.kind}
                      data-field="kind"
                      data-testid="tpl-section-kind"
                      onChange={(e) => set(i, { kind: e.target.value as RcaTemplateSection['kind'] })}
                    >
                      {RCA_SECTION_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {RCA_SECTION_KIND_LABELS[k]}
                        </option>
                      ))}
                    </select>
                  </label>
                </div>
                {err.title && (
                  <p className="field-error" id={`${id}-title-err`}>
                    {err.title}
                  </p>
                )}
                <label className="field">
                  <span className="field-label">Guidance (the question the section answers)</span>
                  <textarea
                    className="input rca-tpl-prompt"
                    rows={2}
                    value={s.prompt}
                    data-field="prompt"
                    data-testid="tpl-section-prompt"
                    aria-invalid={err.prompt ? true : undefined}
                    aria-describedby={err.prompt ? `${id}-prompt-err` : undefined}
                    onChange={(e) => set(i, { prompt: e.target.value })}
                  />
                </label>
                {err.prompt && (
                  <p className="field-error" id={`${id}-prompt-err`}>
                    {err.prompt}
                  </p>
                )}
                {err.key && <p className="field-error">{err.key}</p>}
              </div>
              <div className="rca-row-tools rca-tpl-tools">
                <button
                  type="button"
                  className="btn-icon"
                  data-field="up"
                  data-testid="tpl-section-up"
                  aria-label={`Move section ${i + 1} (${s.title || 'untitled'}) up`}
                  title="Move up (Alt+↑)"
                  disabled={i === 0}
                  onClick={() => move(i, -1, i === 1 ? 'down' : 'up')}
                >
                  <Icon name="chevronUp" size={14} />
                </button>
                <button
                  type="button"
                  className="btn-icon"
                  data-field="down"
                  data-testid="tpl-section-down"
                  aria-label={`Move section ${i + 1} (${s.title || 'untitled'}) down`}
                  title="Move down (Alt+↓)"
                  disabled={i === sections.length - 1}
                  onClick={() => move(i, 1, i === sections.length - 2 ? 'up' : 'down')}
                >
                  <Icon name="chevronDown" size={14} />
                </button>
                <button
                  type="button"
                  className="btn-icon"
                  data-testid="tpl-section-remove"
                  aria-label={`Remove section ${i + 1} (${s.title || 'untitled'})`}
                  title={sections.length === 1 ? 'A template needs at least one section' : 'Remove'}
                  disabled={sections.length === 1}
                  onClick={() => onChange(sections.filter((_, j) => j !== i))}
                >
                  <Icon name="close" size={14} />
                </button>
              </div>
            </li>
          )
        })}
      </ol>
      <div className="rca-tpl-add">
        <button
          type="button"
          className="btn btn-sm"
          data-testid="tpl-add-section"
          disabled={sections.length >= 20}
          onClick={() => {
            const s = newSection(sections)
            refocus.current = { key: s.key, field: 'title' }
            onChange([...sections, s])
          }}
        >
          <Icon name="plus" size={14} /> Add a section
        </button>
        <span className="muted small">
          {sections.length >= 20
            ? 'A template has at most 20 sections.'
            : 'Alt+↑ / Alt+↓ moves the section you are in.'}
        </span>
      </div>
    </>
  )
}
