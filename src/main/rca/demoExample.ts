/**
 * The demo's worked example: one escalation with a complete RCA, built on the injected LIVE-gifts surge, so a new
 * analyst sees what a good RCA looks like and `npm run cli -- export-rca demo out.pdf` prints it. Everything is
 * derived from the incident's ground truth and the generated tickets (no clock, no randomness), so the same demo
 * options give the same example. The figures in the text are the ones the evidence froze.
 */
import { localDate } from '../../shared/time'
import { KPIS, type KpiKey } from '../../shared/kpis'
import type { TicketFilters } from '../../shared/api/schemas'
import { contentForTemplate, DEFAULT_RCA_TEMPLATES, type MetricEvidence, type RcaContent } from '../../shared/rca'
import type { Db } from '../db/connection'
import * as esc from '../db/queries/escalations'
import * as q from '../db/queries/rca'
import { insertView } from '../db/queries/views'
import { createEscalation, updateEscalation } from '../escalations/service'
import { MetricsEngine } from '../metrics/engine'
import { buildEvidence, type EvidenceRequest } from './evidence'
import { kpiValue } from './packetFormat'
import { createRca, recordVersion, saveRca } from './service'

export interface ExampleIncident {
  kind: string
  title: string
  caseType: string | null
  region: string | null
  channel: string | null
  startAt: number
  endAt: number
}

const HOUR = 3_600_000
const DAY = 24 * HOUR
const TZ = 'UTC'

/** Strings the example holds on purpose so the packet shows redaction at work (tests check they never print). */
export const EXAMPLE_PERSONAL_DATA = {
  email: 'giftpay-oncall@vendor-giftpay.example',
  phone: '+65 6123 4567',
  handle: '@sunny.streams',
  owner: 'Priya Raman',
} as const

/** Creates the example if the demo has the LIVE-gifts incident; returns the RCA id, or null when it has none. */
export function buildWorkedExample(db: Db, incidents: readonly ExampleIncident[], periodEnd: number): number | null {
  const inc = incidents.find((i) => i.kind === 'surge' && i.caseType === 'live_gifts_coins')
  if (!inc || !inc.caseType || !inc.region) return null
  const detectedAt = inc.startAt + 5 * HOUR
  const segment: TicketFilters = {
    caseType: [inc.caseType],
    region: [inc.region],
    ...(inc.channel ? { channel: [inc.channel] } : {}),
  }
  const cohort: TicketFilters = {
    ...segment,
    tags: ['gift_not_delivered'],
    createdFrom: inc.startAt - 6 * HOUR,
    createdTo: Math.min(periodEnd, inc.endAt + 12 * HOUR),
  }

  const escalation = createEscalation(
    db,
    {
      title: inc.title,
      priority: 'P1',
      owner: EXAMPLE_PERSONAL_DATA.owner,
      partnerTeams: ['engineering', 'product', 'comms'],
      summary:
        'Viewers in SEA report coins deducted for LIVE gifts that never reach the creator. Volume of Live gifts & coins tickets via in-app is several times its usual level.',
      cohortFilters: cohort,
      origin: {
        kind: 'alert',
        ref: 'demo-surge',
        description: 'Live gifts & coins tickets from SEA via in-app well above the usual volume',
      },
      nextUpdateDue: null,
    },
    detectedAt,
  )
  const id = escalation.id
  const steps: [number, string][] = [
    [
      detectedAt + 1 * HOUR,
      'Bridge opened with Payments engineering and Live product; gift ledger checked for failed deliveries.',
    ],
    [
      detectedAt + 4 * HOUR,
      `Gift-delivery vendor paged (${EXAMPLE_PERSONAL_DATA.email}, ${EXAMPLE_PERSONAL_DATA.phone}); they confirmed a queue backlog in their SEA region.`,
    ],
    [detectedAt + 9 * HOUR, 'Macro published for agents: coins will be refunded automatically; no manual refunds.'],
    [inc.endAt - 6 * HOUR, 'Vendor drained the queue; deliveries confirmed in the ledger for new gifts.'],
  ]
  for (const [at, body] of steps) esc.addTimelineEntry(db, id, { source: 'analyst', kind: 'step', at, body })
  updateEscalation(
    db,
    id,
    { status: 'resolved', nextSteps: 'Track the refund of every deducted coin; vendor post-mortem.' },
    inc.endAt + 6 * HOUR,
  )
  esc.insertAction(
    db,
    {
      escalationId: id,
      title: 'Alert on gift-delivery queue age in every vendor region',
      ownerTeam: 'engineering',
      dueAt: inc.endAt + 14 * DAY,
      metric: {
        kpi: 'reopenRate',
        filters: segment,
        comparator: 'below',
        threshold: 5,
        days: 14,
        minSample: 20,
      },
    },
    inc.endAt + 7 * HOUR,
  )
  esc.insertAction(
    db,
    {
      escalationId: id,
      title: 'Refund deducted coins automatically when a gift is not delivered within 10 minutes',
      ownerTeam: 'product',
      dueAt: inc.endAt + 30 * DAY,
      metric: null,
    },
    inc.endAt + 7 * HOUR,
  )

  // The RCA, written two days after resolution.
  const writtenAt = Math.min(periodEnd - HOUR, inc.endAt + 2 * DAY)
  const standard = DEFAULT_RCA_TEMPLATES[0]
  const templateId = standard ? q.templateIdByName(db, standard.name) : null
  if (templateId === null || !standard) return null
  const doc = createRca(db, { escalationId: id, templateId, title: `RCA: ${inc.title}`, example: true }, writtenAt)

  const engine = new MetricsEngine(db)
  const from = localDate(inc.startAt, TZ)
  const to = localDate(inc.endAt - 1, TZ)
  const cite = (
    req: EvidenceRequest,
    label?: string,
  ): { id: number; payload: ReturnType<typeof buildEvidence>['payload'] } => {
    const built = buildEvidence(req, { db, engine, countTickets: (f) => esc.countMatching(db, f) })
    const ev = q.insertEvidence(db, doc.id, label ?? built.label, built.payload, writtenAt)
    return { id: ev.id, payload: ev.payload }
  }
  const metric = (kpi: KpiKey, label: string) => {
    const e = cite({ kind: 'metric', kpi, filters: segment, from, to, timeZone: TZ }, label)
    return { id: e.id, m: e.payload as MetricEvidence }
  }

  const volume = metric('volume', `Volume of Live gifts & coins, SEA, in-app, ${from} to ${to}`)
  const frt = metric('frt', `First response time (median), same segment and period`)
  const csat = metric('csat', `CSAT, same segment and period`)
  const chartFrom = localDate(Math.max(inc.startAt - 21 * DAY, periodEnd - 170 * DAY), TZ)
  const chartTo = localDate(Math.min(periodEnd - 1, inc.endAt + 10 * DAY), TZ)
  const daily = cite(
    {
      kind: 'chart',
      kpi: 'volume',
      groupBy: null,
      grain: 'day',
      filters: segment,
      from: chartFrom,
      to: chartTo,
      timeZone: TZ,
    },
    'Daily volume of Live gifts & coins tickets, SEA, in-app',
  )
  const byRegion = cite(
    {
      kind: 'chart',
      kpi: 'volume',
      groupBy: 'region',
      grain: 'day',
      filters: { caseType: [inc.caseType], ...(inc.channel ? { channel: [inc.channel] } : {}) },
      from: chartFrom,
      to: chartTo,
      timeZone: TZ,
    },
    'Daily volume of Live gifts & coins tickets by region (only SEA moved)',
  )
  const frtChart = cite(
    {
      kind: 'chart',
      kpi: 'frt',
      stat: 'median',
      groupBy: null,
      grain: 'day',
      filters: segment,
      from: chartFrom,
      to: chartTo,
      timeZone: TZ,
    },
    'Median first response time per day, SEA, in-app',
  )
  const ids = q.escalationTicketIds(db, id, 60)
  const tickets =
    ids.length > 0 ? cite({ kind: 'tickets', ticketIds: ids }, `First ${ids.length} tickets of the cohort`) : null
  const viewId = insertView(
    db,
    'SEA gift failures',
    { version: 1, filters: cohort, sort: { column: 'createdAt', dir: 'asc' }, columns: [] },
    writtenAt,
  ).id
  const view = cite({ kind: 'view', viewId })

  const v = (e: { m: MetricEvidence }) => kpiValue(e.m.kpi, e.m.value)
  const prev = (e: { m: MetricEvidence }) => kpiValue(e.m.kpi, e.m.previous?.value ?? null)
  const t = tickets ? [tickets.id] : []
  const content: RcaContent = contentForTemplate(standard, {
    sections: {
      executive_summary: {
        kind: 'text',
        text:
          `Between ${from} and ${to}, viewers in SEA who sent gifts during LIVE streams had coins deducted while the gift never reached the creator. ` +
          `${v(volume)} Live gifts & coins tickets came in through the app in that period, against ${prev(volume)} in the period before it. ` +
          `The cause was a backlog in the gift-delivery vendor's SEA queue, which our client treated as delivered; there was no alert on the queue's age. ` +
          'Deliveries recovered when the vendor drained the queue. Coins are being refunded automatically, and two remediation actions make sure we see it first next time.',
        cites: [volume.id, daily.id],
      },
      timeline: {
        kind: 'timeline',
        entries: [
          { at: inc.startAt, text: 'First tickets: coins deducted, gift not delivered (SEA, in-app).', cites: t },
          { at: detectedAt, text: 'Volume alert fired; escalation opened as P1.', cites: [daily.id] },
          { at: inc.endAt, text: 'Volume back to its usual level.', cites: [daily.id] },
        ],
      },
      impact: {
        kind: 'impact',
        text:
          `Ticket volume for the segment was ${v(volume)} against ${prev(volume)} in the previous period of the same length; only SEA moved (figure 2). ` +
          `Median first response time was ${v(frt)} over ${frt.m.n} tickets (previous period ${prev(frt)}), and CSAT ${v(csat)} over ${csat.m.n} rated tickets (previous ${prev(csat)}).${frt.m.small || csat.m.small ? ' Figures over fewer than 20 tickets are small samples: read them with care.' : ''} ` +
          `Creator ${EXAMPLE_PERSONAL_DATA.handle} raised it publicly on the second evening.`,
        cites: [volume.id, frt.id, csat.id, byRegion.id, frtChart.id],
      },
      five_whys: {
        kind: 'five_whys',
        problem: 'Viewers were charged coins for LIVE gifts that creators never received.',
        whys: [
          { text: 'The gift-delivery call returned "accepted" and the client marked the gift delivered.', cites: t },
          { text: "The vendor's SEA queue was backlogged, so accepted gifts waited hours to be delivered.", cites: [] },
          { text: 'A capacity change at the vendor halved SEA workers during peak LIVE hours.', cites: [] },
          {
            text: 'Nobody watched queue age: our monitoring only checked the API error rate, which stayed low.',
            cites: [],
          },
          {
            text: 'The vendor integration was launched without an operational-readiness review of its failure modes.',
            cites: [],
          },
        ],
      },
      fishbone: {
        kind: 'fishbone',
        problem: 'Coins deducted, gift not delivered (SEA)',
        causes: {
          people: [{ text: 'On-call did not know the vendor has per-region queues', cites: [] }],
          process: [
            { text: 'No readiness review for the vendor integration', cites: [] },
            { text: 'Refunds needed a manual ticket per viewer', cites: t },
          ],
          product: [{ text: 'Client treats "accepted" as delivered', cites: [] }],
          policy: [{ text: 'No automatic refund for undelivered gifts', cites: [] }],
          tooling: [
            { text: 'No alert on delivery queue age', cites: [] },
            { text: 'Ticket volume alert was the first signal', cites: [daily.id] },
          ],
          vendor: [{ text: 'SEA capacity halved at peak hours', cites: [] }],
        },
      },
      root_cause: {
        kind: 'text',
        text:
          'The client marked LIVE gifts delivered when the vendor accepted them, and nothing measured how long accepted gifts waited. ' +
          "When the vendor's SEA queue backed up, viewers were charged for gifts that arrived hours later or not at all, and support tickets were our first signal.",
        cites: [view.id],
      },
      remediation: {
        kind: 'remediation',
        text: 'Actions agreed on the bridge; their success metrics are tracked on the escalation and checked after every sync.',
        actions: [
          {
            action: 'Alert on gift-delivery queue age in every vendor region',
            owner: 'Engineering',
            due: localDate(inc.endAt + 14 * DAY, TZ),
            status: 'in_progress',
            successMetric: `${KPIS.reopenRate.label} of Live gifts & coins in SEA under 5% for 14 days`,
            cites: [],
          },
          {
            action: 'Refund deducted coins automatically when a gift is not delivered within 10 minutes',
            owner: 'Product',
            due: localDate(inc.endAt + 30 * DAY, TZ),
            status: 'planned',
            successMetric: 'No Live gifts & coins ticket asking for a refund of an undelivered gift for 30 days',
            cites: [],
          },
        ],
      },
    },
  })
  saveRca(db, { id: doc.id, title: doc.title, content, baseRevision: doc.revision }, writtenAt)
  recordVersion(db, doc.id, 'manual', 'Reviewed with Payments engineering', writtenAt + HOUR)
  return doc.id
}
