/** Escalations: the affected cohort, owner, timeline (issue 6; issue 3 adds tickets to one). */
import { z } from 'zod'
import { method, ticketId, type MethodDef } from '../schemas'

/** P0 is the most urgent: an incident with executives waiting. */
export const ESCALATION_PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const
export type EscalationPriority = (typeof ESCALATION_PRIORITIES)[number]

export const ESCALATION_STATUSES = ['open', 'monitoring', 'resolved', 'closed'] as const
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number]

export const ESCALATION_STATUS_LABELS: Record<EscalationStatus, string> = {
  open: 'Open',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  closed: 'Closed',
}

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
  /** Tickets in the escalation. */
  tickets: number
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

export const escalationTitle = z
  .string()
  .trim()
  .min(1, 'Give the escalation a title.')
  .max(200, 'An escalation title is at most 200 characters.')

export const escalationMethods = {
  'escalations.list': method<EscalationSummary[]>()(
    z.strictObject({}),
    'Escalations of the open workspace with their ticket counts: open ones first, then by priority and newest.',
  ),
  'escalations.create': method<EscalationSummary>()(
    z.strictObject({
      title: escalationTitle,
      priority: z.enum(ESCALATION_PRIORITIES),
      owner: z.string().trim().min(1).max(120).optional(),
    }),
    'Open a new escalation (status "open") with no tickets yet.',
  ),
  'escalations.forTicket': method<TicketEscalation[]>()(
    z.strictObject({ ticketId }),
    'The escalations a ticket belongs to, most urgent first.',
  ),
} as const satisfies Record<string, MethodDef>
