/**
 * The incidents injected into the demo, and their ground truth. Each is placed from the seed within the last ~60 days,
 * and sized from the calendar model so "5x baseline" means five times what that segment would have had in those same
 * hours. Extra tickets are part of the requested total, never added on top of it.
 */
import { CASE_TYPES, CHANNELS, REGIONS } from '../../shared/domain'
import { type Calendar, DAY, HOUR } from './calendar'
import { CASE_TABLE, caseIndex, channelIndex, channelShare } from './profile'
import { Rng, WeightedTable } from './random'
import { REGION_TABLE, regionIndex } from './regions'
import { incidentTheme, type ThemePool } from './texts'

export type IncidentKind = 'surge' | 'creep' | 'resolution_regression'

export interface Incident {
  kind: IncidentKind
  title: string
  /** -1: every case type (only for an incident that adds no tickets). */
  caseType: number
  /** -1: every region. */
  region: number
  /** -1: every channel. */
  channel: number
  startAt: number
  endAt: number
  magnitude: number
  description: string
  extra: number
  /** Shared wording of the extra tickets; null when the incident adds none. */
  theme: ThemePool | null
  /** Inside a regression window, first replies and resolutions take this many times longer. */
  firstReplyFactor: number
  resolutionFactor: number
  /** Hour slots of the window and the draw among them, weighted by the extra volume each should get. */
  slotStarts: readonly number[]
  slotEnds: readonly number[]
  slots: WeightedTable | null
}

export interface IncidentPlan {
  incidents: Incident[]
  /** Tickets drawn from the ordinary model; the rest are incident extras. */
  baseline: number
}

/** Keeps incidents off the seed stream the tickets use, so tuning one never reshuffles the other. */
const STREAM = 3

interface Draft {
  kind: IncidentKind
  title: string
  /** null: every case type; only a regression, which adds no tickets, may span them. */
  caseType: string | null
  region: (typeof REGIONS)[number] | null
  channel: (typeof CHANNELS)[number] | null
  startAt: number
  endAt: number
  magnitude: number
  description: string
  theme: ThemePool | null
  /** Volume multiplier over the window; 1 everywhere for a regression. */
  shape: (t: number) => number
  firstReplyFactor?: number
  resolutionFactor?: number
}

function drafts(calendar: Calendar, seed: number): Draft[] {
  const rng = new Rng(seed, STREAM)
  // Anchored on the last UTC midnight so windows start on whole hours whatever endAt is.
  const anchor = Math.floor(calendar.endAt / DAY) * DAY
  const release = `${41 + rng.int(3)}.${rng.int(10)}.0`

  const surgeStart = anchor - (9 + rng.int(7)) * DAY + HOUR
  // Sized so each is an incident an analyst would have to act on at the demo's scale: a narrow segment (one case type,
  // region and channel) gets a handful of tickets a day, so its surge is a multiple a gift outage really causes.
  const surgeMagnitude = 10
  const creepStart = anchor - (21 + rng.int(4)) * DAY
  const creepEnd = calendar.endAt
  const creepFrom = 3
  const creepMagnitude = 5
  const regressionStart = anchor - (38 + rng.int(6)) * DAY
  const releaseStart = anchor - (50 + rng.int(6)) * DAY + 16 * HOUR
  const releaseMagnitude = 4

  return [
    {
      kind: 'surge',
      title: 'LIVE gifts not delivered in SEA (coins deducted)',
      caseType: 'live_gifts_coins',
      region: 'SEA',
      channel: 'in_app',
      startAt: surgeStart,
      endAt: surgeStart + 60 * HOUR,
      magnitude: surgeMagnitude,
      description:
        'Sharp surge of live_gifts_coins tickets from SEA via in_app, about 10x the usual volume for 2.5 days: ' +
        'viewers report coins deducted but the gift never delivered during LIVE. The extra tickets share that ' +
        'wording and the tags gift_not_delivered and coins_deducted.',
      theme: incidentTheme('gift_not_delivered', release),
      shape: () => surgeMagnitude,
    },
    {
      kind: 'creep',
      title: 'Creator payouts pending after bank change',
      caseType: 'creator_payouts',
      region: null,
      channel: null,
      startAt: creepStart,
      endAt: creepEnd,
      magnitude: creepMagnitude,
      description:
        'Slow creep of creator_payouts tickets in every region and channel: about 3x the usual volume from the day ' +
        'a new bank-verification step shipped, rising linearly to about 5x by the end of the period as more ' +
        'creators change their bank account before payday. Payouts stay pending after the change. The extra ' +
        'tickets share that wording and the tags payout_delay and bank_change.',
      theme: incidentTheme('payout_bank_change', release),
      shape: (t) => creepFrom + (creepMagnitude - creepFrom) * ((t - creepStart) / (creepEnd - creepStart)),
    },
    {
      kind: 'resolution_regression',
      title: 'In-app replies and resolutions slowed down (tickets routed to an unstaffed group)',
      caseType: null,
      region: null,
      channel: 'in_app',
      startAt: regressionStart,
      endAt: regressionStart + 10 * DAY,
      magnitude: 3,
      description:
        'For 10 days, in_app tickets of every case type and region take about 3x longer to get a first reply and ' +
        'to resolve (full and first resolution): a routing rule change sent them to a group with no agents on ' +
        'shift, and other teams picked them up late. Volume is unchanged.',
      theme: null,
      shape: () => 1,
      firstReplyFactor: 3,
      resolutionFactor: 3,
    },
    {
      kind: 'surge',
      title: `App crashes on launch after release ${release}`,
      caseType: 'bug_crash',
      region: null,
      channel: 'in_app',
      startAt: releaseStart,
      endAt: releaseStart + 30 * HOUR,
      magnitude: releaseMagnitude,
      description:
        `Spike of bug_crash tickets via in_app in every region, about 4x the usual volume for 30 hours after app ` +
        `release ${release}: the app crashes on launch after updating. The extra tickets share that wording and the ` +
        'tags crash_on_launch and app_update.',
      theme: incidentTheme('crash_on_launch', release),
      shape: () => releaseMagnitude,
    },
  ]
}

/** Lays out the incidents and splits `tickets` between the baseline model and each incident's extras. */
export function planIncidents(calendar: Calendar, tickets: number, seed: number): IncidentPlan {
  const incidents: Incident[] = []
  const rates: number[] = []
  for (const d of drafts(calendar, seed)) {
    const ct = d.caseType === null ? -1 : caseIndex(d.caseType)
    const region = d.region === null ? -1 : regionIndex(d.region)
    const channel = d.channel === null ? -1 : channelIndex(d.channel)
    const share = ct < 0 ? 0 : CASE_TABLE.probability(ct) * (channel < 0 ? 1 : channelShare(ct, channel))
    const slotStarts: number[] = []
    const slotEnds: number[] = []
    const weights: number[] = []
    let rate = 0
    const from = Math.max(d.startAt, calendar.startAt)
    const to = Math.min(d.endAt, calendar.endAt)
    for (let t = from; t < to; t += HOUR) {
      const end = Math.min(t + HOUR, to)
      const excess = d.shape((t + end) / 2) - 1
      if (excess <= 0) continue
      if (ct < 0) throw new Error(`Incident "${d.title}" adds tickets, so it needs a case type.`)
      const base =
        (region < 0
          ? calendar.hourProbabilityAll(t)
          : REGION_TABLE.probability(region) * calendar.hourProbability(region, t)) *
        ((end - t) / HOUR)
      slotStarts.push(t)
      slotEnds.push(end)
      weights.push(excess * base)
      rate += excess * base * share
    }
    rates.push(rate)
    incidents.push({
      kind: d.kind,
      title: d.title,
      caseType: ct,
      region,
      channel,
      startAt: d.startAt,
      endAt: d.endAt,
      magnitude: d.magnitude,
      description: d.description,
      extra: 0,
      theme: d.theme,
      firstReplyFactor: d.firstReplyFactor ?? 1,
      resolutionFactor: d.resolutionFactor ?? 1,
      slotStarts,
      slotEnds,
      slots: rate > 0 ? new WeightedTable(weights) : null,
    })
  }
  // extra_k = baseline * rate_k and baseline + sum(extra) = tickets, solved for the baseline.
  const baselineEstimate = tickets / (1 + rates.reduce((a, b) => a + b, 0))
  let extras = 0
  incidents.forEach((inc, k) => {
    inc.extra = Math.round(baselineEstimate * (rates[k] ?? 0))
    extras += inc.extra
  })
  return { incidents, baseline: tickets - extras }
}

/** Creation time (whole seconds after the period start) of one extra ticket of `inc`. */
export function sampleExtraCreated(inc: Incident, calendar: Calendar, rng: Rng): number {
  if (!inc.slots) throw new Error(`Incident "${inc.title}" adds no tickets.`)
  const k = inc.slots.sample(rng)
  const start = inc.slotStarts[k] as number
  const end = inc.slotEnds[k] as number
  const t = start + rng.int(Math.max(1, Math.floor((end - start) / 1000))) * 1000
  return calendar.startAt + Math.floor((t - calendar.startAt) / 1000) * 1000
}

/** The incident's region, or one drawn by the usual shares when it spans every region. */
export function extraRegion(inc: Incident, rng: Rng): number {
  return inc.region >= 0 ? inc.region : REGION_TABLE.sample(rng)
}

/** Labels for the ground-truth row. */
export function incidentKeys(inc: Incident): {
  caseType: string | null
  region: string | null
  channel: string | null
} {
  return {
    caseType: inc.caseType >= 0 ? (CASE_TYPES[inc.caseType]?.key ?? null) : null,
    region: inc.region >= 0 ? (REGIONS[inc.region] ?? null) : null,
    channel: inc.channel >= 0 ? (CHANNELS[inc.channel] ?? null) : null,
  }
}
