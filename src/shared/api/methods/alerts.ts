/** Spike and drop alerts and the alerts inbox (issue 5). Detection: src/main/alerts/. */
import { z } from 'zod'
import { method, timeZone, type MethodDef, type TicketFilters } from '../schemas'

const alertId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)
const segKey = z.string().min(2).max(2000)

export type AlertSeverity = 'low' | 'medium' | 'high'
export type AlertDirection = 'spike' | 'drop'

/** One alert as the inbox lists it. Instants are epoch ms. */
export interface AlertSummary {
  id: number
  /** The KPI key (shared/kpis.ts). */
  kpi: string
  kpiLabel: string
  unit: 'tickets' | 'percent' | 'minutes'
  direction: AlertDirection
  severity: AlertSeverity
  /** "LIVE gifts & coins · In-app · Southeast Asia". */
  segment: string
  segKey: string
  /** The grid's filters for the segment (no date range). */
  filters: TicketFilters
  /** "Volume up 4.2× in LIVE gifts & coins · In-app · Southeast Asia". */
  title: string
  /** Start of the window it was first seen in; when it was first and last seen (data time). */
  startedAt: number
  detectedAt: number
  lastSeenAt: number
  /** Still deviating at the last evaluation. */
  ongoing: boolean
  windowHours: number
  /** At the peak: the KPI over the window, what the same hours of earlier weeks gave, and their spread. */
  observed: number
  expected: number
  spread: number
  /** Robust z at the peak (signed). */
  score: number
  /** Tickets the observed figure is over. */
  sample: number
  acknowledgedAt: number | null
  snoozedUntil: number | null
}

export interface AlertChartPoint {
  /** Window end, epoch ms. */
  at: number
  observed: number | null
  expected: number | null
  /** expected ± spread (null where there was no baseline). */
  low: number | null
  high: number | null
}

export interface AlertExample {
  id: number
  subject: string | null
  createdAt: number
  status: string
  sensitive: boolean
}

export interface AlertDetail extends AlertSummary {
  /** The KPI over a trailing window of `windowHours`, every few hours, against its baseline. */
  chart: AlertChartPoint[]
  /** A few tickets of the segment from the anomaly's window, newest first (sensitive ones without their text). */
  examples: AlertExample[]
  /** What "Investigate" opens in Cases: the segment's filters over whole local days, and how many tickets match. */
  investigate: {
    filters: TicketFilters
    from: string
    to: string
    createdFrom: number
    createdTo: number
    count: number
  }
  /** The dictionary's definition of the KPI. */
  definition: string
}

export interface AlertMute {
  segKey: string
  segment: string
  createdAt: number
}

export interface AlertInbox {
  alerts: AlertSummary[]
  mutes: AlertMute[]
  /** Last evaluation: wall-clock time and the data hour it reached (null: never evaluated, or no data). */
  evaluatedAt: number | null
  dataUntil: number | null
  minSample: number
  /** Alerts hidden by the current choices (acknowledged, snoozed, muted). */
  hidden: { acknowledged: number; snoozed: number; muted: number }
}

export interface AlertEvaluation {
  opened: number
  updated: number
  segments: number
  ms: number
}

export const alertMethods = {
  'alerts.list': method<AlertInbox>()(
    z.strictObject({
      /** Also list acknowledged alerts (default false). */
      acknowledged: z.boolean().optional(),
      /** Also list snoozed alerts (default false). */
      snoozed: z.boolean().optional(),
      /** Only alerts last seen within this many days (default 90). */
      days: z.number().int().min(1).max(3650).optional(),
    }),
    'The alerts inbox: alerts newest first (evaluating first if the data changed since the last run), and muted segments.',
  ),
  'alerts.get': method<AlertDetail>()(
    z.strictObject({
      id: alertId,
      /** Investigate opens whole local days in this zone (the analyst's); default UTC. */
      timeZone: timeZone.optional(),
    }),
    'One alert with its chart (the KPI against its seasonal baseline), example tickets and what Investigate opens.',
  ),
  'alerts.acknowledge': method<AlertSummary>()(
    z.strictObject({ id: alertId, acknowledged: z.boolean() }),
    'Acknowledge an alert (or take the acknowledgement back).',
  ),
  'alerts.snooze': method<AlertSummary>()(
    z.strictObject({
      id: alertId,
      /** Hours from now; null wakes it. */
      hours: z.number().int().min(1, 'Snooze for at least an hour.').max(720, 'Snooze for at most 30 days.').nullable(),
    }),
    'Hide an alert from the inbox for some hours (null: show it again now).',
  ),
  'alerts.mute': method<AlertMute>()(
    z.strictObject({ id: alertId }),
    'Mute the segment of an alert: no alerts are raised for it (or for finer segments inside it) until unmuted.',
  ),
  'alerts.unmute': method<{ unmuted: boolean }>()(
    z.strictObject({ segKey }),
    'Unmute a segment; the next evaluation alerts on it again.',
  ),
  'alerts.evaluate': method<AlertEvaluation>()(empty(), 'Evaluate alerts now over the newest data.'),
  'alerts.setMinSample': method<AlertEvaluation & { minSample: number }>()(
    z.strictObject({ minSample: z.number().int().min(1).max(100_000) }),
    'Set the minimum sample (rates and durations over fewer tickets never alert) and re-evaluate every alert.',
  ),
} as const satisfies Record<string, MethodDef>

function empty() {
  return z.strictObject({})
}
