/**
 * Pure pieces of the RCA Templates view: copies of a template (a built-in is never edited in place, so the stock one
 * is always there to start from), new sections with keys of their own, and the schema's refusals placed next to the
 * field they are about.
 */
import {
  rcaTemplateBodySchema,
  type RcaSectionKind,
  type RcaTemplateBody,
  type RcaTemplateSection,
} from '../../../shared/rcaTemplates'

export { moveItem } from './rcaModel'

const NAME_MAX = 80

/** "Copy of X", then "Copy of X (2)"…, never colliding (case-insensitively) with a taken name, within 80 characters. */
export function copyName(name: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()))
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : ` (${n})`
    const candidate = `Copy of ${name}`.slice(0, NAME_MAX - suffix.length).trimEnd() + suffix
    if (!lower.has(candidate.toLowerCase())) return candidate
  }
}

/** A section key the schema accepts, unique among `taken`: derived from the title, `section_2`… when needed. */
export function sectionKeyFor(title: string, taken: readonly string[]): string {
  let base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, 32)
    .replace(/_+$/, '')
  if (base === '') base = 'section'
  const have = new Set(taken)
  if (!have.has(base)) return base
  for (let n = 2; ; n++) if (!have.has(`${base}_${n}`)) return `${base}_${n}`
}

/** A new section of a kind, appended after the others. */
export function newSection(
  sections: readonly RcaTemplateSection[],
  kind: RcaSectionKind = 'text',
  title = 'New section',
): RcaTemplateSection {
  return {
    key: sectionKeyFor(
      title,
      sections.map((s) => s.key),
    ),
    title,
    kind,
    prompt: '',
  }
}

/** The template a team starts from when it writes its own. */
export function blankTemplate(taken: readonly string[]): RcaTemplateBody {
  const lower = new Set(taken.map((t) => t.toLowerCase()))
  let name = 'New template'
  for (let n = 2; lower.has(name.toLowerCase()); n++) name = `New template (${n})`
  return { name, description: '', sections: [newSection([], 'text', 'Summary')] }
}

/** A copy to edit: same sections (and keys, so RCAs read the same), a free name. */
export function duplicateTemplate(t: RcaTemplateBody, taken: readonly string[]): RcaTemplateBody {
  return {
    name: copyName(t.name, taken),
    description: t.description,
    sections: t.sections.map((s) => ({ ...s })),
  }
}

export interface TemplateIssues {
  name?: string
  description?: string
  /** By section index: title, prompt or key. */
  sections: Record<number, { title?: string; prompt?: string; key?: string }>
  /** About the template as a whole (no sections, too many, two sections alike). */
  general: string[]
  count: number
}

/** What rcaTemplateBodySchema refuses, placed by field, in the schema's own sentences. */
export function templateIssues(body: RcaTemplateBody, takenNames: readonly string[] = []): TemplateIssues {
  const out: TemplateIssues = { sections: {}, general: [], count: 0 }
  const parsed = rcaTemplateBodySchema.safeParse(body)
  const issues = parsed.success ? [] : parsed.error.issues
  for (const issue of issues) {
    const [head, index, field] = issue.path
    out.count++
    if (head === 'name') out.name ??= issue.message
    else if (head === 'description') out.description ??= issue.message
    else if (head === 'sections' && typeof index === 'number' && typeof field === 'string') {
      const at = (out.sections[index] ??= {})
      if (field === 'title' || field === 'prompt' || field === 'key') at[field] ??= issue.message
      else out.general.push(issue.message)
    } else out.general.push(issue.message)
  }
  const trimmed = body.name.trim().toLowerCase()
  if (!out.name && trimmed !== '' && takenNames.some((n) => n.toLowerCase() === trimmed)) {
    out.name = `A template called "${body.name.trim()}" already exists. Choose another name.`
    out.count++
  }
  return out
}

/** Whether two bodies say the same (for "unsaved changes"). */
export function sameTemplate(a: RcaTemplateBody, b: RcaTemplateBody): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** A template being edited that was not saved, kept in local storage so leaving the view or the app loses nothing. */
export interface TemplateDraft {
  /** The saved template it edits, or null for a new one (blank or a copy). */
  editing: number | null
  body: RcaTemplateBody
  /** What the template was when editing began. */
  base: RcaTemplateBody
}

type DraftStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

const templateDraftKey = (workspace: string) => `owb.rcaTemplateDraft.${workspace}`

/** Shape only: a draft may be mid-edit (an empty name, a section without a title) and is checked when saved. */
function isBody(v: unknown): v is RcaTemplateBody {
  if (typeof v !== 'object' || v === null) return false
  const b = v as Record<string, unknown>
  return (
    typeof b.name === 'string' &&
    typeof b.description === 'string' &&
    Array.isArray(b.sections) &&
    b.sections.every((s: unknown) => {
      if (typeof s !== 'object' || s === null) return false
      const x = s as Record<string, unknown>
      return (
        typeof x.key === 'string' &&
        typeof x.title === 'string' &&
        typeof x.kind === 'string' &&
        typeof x.prompt === 'string'
      )
    })
  )
}

export function readTemplateDraft(storage: Pick<DraftStore, 'getItem'>, workspace: string): TemplateDraft | null {
  try {
    const raw = storage.getItem(templateDraftKey(workspace))
    if (!raw) return null
    const d = JSON.parse(raw) as Record<string, unknown>
    const editing =
      d.editing === null || (typeof d.editing === 'number' && Number.isInteger(d.editing)) ? d.editing : undefined
    if (editing === undefined || !isBody(d.body) || !isBody(d.base)) return null
    return { editing, body: d.body, base: d.base }
  } catch {
    return null
  }
}

/** Keeps the draft while it differs from where it started; forgets it otherwise. */
export function keepTemplateDraft(storage: DraftStore, workspace: string, draft: TemplateDraft | null): void {
  try {
    if (draft && !sameTemplate(draft.body, draft.base))
      storage.setItem(templateDraftKey(workspace), JSON.stringify(draft))
    else storage.removeItem(templateDraftKey(workspace))
  } catch {
    // Storage full or disabled: the view still asks before a switch inside it drops the changes.
  }
}
