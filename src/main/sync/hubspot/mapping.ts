/**
 * How HubSpot ticket properties land on the workbench's fields, as data: a default for a portal that uses HubSpot's
 * own support pipeline and property values, plus per-source overrides the Sources screen shows and edits. A value
 * nobody mapped is kept as HubSpot wrote it and reported through `onUnmapped`.
 *
 * Status comes from the ticket's pipeline stage: a stage id or label in `stageValues` wins; otherwise the stage's
 * `metadata.isClosed` (from GET /crm/v3/pipelines/tickets) says closed or open.
 */
import { z } from 'zod'
import type { Channel, Priority, TicketStatus } from '../../../shared/domain'
import type { FieldMapping } from '../../../shared/api/methods/sources'

/** A HubSpot internal property name (`hs_ticket_category`, `region`): checked, because it goes into requests. */
const propertyName = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,99}$/, 'a HubSpot internal property name such as hs_ticket_category')
const valueMap = z
  .record(z.string().min(1).max(200), z.string().trim().min(1).max(80))
  .refine((m) => Object.keys(m).length <= 500, 'at most 500 mapped values')

export const hubspotMappingSchema = z.strictObject({
  /** Pipeline stage id or label → workbench status (new, open, pending, hold, solved, closed). */
  stageValues: valueMap,
  /** `hs_ticket_priority` → urgent, high, normal, low. */
  priorityValues: valueMap,
  /** `source_type` → intake channel (see CHANNELS). */
  channelValues: valueMap,
  /** The property whose values (`;`-separated for multi-selects) give the case type and tags. */
  caseTypeProperty: propertyName,
  caseTypeValues: valueMap,
  regionProperty: propertyName.nullable(),
  regionValues: valueMap,
  /** A numeric 1–5 satisfaction property, when the portal keeps one on tickets (kpis.md: 4 and 5 are good). */
  csatProperty: propertyName.nullable(),
})
export type HubSpotMapping = z.infer<typeof hubspotMappingSchema>
export type HubSpotMappingOverrides = Partial<HubSpotMapping>

/** HubSpot's default support pipeline stages, by label (ids differ per portal: labels are what they share). */
const STAGES: Record<string, TicketStatus> = {
  New: 'new',
  'Waiting on contact': 'pending',
  'Waiting on us': 'open',
  Closed: 'closed',
}
const PRIORITY: Record<string, Priority> = { LOW: 'low', MEDIUM: 'normal', HIGH: 'high', URGENT: 'urgent' }
const SOURCE: Record<string, Channel> = { EMAIL: 'email', CHAT: 'in_app', PHONE: 'phone', FORM: 'web_form' }

export function defaultHubSpotMapping(): HubSpotMapping {
  return {
    stageValues: { ...STAGES },
    priorityValues: { ...PRIORITY },
    channelValues: { ...SOURCE },
    caseTypeProperty: 'hs_ticket_category',
    caseTypeValues: {},
    regionProperty: null,
    regionValues: {},
    csatProperty: null,
  }
}

/**
 * The mapping a source runs with. The value maps of the shared field mapping (what the Sources screen edits: case
 * type, region and channel values; in `vendor` stage and priority values and the case type and region properties)
 * replace the defaults whole, since the screen starts from the defaults and a line
 * the analyst removed must stay removed; HubSpot-specific overrides then merge key by key.
 */
export function resolveHubSpotMapping(overrides: HubSpotMappingOverrides = {}, shared?: FieldMapping): HubSpotMapping {
  const base = defaultHubSpotMapping()
  const v = shared?.vendor
  const merged: HubSpotMapping = {
    stageValues: { ...(v?.statusValues ?? base.stageValues), ...overrides.stageValues },
    priorityValues: { ...(v?.priorityValues ?? base.priorityValues), ...overrides.priorityValues },
    channelValues: { ...(shared?.channelValues ?? base.channelValues), ...overrides.channelValues },
    caseTypeProperty: overrides.caseTypeProperty ?? v?.caseTypeField ?? base.caseTypeProperty,
    caseTypeValues: { ...(shared?.caseTypeValues ?? base.caseTypeValues), ...overrides.caseTypeValues },
    regionProperty:
      overrides.regionProperty !== undefined ? overrides.regionProperty : v ? v.regionField : base.regionProperty,
    regionValues: { ...(shared?.regionValues ?? base.regionValues), ...overrides.regionValues },
    csatProperty: overrides.csatProperty !== undefined ? overrides.csatProperty : base.csatProperty,
  }
  const parsed = hubspotMappingSchema.safeParse(merged)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(`The HubSpot field mapping is not valid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}.`)
  }
  return parsed.data
}

/** The properties a sync asks for: the mapped ones plus what the workbench always needs (no duplicates). */
export function ticketProperties(mapping: HubSpotMapping): string[] {
  const props = [
    'hs_object_id',
    'subject',
    'content',
    'hs_pipeline',
    'hs_pipeline_stage',
    'hs_ticket_priority',
    'hs_ticket_category',
    'source_type',
    'createdate',
    'hs_lastmodifieddate',
    'closed_date',
    'time_to_close',
    'time_to_first_agent_reply',
    'hubspot_owner_id',
  ]
  for (const p of [mapping.caseTypeProperty, mapping.regionProperty, mapping.csatProperty])
    if (p && !props.includes(p)) props.push(p)
  return props
}
