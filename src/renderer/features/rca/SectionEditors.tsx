import {
  ACTION_STATUSES,
  ACTION_STATUS_LABELS,
  FISHBONE_CATEGORIES,
  FISHBONE_LABELS,
  type RcaEvidence,
  type RcaSection,
  type RcaSectionOf,
} from '../../../shared/rca'
import { Icon } from '../../components/Icon'
import { Cites } from './Cites'
import { fromLocalInput, moveItem, toLocalInput } from './rcaModel'

interface EditorProps<K extends RcaSection['kind']> {
  section: RcaSectionOf<K>
  evidence: readonly RcaEvidence[]
  onChange: (s: RcaSectionOf<K>) => void
  /** The section's title, for labels. */
  title: string
  /** When the RCA's timeline starts, for new entries. */
  defaultAt?: number
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="btn-icon rca-row-remove" aria-label={label} title={label} onClick={onClick}>
      <Icon name="close" size={14} />
    </button>
  )
}

/** A textarea that grows with its text (rows from line count), so long sections need no inner scroll. */
function Area(props: {
  value: string
  onChange: (v: string) => void
  label: string
  placeholder?: string
  min?: number
  testId?: string
}) {
  const rows = Math.max(
    props.min ?? 3,
    Math.min(24, props.value.split('\n').length + Math.floor(props.value.length / 110) + 1),
  )
  return (
    <textarea
      className="input rca-area"
      aria-label={props.label}
      placeholder={props.placeholder}
      value={props.value}
      rows={rows}
      data-testid={props.testId}
      onChange={(e) => props.onChange(e.target.value)}
    />
  )
}

export function TextEditor({ section, evidence, onChange, title }: EditorProps<'text' | 'impact'>) {
  return (
    <>
      <Area
        value={section.text}
        label={title}
        min={4}
        testId="rca-text"
        onChange={(text) => onChange({ ...section, text })}
      />
      <Cites
        value={section.cites}
        evidence={evidence}
        label={title}
        onChange={(cites) => onChange({ ...section, cites })}
      />
    </>
  )
}

export function WhysEditor({ section, evidence, onChange, title }: EditorProps<'five_whys'>) {
  const setWhy = (i: number, why: (typeof section.whys)[number]) =>
    onChange({ ...section, whys: section.whys.map((w, j) => (j === i ? why : w)) })
  return (
    <>
      <label className="field">
        <span className="field-label">Problem (as users saw it)</span>
        <input
          className="input"
          value={section.problem}
          onChange={(e) => onChange({ ...section, problem: e.target.value })}
        />
      </label>
      <ol className="rca-whys">
        {section.whys.map((w, i) => (
          <li key={i} className="rca-why">
            <span className="rca-why-n">Why {i + 1}?</span>
            <div className="rca-why-body">
              <Area
                value={w.text}
                label={`${title}: why ${i + 1}`}
                min={2}
                onChange={(text) => setWhy(i, { ...w, text })}
              />
              <Cites
                value={w.cites}
                evidence={evidence}
                label={`why ${i + 1}`}
                onChange={(cites) => setWhy(i, { ...w, cites })}
              />
            </div>
            <div className="rca-row-tools">
              <button
                type="button"
                className="btn-icon"
                aria-label={`Move why ${i + 1} up`}
                disabled={i === 0}
                onClick={() => onChange({ ...section, whys: moveItem(section.whys, i, -1) })}
              >
                <Icon name="chevronUp" size={14} />
              </button>
              <button
                type="button"
                className="btn-icon"
                aria-label={`Move why ${i + 1} down`}
                disabled={i === section.whys.length - 1}
                onClick={() => onChange({ ...section, whys: moveItem(section.whys, i, 1) })}
              >
                <Icon name="chevronDown" size={14} />
              </button>
              <RemoveButton
                label={`Remove why ${i + 1}`}
                onClick={() => onChange({ ...section, whys: section.whys.filter((_, j) => j !== i) })}
              />
            </div>
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="btn btn-sm"
        disabled={section.whys.length >= 10}
        onClick={() => onChange({ ...section, whys: [...section.whys, { text: '', cites: [] }] })}
      >
        <Icon name="plus" size={14} /> Add a why
      </button>
    </>
  )
}

export function FishboneEditor({ section, evidence, onChange }: EditorProps<'fishbone'>) {
  return (
    <>
      <label className="field">
        <span className="field-label">Effect (the fish&apos;s head)</span>
        <input
          className="input"
          value={section.problem}
          onChange={(e) => onChange({ ...section, problem: e.target.value })}
        />
      </label>
      <div className="rca-bones">
        {FISHBONE_CATEGORIES.map((cat) => {
          const causes = section.causes[cat]
          const set = (list: typeof causes) => onChange({ ...section, causes: { ...section.causes, [cat]: list } })
          return (
            <fieldset key={cat} className="rca-bone">
              <legend>{FISHBONE_LABELS[cat]}</legend>
              {causes.map((c, i) => (
                <div key={i} className="rca-cause">
                  <input
                    className="input input-sm"
                    aria-label={`${FISHBONE_LABELS[cat]} cause ${i + 1}`}
                    value={c.text}
                    onChange={(e) => set(causes.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))}
                  />
                  <Cites
                    value={c.cites}
                    evidence={evidence}
                    label={`${FISHBONE_LABELS[cat]} cause ${i + 1}`}
                    onChange={(cites) => set(causes.map((x, j) => (j === i ? { ...x, cites } : x)))}
                  />
                  <RemoveButton
                    label={`Remove ${FISHBONE_LABELS[cat]} cause ${i + 1}`}
                    onClick={() => set(causes.filter((_, j) => j !== i))}
                  />
                </div>
              ))}
              <button
                type="button"
                className="btn btn-sm btn-ghost"
                disabled={causes.length >= 8}
                onClick={() => set([...causes, { text: '', cites: [] }])}
              >
                <Icon name="plus" size={12} /> Cause
              </button>
            </fieldset>
          )
        })}
      </div>
    </>
  )
}

export function TimelineEditor({ section, evidence, onChange, defaultAt }: EditorProps<'timeline'>) {
  const set = (entries: typeof section.entries) => onChange({ ...section, entries })
  return (
    <>
      <p className="muted small">
        Times are in your time zone. The escalation&apos;s own timeline is added to the packet beside these.
      </p>
      <table className="rca-table">
        <thead>
          <tr>
            <th style={{ width: '13rem' }}>When</th>
            <th>What happened</th>
            <th style={{ width: '2rem' }}>
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {section.entries.map((e, i) => (
            <tr key={i}>
              <td>
                <input
                  type="datetime-local"
                  className="input input-sm"
                  aria-label={`Time of entry ${i + 1}`}
                  value={toLocalInput(e.at)}
                  onChange={(ev) => {
                    const at = fromLocalInput(ev.target.value)
                    if (at !== null) set(section.entries.map((x, j) => (j === i ? { ...x, at } : x)))
                  }}
                />
              </td>
              <td>
                <input
                  className="input input-sm"
                  aria-label={`Entry ${i + 1}`}
                  value={e.text}
                  onChange={(ev) => set(section.entries.map((x, j) => (j === i ? { ...x, text: ev.target.value } : x)))}
                />
                <Cites
                  value={e.cites}
                  evidence={evidence}
                  label={`timeline entry ${i + 1}`}
                  onChange={(cites) => set(section.entries.map((x, j) => (j === i ? { ...x, cites } : x)))}
                />
              </td>
              <td>
                <RemoveButton
                  label={`Remove entry ${i + 1}`}
                  onClick={() => set(section.entries.filter((_, j) => j !== i))}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="btn btn-sm"
        onClick={() => {
          const last = section.entries.at(-1)?.at ?? defaultAt ?? Date.now()
          set([...section.entries, { at: last, text: '', cites: [] }])
        }}
      >
        <Icon name="plus" size={14} /> Add an entry
      </button>
    </>
  )
}

export function RemediationEditor({ section, evidence, onChange, title }: EditorProps<'remediation'>) {
  const actions = section.actions
  const set = (list: typeof actions) => onChange({ ...section, actions: list })
  const patch = (i: number, p: Partial<(typeof actions)[number]>) =>
    set(actions.map((a, j) => (j === i ? { ...a, ...p } : a)))
  return (
    <>
      <Area
        value={section.text}
        label={`${title}: summary`}
        min={2}
        onChange={(text) => onChange({ ...section, text })}
      />
      <ol className="rca-actions">
        {actions.map((a, i) => (
          <li key={i} className="rca-action">
            <input
              className="input input-sm rca-action-what"
              aria-label={`Action ${i + 1}`}
              placeholder="What will be done"
              value={a.action}
              onChange={(e) => patch(i, { action: e.target.value })}
            />
            <RemoveButton label={`Remove action ${i + 1}`} onClick={() => set(actions.filter((_, j) => j !== i))} />
            <div className="rca-action-meta">
              <input
                className="input input-sm"
                aria-label={`Owner of action ${i + 1}`}
                placeholder="Owner team"
                value={a.owner}
                onChange={(e) => patch(i, { owner: e.target.value })}
              />
              <input
                type="date"
                className="input input-sm"
                aria-label={`Due date of action ${i + 1}`}
                value={a.due}
                onChange={(e) => patch(i, { due: e.target.value })}
              />
              <select
                className="input input-sm"
                aria-label={`Status of action ${i + 1}`}
                value={a.status}
                onChange={(e) => patch(i, { status: e.target.value as (typeof ACTION_STATUSES)[number] })}
              >
                {ACTION_STATUSES.map((st) => (
                  <option key={st} value={st}>
                    {ACTION_STATUS_LABELS[st]}
                  </option>
                ))}
              </select>
            </div>
            <input
              className="input input-sm rca-action-metric"
              aria-label={`Success metric of action ${i + 1}`}
              placeholder="Success metric, e.g. reopen rate under 5% for 14 days"
              value={a.successMetric}
              onChange={(e) => patch(i, { successMetric: e.target.value })}
            />
            <Cites
              value={a.cites}
              evidence={evidence}
              label={`action ${i + 1}`}
              onChange={(cites) => patch(i, { cites })}
            />
          </li>
        ))}
      </ol>
      <button
        type="button"
        className="btn btn-sm"
        disabled={actions.length >= 50}
        onClick={() =>
          set([...actions, { action: '', owner: '', due: '', status: 'planned', successMetric: '', cites: [] }])
        }
      >
        <Icon name="plus" size={14} /> Add an action
      </button>
      <p className="muted small">
        Actions tracked on the escalation (with success metrics checked after every sync) print beside these.
      </p>
    </>
  )
}

/** The editor for a section of any kind. */
export function SectionEditor(props: {
  section: RcaSection
  evidence: readonly RcaEvidence[]
  onChange: (s: RcaSection) => void
  title: string
  defaultAt?: number
}) {
  const { section } = props
  const common = { evidence: props.evidence, title: props.title, defaultAt: props.defaultAt }
  switch (section.kind) {
    case 'text':
    case 'impact':
      return (
        <TextEditor
          {...common}
          section={section}
          onChange={props.onChange as (s: RcaSectionOf<'text' | 'impact'>) => void}
        />
      )
    case 'five_whys':
      return <WhysEditor {...common} section={section} onChange={props.onChange} />
    case 'fishbone':
      return <FishboneEditor {...common} section={section} onChange={props.onChange} />
    case 'timeline':
      return <TimelineEditor {...common} section={section} onChange={props.onChange} />
    case 'remediation':
      return <RemediationEditor {...common} section={section} onChange={props.onChange} />
  }
}
