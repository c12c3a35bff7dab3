/**
 * The default field mapping of a Zendesk source, and how a mapping is applied. Analysts edit it per source (Sources
 * screen); these defaults cover an account that uses Zendesk's own vocabulary.
 *
 * - Case type: no custom field by default (every account numbers its fields differently); a tag equal to a known
 *   case type key (`creator_payouts`, `ban_appeal`, …) sets it. Point `caseTypeFieldId` at the drop-down field that
 *   holds it and map its values (tagger values such as `case_type_payouts` → `creator_payouts`).
 * - Region: none by default; point `regionFieldId` at a field and map its values onto NA, EU, … when needed.
 * - Channel: `via.channel` mapped onto the workbench's intake channels below; any other value (api, …) is kept as is.
 */
import { CASE_TYPES, type Channel } from '../../../shared/domain'
import type { FieldMapping } from '../../../shared/api/methods/sources'

const DEFAULT_CHANNELS: Record<string, Channel> = {
  email: 'email',
  web: 'web_form',
  web_form: 'web_form',
  web_widget: 'web_form',
  mobile: 'in_app',
  mobile_sdk: 'in_app',
  native_messaging: 'in_app',
  chat: 'in_app',
  voice: 'phone',
  sms: 'phone',
  twitter: 'social',
  facebook: 'social',
  instagram_dm: 'social',
  whatsapp: 'social',
  line: 'social',
  wechat: 'social',
}

export function defaultZendeskMapping(): FieldMapping {
  return {
    caseTypeFieldId: null,
    caseTypeValues: {},
    caseTypeFromTags: true,
    regionFieldId: null,
    regionValues: {},
    channelValues: { ...DEFAULT_CHANNELS },
  }
}

const CASE_TYPE_KEYS = new Set(CASE_TYPES.map((c) => c.key))

/** A custom field's value as text, whatever JSON type it arrived as (multi-selects take their first value). */
function fieldText(value: unknown): string | null {
  if (value === null || value === undefined || value === '' || value === false) return null
  if (Array.isArray(value)) return value.length > 0 ? fieldText(value[0]) : null
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return null
}

function fieldValue(fields: readonly { id: number; value: unknown }[], id: number | null): string | null {
  if (id === null) return null
  return fieldText(fields.find((f) => f.id === id)?.value)
}

export function mapCaseType(
  mapping: FieldMapping,
  fields: readonly { id: number; value: unknown }[],
  tags: readonly string[],
): string | null {
  const raw = fieldValue(fields, mapping.caseTypeFieldId)
  if (raw !== null) return mapping.caseTypeValues[raw] ?? raw
  if (!mapping.caseTypeFromTags) return null
  for (const tag of tags) {
    const mapped = mapping.caseTypeValues[tag]
    if (mapped) return mapped
    if (CASE_TYPE_KEYS.has(tag)) return tag
  }
  return null
}

export function mapRegion(mapping: FieldMapping, fields: readonly { id: number; value: unknown }[]): string | null {
  const raw = fieldValue(fields, mapping.regionFieldId)
  return raw === null ? null : (mapping.regionValues[raw] ?? raw)
}

export function mapChannel(mapping: FieldMapping, channel: string | null): string {
  if (!channel) return 'unknown'
  return mapping.channelValues[channel] ?? channel
}
