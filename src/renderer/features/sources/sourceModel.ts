/** Pure helpers of the Sources screen: status words, the offline banner, and the mapping editor's text format. */
import type { ConnectorKindName, FieldMapping, SourceSummary } from '../../../shared/api/methods/sources'

export function statusLabel(s: SourceSummary): string {
  switch (s.status) {
    case 'running':
      return s.resyncing ? 'Re-syncing from the start' : 'Syncing'
    case 'paused':
      return 'Paused'
    case 'error':
      return 'Failed'
    default:
      return s.enabled ? 'Up to date' : 'Disabled'
  }
}

/** A re-sync from the start that stopped part-way: the next sync goes on with it. */
export function resyncNote(s: SourceSummary): string | null {
  if (!s.resyncing || s.status === 'running') return null
  return 'Re-sync from the start not finished: the next sync goes on from where it stopped.'
}

/** The offline banner shows when any source's last sync failed because the network did. */
export function unreachableSources(list: readonly SourceSummary[]): SourceSummary[] {
  return list.filter((s) => s.status === 'error' && s.lastErrorKind === 'network')
}

export function scheduleLabel(minutes: number): string {
  if (minutes === 0) return 'Only when asked'
  if (minutes < 60) return `Every ${minutes} min`
  if (minutes % 60 === 0) return minutes === 60 ? 'Every hour' : `Every ${minutes / 60} h`
  return `Every ${minutes} min`
}

/** `vendor value = workbench value` lines, one per mapped value (what the analyst edits). */
export function formatValueMap(map: Record<string, string>): string {
  return Object.entries(map)
    .map(([from, to]) => `${from} = ${to}`)
    .join('\n')
}

/** Parses `from = to` lines back; blank lines are skipped, a malformed line is reported by number. */
export function parseValueMap(text: string): { ok: true; map: Record<string, string> } | { ok: false; error: string } {
  const map: Record<string, string> = {}
  const lines = text.split('\n')
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim()
    if (!line) continue
    const eq = line.indexOf('=')
    const from = eq < 0 ? '' : line.slice(0, eq).trim()
    const to = eq < 0 ? '' : line.slice(eq + 1).trim()
    if (!from || !to) return { ok: false, error: `Line ${i + 1} needs the form “vendor value = workbench value”.` }
    map[from] = to
  }
  return { ok: true, map }
}

/** A field id typed by the analyst: empty means none; anything else must be a positive whole number. */
export function parseFieldId(text: string): { ok: true; id: number | null } | { ok: false; error: string } {
  const t = text.trim()
  if (!t) return { ok: true, id: null }
  if (!/^\d{1,16}$/.test(t) || Number(t) <= 0)
    return { ok: false, error: `“${t}” is not a field id: use the number Zendesk shows for the field.` }
  return { ok: true, id: Number(t) }
}

/** The same mapping whatever order its keys were written in (the form and the server build them differently). */
export function sameMapping(a: FieldMapping, b: FieldMapping): boolean {
  const canonical = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([, x]) => x !== undefined)
            .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
            .map(([k, x]) => [k, canonical(x)]),
        )
      : v
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b))
}

/** How the mapping editor names each vendor's things. */
export const VENDOR_WORDS: Record<
  ConnectorKindName,
  {
    name: string
    status: string
    field: string
    channel: string
    channelExample: string
    caseTypeHint: string
    statusExample: string
    priorityExample: string
  }
> = {
  zendesk: {
    name: 'Zendesk',
    status: 'Status',
    field: 'field',
    channel: 'channel',
    channelExample: 'web = web_form',
    caseTypeHint: '',
    statusExample: '',
    priorityExample: '',
  },
  salesforce: {
    name: 'Salesforce',
    status: 'Status picklist value',
    field: 'field',
    channel: 'Origin',
    channelExample: 'Chat = in_app',
    caseTypeHint: 'The Case field holding it: Reason, Type, or a custom field such as Case_Category__c.',
    statusExample: 'Waiting on Customer = pending',
    priorityExample: 'Critical = urgent',
  },
  hubspot: {
    name: 'HubSpot',
    status: 'Pipeline stage (id or label)',
    field: 'property',
    channel: 'source_type',
    channelExample: 'FACEBOOK = social',
    caseTypeHint: 'The ticket property holding it (internal name), e.g. hs_ticket_category.',
    statusExample: '4 = closed',
    priorityExample: 'URGENT = urgent',
  },
}

/** A vendor field or property name typed by the analyst; empty is none where `optional`. */
export function parseFieldName(
  text: string,
  optional: boolean,
): { ok: true; name: string | null } | { ok: false; error: string } {
  const t = text.trim()
  if (!t) return optional ? { ok: true, name: null } : { ok: false, error: 'choose one' }
  if (!/^[A-Za-z][A-Za-z0-9_]{0,99}$/.test(t))
    return { ok: false, error: `“${t.slice(0, 40)}” is not a field name: letters, digits and underscores only.` }
  return { ok: true, name: t }
}
