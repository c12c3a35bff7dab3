/**
 * What a file import maps onto: the workbench fields a file column can fill, the shape of a mapping (columns, value
 * translations, constants, date and duration conventions) and the schema that validates it on every transport.
 * Pure data: the importer (src/main/ingest) and the Import screen both read it.
 */
import { z } from 'zod'

/** Workbench fields a file column can fill, in the order the mapping table lists them. */
export const IMPORT_FIELDS = [
  'externalId',
  'subject',
  'description',
  'status',
  'priority',
  'type',
  'caseType',
  'channel',
  'tags',
  'region',
  'locale',
  'requester',
  'assignee',
  'group',
  'createdAt',
  'updatedAt',
  'solvedAt',
  'firstReplyMinutes',
  'firstResolutionMinutes',
  'fullResolutionMinutes',
  'reopens',
  'replies',
  'csat',
  'escalated',
] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]

export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  externalId: 'Ticket id',
  subject: 'Subject',
  description: 'Description',
  status: 'Status',
  priority: 'Priority',
  type: 'Type',
  caseType: 'Case type',
  channel: 'Channel',
  tags: 'Tags',
  region: 'Region',
  locale: 'Locale',
  requester: 'Requester',
  assignee: 'Assignee',
  group: 'Group',
  createdAt: 'Created',
  updatedAt: 'Updated',
  solvedAt: 'Solved',
  firstReplyMinutes: 'First reply time',
  firstResolutionMinutes: 'First resolution time',
  fullResolutionMinutes: 'Full resolution time',
  reopens: 'Reopens',
  replies: 'Replies',
  csat: 'CSAT',
  escalated: 'Escalated',
}

/** Fields every row must have; a row without them is rejected with its line number. */
export const REQUIRED_FIELDS: readonly ImportField[] = ['externalId', 'createdAt']
export const DATE_FIELDS = ['createdAt', 'updatedAt', 'solvedAt'] as const
export const DURATION_FIELDS = ['firstReplyMinutes', 'firstResolutionMinutes', 'fullResolutionMinutes'] as const
export type DurationField = (typeof DURATION_FIELDS)[number]
/** Fields whose file values are translated through a value table (file value -> workbench value). */
export const VALUE_MAPPED_FIELDS = ['status', 'priority', 'type', 'channel', 'caseType', 'region'] as const
export type ValueMappedField = (typeof VALUE_MAPPED_FIELDS)[number]
/** Fields a mapping may set to one value for every row (an Avaya call record is always a phone contact). */
export const CONSTANT_FIELDS = ['subject', 'status', 'priority', 'type', 'caseType', 'channel', 'region'] as const
export type ConstantField = (typeof CONSTANT_FIELDS)[number]

export const DURATION_UNITS = ['minutes', 'seconds', 'milliseconds', 'hours'] as const
export type DurationUnit = (typeof DURATION_UNITS)[number]

/**
 * How dates without an explicit shape are read. `auto` accepts ISO 8601 and Unix seconds/milliseconds and, for
 * slashed dates, whichever order the file's values prove; `dmy` / `mdy` settle `03/04/2025`.
 */
export const DATE_ORDERS = ['auto', 'dmy', 'mdy'] as const
export type DateOrder = (typeof DATE_ORDERS)[number]

const columnName = z.string().min(1).max(300)
const valueText = z.string().max(200)

export const importMappingSchema = z.strictObject({
  /** Workbench field -> file column (header text, or a dotted path into JSON records such as `via.channel`). */
  columns: z.partialRecord(z.enum(IMPORT_FIELDS), columnName),
  /** Per field: file value (compared ignoring case and surrounding space) -> workbench value. */
  values: z.partialRecord(z.enum(VALUE_MAPPED_FIELDS), z.record(valueText, valueText)),
  /** Per field: one value for every row where the file has none (or no column is mapped). */
  constants: z.partialRecord(z.enum(CONSTANT_FIELDS), valueText),
  /** Unit of each duration column; minutes when absent. */
  durationUnits: z.partialRecord(z.enum(DURATION_FIELDS), z.enum(DURATION_UNITS)),
  dateOrder: z.enum(DATE_ORDERS),
  /** Splits a tags cell; absent: commas, semicolons, pipes or spaces. */
  tagSeparator: z.string().min(1).max(5).optional(),
})
export type ImportMapping = z.infer<typeof importMappingSchema>

export const EMPTY_MAPPING: ImportMapping = {
  columns: {},
  values: {},
  constants: {},
  durationUnits: {},
  dateOrder: 'auto',
}

export const BUILT_IN_PRESET_IDS = [
  'zendesk-csv',
  'zendesk-json',
  'salesforce-cases',
  'hubspot-tickets',
  'avaya-calls',
  'generic',
] as const
export type BuiltInPresetId = (typeof BUILT_IN_PRESET_IDS)[number]

export interface ImportPreset {
  /** A built-in id, or `saved-<n>` for an analyst's own preset. */
  id: string
  name: string
  builtIn: boolean
  description: string
  mapping: ImportMapping
}

export const IMPORT_FORMATS = ['csv', 'json', 'ndjson', 'xlsx'] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]
export const IMPORT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number]

/** What `import.inspect` learns about a file before anything is written. */
export interface ImportInspection {
  /** The file as the analyst knows it (no folder). */
  fileName: string
  size: number
  format: ImportFormat
  encoding: ImportEncoding
  /** Field delimiter of CSV-like files; null for JSON and XLSX. */
  delimiter: string | null
  /** Header columns (CSV/XLSX), or the dotted keys found in the first records (JSON). */
  columns: string[]
  /** Up to 20 rows, each cell as text, aligned with `columns`. */
  preview: { line: number; cells: string[] }[]
  /** Built-in preset the headers look like. */
  presetId: BuiltInPresetId
  /** The preset's mapping, completed with columns guessed from the header names. */
  mapping: ImportMapping
  /** What the sampled slashed dates prove: null when there are none, `ambiguous` when the analyst must say. */
  dateOrder: 'dmy' | 'mdy' | 'ambiguous' | null
  /** Distinct sampled values of value-mapped columns, so the screen can offer value mappings. */
  sampleValues: Partial<Record<ValueMappedField, string[]>>
  /** Sentences about anything odd (ragged rows, an unclosed quote in the sample). */
  warnings: string[]
}

export interface ImportRunSummary {
  id: number
  sourceId: number | null
  sourceName: string
  fileName: string
  format: ImportFormat
  presetId: string | null
  state: 'running' | 'done' | 'failed' | 'cancelled'
  startedAt: number
  finishedAt: number | null
  rows: number
  inserted: number
  updated: number
  unchanged: number
  rejected: number
  error: string | null
}

export interface ImportReject {
  line: number
  reason: string
  /** The start of the raw row, for the analyst to find it. */
  excerpt: string
}
