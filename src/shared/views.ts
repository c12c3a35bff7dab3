/**
 * Saved views: a named combination of filters, search, date range, sort and column layout, and the small file an
 * analyst exports to share one. The definition is versioned so a file from a newer release is refused, never
 * half-read.
 */
import { z } from 'zod'
import { sortSchema, ticketFiltersSchema } from './api/contract'
import { TICKET_COLUMNS, type TicketColumnKey } from './domain'

/** The definition version this release writes and the newest it can read. */
export const VIEW_VERSION = 1
/** What an export file says it is, so a stray JSON file is not taken for a view. */
export const VIEW_FILE_KIND = 'ops-workbench.view'
/** Largest view file accepted (a real one is a few hundred bytes). */
export const MAX_VIEW_FILE_BYTES = 64 * 1024
/** Suffix of exported view files. */
export const VIEW_FILE_SUFFIX = '.owbview.json'

const COLUMN_KEYS = TICKET_COLUMNS.map((c) => c.key) as [TicketColumnKey, ...TicketColumnKey[]]
const localDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')

export const viewNameSchema = z
  .string()
  .trim()
  .min(1, 'A view needs a name.')
  .max(80, 'A view name is at most 80 characters.')

/**
 * The created-date range as the analyst chose it: a preset stays relative ("last 7 days" means the 7 days before
 * the view is opened), `custom` keeps its local calendar dates.
 */
export const viewDateRangeSchema = z.strictObject({
  preset: z.enum(['7d', '30d', '90d', 'all', 'custom']),
  from: localDay.optional(),
  to: localDay.optional(),
})

/** One grid column, in display order: its width in pixels when the analyst set one, and whether it is hidden. */
export const viewColumnSchema = z.strictObject({
  key: z.enum(COLUMN_KEYS),
  width: z.number().int().min(20).max(2_000).optional(),
  hidden: z.boolean().optional(),
})
export type ViewColumn = z.infer<typeof viewColumnSchema>

/** What a saved view holds (its name is kept beside it, so a rename never rewrites the definition). */
// Filters and sort are referenced lazily: the contract imports this module for the `views.*` inputs, so neither
// module may touch the other's values while they load.
export const viewDefinitionSchema = z.strictObject({
  version: z.literal(VIEW_VERSION),
  filters: z.lazy(() => ticketFiltersSchema),
  dateRange: viewDateRangeSchema.optional(),
  sort: z.lazy(() => sortSchema),
  columns: z
    .array(viewColumnSchema)
    .max(COLUMN_KEYS.length)
    .refine((cols) => new Set(cols.map((c) => c.key)).size === cols.length, 'each column at most once'),
})
export type ViewDefinition = z.infer<typeof viewDefinitionSchema>

/** A view as the API returns it. */
export interface SavedView {
  id: number
  name: string
  definition: ViewDefinition
  createdAt: number
  updatedAt: number
}

/** The export file: `{ kind, version, exportedAt, view: { name, ...definition } }`. */
export const viewFileSchema = z.strictObject({
  kind: z.literal(VIEW_FILE_KIND),
  version: z.literal(VIEW_VERSION),
  exportedAt: z.string().max(40),
  view: viewDefinitionSchema.extend({ name: viewNameSchema }),
})
export type ViewFile = z.infer<typeof viewFileSchema>

export function viewFileContent(view: Pick<SavedView, 'name' | 'definition'>, now: number): string {
  const file: ViewFile = {
    kind: VIEW_FILE_KIND,
    version: VIEW_VERSION,
    exportedAt: new Date(now).toISOString(),
    view: { ...view.definition, name: view.name },
  }
  return `${JSON.stringify(file, null, 2)}\n`
}

/** A file name from a view name: letters, digits, spaces and dashes kept, the rest dropped. */
export function viewFileName(name: string): string {
  const base = name
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N} _-]+/gu, '')
    .trim()
    .slice(0, 60)
  return `${base || 'view'}${VIEW_FILE_SUFFIX}`
}

export type ParsedViewFile = { ok: true; name: string; definition: ViewDefinition } | { ok: false; message: string }

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Reads a view file, refusing with a sentence for the analyst: too large, not JSON, not a view file, made by a newer
 * version, a column or field this version does not know, or any other invalid value. Pure: nothing is saved here.
 */
export function parseViewFile(content: string): ParsedViewFile {
  const fail = (message: string): ParsedViewFile => ({ ok: false, message })
  if (new TextEncoder().encode(content).length > MAX_VIEW_FILE_BYTES) {
    return fail('This file is larger than 64 KB, so it is not a view exported by Ops Workbench.')
  }
  let raw: unknown
  try {
    raw = JSON.parse(content)
  } catch {
    return fail('This file is not a view: it is not valid JSON (it may be damaged or cut short).')
  }
  if (!isRecord(raw) || raw.kind !== VIEW_FILE_KIND) {
    return fail('This file is not an Ops Workbench view (it does not say "kind": "ops-workbench.view").')
  }
  if (typeof raw.version === 'number' && raw.version > VIEW_VERSION) {
    return fail('This view was made by a newer version of Ops Workbench — update to open it.')
  }
  const view = raw.view
  if (isRecord(view) && Array.isArray(view.columns)) {
    const known = new Set<string>(COLUMN_KEYS)
    const unknown = view.columns.find((c) => isRecord(c) && typeof c.key === 'string' && !known.has(c.key))
    if (isRecord(unknown)) {
      return fail(`This view uses a column this version does not know ("${String(unknown.key).slice(0, 40)}").`)
    }
  }
  const parsed = viewFileSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    if (issue?.code === 'unrecognized_keys') {
      const where = issue.path.length ? ` in ${issue.path.join('.')}` : ''
      return fail(`This view has a field this version does not know (${issue.keys.join(', ')}${where}).`)
    }
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
    return fail(`This view file is not valid (${where}${issue?.message ?? 'unknown problem'}).`)
  }
  const { name, ...definition } = parsed.data.view
  return { ok: true, name, definition }
}

/** `name` if no existing name equals it (ignoring case), else the first free "name (2)", "name (3)", … */
export function uniqueViewName(name: string, taken: readonly string[]): string {
  const used = new Set(taken.map((n) => n.toLowerCase()))
  if (!used.has(name.toLowerCase())) return name
  const base = name.replace(/ \(\d+\)$/, '')
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 72)} (${n})`
    if (!used.has(candidate.toLowerCase())) return candidate
  }
}
