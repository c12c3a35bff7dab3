/**
 * RCA templates are data: rows seeded by migration 012 from DEFAULT_RCA_TEMPLATES, editable, and teams can add their
 * own. A template is a name and an ordered list of sections, each of one kind the editor and the packet know how to
 * show. Every template is validated by rcaTemplateBodySchema before it is written.
 */
import { z } from 'zod'

export const RCA_SECTION_KINDS = ['text', 'five_whys', 'fishbone', 'timeline', 'impact', 'remediation'] as const
export type RcaSectionKind = (typeof RCA_SECTION_KINDS)[number]

export const RCA_SECTION_KIND_LABELS: Record<RcaSectionKind, string> = {
  text: 'Free text',
  five_whys: '5 Whys',
  fishbone: 'Fishbone (cause and effect)',
  timeline: 'Incident timeline',
  impact: 'Impact assessment',
  remediation: 'Remediation plan',
}

/** The fishbone's six bones, in drawing order (top row left to right, then bottom row). */
export const FISHBONE_CATEGORIES = ['people', 'process', 'product', 'policy', 'tooling', 'vendor'] as const
export type FishboneCategory = (typeof FISHBONE_CATEGORIES)[number]

export const FISHBONE_LABELS: Record<FishboneCategory, string> = {
  people: 'People',
  process: 'Process',
  product: 'Product',
  policy: 'Policy',
  tooling: 'Tooling',
  vendor: 'Vendor',
}

export const sectionKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'A section key is lower-case letters, digits and "_", starting with a letter.')

export const rcaTemplateSectionSchema = z.strictObject({
  key: sectionKeySchema,
  title: z.string().trim().min(1, 'Every section needs a title.').max(80, 'A section title is at most 80 characters.'),
  kind: z.enum(RCA_SECTION_KINDS),
  /** The question the section answers, shown in the editor as guidance. */
  prompt: z.string().max(500, 'A section prompt is at most 500 characters.'),
})
export type RcaTemplateSection = z.infer<typeof rcaTemplateSectionSchema>

export const rcaTemplateBodySchema = z
  .strictObject({
    name: z.string().trim().min(1, 'Give the template a name.').max(80, 'A template name is at most 80 characters.'),
    description: z.string().max(500, 'A template description is at most 500 characters.'),
    sections: z
      .array(rcaTemplateSectionSchema)
      .min(1, 'A template needs at least one section.')
      .max(20, 'A template has at most 20 sections.'),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>()
    for (const s of t.sections) {
      if (seen.has(s.key))
        ctx.addIssue({ code: 'custom', message: `Two sections use the key "${s.key}"; each needs its own.` })
      seen.add(s.key)
    }
  })
export type RcaTemplateBody = z.infer<typeof rcaTemplateBodySchema>

export interface RcaTemplate extends RcaTemplateBody {
  id: number
  /** Seeded by the workbench (still editable); false for a team's own. */
  builtIn: boolean
  updatedAt: number
}

/** The standard packet: every section the issue names, in the order an executive reads them. */
const STANDARD: RcaTemplateBody = {
  name: 'Incident RCA (full)',
  description:
    'Executive summary, timeline, impact, 5 Whys, fishbone, root cause and remediation: the packet executives expect after a P0 or P1.',
  sections: [
    {
      key: 'executive_summary',
      title: 'Executive summary',
      kind: 'text',
      prompt: 'In five sentences: what happened, who was affected, how big, what caused it, what is being done.',
    },
    {
      key: 'timeline',
      title: 'Incident timeline',
      kind: 'timeline',
      prompt:
        'When it started, was detected, escalated, mitigated and resolved (times in UTC are converted for readers).',
    },
    {
      key: 'impact',
      title: 'Impact assessment',
      kind: 'impact',
      prompt: 'Tickets, users, regions and channels affected, for how long, and how the KPIs moved. Cite charts.',
    },
    {
      key: 'five_whys',
      title: '5 Whys',
      kind: 'five_whys',
      prompt: 'Start from the problem users saw and ask why until you reach a cause the organisation can fix.',
    },
    {
      key: 'fishbone',
      title: 'Contributing factors (fishbone)',
      kind: 'fishbone',
      prompt: 'Causes by category: people, process, product, policy, tooling, vendor.',
    },
    {
      key: 'root_cause',
      title: 'Root cause statement',
      kind: 'text',
      prompt: 'One paragraph: the cause that, removed, would have prevented the incident.',
    },
    {
      key: 'remediation',
      title: 'Remediation plan',
      kind: 'remediation',
      prompt: 'Actions with an owner team, a due date and a success metric that shows the fix worked.',
    },
  ],
}

const QUICK: RcaTemplateBody = {
  name: '5 Whys (short)',
  description: 'A one-page RCA for a P2 or P3: summary, 5 Whys, root cause and the actions that follow.',
  sections: [
    { key: 'executive_summary', title: 'Summary', kind: 'text', prompt: 'What happened and what it cost, briefly.' },
    {
      key: 'five_whys',
      title: '5 Whys',
      kind: 'five_whys',
      prompt: 'Ask why until you reach a cause the organisation can fix.',
    },
    { key: 'root_cause', title: 'Root cause', kind: 'text', prompt: 'The cause in one or two sentences.' },
    {
      key: 'remediation',
      title: 'Actions',
      kind: 'remediation',
      prompt: 'Who does what by when, and how you will know it worked.',
    },
  ],
}

/** Seeded by migration 012 (and kept here so tests and the demo can refer to them by name). */
export const DEFAULT_RCA_TEMPLATES: readonly RcaTemplateBody[] = [STANDARD, QUICK]
