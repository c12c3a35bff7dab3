/** The executive update drafter and its formatting: pure, so every line is checked against a hand-written fixture. */
import { describe, expect, it } from 'vitest'
import {
  draftExecutiveUpdate,
  formatInZone,
  formatKpiChange,
  formatKpiValue,
  markdownToPlainText,
  metricSentence,
  notableKpis,
} from '../../src/shared/escalationUpdate'
import type { EscalationBundle, ImpactKpi, RemediationAction } from '../../src/shared/escalations'

const H = 3_600_000
const NOW = Date.parse('2026-05-10T12:00:00Z')

function kpi(over: Partial<ImpactKpi> & Pick<ImpactKpi, 'key' | 'label' | 'unit'>): ImpactKpi {
  return {
    definition: '',
    cohort: { value: null, n: 0, small: true },
    baseline: { value: null, n: 0, small: true },
    change: null,
    worse: null,
    ...over,
  }
}

function action(over: Partial<RemediationAction>): RemediationAction {
  return {
    id: 1,
    escalationId: 1,
    title: 'Action',
    ownerTeam: 'Engineering',
    dueAt: null,
    status: 'planned',
    doneAt: null,
    metric: null,
    check: null,
    overdue: false,
    createdAt: NOW,
    updatedAt: NOW,
    ...over,
  }
}

function bundle(): EscalationBundle {
  return {
    escalation: {
      id: 1,
      title: 'LIVE gifts not delivered',
      priority: 'P1',
      status: 'open',
      owner: 'Ana Ruiz',
      partnerTeams: ['engineering', 'comms'],
      nextUpdateDue: NOW + 90 * 60_000,
      tickets: 120,
      createdAt: NOW - 5 * H,
      updatedAt: NOW,
      origin: { kind: 'alert', ref: 'a1', description: 'Volume alert' },
      summary: 'Viewers report coins deducted without the gift arriving.',
      nextSteps: '- Refund coins\nPublish a notice\n',
      cohortFilters: null,
      resolvedAt: null,
      overdueActions: 1,
    },
    impact: {
      tickets: 120,
      users: 98,
      withoutRequester: 2,
      openTickets: 40,
      regions: [
        { value: 'SEA', tickets: 100 },
        { value: 'JP', tickets: 12 },
        { value: 'KR', tickets: 5 },
        { value: null, tickets: 3 },
      ],
      channels: [{ value: 'in_app', tickets: 120 }],
      caseTypes: [{ value: 'live_gifts_coins', tickets: 120 }],
      firstCreatedAt: NOW - 6 * H,
      lastCreatedAt: NOW - H,
      durationMinutes: 360,
      kpis: [
        kpi({
          key: 'reopenRate',
          label: 'Reopen rate',
          unit: 'percent',
          cohort: { value: 18.25, n: 80, small: false },
          baseline: { value: 6.1, n: 900, small: false },
          change: 12.15,
          worse: true,
        }),
        kpi({
          key: 'fullResolution',
          label: 'Full resolution time',
          unit: 'minutes',
          cohort: { value: 600, n: 80, small: false },
          baseline: { value: 300, n: 900, small: false },
          change: 300,
          worse: true,
        }),
        // Worse, but on too few tickets to tell an executive.
        kpi({
          key: 'csat',
          label: 'CSAT',
          unit: 'percent',
          cohort: { value: 20, n: 5, small: true },
          baseline: { value: 80, n: 400, small: false },
          change: -60,
          worse: true,
        }),
        kpi({
          key: 'frt',
          label: 'First response time',
          unit: 'minutes',
          cohort: { value: 30, n: 120, small: false },
          baseline: { value: 45, n: 900, small: false },
          change: -15,
          worse: false,
        }),
      ],
      baseline: { description: 'tickets matching the cohort filter', from: 0, to: 1, tickets: 900 },
      asOf: NOW,
    },
    timeline: [
      { key: 'e1', at: NOW - 4 * H, source: 'analyst', kind: 'step', body: 'Paged the\n gifting on-call.', data: {} },
      { key: 'e2', at: NOW - 3 * H, source: 'analyst', kind: 'note', body: 'A note, not a step.', data: {} },
      { key: 'e3', at: NOW - 2 * H, source: 'workbench', kind: 'sync', body: 'A sync brought 4 tickets', data: {} },
    ],
    snapshots: [],
    actions: [
      action({
        id: 1,
        title: 'Replay the queue',
        status: 'done',
        doneAt: NOW - H,
        check: { outcome: 'met', value: 2, n: 50, note: '', checkedAt: NOW },
      }),
      action({ id: 2, title: 'Refund macro', ownerTeam: 'Support', dueAt: NOW - H, overdue: true }),
      action({ id: 3, title: 'Cancelled idea', status: 'cancelled' }),
    ],
  }
}

describe('draftExecutiveUpdate', () => {
  it('drafts every section from the escalation, times in the analyst’s zone', () => {
    const { subject, markdown } = draftExecutiveUpdate(bundle(), { now: NOW, timeZone: 'Asia/Singapore' })
    expect(subject).toBe('[P1] LIVE gifts not delivered: open, update Sun 10 May 2026, 20:00 Asia/Singapore')
    expect(markdown).toBe(
      [
        `**${subject}**`,
        '',
        '**What happened**',
        'Viewers report coins deducted without the gift arriving.',
        '',
        '**Impact**',
        '- 120 tickets from 98 users across 4 regions (Southeast Asia 100, Japan 12, Korea 5 and 1 more) and 1 channel (In-app 120).',
        '- Case types: LIVE gifts & coins 120.',
        '- 40 still open; running for 6 h since the first ticket (Sun 10 May 2026, 14:00 Asia/Singapore).',
        '- Reopen rate 18.3% vs 6.1% before (+12.2 pts); baseline: tickets matching the cohort filter.',
        '- Median full resolution time 10 h vs 5 h before (+5 h); baseline: tickets matching the cohort filter.',
        '',
        '**Steps taken**',
        '- Sun 10 May 2026, 16:00 Asia/Singapore: Paged the gifting on-call.',
        '- Done: Replay the queue (Engineering). Success metric: met.',
        '',
        '**Next steps**',
        '- Refund coins',
        '- Publish a notice',
        '- Refund macro (Support, due Sun 10 May 2026, 19:00 Asia/Singapore (overdue)).',
        '',
        '**Next update**',
        'By Sun 10 May 2026, 21:30 Asia/Singapore (in 90 min).',
        '',
        'Owner: Ana Ruiz · Partner teams: Engineering, Comms',
      ].join('\n'),
    )
  })

  it('says so when there is nothing yet, and falls back to the origin for what happened', () => {
    const b = bundle()
    b.escalation.summary = ''
    b.escalation.nextSteps = ''
    b.escalation.nextUpdateDue = null
    b.escalation.owner = null
    b.escalation.partnerTeams = []
    b.impact = { ...b.impact, tickets: 0 }
    b.timeline = []
    b.actions = []
    const { markdown } = draftExecutiveUpdate(b, { now: NOW, timeZone: 'UTC' })
    expect(markdown).toContain('**What happened**\nVolume alert\n')
    expect(markdown).toContain('- No tickets are in the cohort yet.')
    expect(markdown).toContain('**Steps taken**\n- None recorded yet.')
    expect(markdown).toContain('**Next steps**\n- To be decided.')
    expect(markdown).toMatch(/\*\*Next update\*\*\nNo further update is scheduled\.$/)
  })
})

describe('notableKpis', () => {
  it('keeps worse KPIs on large enough samples, the largest relative change first', () => {
    expect(notableKpis(bundle().impact.kpis).map((k) => k.key)).toEqual(['reopenRate', 'fullResolution'])
  })
})

describe('formatting', () => {
  it('formats values and changes in their unit', () => {
    expect(formatKpiValue('percent', 4.04)).toBe('4.0%')
    expect(formatKpiValue('minutes', 200)).toBe('3 h 20 min')
    expect(formatKpiValue('tickets', 1234)).toBe('1,234')
    expect(formatKpiValue('percent', null)).toBe('—')
    expect(formatKpiChange('percent', -2.26)).toBe('−2.3 pts')
    expect(formatKpiChange('minutes', 0)).toBe('±0 min')
  })

  it('names the zone and follows it across daylight saving', () => {
    expect(formatInZone(Date.parse('2026-07-01T12:00:00Z'), 'Europe/Dublin')).toBe(
      'Wed 1 Jul 2026, 13:00 Europe/Dublin',
    )
    expect(formatInZone(Date.parse('2026-01-01T12:00:00Z'), 'Europe/Dublin')).toBe(
      'Thu 1 Jan 2026, 12:00 Europe/Dublin',
    )
  })

  it('describes a success metric in words', () => {
    expect(
      metricSentence({
        kpi: 'reopenRate',
        filters: { caseType: ['creator_payouts'], region: ['EU'] },
        comparator: 'below',
        threshold: 5,
        days: 14,
        minSample: 20,
      }),
    ).toBe('Reopen rate below 5.0% for 14 days (Case type: Creator fund & payouts; Region: Europe)')
    expect(
      metricSentence({ kpi: 'frt', filters: {}, comparator: 'below', threshold: 240, days: 1, minSample: 20 }),
    ).toBe('Median first response time below 4 h for 1 day, all tickets')
  })
})

describe('markdownToPlainText', () => {
  it('drops the marks and keeps the words', () => {
    expect(markdownToPlainText('**Impact**\n- 3 tickets in `EU`\n## Next\n*soon* and [the RCA](https://x.test)')).toBe(
      'Impact\n• 3 tickets in EU\nNext\nsoon and the RCA (https://x.test)',
    )
    // A lone asterisk or underscore inside a word is text, not emphasis.
    expect(markdownToPlainText('snake_case and 2*3')).toBe('snake_case and 2*3')
  })
})
