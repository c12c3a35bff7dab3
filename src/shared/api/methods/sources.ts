/**
 * Sources and sync: connectors, credentials, sync now, per-source status (issue 4).
 *
 * Credentials go in through `sources.add` / `sources.setCredentials` and never come back out: every answer says only
 * whether they are set and where they are kept.
 */
import { z } from 'zod'
import { method, type MethodDef } from '../schemas'
import type { TaskStarted } from '../types'
import type { BackupsPurged } from './security'

export const CONNECTOR_KINDS = ['zendesk', 'salesforce', 'hubspot'] as const
export type ConnectorKindName = (typeof CONNECTOR_KINDS)[number]

export const CONNECTOR_LABELS: Record<ConnectorKindName, string> = {
  zendesk: 'Zendesk',
  salesforce: 'Salesforce',
  hubspot: 'HubSpot',
}

/** Default minutes between background syncs while the app is open. */
export const DEFAULT_SCHEDULE_MINUTES = 15

const secret = z.string().trim().min(1).max(2_000)
/**
 * What a connector may need to sign in. Zendesk: `email` + `apiToken` (Basic), or `accessToken` (OAuth Bearer).
 * Salesforce: `clientId` + `clientSecret` (+ `refreshToken`). HubSpot: `accessToken`.
 */
export const credentialsSchema = z.strictObject({
  email: z.string().trim().min(3).max(254).optional(),
  apiToken: secret.optional(),
  accessToken: secret.optional(),
  clientId: secret.optional(),
  clientSecret: secret.optional(),
  refreshToken: secret.optional(),
})
export type SourceCredentials = z.infer<typeof credentialsSchema>

const valueMap = z
  .record(z.string().min(1).max(200), z.string().trim().min(1).max(80))
  .refine((m) => Object.keys(m).length <= 500, 'at most 500 mapped values')
const fieldId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullable()

/** A vendor field or property name as its API spells it (Salesforce `Reason`, `Region__c`; HubSpot `hs_ticket_category`). */
const vendorField = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,99}$/, 'a field name of letters, digits and underscores, such as Reason or Region__c')

/**
 * The Salesforce- and HubSpot-specific part of a mapping (Zendesk's statuses and priorities are the workbench's own
 * words, so it has none). Each value map replaces the connector's defaults whole: the screen starts from them.
 */
export const vendorMappingSchema = z.strictObject({
  /** Salesforce `Status` picklist value, or HubSpot pipeline stage id or label → new, open, pending, hold, solved, closed. */
  statusValues: valueMap,
  /** Salesforce `Priority` or HubSpot `hs_ticket_priority` value → urgent, high, normal, low. */
  priorityValues: valueMap,
  /** The Case field (Salesforce) or ticket property (HubSpot) whose value is the case type. */
  caseTypeField: vendorField,
  /** The field or property whose value is the region; null: none. */
  regionField: vendorField.nullable(),
})
export type VendorMapping = z.infer<typeof vendorMappingSchema>

/**
 * How a source's records land on the workbench's fields. Unmapped values pass through unchanged (an unknown channel
 * stays an opaque string); a mapped value replaces it.
 */
export const fieldMappingSchema = z.strictObject({
  /** Custom field whose value is the case type (Zendesk: a ticket field id); null: none. */
  caseTypeFieldId: fieldId,
  caseTypeValues: valueMap,
  /** Without a case type field (or when it is empty): a tag equal to a known case type key sets it. */
  caseTypeFromTags: z.boolean(),
  regionFieldId: fieldId,
  regionValues: valueMap,
  /** Vendor channel (Zendesk `via.channel`, Salesforce `Origin`, HubSpot `source_type`) to workbench channel. */
  channelValues: valueMap,
  /** Salesforce and HubSpot only: statuses, priorities, and which fields hold the case type and region. */
  vendor: vendorMappingSchema.optional(),
})
export type FieldMapping = z.infer<typeof fieldMappingSchema>

export type SourceStatus = 'idle' | 'running' | 'paused' | 'error'

export interface SourceRunSummary {
  startedAt: number
  finishedAt: number | null
  outcome: 'running' | 'done' | 'error' | 'paused' | 'cancelled' | 'interrupted'
  pages: number
  tickets: number
  deletes: number
  quarantined: number
  error: string | null
}

/** One source as the Sources screen and `sources list` show it. */
export interface SourceSummary {
  id: number
  kind: ConnectorKindName
  name: string
  baseUrl: string
  enabled: boolean
  status: SourceStatus
  /** The sentence of the last failure (or why the source is paused). */
  lastError: string | null
  /** Why the last failure happened, when it was the network (the "offline" banner). */
  lastErrorKind: 'network' | 'other' | null
  lastSyncAt: number | null
  /** Up to when the cache holds this source's data. */
  dataAsOf: number | null
  /**
   * A re-sync from the start is under way (`sources.syncNow` with `fromStart`): it stays true until a run has read the
   * whole source, so one that was stopped part-way is finished by the next.
   */
  resyncing: boolean
  tickets: number
  quarantined: number
  scheduleMinutes: number
  fetchComments: boolean
  /** Null when no background sync is due (manual only, paused, disabled, or no credentials). */
  nextRunAt: number | null
  credentials: 'set' | 'missing'
  /** Where credentials are kept ("the system keychain", "environment variables", a file path). */
  credentialsStore: string
  /** The task of a sync running now, to follow and cancel it. */
  runningTaskId: string | null
  lastRun: SourceRunSummary | null
}

export interface QuarantineEntry {
  id: number
  externalId: string | null
  reason: string
  raw: string
  createdAt: number
}

const sourceId = z.number().int().positive()
const sourceName = z.string().trim().min(1).max(80)
const baseUrl = z.string().trim().min(1).max(500)
const scheduleMinutes = z.number().int().min(0).max(10_080)

export const sourceMethods = {
  'sources.list': method<SourceSummary[]>()(z.strictObject({}), 'Connector sources of the open workspace.'),
  'sources.add': method<SourceSummary>()(
    z.strictObject({
      kind: z.enum(CONNECTOR_KINDS),
      name: sourceName,
      /** Zendesk: a subdomain ("acme") or https URL; others: the instance URL. */
      baseUrl,
      scheduleMinutes: scheduleMinutes.optional(),
      fetchComments: z.boolean().optional(),
      credentials: credentialsSchema.optional(),
      /** Store credentials although this computer only has a plain-text secret store. */
      acceptPlainText: z.boolean().optional(),
    }),
    'Add a Zendesk, Salesforce or HubSpot source (credentials are kept outside the workspace file).',
  ),
  'sources.update': method<SourceSummary>()(
    z.strictObject({
      id: sourceId,
      name: sourceName.optional(),
      baseUrl: baseUrl.optional(),
      scheduleMinutes: scheduleMinutes.optional(),
      fetchComments: z.boolean().optional(),
      enabled: z.boolean().optional(),
    }),
    'Rename a source, change its address, schedule or switches.',
  ),
  'sources.test': method<{ detail: string }>()(
    z.strictObject({ id: sourceId }),
    'Check the address and credentials of a source with one cheap request.',
  ),
  'sources.remove': method<{ removed: number; tickets: number; backups: BackupsPurged }>()(
    z.strictObject({ id: sourceId }),
    'Remove a source, its credentials and every ticket it brought (with their notes and labels), from the workspace file and its backups.',
  ),
  'sources.syncNow': method<TaskStarted>()(
    z.strictObject({
      id: sourceId,
      /** Read the whole source again so the current field mapping applies to the tickets already cached. */
      fromStart: z.boolean().optional(),
    }),
    'Sync a source now in the background; progress arrives as task events (cancel with task.cancel). With fromStart, read every record again so a changed field mapping reaches the cached tickets.',
  ),
  'sources.quarantine': method<QuarantineEntry[]>()(
    z.strictObject({ id: sourceId, limit: z.number().int().min(1).max(1_000).optional() }),
    'Records of a source that could not be read, with the reason, newest first.',
  ),
  'sources.setCredentials': method<SourceSummary>()(
    z.strictObject({ id: sourceId, credentials: credentialsSchema, acceptPlainText: z.boolean().optional() }),
    'Replace the credentials of a source; a source paused for refused credentials is resumed.',
  ),
  'sources.mapping': method<{ mapping: FieldMapping; defaults: FieldMapping }>()(
    z.strictObject({ id: sourceId }),
    'The field mapping of a source (which field holds the case type and region, how values map) and the defaults.',
  ),
  'sources.setMapping': method<{ mapping: FieldMapping }>()(
    z.strictObject({ id: sourceId, mapping: fieldMappingSchema }),
    'Change the field mapping of a source; it applies to records synced from now on (re-sync from the start to apply it to the cached ones).',
  ),
} as const satisfies Record<string, MethodDef>
