/** RCA documents from templates, evidence, version history and the PDF packet (issue 6). */
import { z } from 'zod'
import { KPI_KEYS } from '../../kpis'
import {
  rcaContentSchema,
  rcaTemplateBodySchema,
  rcaTitleSchema,
  redactionSchema,
  type RcaDocument,
  type RcaEvidence,
  type RcaSummary,
  type RcaTemplate,
  type RcaVersion,
} from '../../rca'
import type { RedactionCounts } from '../../redact'
import { method, ticketFiltersSchema, ticketId, timeZone, type MethodDef } from '../schemas'
import { METRIC_CUTS } from './metrics'

export type { RcaDocument, RcaEvidence, RcaSummary, RcaTemplate, RcaVersion } from '../../rca'

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
const evidenceLabel = z.string().trim().min(1).max(200).optional()

/** What to cite: the server computes the figures and freezes them. */
export const evidenceRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('tickets'),
    ticketIds: z
      .array(ticketId)
      .min(1, 'Choose at least one ticket.')
      .max(2_000, 'Cite at most 2,000 tickets at once.'),
  }),
  z.strictObject({
    kind: z.literal('metric'),
    kpi: z.enum(KPI_KEYS),
    filters: ticketFiltersSchema,
    from: localDate,
    to: localDate,
    timeZone,
  }),
  z.strictObject({
    kind: z.literal('chart'),
    kpi: z.enum(KPI_KEYS),
    stat: z.enum(['median', 'p90', 'mean']).optional(),
    groupBy: z.enum(METRIC_CUTS).nullable(),
    grain: z.enum(['hour', 'day', 'week']),
    filters: ticketFiltersSchema,
    from: localDate,
    to: localDate,
    timeZone,
  }),
  z.strictObject({ kind: z.literal('view'), viewId: id }),
])

export interface RcaSaveResult {
  revision: number
  updatedAt: number
  changedSinceExport: string[]
  versioned: boolean
}

export interface RcaPreview {
  html: string
  counts: RedactionCounts
  /** "Redacted: 3 email addresses, 1 phone number." */
  summary: string
  sections: string[]
}

export interface RcaExported {
  /** Absolute path (desktop); browser mode downloads it by its plain name. */
  file: string
  fileName: string
  bytes: number
  printer: 'electron' | 'chromium'
}

export const rcaMethods = {
  'rca.templates': method<RcaTemplate[]>()(z.strictObject({}), "RCA templates: the built-in ones, then your team's."),
  'rca.saveTemplate': method<RcaTemplate>()(
    z.strictObject({ id: id.optional(), template: rcaTemplateBodySchema }),
    'Add a template (no id) or change one; RCAs already written keep the template they were made from.',
  ),
  'rca.deleteTemplate': method<{ deleted: number }>()(
    z.strictObject({ id }),
    'Delete a team template (built-in ones are refused); RCAs made from it keep their copy.',
  ),
  'rca.list': method<RcaSummary[]>()(z.strictObject({}), 'RCAs of the open workspace, most recently edited first.'),
  'rca.get': method<RcaDocument>()(z.strictObject({ id }), 'One RCA with its template, content and evidence.'),
  'rca.create': method<RcaDocument>()(
    z.strictObject({ escalationId: id.nullable(), templateId: id, title: rcaTitleSchema }),
    'Start an RCA for an escalation from a template.',
  ),
  'rca.save': method<RcaSaveResult>()(
    z.strictObject({ id, title: rcaTitleSchema, content: rcaContentSchema, baseRevision: z.number().int().min(1) }),
    'Autosave: write the RCA if it is still at baseRevision (else refused, the text stays in the window as a draft).',
  ),
  'rca.delete': method<{ deleted: number }>()(z.strictObject({ id }), 'Delete an RCA, its versions and evidence.'),
  'rca.versions': method<RcaVersion[]>()(z.strictObject({ id }), 'Version history of an RCA, newest first.'),
  'rca.saveVersion': method<RcaVersion>()(
    z.strictObject({ id, label: z.string().trim().max(120) }),
    'Record the RCA as it stands as a named version.',
  ),
  'rca.restore': method<RcaDocument>()(
    z.strictObject({ id, versionId: id }),
    'Put a version back (the current text is recorded first, so the restore can be undone).',
  ),
  'rca.addEvidence': method<RcaEvidence>()(
    z.strictObject({ id, evidence: evidenceRequestSchema, label: evidenceLabel }),
    'Attach evidence (tickets, a metric value, a chart snapshot, a saved view), frozen as it is now.',
  ),
  'rca.removeEvidence': method<{ removed: number }>()(
    z.strictObject({ id, evidenceId: id }),
    'Detach evidence no claim cites.',
  ),
  'rca.preview': method<RcaPreview>()(
    z.strictObject({ id, timeZone, redaction: redactionSchema }),
    'The packet as HTML with redaction applied, as the PDF will print it.',
  ),
  'rca.exportPdf': method<RcaExported>()(
    z.strictObject({ id, timeZone, redaction: redactionSchema }),
    'Print the packet to a PDF in the exports folder (progress arrives as a task event).',
  ),
} as const satisfies Record<string, MethodDef>
