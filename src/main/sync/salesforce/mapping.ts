/**
 * How Salesforce Case fields land on the workbench's fields, as data: a default that matches an org using
 * Salesforce's own picklists, plus per-source overrides the Sources screen shows and edits. A value nobody mapped is
 * kept as the vendor wrote it (an org-defined status "Waiting on Customer" stays visible as such) and reported through
 * `onUnmapped`, so the screen can offer to map it.
 */
import { z } from 'zod'
import { CASE_TYPES, type Channel, type Priority, type TicketStatus } from '../../../shared/domain'
import type { FieldMapping } from '../../../shared/api/methods/sources'

/** A Case field name as SOQL accepts it (standard `Reason`, custom `Region__c`): checked, because it goes into SOQL. */
const fieldName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, 'a Case field name such as Reason or Region__c')
  .refine((s) => !s.includes('__') || /^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*__c$/.test(s), 'a custom field ends in __c')
const valueMap = z
  .record(z.string().min(1).max(200), z.string().trim().min(1).max(80))
  .refine((m) => Object.keys(m).length <= 500, 'at most 500 mapped values')

export const salesforceMappingSchema = z.strictObject({
  /** Status picklist value → workbench status (new, open, pending, hold, solved, closed). */
  statusValues: valueMap,
  /** Status values that also mark the case escalated (besides `IsEscalated`). */
  escalatedStatuses: z.array(z.string().min(1).max(200)).max(100),
  /** Priority picklist value → urgent, high, normal, low. */
  priorityValues: valueMap,
  /** Origin picklist value → intake channel (see CHANNELS). */
  channelValues: valueMap,
  /** The field whose value is the case type (Reason by default; Type or a custom field in many orgs). */
  caseTypeField: fieldName,
  caseTypeValues: valueMap,
  regionField: fieldName.nullable(),
  regionValues: valueMap,
  /** A numeric 1–5 satisfaction field on Case, when the org keeps one (kpis.md: 4 and 5 are good). */
  csatField: fieldName.nullable(),
})
export type SalesforceMapping = z.infer<typeof salesforceMappingSchema>
export type SalesforceMappingOverrides = Partial<SalesforceMapping>

const STATUS: Record<string, TicketStatus> = { New: 'new', Working: 'open', Escalated: 'open', Closed: 'closed' }
const PRIORITY: Record<string, Priority> = { High: 'high', Medium: 'normal', Low: 'low' }
const ORIGIN: Record<string, Channel> = { Phone: 'phone', Email: 'email', Web: 'web_form' }

export function defaultSalesforceMapping(): SalesforceMapping {
  return {
    statusValues: { ...STATUS },
    escalatedStatuses: ['Escalated'],
    priorityValues: { ...PRIORITY },
    channelValues: { ...ORIGIN },
    caseTypeField: 'Reason',
    caseTypeValues: {},
    regionField: null,
    regionValues: {},
    csatField: null,
  }
}

/**
 * The mapping a source runs with. The value maps of the shared field mapping (what the Sources screen edits: case
 * type, region and channel values, and in `vendor` the status and priority values and which Case fields hold the
 * case type and region) replace the defaults whole, since the screen starts from the defaults and a
 * line the analyst removed must stay removed; the Salesforce-specific overrides then merge key by key, so an override
 * of one status keeps the other defaults. Throws a sentence when the result is invalid.
 */
export function resolveSalesforceMapping(
  overrides: SalesforceMappingOverrides = {},
  shared?: FieldMapping,
): SalesforceMapping {
  const base = defaultSalesforceMapping()
  const v = shared?.vendor
  const merged: SalesforceMapping = {
    statusValues: { ...(v?.statusValues ?? base.statusValues), ...overrides.statusValues },
    escalatedStatuses: overrides.escalatedStatuses ?? base.escalatedStatuses,
    priorityValues: { ...(v?.priorityValues ?? base.priorityValues), ...overrides.priorityValues },
    channelValues: { ...(shared?.channelValues ?? base.channelValues), ...overrides.channelValues },
    caseTypeField: overrides.caseTypeField ?? v?.caseTypeField ?? base.caseTypeField,
    caseTypeValues: { ...(shared?.caseTypeValues ?? base.caseTypeValues), ...overrides.caseTypeValues },
    regionField: overrides.regionField !== undefined ? overrides.regionField : v ? v.regionField : base.regionField,
    regionValues: { ...(shared?.regionValues ?? base.regionValues), ...overrides.regionValues },
    csatField: overrides.csatField !== undefined ? overrides.csatField : base.csatField,
  }
  const parsed = salesforceMappingSchema.safeParse(merged)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(
      `The Salesforce field mapping is not valid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}.`,
    )
  }
  return parsed.data
}

/** The Case fields a sync selects: the mapped ones plus what the workbench always needs (no duplicates). */
export function caseFields(mapping: SalesforceMapping): string[] {
  const fields = [
    'Id',
    'CaseNumber',
    'Subject',
    'Description',
    'Status',
    'Priority',
    'Origin',
    'Reason',
    'Type',
    'IsClosed',
    'IsEscalated',
    'CreatedDate',
    'ClosedDate',
    'LastModifiedDate',
    'SystemModstamp',
    'OwnerId',
    'ContactId',
    'SuppliedEmail',
  ]
  for (const f of [mapping.caseTypeField, mapping.regionField, mapping.csatField]) {
    if (f && !fields.some((x) => x.toLowerCase() === f.toLowerCase())) fields.push(f)
  }
  return fields
}

/**
 * Parent-to-child subqueries that bring each case's thread along with it, in one request per batch instead of two
 * queries per case: its CaseComments and its EmailMessages, oldest first.
 */
export const CASE_THREAD_SUBQUERIES = [
  '(SELECT Id, CommentBody, IsPublished, CreatedById, CreatedDate FROM CaseComments ORDER BY CreatedDate)',
  '(SELECT Id, Subject, TextBody, Incoming, FromAddress, MessageDate, CreatedDate FROM EmailMessages ORDER BY MessageDate)',
] as const

const CASE_TYPE_BY_SLUG = new Map<string, string>()
for (const c of CASE_TYPES) {
  CASE_TYPE_BY_SLUG.set(c.key, c.key)
  CASE_TYPE_BY_SLUG.set(slug(c.label), c.key)
}

/** `Creator Payouts` → `creator_payouts`: how a vendor value is compared with the workbench's case type keys. */
export function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/&/g, ' ')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
}

/**
 * A case type from a vendor value: the source's value map first, then a value that names a workbench case type
 * (key or label, any case); otherwise the value itself, kept opaque. Shared with the HubSpot connector's categories.
 */
export function caseTypeOf(values: Readonly<Record<string, string>>, raw: string): { value: string; mapped: boolean } {
  const mapped = values[raw]
  if (mapped) return { value: mapped, mapped: true }
  const known = CASE_TYPE_BY_SLUG.get(slug(raw))
  return known ? { value: known, mapped: true } : { value: raw, mapped: false }
}
