/**
 * Built-in presets: how the common exports name their columns and values, and the guess of which one a file is.
 *
 * Each preset lists, per workbench field, the column names that export uses (compared ignoring case, spaces and
 * punctuation); the mapping a file gets names the columns it actually has. Avaya call records follow the CMS/CDR
 * report columns below; each call becomes a solved phone-channel contact, so phone volume sits beside tickets:
 *
 *   UCID (or Call ID)      the call's id                      -> ticket id
 *   Call Start             start date and time                -> created (also updated)
 *   Duration               talk + hold seconds                -> full resolution time (seconds); solved = start + it
 *   Queue Time             seconds before an agent answered   -> first reply time (seconds)
 *   Calling Number (ANI)   the caller                         -> requester
 *   Called Number (DNIS)   the number dialled                 -> tags
 *   Agent (or Agent ID)    who answered                       -> assignee
 *   Split/Skill            the queue                          -> group
 *   Disposition            ANSWERED, ABANDONED, ...           -> status (answered: solved, abandoned: closed)
 */
import {
  EMPTY_MAPPING,
  IMPORT_FIELDS,
  type BuiltInPresetId,
  type ImportField,
  type ImportMapping,
  type ImportPreset,
} from '../../shared/importMapping'

interface PresetDef {
  id: BuiltInPresetId
  name: string
  description: string
  /** Per field: column names this export uses, best first. */
  aliases: Partial<Record<ImportField, string[]>>
  /** Column names that identify the export (scored when guessing). */
  signature: string[]
  mapping: Omit<ImportMapping, 'columns'>
}

const GENERIC_ALIASES: Record<ImportField, string[]> = {
  externalId: [
    'id',
    'ticket id',
    'ticket_id',
    'ticket number',
    'case number',
    'case id',
    'external id',
    'number',
    'key',
  ],
  subject: ['subject', 'title', 'summary', 'ticket name', 'name'],
  description: ['description', 'body', 'content', 'details', 'message', 'ticket description'],
  status: ['status', 'state', 'ticket status', 'stage'],
  priority: ['priority', 'severity', 'urgency'],
  type: ['type', 'ticket type', 'case type', 'kind'],
  caseType: ['category', 'case category', 'reason', 'case reason', 'topic', 'issue type'],
  channel: ['channel', 'via', 'source', 'origin', 'case origin', 'source type'],
  tags: ['tags', 'labels', 'tag'],
  region: ['region', 'market', 'country'],
  locale: ['locale', 'language', 'lang'],
  requester: ['requester', 'customer', 'contact', 'contact name', 'requester email', 'email', 'user'],
  assignee: ['assignee', 'owner', 'agent', 'case owner', 'ticket owner', 'assigned to'],
  group: ['group', 'team', 'queue', 'department'],
  createdAt: [
    'created',
    'created at',
    'created_at',
    'create date',
    'created date',
    'date opened',
    'opened',
    'date',
    'when',
  ],
  updatedAt: ['updated', 'updated at', 'updated_at', 'last modified', 'last modified date', 'modified', 'last updated'],
  solvedAt: ['solved', 'solved at', 'solved_at', 'closed', 'closed at', 'close date', 'closed date', 'resolved at'],
  firstReplyMinutes: ['first reply time', 'first reply time in minutes', 'first response time', 'time to first reply'],
  firstResolutionMinutes: ['first resolution time', 'first resolution time in minutes'],
  fullResolutionMinutes: [
    'full resolution time',
    'full resolution time in minutes',
    'resolution time',
    'time to close',
  ],
  reopens: ['reopens', 'reopen count', 'reopened'],
  replies: ['replies', 'reply count', 'agent replies'],
  csat: ['csat', 'satisfaction', 'satisfaction score', 'satisfaction rating', 'rating'],
  escalated: ['escalated', 'is escalated'],
}

const DEFS: PresetDef[] = [
  {
    id: 'zendesk-csv',
    name: 'Zendesk ticket export (CSV)',
    description: 'The CSV of Reporting → Export or a view export: Id, Subject, Status, Via, Created at, Tags…',
    aliases: {
      externalId: ['Id', 'Ticket ID'],
      channel: ['Via'],
      type: ['Ticket type'],
      requester: ['Requester', 'Requester email'],
      createdAt: ['Created at'],
      updatedAt: ['Updated at'],
      solvedAt: ['Solved at'],
      firstReplyMinutes: ['First reply time in minutes'],
      firstResolutionMinutes: ['First resolution time in minutes'],
      fullResolutionMinutes: ['Full resolution time in minutes'],
      csat: ['Satisfaction Score'],
    },
    signature: ['Id', 'Via', 'Requester', 'Ticket type', 'Created at', 'Updated at', 'Satisfaction Score', 'Reopens'],
    mapping: { values: {}, constants: {}, durationUnits: {}, dateOrder: 'auto', tagSeparator: ' ' },
  },
  {
    id: 'zendesk-json',
    name: 'Zendesk incremental export (JSON)',
    description:
      'tickets[] of /api/v2/incremental/tickets, with metrics from metric_set inline or the top-level metric_sets[].',
    aliases: {
      externalId: ['id'],
      channel: ['via.channel'],
      requester: ['requester_id'],
      assignee: ['assignee_id'],
      group: ['group_id'],
      solvedAt: ['metric_set.solved_at'],
      reopens: ['metric_set.reopens'],
      replies: ['metric_set.replies'],
      firstReplyMinutes: ['metric_set.reply_time_in_minutes.calendar'],
      firstResolutionMinutes: ['metric_set.first_resolution_time_in_minutes.calendar'],
      fullResolutionMinutes: ['metric_set.full_resolution_time_in_minutes.calendar'],
      csat: ['satisfaction_rating.score'],
      createdAt: ['created_at'],
      updatedAt: ['updated_at'],
    },
    signature: ['id', 'via.channel', 'requester_id', 'created_at', 'updated_at', 'raw_subject', 'generated_timestamp'],
    mapping: { values: {}, constants: {}, durationUnits: {}, dateOrder: 'auto' },
  },
  {
    id: 'salesforce-cases',
    name: 'Salesforce Case report',
    description:
      'A Case report exported as CSV (Case Number, Status, Case Origin, Date/Time Opened…) or API field names.',
    aliases: {
      externalId: ['Case Number', 'CaseNumber', 'Case ID', 'Id'],
      channel: ['Case Origin', 'Origin'],
      caseType: ['Case Reason', 'Reason'],
      type: ['Type', 'Case Type'],
      requester: ['Contact Name', 'SuppliedEmail', 'Web Email', 'ContactId'],
      assignee: ['Case Owner', 'OwnerId'],
      createdAt: ['Date/Time Opened', 'CreatedDate', 'Opened Date'],
      updatedAt: ['Last Modified Date', 'LastModifiedDate', 'SystemModstamp'],
      solvedAt: ['Date/Time Closed', 'ClosedDate', 'Closed Date'],
      escalated: ['Escalated', 'IsEscalated'],
    },
    signature: [
      'Case Number',
      'CaseNumber',
      'Case Origin',
      'Origin',
      'Date/Time Opened',
      'CreatedDate',
      'Case Owner',
      'IsEscalated',
    ],
    mapping: {
      values: {
        status: { New: 'new', Working: 'open', Escalated: 'open', 'On Hold': 'hold', Closed: 'closed' },
        priority: { High: 'high', Medium: 'normal', Low: 'low', Critical: 'urgent' },
        channel: { Phone: 'phone', Email: 'email', Web: 'web_form' },
      },
      constants: {},
      durationUnits: {},
      dateOrder: 'auto',
    },
  },
  {
    id: 'hubspot-tickets',
    name: 'HubSpot tickets export',
    description:
      'A tickets export with internal names (hs_object_id, hs_pipeline_stage, time_to_close in ms) or labels.',
    aliases: {
      externalId: ['hs_object_id', 'Ticket ID', 'Record ID'],
      subject: ['subject', 'Ticket name'],
      description: ['content', 'Ticket description'],
      status: ['hs_pipeline_stage', 'Ticket status'],
      priority: ['hs_ticket_priority', 'Priority'],
      caseType: ['hs_ticket_category', 'Category'],
      channel: ['source_type', 'Source'],
      assignee: ['hubspot_owner_id', 'Ticket owner'],
      createdAt: ['createdate', 'Create date'],
      updatedAt: ['hs_lastmodifieddate', 'Last modified date'],
      solvedAt: ['closed_date', 'Close date'],
      fullResolutionMinutes: ['time_to_close', 'Time to close'],
      firstReplyMinutes: ['time_to_first_agent_reply', 'Time to first agent reply'],
    },
    signature: [
      'hs_object_id',
      'hs_pipeline_stage',
      'hs_ticket_priority',
      'createdate',
      'Ticket name',
      'Ticket status',
      'Pipeline',
    ],
    mapping: {
      values: {
        status: {
          '1': 'new',
          '2': 'pending',
          '3': 'open',
          '4': 'closed',
          New: 'new',
          'Waiting on contact': 'pending',
          'Waiting on us': 'open',
          Closed: 'closed',
        },
        priority: { LOW: 'low', MEDIUM: 'normal', HIGH: 'high', URGENT: 'urgent' },
        channel: { EMAIL: 'email', CHAT: 'in_app', PHONE: 'phone', FORM: 'web_form' },
      },
      constants: {},
      durationUnits: { fullResolutionMinutes: 'milliseconds', firstReplyMinutes: 'milliseconds' },
      dateOrder: 'auto',
      tagSeparator: ';',
    },
  },
  {
    id: 'avaya-calls',
    name: 'Avaya call records',
    description: 'CMS/CDR call records (UCID, Call Start, Duration, Calling Number, Agent, Split/Skill, Disposition).',
    aliases: {
      externalId: ['UCID', 'Call ID', 'CallID'],
      createdAt: ['Call Start', 'Start Time', 'Segment Start'],
      fullResolutionMinutes: ['Duration', 'Call Duration', 'Talk Time'],
      firstReplyMinutes: ['Queue Time', 'Ring Time'],
      requester: ['Calling Number', 'ANI', 'Calling Party'],
      tags: ['Called Number', 'DNIS'],
      assignee: ['Agent', 'Agent ID', 'Agent Name'],
      group: ['Split/Skill', 'Skill', 'Split'],
      status: ['Disposition', 'Call Disposition'],
    },
    signature: ['UCID', 'Call ID', 'Calling Number', 'ANI', 'DNIS', 'Split/Skill', 'Disposition', 'Call Start'],
    mapping: {
      values: { status: { ANSWERED: 'solved', ABANDONED: 'closed', CONNECTED: 'solved', 'NO ANSWER': 'closed' } },
      constants: { channel: 'phone', subject: 'Phone call', status: 'solved', type: 'call' },
      durationUnits: { fullResolutionMinutes: 'seconds', firstReplyMinutes: 'seconds' },
      dateOrder: 'auto',
    },
  },
  {
    id: 'generic',
    name: 'Generic',
    description: 'Any table of tickets: columns are matched by their names and can be changed by hand.',
    aliases: {},
    signature: [],
    mapping: { values: {}, constants: {}, durationUnits: {}, dateOrder: 'auto' },
  },
]

/** Column names compared ignoring case, spaces and punctuation ("Created at" = created_at = CreatedAt). */
export function columnKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '')
}

function defOf(id: string): PresetDef {
  return DEFS.find((d) => d.id === id) ?? (DEFS[DEFS.length - 1] as PresetDef)
}

/** The preset's mapping with each field set to the file column it names (the preset's names, then generic ones). */
export function mappingFor(presetId: string, fileColumns: readonly string[]): ImportMapping {
  const def = defOf(presetId)
  const byKey = new Map<string, string>()
  for (const c of fileColumns) if (!byKey.has(columnKey(c))) byKey.set(columnKey(c), c)
  const used = new Set<string>()
  const columns: ImportMapping['columns'] = {}
  for (const pass of ['preset', 'generic'] as const) {
    for (const field of IMPORT_FIELDS) {
      if (columns[field]) continue
      const names = pass === 'preset' ? (def.aliases[field] ?? []) : GENERIC_ALIASES[field]
      for (const name of names) {
        const column = byKey.get(columnKey(name))
        if (column && !used.has(column)) {
          columns[field] = column
          used.add(column)
          break
        }
      }
    }
  }
  return { ...EMPTY_MAPPING, ...structuredClone(def.mapping), columns }
}

/** The built-in preset whose signature columns the file has most of (generic when none stands out). */
export function guessPreset(fileColumns: readonly string[]): BuiltInPresetId {
  const have = new Set(fileColumns.map(columnKey))
  let best: { id: BuiltInPresetId; score: number } = { id: 'generic', score: 1 }
  for (const def of DEFS) {
    const score = def.signature.filter((s) => have.has(columnKey(s))).length
    if (score > best.score) best = { id: def.id, score }
  }
  return best.id
}

export function builtInPresets(): ImportPreset[] {
  return DEFS.map((d) => ({
    id: d.id,
    name: d.name,
    description: d.description,
    builtIn: true,
    mapping: { ...EMPTY_MAPPING, ...structuredClone(d.mapping), columns: {} },
  }))
}

export function isBuiltInPreset(id: string): boolean {
  return DEFS.some((d) => d.id === id)
}
