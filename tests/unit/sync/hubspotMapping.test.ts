import { describe, expect, it } from 'vitest'
import { resolveHubSpotMapping, ticketProperties } from '../../../src/main/sync/hubspot/mapping'
import { mapHubSpotTicket, parseHubSpotDate, type Stage } from '../../../src/main/sync/hubspot/records'

const stages = new Map<string, Stage>([
  ['1', { label: 'New', isClosed: false }],
  ['2', { label: 'Waiting on contact', isClosed: false }],
  ['4', { label: 'Closed', isClosed: true }],
  ['701', { label: 'Triage', isClosed: false }],
  ['702', { label: 'Actioned', isClosed: true }],
])

const props = {
  hs_object_id: '5001',
  subject: 'Hacked account',
  content: 'Someone took my account',
  hs_pipeline: '0',
  hs_pipeline_stage: '1',
  hs_ticket_priority: 'URGENT',
  hs_ticket_category: 'ACCOUNT_RECOVERY;ban_appeal',
  source_type: 'CHAT',
  createdate: '2024-01-05T10:00:00.000Z',
  hs_lastmodifieddate: '1704452400000',
  closed_date: null,
  time_to_close: null,
  time_to_first_agent_reply: '1830000',
  hubspot_owner_id: '101',
}

const mapping = resolveHubSpotMapping()
function ticket(p: Record<string, unknown>, m = mapping, onUnmapped?: (f: string, v: string) => void) {
  const r = mapHubSpotTicket({ id: '5001', properties: { ...props, ...p }, archived: false }, m, stages, onUnmapped)
  if (r.kind !== 'ticket') throw new Error(`quarantined: ${r.record.reason}`)
  return r.ticket
}

describe('HubSpot dates', () => {
  it('reads ISO-8601 and epoch milliseconds as strings', () => {
    expect(parseHubSpotDate('2024-01-05T10:00:00.000Z')).toBe(Date.UTC(2024, 0, 5, 10))
    expect(parseHubSpotDate('1704448800000')).toBe(Date.UTC(2024, 0, 5, 10))
    expect(parseHubSpotDate('2024-01-05')).toBe(Date.UTC(2024, 0, 5))
    for (const v of ['soon', '12', '', 1704448800000, null]) expect(parseHubSpotDate(v)).toBeNull()
  })
})

describe('HubSpot ticket → ticket', () => {
  it('maps stage, priority, source, categories and durations', () => {
    const t = ticket({})
    expect(t).toMatchObject({
      externalId: '5001',
      status: 'new',
      priority: 'urgent',
      channel: 'in_app',
      caseType: 'account_recovery',
      tags: ['account_recovery', 'ban_appeal'],
      createdAt: Date.UTC(2024, 0, 5, 10),
      updatedAt: Date.UTC(2024, 0, 5, 11),
      firstReplyMinutes: 31,
      solvedAt: null,
      fullResolutionMinutes: null,
      assignee: '101',
    })
    expect(ticket({ hs_pipeline_stage: '2', hs_ticket_priority: 'MEDIUM', source_type: 'FORM' })).toMatchObject({
      status: 'pending',
      priority: 'normal',
      channel: 'web_form',
    })
    expect(ticket({ hs_ticket_priority: 'LOW', source_type: 'EMAIL' })).toMatchObject({
      priority: 'low',
      channel: 'email',
    })
    expect(ticket({ hs_ticket_priority: 'HIGH', source_type: 'PHONE' })).toMatchObject({
      priority: 'high',
      channel: 'phone',
    })
  })

  it('closes on a closed stage: solve time from closed_date, resolution from time_to_close (ms → minutes)', () => {
    const t = ticket({ hs_pipeline_stage: '4', closed_date: '1704456000000', time_to_close: '7200000' })
    expect(t).toMatchObject({
      status: 'closed',
      solvedAt: Date.UTC(2024, 0, 5, 12),
      firstResolutionMinutes: 120,
      fullResolutionMinutes: 120,
    })
    // A stage whose label the mapping does not know goes by the pipeline's isClosed.
    expect(ticket({ hs_pipeline_stage: '702', closed_date: '2024-01-05T12:00:00Z' })).toMatchObject({
      status: 'closed',
      solvedAt: Date.UTC(2024, 0, 5, 12),
      fullResolutionMinutes: 120,
    })
    expect(ticket({ hs_pipeline_stage: '701' }).status).toBe('open')
  })

  it('keeps unknown values opaque and reports them', () => {
    const seen: string[] = []
    const t = ticket(
      {
        hs_pipeline_stage: '999',
        source_type: 'FACEBOOK',
        hs_ticket_priority: 'P1',
        hs_ticket_category: 'Billing stuff',
      },
      mapping,
      (f, v) => seen.push(`${f}=${v}`),
    )
    expect(t).toMatchObject({
      status: '999',
      channel: 'FACEBOOK',
      priority: 'P1',
      caseType: 'Billing stuff',
      tags: ['billing_stuff'],
    })
    expect(seen).toEqual([
      'hs_pipeline_stage=999',
      'caseType=Billing stuff',
      'hs_ticket_priority=P1',
      'source_type=FACEBOOK',
    ])
    expect(ticket({ source_type: null, hs_ticket_category: null })).toMatchObject({
      channel: 'unknown',
      caseType: null,
      tags: [],
    })
  })

  it('applies overrides by stage id or label, category values, region and CSAT properties', () => {
    const m = resolveHubSpotMapping(
      {
        stageValues: { '701': 'hold', Actioned: 'solved' },
        regionProperty: 'region',
        regionValues: { europe: 'EU' },
        csatProperty: 'csat_score',
      },
      {
        caseTypeFieldId: null,
        caseTypeValues: { 'Billing stuff': 'ads_billing' },
        caseTypeFromTags: false,
        regionFieldId: null,
        regionValues: {},
        channelValues: { FACEBOOK: 'social' },
      },
    )
    expect(ticketProperties(m)).toEqual(expect.arrayContaining(['region', 'csat_score', 'hs_ticket_category']))
    expect(
      ticket(
        {
          hs_pipeline_stage: '701',
          hs_ticket_category: 'Billing stuff',
          source_type: 'FACEBOOK',
          region: 'europe',
          csat_score: '5',
        },
        m,
      ),
    ).toMatchObject({
      status: 'hold',
      caseType: 'ads_billing',
      channel: 'social',
      region: 'EU',
      csat: 5,
    })
    expect(ticket({ hs_pipeline_stage: '702', closed_date: '1704456000000' }, m)).toMatchObject({
      status: 'solved',
      solvedAt: Date.UTC(2024, 0, 5, 12),
    })
    expect(() => resolveHubSpotMapping({ regionProperty: 'Region; DROP' })).toThrow(
      /field mapping is not valid: regionProperty/,
    )
  })

  it('quarantines what cannot be read, with the reason', () => {
    const reason = (raw: unknown) => {
      const r = mapHubSpotTicket(raw, mapping, stages)
      return r.kind === 'quarantine' ? [r.record.externalId, r.record.reason] : null
    }
    const with_ = (p: Record<string, unknown>) => ({ id: '5001', properties: { ...props, ...p } })
    expect(reason({ properties: props })).toEqual([null, 'The ticket has no numeric id.'])
    expect(reason({ id: '5001' })).toEqual(['5001', 'The ticket has no properties object.'])
    expect(reason(with_({ createdate: 'tomorrow' }))).toEqual(['5001', 'createdate is not a date ("tomorrow").'])
    expect(reason(with_({ time_to_close: 'fast' }))).toEqual([
      '5001',
      'time_to_close should be milliseconds but is "fast".',
    ])
    expect(reason(with_({ subject: 7 }))).toEqual(['5001', 'subject should be a string but is 7.'])
    expect(reason(with_({ hs_pipeline_stage: null }))).toEqual(['5001', 'hs_pipeline_stage is empty.'])
    // createdate missing falls back to the record's createdAt; both missing is unreadable.
    expect(reason(with_({ createdate: null }))).toEqual(['5001', 'createdate is missing.'])
    expect(
      mapHubSpotTicket({ ...with_({ createdate: null }), createdAt: '2024-01-05T10:00:00Z' }, mapping, stages).kind,
    ).toBe('ticket')
  })
})
