/**
 * The shape of the demo helpdesk's work: how often each case type arrives, through which channels, at which
 * priority, which team handles it and how long that takes. Numbers are plausible for a large consumer video
 * platform, not measured from one; what matters is that the mix looks like a real queue on every chart.
 */
import { CASE_TYPES, CHANNELS, type Channel, type Priority } from '../../shared/domain'
import { WeightedChoice, WeightedTable } from './random'
import {
  GROUP_ADS,
  GROUP_APPEALS,
  GROUP_COMMERCE,
  GROUP_CREATOR,
  GROUP_PAYMENTS,
  GROUP_PRIVACY,
  GROUP_TIER1,
  GROUP_TRUST,
} from './staff'

export type Family =
  'account' | 'appeal' | 'payments' | 'safety' | 'commerce' | 'technical' | 'creator' | 'privacy' | 'ads'

interface CaseSpec {
  /** Relative share of all contacts. */
  weight: number
  family: Family
  channels: Partial<Record<Channel, number>>
  /** urgent, high, normal, low. */
  priorities: readonly [number, number, number, number]
  groups: Record<string, number>
  /** Median hours from creation to the first solve at normal priority. */
  resolutionHours: number
}

const DEFAULT_PRIORITIES = [1.5, 14, 64, 20.5] as const
const SAFETY_CHANNELS = { in_app: 72, web_form: 18, email: 7, social: 3 }

const CASES: Record<string, CaseSpec> = {
  account_recovery: {
    weight: 16,
    family: 'account',
    channels: { email: 34, web_form: 33, in_app: 16, social: 11, phone: 6 },
    priorities: [1, 22, 62, 15],
    groups: { [GROUP_TIER1]: 100 },
    resolutionHours: 30,
  },
  ban_appeal: {
    weight: 9,
    family: 'appeal',
    channels: { in_app: 50, web_form: 26, email: 19, social: 5 },
    priorities: [0.5, 10, 70, 19.5],
    groups: { [GROUP_APPEALS]: 85, [GROUP_TRUST]: 15 },
    resolutionHours: 70,
  },
  content_removal_appeal: {
    weight: 8,
    family: 'appeal',
    channels: { in_app: 58, creator_portal: 10, web_form: 18, email: 14 },
    priorities: [0.5, 9, 68, 22.5],
    groups: { [GROUP_APPEALS]: 80, [GROUP_CREATOR]: 20 },
    resolutionHours: 50,
  },
  live_gifts_coins: {
    weight: 8,
    family: 'payments',
    channels: { in_app: 55, creator_portal: 20, email: 12, web_form: 8, social: 3, phone: 2 },
    priorities: [1, 18, 66, 15],
    groups: { [GROUP_PAYMENTS]: 50, [GROUP_CREATOR]: 30, [GROUP_TIER1]: 20 },
    resolutionHours: 30,
  },
  creator_payouts: {
    weight: 6,
    family: 'payments',
    channels: { creator_portal: 62, email: 20, web_form: 9, in_app: 6, phone: 3 },
    priorities: [1.5, 26, 60, 12.5],
    groups: { [GROUP_PAYMENTS]: 60, [GROUP_CREATOR]: 40 },
    resolutionHours: 72,
  },
  copyright: {
    weight: 3.5,
    family: 'creator',
    channels: { creator_portal: 45, web_form: 31, email: 21, in_app: 3 },
    priorities: [0.5, 12, 68, 19.5],
    groups: { [GROUP_CREATOR]: 70, [GROUP_TRUST]: 30 },
    resolutionHours: 110,
  },
  harassment: {
    weight: 6,
    family: 'safety',
    channels: { in_app: 64, web_form: 15, email: 10, social: 11 },
    priorities: [3, 30, 57, 10],
    groups: { [GROUP_TRUST]: 100 },
    resolutionHours: 20,
  },
  child_safety: {
    weight: 1.2,
    family: 'safety',
    channels: SAFETY_CHANNELS,
    priorities: [55, 40, 5, 0],
    groups: { [GROUP_TRUST]: 100 },
    resolutionHours: 5,
  },
  self_harm: {
    weight: 1,
    family: 'safety',
    channels: SAFETY_CHANNELS,
    priorities: [62, 33, 5, 0],
    groups: { [GROUP_TRUST]: 100 },
    resolutionHours: 3,
  },
  hate_speech: {
    weight: 2,
    family: 'safety',
    channels: SAFETY_CHANNELS,
    priorities: [5, 40, 50, 5],
    groups: { [GROUP_TRUST]: 100 },
    resolutionHours: 18,
  },
  violent_extremism: {
    weight: 0.6,
    family: 'safety',
    channels: SAFETY_CHANNELS,
    priorities: [30, 50, 20, 0],
    groups: { [GROUP_TRUST]: 100 },
    resolutionHours: 8,
  },
  privacy_data_request: {
    weight: 3,
    family: 'privacy',
    channels: { web_form: 55, email: 40, in_app: 5 },
    priorities: [0.5, 12, 70, 17.5],
    groups: { [GROUP_PRIVACY]: 100 },
    resolutionHours: 150,
  },
  verification: {
    weight: 3.5,
    family: 'creator',
    channels: { creator_portal: 50, web_form: 25, email: 15, in_app: 10 },
    priorities: DEFAULT_PRIORITIES,
    groups: { [GROUP_CREATOR]: 100 },
    resolutionHours: 96,
  },
  ads_billing: {
    weight: 4,
    family: 'ads',
    channels: { email: 40, web_form: 30, phone: 20, in_app: 5, creator_portal: 5 },
    priorities: [1, 22, 62, 15],
    groups: { [GROUP_ADS]: 100 },
    resolutionHours: 40,
  },
  bug_crash: {
    weight: 9,
    family: 'technical',
    channels: { in_app: 60, email: 14, web_form: 11, social: 12, phone: 3 },
    priorities: DEFAULT_PRIORITIES,
    groups: { [GROUP_TIER1]: 100 },
    resolutionHours: 60,
  },
  spam_scam: {
    weight: 7,
    family: 'safety',
    channels: { in_app: 50, email: 20, web_form: 15, social: 15 },
    priorities: [1, 15, 62, 22],
    groups: { [GROUP_TRUST]: 60, [GROUP_TIER1]: 40 },
    resolutionHours: 16,
  },
  impersonation: {
    weight: 3.5,
    family: 'safety',
    channels: { web_form: 45, email: 25, in_app: 20, social: 10 },
    priorities: [1, 24, 60, 15],
    groups: { [GROUP_TRUST]: 70, [GROUP_CREATOR]: 30 },
    resolutionHours: 60,
  },
  shop_orders: {
    weight: 8,
    family: 'commerce',
    channels: { in_app: 45, email: 25, web_form: 10, phone: 15, social: 5 },
    priorities: DEFAULT_PRIORITIES,
    groups: { [GROUP_COMMERCE]: 85, [GROUP_PAYMENTS]: 15 },
    resolutionHours: 45,
  },
}

/** A case type a future domain list adds still generates, as a plain Tier 1 question. */
const FALLBACK_CASE: CaseSpec = {
  weight: 1,
  family: 'technical',
  channels: { email: 30, in_app: 40, web_form: 30 },
  priorities: DEFAULT_PRIORITIES,
  groups: { [GROUP_TIER1]: 100 },
  resolutionHours: 48,
}

export interface CaseProfile {
  key: string
  sensitive: boolean
  family: Family
  channel: WeightedTable
  priority: WeightedChoice<Priority>
  group: WeightedChoice<string>
  resolutionMedianMin: number
}

export const CASE_PROFILES: readonly CaseProfile[] = CASE_TYPES.map((c) => {
  const spec = CASES[c.key] ?? FALLBACK_CASE
  return {
    key: c.key,
    sensitive: c.sensitive,
    family: spec.family,
    channel: new WeightedTable(CHANNELS.map((ch) => spec.channels[ch] ?? 0)),
    priority: new WeightedChoice<Priority>([
      ['urgent', spec.priorities[0]],
      ['high', spec.priorities[1]],
      ['normal', spec.priorities[2]],
      ['low', spec.priorities[3]],
    ]),
    group: new WeightedChoice(Object.entries(spec.groups)),
    resolutionMedianMin: spec.resolutionHours * 60,
  }
})

export const CASE_TABLE = new WeightedTable(CASE_TYPES.map((c) => (CASES[c.key] ?? FALLBACK_CASE).weight))

export function caseIndex(key: string): number {
  const i = CASE_TYPES.findIndex((c) => c.key === key)
  if (i < 0) throw new Error(`Unknown case type ${key}.`)
  return i
}

export function channelIndex(channel: Channel): number {
  return CHANNELS.indexOf(channel)
}

/** Probability that a baseline ticket of case type `ct` arrives through channel `ch`. */
export function channelShare(ct: number, ch: number): number {
  return CASE_PROFILES[ct]?.channel.probability(ch) ?? 0
}

/** Median minutes to the first public reply by priority, before the channel factor. */
export const FIRST_REPLY_MEDIAN_MIN: Record<Priority, number> = { urgent: 25, high: 110, normal: 420, low: 900 }

/** Phone is answered live; social and creator portal queues are watched more closely than email. */
export const CHANNEL_REPLY_FACTOR: readonly number[] = CHANNELS.map(
  (c) => ({ email: 1.25, in_app: 0.95, web_form: 1.1, social: 0.6, creator_portal: 0.75, phone: 0.02 })[c],
)

/** Share of tickets solved with the first reply (one-touch), by channel. */
export const CHANNEL_ONE_TOUCH: readonly number[] = CHANNELS.map(
  (c) => ({ email: 0.26, in_app: 0.3, web_form: 0.26, social: 0.34, creator_portal: 0.22, phone: 0.6 })[c],
)

export const PRIORITY_RESOLUTION_FACTOR: Record<Priority, number> = { urgent: 0.3, high: 0.65, normal: 1, low: 1.5 }

/** Escalation to tier 2, by priority (~3% overall). */
export const ESCALATION_RATE: Record<Priority, number> = { urgent: 0.22, high: 0.05, normal: 0.012, low: 0.006 }

export const TICKET_TYPES: Record<Family, WeightedChoice<string>> = {
  account: WeightedChoice.of({ question: 45, incident: 40, task: 15 }),
  appeal: WeightedChoice.of({ task: 55, question: 45 }),
  payments: WeightedChoice.of({ incident: 45, question: 45, problem: 10 }),
  safety: WeightedChoice.of({ incident: 75, task: 20, question: 5 }),
  commerce: WeightedChoice.of({ incident: 45, question: 45, task: 10 }),
  technical: WeightedChoice.of({ incident: 50, problem: 35, question: 15 }),
  creator: WeightedChoice.of({ question: 50, task: 35, incident: 15 }),
  privacy: WeightedChoice.of({ task: 80, question: 20 }),
  ads: WeightedChoice.of({ question: 50, incident: 35, problem: 15 }),
}
