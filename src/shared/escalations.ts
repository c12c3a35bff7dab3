/**
 * Escalations as a domain (issue 6): priorities, partner teams, where an escalation came from, its impact, timeline,
 * cohort snapshots and remediation actions. Types and constants only; the executive update drafter lives in
 * escalationUpdate.ts. The RCA packet reads these same types to print an escalation.
 */
import type { TicketFilters } from './api/schemas'
import type { KpiKey, KpiUnit, Measured } from './kpis'

/** P0 is the most urgent: an incident with executives waiting. */
export const ESCALATION_PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const
export type EscalationPriority = (typeof ESCALATION_PRIORITIES)[number]

export const ESCALATION_PRIORITY_LABELS: Record<EscalationPriority, string> = {
  P0: 'P0 · critical',
  P1: 'P1 · high',
  P2: 'P2 · medium',
  P3: 'P3 · low',
}

export const ESCALATION_STATUSES = ['open', 'monitoring', 'resolved', 'closed'] as const
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number]

export const ESCALATION_STATUS_LABELS: Record<EscalationStatus, string> = {
  open: 'Open',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  closed: 'Closed',
}

/** Live escalations still owe stakeholders updates; resolved and closed ones do not. */
export const LIVE_STATUSES: readonly EscalationStatus[] = ['open', 'monitoring']

export const PARTNER_TEAMS = ['product', 'policy', 'engineering', 'operations', 'comms'] as const
export type PartnerTeam = (typeof PARTNER_TEAMS)[number]

export const PARTNER_TEAM_LABELS: Record<PartnerTeam, string> = {
  product: 'Product',
  policy: 'Policy',
  engineering: 'Engineering',
  operations: 'Operations',
  comms: 'Comms',
}

/** How often stakeholders expect an update, by priority (minutes): the default for "next update due". */
export const UPDATE_CADENCE_MINUTES: Record<EscalationPriority, number> = {
  P0: 60,
  P1: 4 * 60,
  P2: 24 * 60,
  P3: 3 * 24 * 60,
}

export const ORIGIN_KINDS = ['alert', 'cluster', 'selection', 'manual'] as const
export type OriginKind = (typeof ORIGIN_KINDS)[number]

/** Where an escalation came from: an alert (ref = alert id), an emerging-issue cluster, a grid selection, by hand. */
export interface EscalationOrigin {
  kind: OriginKind
  ref: string | null
  description: string
}

/** Most tickets a create call may name one by one (the grid's own hand-selection limit). */
export const MAX_COHORT_IDS = 10_000

/** An escalation as lists show it. Analyst-owned: no import or sync writes it. Times are epoch ms. */
export interface EscalationSummary {
  id: number
  title: string
  priority: EscalationPriority
  status: EscalationStatus
  owner: string | null
  partnerTeams: string[]
  /** When the next update to stakeholders is due, if one is scheduled. */
  nextUpdateDue: number | null
  /** Tickets in the escalation (the cohort as it stands). */
  tickets: number
  /** Remediation actions whose due date has passed and that are not done or cancelled. */
  overdueActions: number
  createdAt: number
  updatedAt: number
}

/** An escalation a ticket belongs to, with when the ticket was added. */
export interface TicketEscalation {
  id: number
  title: string
  priority: EscalationPriority
  status: EscalationStatus
  addedAt: number
}

/** Everything the detail view shows about an escalation itself. */
export interface EscalationDetail extends EscalationSummary {
  origin: EscalationOrigin
  /** What happened, in the analyst's words. */
  summary: string
  /** What comes next, in the analyst's words (the executive update's "next steps"). */
  nextSteps: string
  /** The saved filter that defines the cohort; new tickets a sync brings that match it join the cohort. */
  cohortFilters: TicketFilters | null
  /** When the status last became resolved or closed (null while live). */
  resolvedAt: number | null
}

/** Tickets per value of one field, most first. */
export interface ValueCount {
  /** The stored value (null: tickets without one). */
  value: string | null
  tickets: number
}

/** A KPI of the cohort beside the same KPI over the baseline, through the metric dictionary's formulas. */
export interface ImpactKpi {
  key: KpiKey
  label: string
  unit: KpiUnit
  definition: string
  cohort: Measured
  baseline: Measured
  /** cohort − baseline (percentage points or minutes); null when either side has no value. */
  change: number | null
  /** Whether the cohort is worse than the baseline (by the KPI's good direction); null when not comparable. */
  worse: boolean | null
}

/** The impact of an escalation, computed from the tickets in its cohort. */
export interface EscalationImpact {
  tickets: number
  /** Distinct requesters among the tickets (users affected). */
  users: number
  /** Tickets with no requester recorded (not counted in users). */
  withoutRequester: number
  /** Tickets not yet solved or closed. */
  openTickets: number
  regions: ValueCount[]
  channels: ValueCount[]
  caseTypes: ValueCount[]
  /** Created time of the first and the latest ticket in the cohort (null: no tickets). */
  firstCreatedAt: number | null
  lastCreatedAt: number | null
  /** First ticket to resolution (or to `asOf` while live), in minutes; null with no tickets. */
  durationMinutes: number | null
  kpis: ImpactKpi[]
  baseline: {
    /** The baseline in words, for the panel and the executive update. */
    description: string
    from: number | null
    to: number | null
    tickets: number
  }
  asOf: number
}

/** Impact figures frozen in a snapshot (without the KPI list, which is recomputed from the ids when needed). */
export type SnapshotImpact = Omit<EscalationImpact, 'kpis' | 'baseline'>

export const SNAPSHOT_REASONS = ['created', 'update', 'manual'] as const
export type SnapshotReason = (typeof SNAPSHOT_REASONS)[number]

/** The cohort frozen at a moment: the filter as it stood and the exact ticket ids (readable with `snapshotTickets`). */
export interface CohortSnapshot {
  id: number
  escalationId: number
  takenAt: number
  reason: SnapshotReason
  filters: TicketFilters | null
  tickets: number
  /** Tickets since the previous snapshot (null for the first). */
  change: number | null
  impact: SnapshotImpact
}

export const TIMELINE_KINDS = [
  'note',
  'step',
  'update',
  'opened',
  'change',
  'alert',
  'cohort',
  'sync',
  'remediation',
] as const
export type TimelineKind = (typeof TIMELINE_KINDS)[number]

/** Kinds an analyst writes by hand. */
export const ANALYST_ENTRY_KINDS = ['note', 'step'] as const
export type AnalystEntryKind = (typeof ANALYST_ENTRY_KINDS)[number]

export const TIMELINE_KIND_LABELS: Record<TimelineKind, string> = {
  note: 'Note',
  step: 'Step taken',
  update: 'Update sent',
  opened: 'Opened',
  change: 'Changed',
  alert: 'Alert fired',
  cohort: 'Cohort',
  sync: 'New tickets',
  remediation: 'Remediation',
}

/** One line of the timeline: written by the analyst or recorded by the workbench. */
export interface TimelineEntry {
  /** `e<id>` for stored entries, `b<id>` for tickets added from Cases (read from the bulk log). */
  key: string
  at: number
  source: 'analyst' | 'workbench'
  kind: TimelineKind
  body: string
  data: Record<string, unknown>
}

export const REMEDIATION_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number]

export const REMEDIATION_STATUS_LABELS: Record<RemediationStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
}

/** KPIs a success metric can hold to a threshold: the rates and durations (counts have no "under 5%"). */
export const METRIC_KPIS = [
  'reopenRate',
  'csat',
  'oneTouch',
  'slaFirstReply',
  'slaResolution',
  'escalationRate',
  'frt',
  'firstResolution',
  'fullResolution',
] as const satisfies readonly KpiKey[]
export type MetricKpi = (typeof METRIC_KPIS)[number]

/**
 * A remediation's success metric, e.g. reopen rate of case type X in region Y below 5% for 14 days: the KPI over the
 * tickets matching `filters` in the last `days` days (durations as the median) must be below (or above) `threshold`,
 * over at least `minSample` tickets. Once the action is done, the days count from when it was done.
 */
export interface SuccessMetric {
  kpi: MetricKpi
  filters: TicketFilters
  comparator: 'below' | 'above'
  /** Percent for rates, minutes for durations. */
  threshold: number
  days: number
  minSample: number
}

export const CHECK_OUTCOMES = ['met', 'not_met', 'not_enough_data'] as const
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number]

export const CHECK_OUTCOME_LABELS: Record<CheckOutcome, string> = {
  met: 'Met',
  not_met: 'Not met',
  not_enough_data: 'Not enough data',
}

/** The last check of a success metric. */
export interface MetricCheck {
  outcome: CheckOutcome
  value: number | null
  n: number
  /** The sentence the tracker shows: the figure, its window and why when there is not enough data. */
  note: string
  checkedAt: number
}

export interface RemediationAction {
  id: number
  escalationId: number
  title: string
  ownerTeam: string
  dueAt: number | null
  status: RemediationStatus
  doneAt: number | null
  metric: SuccessMetric | null
  check: MetricCheck | null
  /** Past its due date and not done or cancelled. */
  overdue: boolean
  createdAt: number
  updatedAt: number
}

/** The whole escalation as the detail view (and the RCA packet) reads it. */
export interface EscalationBundle {
  escalation: EscalationDetail
  impact: EscalationImpact
  timeline: TimelineEntry[]
  snapshots: CohortSnapshot[]
  actions: RemediationAction[]
}
