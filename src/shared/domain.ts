/**
 * Domain vocabulary shared by every side: ticket fields, the values the demo and the connectors map onto, and the
 * columns the case grid knows. Pure data and types only (see STYLE.md: `src/shared` imports nothing environment-specific).
 */
import type { SearchSnippet } from './snippet'

/** Intake channels, normalised across sources. Unknown vendor channels are kept as opaque strings. */
export const CHANNELS = ['email', 'in_app', 'web_form', 'social', 'creator_portal', 'phone'] as const
export type Channel = (typeof CHANNELS)[number]

export const CHANNEL_LABELS: Record<string, string> = {
  email: 'Email',
  in_app: 'In-app',
  web_form: 'Web form',
  social: 'Social',
  creator_portal: 'Creator portal',
  phone: 'Phone',
}

/** Ticket statuses in Zendesk's vocabulary, which the other sources map onto. */
export const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const
export type TicketStatus = (typeof STATUSES)[number]
/** Statuses that count towards the backlog (kpis.md: new + open + pending + on hold). */
export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'hold']

export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const
export type Priority = (typeof PRIORITIES)[number]

export const REGIONS = ['NA', 'LATAM', 'EU', 'UK', 'MENA', 'SSA', 'IN', 'SEA', 'JP', 'KR', 'ANZ'] as const
export type Region = (typeof REGIONS)[number]

export const REGION_LABELS: Record<string, string> = {
  NA: 'North America',
  LATAM: 'Latin America',
  EU: 'Europe',
  UK: 'United Kingdom',
  MENA: 'Middle East & North Africa',
  SSA: 'Sub-Saharan Africa',
  IN: 'India',
  SEA: 'Southeast Asia',
  JP: 'Japan',
  KR: 'Korea',
  ANZ: 'Australia & New Zealand',
}

/** Harm categories whose tickets are sensitive by default (wellbeing: blurred until revealed). */
export const SENSITIVE_CASE_TYPES = ['child_safety', 'self_harm', 'hate_speech', 'violent_extremism'] as const

export interface CaseTypeInfo {
  key: string
  label: string
  /** Sensitive by default: text is withheld from lists and blurred in the detail panel until revealed. */
  sensitive: boolean
}

/** The case types the demo generates and the grid labels. Sources may bring others; they show by key. */
export const CASE_TYPES: readonly CaseTypeInfo[] = [
  { key: 'account_recovery', label: 'Account recovery & login', sensitive: false },
  { key: 'ban_appeal', label: 'Ban appeal', sensitive: false },
  { key: 'content_removal_appeal', label: 'Content removal appeal', sensitive: false },
  { key: 'live_gifts_coins', label: 'LIVE gifts & coins', sensitive: false },
  { key: 'creator_payouts', label: 'Creator fund & payouts', sensitive: false },
  { key: 'copyright', label: 'Copyright', sensitive: false },
  { key: 'harassment', label: 'Harassment & bullying', sensitive: false },
  { key: 'child_safety', label: 'Child safety', sensitive: true },
  { key: 'self_harm', label: 'Self-harm', sensitive: true },
  { key: 'hate_speech', label: 'Hate speech', sensitive: true },
  { key: 'violent_extremism', label: 'Violent extremism', sensitive: true },
  { key: 'privacy_data_request', label: 'Privacy & data request', sensitive: false },
  { key: 'verification', label: 'Verification', sensitive: false },
  { key: 'ads_billing', label: 'Ads & billing', sensitive: false },
  { key: 'bug_crash', label: 'Bug or crash', sensitive: false },
  { key: 'spam_scam', label: 'Spam & scams', sensitive: false },
  { key: 'impersonation', label: 'Impersonation', sensitive: false },
  { key: 'shop_orders', label: 'Shop orders & refunds', sensitive: false },
] as const

export const CASE_TYPE_LABELS: Record<string, string> = Object.fromEntries(CASE_TYPES.map((c) => [c.key, c.label]))

export const SOURCE_KINDS = ['demo', 'zendesk', 'salesforce', 'hubspot', 'file'] as const
export type SourceKind = (typeof SOURCE_KINDS)[number]

/** A ticket as the case grid shows it. Text of sensitive tickets is withheld (`subject: null`). */
export interface TicketRow {
  id: number
  source: string
  externalId: string
  /** Null when the ticket is sensitive: lists never carry harmful text. */
  subject: string | null
  status: string
  priority: string | null
  type: string | null
  caseType: string | null
  channel: string
  region: string | null
  locale: string | null
  requester: string | null
  assignee: string | null
  group: string | null
  tags: string[]
  createdAt: number
  updatedAt: number
  solvedAt: number | null
  firstReplyMinutes: number | null
  fullResolutionMinutes: number | null
  reopens: number
  replies: number
  /** 1–5; 4 and 5 count as good (kpis.md). Null when unrated. */
  csat: number | null
  sensitive: boolean
  /** The analyst's review state (analyst-owned, survives re-import); null when never reviewed. */
  reviewState: ReviewState | null
  /** The analyst flagged the ticket. */
  flagged: boolean
  /** The analyst's labels, oldest first (not the source's tags). */
  labels: string[]
  /**
   * Under a search, the stretch of text where it matched (shared/snippet.ts); null when none is found, absent when
   * no search is applied. Never set for a sensitive ticket.
   */
  snippet?: SearchSnippet | null
}

/** Review states an analyst moves a ticket through. */
export const REVIEW_STATES = ['to_review', 'reviewed', 'needs_escalation'] as const
export type ReviewState = (typeof REVIEW_STATES)[number]

export const REVIEW_LABELS: Record<ReviewState, string> = {
  to_review: 'To review',
  reviewed: 'Reviewed',
  needs_escalation: 'Needs escalation',
}

/** The analyst's review of one ticket. */
export interface TicketReview {
  state: ReviewState
  flagged: boolean
}

/** A note the analyst wrote on a ticket. Times are epoch ms. */
export interface AnalystNote {
  id: number
  body: string
  createdAt: number
  updatedAt: number
}

export interface TicketComment {
  id: number
  author: string | null
  authorRole: 'requester' | 'agent' | 'system'
  public: boolean
  /** Null while a sensitive ticket is not revealed. */
  body: string | null
  createdAt: number
}

export interface TicketDetail extends TicketRow {
  /** Null while a sensitive ticket is not revealed. */
  description: string | null
  firstResolutionMinutes: number | null
  escalated: boolean
  /** True when text was withheld because the ticket is sensitive and was not revealed. */
  withheld: boolean
  comments: TicketComment[]
  /** The analyst's review, or null when the ticket has none. */
  review: TicketReview | null
  /** The analyst's labels, oldest first (not the source's tags). */
  labels: string[]
  /** The analyst's notes, oldest first. */
  notes: AnalystNote[]
}

/** Columns of the case grid. `key` is the API name; SQL names are whitelisted in main. */
export const TICKET_COLUMNS = [
  { key: 'id', label: 'ID', kind: 'number' },
  { key: 'externalId', label: 'Source ID', kind: 'text' },
  { key: 'subject', label: 'Subject', kind: 'text' },
  { key: 'status', label: 'Status', kind: 'enum' },
  { key: 'priority', label: 'Priority', kind: 'enum' },
  { key: 'caseType', label: 'Case type', kind: 'enum' },
  { key: 'channel', label: 'Channel', kind: 'enum' },
  { key: 'region', label: 'Region', kind: 'enum' },
  { key: 'source', label: 'Source', kind: 'enum' },
  { key: 'type', label: 'Type', kind: 'enum' },
  { key: 'requester', label: 'Requester', kind: 'text' },
  { key: 'assignee', label: 'Assignee', kind: 'enum' },
  { key: 'group', label: 'Group', kind: 'enum' },
  { key: 'createdAt', label: 'Created', kind: 'date' },
  { key: 'updatedAt', label: 'Updated', kind: 'date' },
  { key: 'solvedAt', label: 'Solved', kind: 'date' },
  { key: 'firstReplyMinutes', label: 'First reply (min)', kind: 'number' },
  { key: 'fullResolutionMinutes', label: 'Resolution (min)', kind: 'number' },
  { key: 'reopens', label: 'Reopens', kind: 'number' },
  { key: 'replies', label: 'Replies', kind: 'number' },
  { key: 'csat', label: 'CSAT', kind: 'number' },
] as const

export type TicketColumnKey = (typeof TICKET_COLUMNS)[number]['key']
export const SORTABLE_COLUMNS = TICKET_COLUMNS.map((c) => c.key) as [TicketColumnKey, ...TicketColumnKey[]]

/**
 * Columns of the analyst's own state that the grid can also sort by. They are not contract columns (exports and
 * saved layouts list contract columns only), so they extend the sort keys, not TICKET_COLUMNS.
 */
export const ANALYST_SORT_COLUMNS = ['reviewState', 'flagged'] as const
export const SORT_COLUMNS = [...SORTABLE_COLUMNS, ...ANALYST_SORT_COLUMNS] as [TicketSortColumn, ...TicketSortColumn[]]
export type TicketSortColumn = TicketColumnKey | (typeof ANALYST_SORT_COLUMNS)[number]
export const ANALYST_SORT_LABELS: Record<(typeof ANALYST_SORT_COLUMNS)[number], string> = {
  reviewState: 'Review',
  flagged: 'Flag',
}

/**
 * Categorical fields the filter bar offers (value filters, each a multi-select with counts). `tags` are the source's
 * tags; `reviewState` and `labels` are the analyst's own (null: not reviewed / no label).
 */
export const VALUE_FILTER_FIELDS = [
  'status',
  'priority',
  'channel',
  'caseType',
  'region',
  'source',
  'assignee',
  'group',
  'tags',
  'reviewState',
  'labels',
] as const
export type ValueFilterField = (typeof VALUE_FILTER_FIELDS)[number]

/** Numeric fields filtered by an inclusive range; `nullable` ones also offer "has no value". */
export const RANGE_FILTERS = [
  { key: 'firstReplyMinutes', label: 'First reply (min)', nullable: true, max: null },
  { key: 'firstResolutionMinutes', label: 'First resolution (min)', nullable: true, max: null },
  { key: 'fullResolutionMinutes', label: 'Full resolution (min)', nullable: true, max: null },
  { key: 'reopens', label: 'Reopens', nullable: false, max: null },
  { key: 'replies', label: 'Replies', nullable: false, max: null },
  { key: 'csat', label: 'CSAT', nullable: true, max: 5 },
] as const
export type RangeFilterField = (typeof RANGE_FILTERS)[number]['key']
export const RANGE_FILTER_FIELDS = RANGE_FILTERS.map((r) => r.key) as RangeFilterField[]

/** Names of the filterable fields, as the filter bar, chips and export headers say them. */
export const FILTER_LABELS: Record<ValueFilterField | RangeFilterField | 'flagged' | 'escalationId', string> = {
  status: 'Status',
  priority: 'Priority',
  channel: 'Channel',
  caseType: 'Case type',
  region: 'Region',
  source: 'Source',
  assignee: 'Assignee',
  group: 'Group',
  tags: 'Tag',
  reviewState: 'Review',
  labels: 'Label',
  flagged: 'Flag',
  escalationId: 'Escalation',
  ...(Object.fromEntries(RANGE_FILTERS.map((r) => [r.key, r.label])) as Record<RangeFilterField, string>),
}

/** Fields whose values are names as the source or analyst wrote them: shown verbatim, never re-capitalised. */
const VERBATIM_FIELDS = new Set(['assignee', 'group', 'tags', 'labels', 'requester'])

/** Human label for a stored value of a categorical field. */
export function valueLabel(field: string, value: string | null): string {
  if (field === 'reviewState') return value === null ? 'Not reviewed' : (REVIEW_LABELS[value as ReviewState] ?? value)
  if (field === 'labels' && value === null) return '(no label)'
  if (field === 'tags' && value === null) return '(no tags)'
  if (VERBATIM_FIELDS.has(field)) return value === null ? '(none)' : value === '' ? '(blank)' : value
  if (value === null || value === '') return '(none)'
  if (field === 'channel') return CHANNEL_LABELS[value] ?? value
  if (field === 'caseType') return CASE_TYPE_LABELS[value] ?? value
  if (field === 'region') return REGION_LABELS[value] ?? value
  return value.charAt(0).toUpperCase() + value.slice(1)
}
