/**
 * An RCA document: the analyst's content, section by section as its template says, and the evidence its claims cite.
 * Content is validated by rcaContentSchema on every save; evidence is frozen when it is added (a chart keeps its data
 * and a hash of it, a metric its value and definition), so the packet prints what the analyst saw, even after a
 * re-sync changes the tickets behind it.
 */
import { z } from 'zod'
import type { TicketFilters } from './api/schemas'
import type { KpiKey } from './kpis'
import type { RedactionRules } from './redact'
import { FISHBONE_CATEGORIES, type RcaTemplateBody, type RcaTemplateSection } from './rcaTemplates'
import type { ViewDefinition } from './views'

export * from './rcaTemplates'

/** Evidence ids a claim cites. */
const cites = z.array(z.number().int().positive()).max(50, 'A claim cites at most 50 pieces of evidence.')
const claim = (max: number, what: string) =>
  z.string().max(max, `${what} is at most ${max.toLocaleString('en-US')} characters.`)

export const textSectionSchema = z.strictObject({
  kind: z.literal('text'),
  text: claim(20_000, 'A section'),
  cites,
})
export const whySchema = z.strictObject({ text: claim(1_000, 'A why'), cites })
export const fiveWhysSectionSchema = z.strictObject({
  kind: z.literal('five_whys'),
  /** The problem as users saw it: the first "why?" is asked of this. */
  problem: claim(500, 'The problem'),
  whys: z.array(whySchema).max(10, 'Ten whys at most: if you need more, the problem is too broad.'),
})
export const causeSchema = z.strictObject({ text: claim(300, 'A cause'), cites })
export const fishboneSectionSchema = z.strictObject({
  kind: z.literal('fishbone'),
  /** The effect at the fish's head. */
  problem: claim(200, 'The effect'),
  causes: z.strictObject(
    Object.fromEntries(
      FISHBONE_CATEGORIES.map((c) => [c, z.array(causeSchema).max(8, `At most 8 causes under ${c}.`)]),
    ) as Record<(typeof FISHBONE_CATEGORIES)[number], z.ZodArray<typeof causeSchema>>,
  ),
})
export const timelineEntrySchema = z.strictObject({
  /** Epoch ms; shown in the reader's time zone. */
  at: z.number().int().min(0).max(8_640_000_000_000_000),
  text: claim(1_000, 'A timeline entry'),
  cites,
})
export const timelineSectionSchema = z.strictObject({
  kind: z.literal('timeline'),
  entries: z.array(timelineEntrySchema).max(300, 'A timeline holds at most 300 entries.'),
})
export const impactSectionSchema = z.strictObject({
  kind: z.literal('impact'),
  text: claim(20_000, 'The impact text'),
  cites,
})
export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const
export type ActionStatus = (typeof ACTION_STATUSES)[number]
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  dropped: 'Dropped',
}
export const remediationActionSchema = z.strictObject({
  action: claim(500, 'An action'),
  owner: claim(120, 'An owner'),
  /** Local date YYYY-MM-DD, or empty when not set yet. */
  due: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A due date is YYYY-MM-DD.')]),
  status: z.enum(ACTION_STATUSES),
  successMetric: claim(300, 'A success metric'),
  cites,
})
export const remediationSectionSchema = z.strictObject({
  kind: z.literal('remediation'),
  text: claim(10_000, 'The plan text'),
  actions: z.array(remediationActionSchema).max(50, 'At most 50 actions.'),
})

export const rcaSectionSchema = z.discriminatedUnion('kind', [
  textSectionSchema,
  fiveWhysSectionSchema,
  fishboneSectionSchema,
  timelineSectionSchema,
  impactSectionSchema,
  remediationSectionSchema,
])
export type RcaSection = z.infer<typeof rcaSectionSchema>
export type RcaSectionOf<K extends RcaSection['kind']> = Extract<RcaSection, { kind: K }>

export const rcaTitleSchema = z
  .string()
  .trim()
  .min(1, 'Give the RCA a title.')
  .max(200, 'An RCA title is at most 200 characters.')

export const rcaContentSchema = z.strictObject({
  sections: z.record(z.string().max(40), rcaSectionSchema),
})
export type RcaContent = z.infer<typeof rcaContentSchema>

/** An empty section of a kind. */
export function emptySection(kind: RcaSection['kind']): RcaSection {
  switch (kind) {
    case 'text':
      return { kind, text: '', cites: [] }
    case 'five_whys':
      return { kind, problem: '', whys: [{ text: '', cites: [] }] }
    case 'fishbone':
      return {
        kind,
        problem: '',
        causes: Object.fromEntries(
          FISHBONE_CATEGORIES.map((c) => [c, []]),
        ) as unknown as RcaSectionOf<'fishbone'>['causes'],
      }
    case 'timeline':
      return { kind, entries: [] }
    case 'impact':
      return { kind, text: '', cites: [] }
    case 'remediation':
      return { kind, text: '', actions: [] }
  }
}

/** Content with a section for every one of the template's, of the right kind (others are kept, in case of edits). */
export function contentForTemplate(template: Pick<RcaTemplateBody, 'sections'>, content?: RcaContent): RcaContent {
  const sections: Record<string, RcaSection> = { ...(content?.sections ?? {}) }
  for (const s of template.sections) {
    const have = sections[s.key]
    if (!have || have.kind !== s.kind) sections[s.key] = emptySection(s.kind)
  }
  return { sections }
}

/** Every evidence id the content cites, in first-cited order. */
export function citedEvidence(content: RcaContent, template: Pick<RcaTemplateBody, 'sections'>): number[] {
  const out: number[] = []
  const add = (ids: readonly number[]) => {
    for (const id of ids) if (!out.includes(id)) out.push(id)
  }
  for (const s of template.sections) {
    const sec = content.sections[s.key]
    if (!sec) continue
    switch (sec.kind) {
      case 'text':
      case 'impact':
        add(sec.cites)
        break
      case 'five_whys':
        sec.whys.forEach((w) => add(w.cites))
        break
      case 'fishbone':
        for (const c of FISHBONE_CATEGORIES) sec.causes[c].forEach((x) => add(x.cites))
        break
      case 'timeline':
        sec.entries.forEach((e) => add(e.cites))
        break
      case 'remediation':
        sec.actions.forEach((a) => add(a.cites))
        break
    }
  }
  return out
}

/** Words the analyst has written in a section (for the history list and "is it empty?"). */
export function sectionWords(sec: RcaSection | undefined): number {
  if (!sec) return 0
  const count = (s: string) => (s.trim() === '' ? 0 : s.trim().split(/\s+/).length)
  switch (sec.kind) {
    case 'text':
    case 'impact':
      return count(sec.text)
    case 'five_whys':
      return count(sec.problem) + sec.whys.reduce((n, w) => n + count(w.text), 0)
    case 'fishbone':
      return (
        count(sec.problem) +
        FISHBONE_CATEGORIES.reduce((n, c) => n + sec.causes[c].reduce((m, x) => m + count(x.text), 0), 0)
      )
    case 'timeline':
      return sec.entries.reduce((n, e) => n + count(e.text), 0)
    case 'remediation':
      return count(sec.text) + sec.actions.reduce((n, a) => n + count(`${a.action} ${a.owner} ${a.successMetric}`), 0)
  }
}

export function contentWords(content: RcaContent, template: Pick<RcaTemplateBody, 'sections'>): number {
  return template.sections.reduce((n, s) => n + sectionWords(content.sections[s.key]), 0)
}

/** JSON with keys in a fixed order, so equal content always compares (and hashes) equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * Which parts differ between two states of a document: 'title' and the keys of the template's sections whose
 * content differs. The RCA screen marks these "changed since the last export".
 */
export function changedParts(
  template: Pick<RcaTemplateBody, 'sections'>,
  a: { title: string; content: RcaContent },
  b: { title: string; content: RcaContent },
): string[] {
  const out: string[] = []
  if (a.title !== b.title) out.push('title')
  for (const s of template.sections) {
    if (canonicalJson(a.content.sections[s.key] ?? null) !== canonicalJson(b.content.sections[s.key] ?? null))
      out.push(s.key)
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// Evidence

export const EVIDENCE_KINDS = ['tickets', 'chart', 'view', 'metric'] as const
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number]

export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  tickets: 'Tickets',
  chart: 'Chart snapshot',
  view: 'Saved view',
  metric: 'Metric value',
}

/** A ticket as cited: what identifies it, frozen when cited. Sensitive tickets keep no subject. */
export interface CitedTicket {
  id: number
  externalId: string | null
  subject: string | null
  status: string
  caseType: string | null
  channel: string | null
  region: string | null
  requester: string | null
  createdAt: number
  sensitive: boolean
}

export interface TicketsEvidence {
  kind: 'tickets'
  tickets: CitedTicket[]
}

export interface ChartEvidence {
  kind: 'chart'
  /** The KPI plotted (volume for a ticket-count chart) and how. */
  kpi: KpiKey
  stat: 'median' | 'p90' | 'mean' | null
  groupBy: string | null
  grain: 'hour' | 'day' | 'week'
  filters: TicketFilters
  from: string
  to: string
  timeZone: string
  buckets: string[]
  series: { name: string; data: (number | null)[] }[]
  /** SHA-256 of the canonical JSON of buckets and series: the data behind the chart, so a reader can check it. */
  dataHash: string
}

export interface ViewEvidence {
  kind: 'view'
  viewId: number
  name: string
  definition: ViewDefinition
  /** Tickets it matched when cited. */
  matching: number
}

export interface MetricEvidence {
  kind: 'metric'
  kpi: KpiKey
  filters: TicketFilters
  from: string
  to: string
  timeZone: string
  value: number | null
  /** Tickets behind the figure. */
  n: number
  small: boolean
  /** The previous period of the same length, for the change. */
  previous: { value: number | null; n: number } | null
  /** The dictionary's sentence at the time of citing. */
  definition: string
}

export type EvidencePayload = TicketsEvidence | ChartEvidence | ViewEvidence | MetricEvidence

export interface RcaEvidence {
  id: number
  rcaId: number
  label: string
  createdAt: number
  payload: EvidencePayload
}

// ---------------------------------------------------------------------------------------------------------------
// Documents, versions, exports

export interface RcaSummary {
  id: number
  title: string
  escalationId: number | null
  escalationTitle: string | null
  templateName: string
  revision: number
  updatedAt: number
  lastExportAt: number | null
  /** Parts changed since the last export (empty when never exported or unchanged). */
  changedSinceExport: string[]
  /** The demo's worked example. */
  example: boolean
}

export interface RcaDocument extends RcaSummary {
  /** The template as it was when the document was created (editing a template never reshapes an RCA). */
  template: RcaTemplateBody & { sections: RcaTemplateSection[] }
  content: RcaContent
  evidence: RcaEvidence[]
  createdAt: number
}

export const RCA_VERSION_KINDS = ['auto', 'manual', 'export', 'restore'] as const
export type RcaVersionKind = (typeof RCA_VERSION_KINDS)[number]

export interface RcaVersion {
  id: number
  rcaId: number
  revision: number
  kind: RcaVersionKind
  label: string
  title: string
  words: number
  createdAt: number
}

/** Redaction choices for a packet: the shared rules plus whole fields of cited tickets. */
export const REDACTABLE_FIELDS = ['requester', 'subject', 'owner'] as const
export type RedactableField = (typeof REDACTABLE_FIELDS)[number]
export const REDACTABLE_FIELD_LABELS: Record<RedactableField, string> = {
  requester: 'Ticket requesters',
  subject: 'Ticket subjects',
  owner: 'Owner names (escalation, actions)',
}

export const redactionSchema = z.strictObject({
  enabled: z.boolean(),
  emails: z.boolean(),
  phones: z.boolean(),
  handles: z.boolean(),
  terms: z.array(z.string().trim().min(1).max(100)).max(50, 'At most 50 terms to redact.'),
  fields: z.array(z.enum(REDACTABLE_FIELDS)).max(REDACTABLE_FIELDS.length),
})
export type PacketRedaction = RedactionRules & { fields: readonly RedactableField[] }

export const DEFAULT_PACKET_REDACTION: PacketRedaction = {
  enabled: true,
  emails: true,
  phones: true,
  handles: true,
  terms: [],
  fields: ['requester'],
}
