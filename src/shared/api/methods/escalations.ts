/**
 * Escalations: the affected cohort, owner, partner teams, next-update timer, impact, timeline, cohort snapshots and
 * remediation actions (issue 6; issue 3 adds tickets to one from the bulk bar). Domain types live in
 * shared/escalations.ts and are re-exported here for existing callers.
 */
import { z } from 'zod'
import {
  ANALYST_ENTRY_KINDS,
  ESCALATION_PRIORITIES,
  ESCALATION_STATUSES,
  MAX_COHORT_IDS,
  METRIC_KPIS,
  ORIGIN_KINDS,
  PARTNER_TEAMS,
  REMEDIATION_STATUSES,
  type CohortSnapshot,
  type EscalationBundle,
  type EscalationDetail,
  type EscalationImpact,
  type EscalationSummary,
  type RemediationAction,
  type TicketEscalation,
  type TimelineEntry,
} from '../../escalations'
import { epochMs, method, ticketFiltersSchema, ticketId, type MethodDef } from '../schemas'

export {
  ESCALATION_PRIORITIES,
  ESCALATION_STATUSES,
  ESCALATION_STATUS_LABELS,
  type EscalationPriority,
  type EscalationStatus,
  type EscalationSummary,
  type TicketEscalation,
} from '../../escalations'

const id = ticketId

export const escalationTitle = z
  .string()
  .trim()
  .min(1, 'Give the escalation a title.')
  .max(200, 'An escalation title is at most 200 characters.')

const owner = z
  .string()
  .trim()
  .min(1, 'Give the owner a name, or clear the field.')
  .max(120, 'An owner is at most 120 characters.')
const partnerTeams = z
  .array(z.enum(PARTNER_TEAMS, { error: `Partner teams are ${PARTNER_TEAMS.join(', ')}.` }))
  .max(PARTNER_TEAMS.length)
const longText = (what: string) => z.string().max(10_000, `${what} is at most 10,000 characters.`)

export const originSchema = z.strictObject({
  kind: z.enum(ORIGIN_KINDS),
  /** The alert id, cluster id or view the escalation came from. */
  ref: z.string().trim().min(1).max(200).optional(),
  /** One line for the timeline's first entry: "Spike alert: payouts volume +180% in EU". */
  description: z.string().trim().min(1, 'Say where the escalation came from.').max(500),
})
export type EscalationOriginInput = z.infer<typeof originSchema>

export const successMetricSchema = z
  .strictObject({
    kpi: z.enum(METRIC_KPIS, { error: 'Pick a rate or a duration to measure (for example the reopen rate).' }),
    filters: ticketFiltersSchema,
    comparator: z.enum(['below', 'above']),
    threshold: z
      .number({ error: 'The target must be a number.' })
      .min(0, 'The target cannot be negative.')
      .max(1_000_000, 'The target is too large.'),
    days: z
      .number({ error: 'The number of days must be a whole number.' })
      .int('The number of days must be a whole number.')
      .min(1, 'Measure over at least 1 day.')
      .max(365, 'Measure over at most 365 days.'),
    minSample: z
      .number()
      .int('The minimum sample must be a whole number.')
      .min(1, 'The minimum sample is at least 1 ticket.')
      .max(100_000)
      .default(20),
  })
  .refine((m) => m.filters.createdFrom === undefined && m.filters.createdTo === undefined, {
    message: 'A success metric takes its dates from its number of days: remove the created-date filter.',
  })
  .refine(
    (m) =>
      !['csat', 'oneTouch', 'reopenRate', 'slaFirstReply', 'slaResolution', 'escalationRate'].includes(m.kpi) ||
      m.threshold <= 100,
    {
      message: 'A rate target is a percentage from 0 to 100.',
    },
  )

const actionTitle = z.string().trim().min(1, 'Say what the action is.').max(300, 'An action is at most 300 characters.')
const ownerTeam = z
  .string()
  .trim()
  .min(1, 'Name the team that owns the action.')
  .max(80, 'A team name is at most 80 characters.')

export const escalationMethods = {
  'escalations.list': method<EscalationSummary[]>()(
    z.strictObject({}),
    'Escalations of the open workspace with their ticket counts: open ones first, then by priority and newest.',
  ),
  'escalations.create': method<EscalationSummary>()(
    z.strictObject({
      title: escalationTitle,
      priority: z.enum(ESCALATION_PRIORITIES),
      owner: owner.optional(),
      partnerTeams: partnerTeams.optional(),
      summary: longText('What happened').optional(),
      /** The saved filter of the affected cohort: its matching tickets join now, and new ones after each sync. */
      cohortFilters: ticketFiltersSchema.optional(),
      /** Tickets to put in the cohort by id (a grid selection, an alert's or a cluster's tickets). */
      ticketIds: z
        .array(ticketId)
        .max(
          MAX_COHORT_IDS,
          `Name at most ${MAX_COHORT_IDS.toLocaleString('en-US')} tickets by id; describe larger cohorts by a filter.`,
        )
        .optional(),
      origin: originSchema.optional(),
      /** When the first update is due; default from the priority's cadence (P0 1 h … P3 3 days). null: none. */
      nextUpdateDue: epochMs.nullable().optional(),
    }),
    'Open a new escalation (status "open"). With cohortFilters and/or ticketIds its cohort starts with those tickets ' +
      'and a first snapshot is taken; origin says where it came from (alert, cluster, selection, manual).',
  ),
  'escalations.get': method<EscalationBundle>()(
    z.strictObject({ id }),
    'An escalation with its impact, timeline, cohort snapshots and remediation actions.',
  ),
  'escalations.impact': method<EscalationImpact>()(
    z.strictObject({ id }),
    'The impact of an escalation computed from its cohort: tickets, users, regions, channels, duration, KPIs vs a baseline.',
  ),
  'escalations.update': method<EscalationDetail>()(
    z.strictObject({
      id,
      title: escalationTitle.optional(),
      priority: z.enum(ESCALATION_PRIORITIES).optional(),
      status: z.enum(ESCALATION_STATUSES).optional(),
      owner: owner.nullable().optional(),
      partnerTeams: partnerTeams.optional(),
      nextUpdateDue: epochMs.nullable().optional(),
      summary: longText('What happened').optional(),
      nextSteps: longText('Next steps').optional(),
      cohortFilters: ticketFiltersSchema.nullable().optional(),
    }),
    'Change the header fields of an escalation; priority, status, owner and cohort changes are recorded on the timeline.',
  ),
  'escalations.remove': method<{ removed: number }>()(
    z.strictObject({ id }),
    'Delete an escalation with its timeline, snapshots and actions (the tickets themselves are untouched).',
  ),
  'escalations.addEntry': method<TimelineEntry>()(
    z.strictObject({
      id,
      kind: z.enum(ANALYST_ENTRY_KINDS),
      body: z
        .string()
        .trim()
        .min(1, 'Write something for the timeline entry.')
        .max(5_000, 'A timeline entry is at most 5,000 characters.'),
      /** When it happened, if not now (a step taken earlier on the bridge). */
      at: epochMs.optional(),
    }),
    'Add an entry the analyst writes (a note or a step taken) to the timeline.',
  ),
  'escalations.snapshot': method<CohortSnapshot>()(
    z.strictObject({ id }),
    'Freeze the cohort as it stands now: its filter, the exact ticket ids and the impact figures.',
  ),
  'escalations.snapshotTickets': method<number[]>()(
    z.strictObject({ snapshotId: id }),
    'The ticket ids frozen in a cohort snapshot.',
  ),
  'escalations.recordUpdate': method<EscalationBundle>()(
    z.strictObject({
      id,
      body: z.string().trim().min(1, 'The update is empty.').max(20_000, 'An update is at most 20,000 characters.'),
      nextUpdateDue: epochMs.nullable(),
    }),
    'Record that a stakeholder update was sent: the text joins the timeline, the cohort is snapshotted, the next update is scheduled.',
  ),
  'escalations.addAction': method<RemediationAction>()(
    z.strictObject({
      escalationId: id,
      title: actionTitle,
      ownerTeam,
      dueAt: epochMs.nullable().optional(),
      metric: successMetricSchema.nullable().optional(),
    }),
    'Add a remediation action (owner team, due date, optional success metric, checked at once).',
  ),
  'escalations.updateAction': method<RemediationAction>()(
    z.strictObject({
      id,
      title: actionTitle.optional(),
      ownerTeam: ownerTeam.optional(),
      dueAt: epochMs.nullable().optional(),
      status: z.enum(REMEDIATION_STATUSES).optional(),
      metric: successMetricSchema.nullable().optional(),
    }),
    'Change a remediation action; its success metric is checked again.',
  ),
  'escalations.removeAction': method<{ removed: number }>()(z.strictObject({ id }), 'Delete a remediation action.'),
  'escalations.checkActions': method<RemediationAction[]>()(
    z.strictObject({ escalationId: id.optional() }),
    'Check the success metrics of remediation actions now (after a sync or import this happens by itself).',
  ),
  'escalations.forTicket': method<TicketEscalation[]>()(
    z.strictObject({ ticketId }),
    'The escalations a ticket belongs to, most urgent first.',
  ),
} as const satisfies Record<string, MethodDef>
