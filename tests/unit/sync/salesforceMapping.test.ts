import { describe, expect, it } from 'vitest'
import { caseFields, resolveSalesforceMapping } from '../../../src/main/sync/salesforce/mapping'
import { mapCase, parseSalesforceDate, soqlDateTime } from '../../../src/main/sync/salesforce/records'

const base = {
  attributes: { type: 'Case', url: '/services/data/v60.0/sobjects/Case/500000000000001AAA' },
  Id: '500000000000001AAA',
  CaseNumber: '00001001',
  Subject: 'Payout missing',
  Description: 'Where is my money',
  Status: 'New',
  Priority: 'High',
  Origin: 'Email',
  Reason: 'Creator Payouts',
  Type: 'Problem',
  IsClosed: false,
  IsEscalated: false,
  CreatedDate: '2024-01-05T10:11:12.000+0000',
  ClosedDate: null,
  LastModifiedDate: '2024-01-05T11:00:00.000+0000',
  SystemModstamp: '2024-01-05T11:00:00.500+0000',
  OwnerId: '005000000000000001',
  ContactId: '003000000000000001',
  SuppliedEmail: 'creator@example.com',
}

const mapping = resolveSalesforceMapping()
function ticket(fields: Record<string, unknown>, m = mapping, onUnmapped?: (f: string, v: string) => void) {
  const r = mapCase({ ...base, ...fields }, m, onUnmapped)
  if (r.kind !== 'ticket') throw new Error(`quarantined: ${r.record.reason}`)
  return r.ticket
}

describe('Salesforce datetimes', () => {
  it('reads the API format and its offsets to epoch ms', () => {
    expect(parseSalesforceDate('2024-01-05T10:11:12.000+0000')).toBe(Date.UTC(2024, 0, 5, 10, 11, 12))
    expect(parseSalesforceDate('2024-01-05T10:11:12.345Z')).toBe(Date.UTC(2024, 0, 5, 10, 11, 12, 345))
    expect(parseSalesforceDate('2024-01-05T11:11:12.000+01:00')).toBe(Date.UTC(2024, 0, 5, 10, 11, 12))
    expect(parseSalesforceDate('2024-01-05T05:11:12.000-0500')).toBe(Date.UTC(2024, 0, 5, 10, 11, 12))
  })

  it('refuses what is not a datetime rather than guessing', () => {
    for (const v of ['2024-02-30T00:00:00.000+0000', '2024-01-05', 'yesterday', '', 1704449472000, null])
      expect(parseSalesforceDate(v)).toBeNull()
  })

  it('writes SOQL literals unquoted, at second precision', () => {
    expect(soqlDateTime(Date.UTC(2024, 0, 5, 10, 11, 12, 999))).toBe('2024-01-05T10:11:12Z')
    expect(soqlDateTime(0)).toBe('1970-01-01T00:00:00Z')
  })
})

describe('Salesforce Case → ticket', () => {
  it('maps the default picklists', () => {
    const t = ticket({})
    expect(t).toMatchObject({
      externalId: '500000000000001AAA',
      status: 'new',
      priority: 'high',
      channel: 'email',
      type: 'problem',
      caseType: 'creator_payouts',
      requester: 'creator@example.com',
      assignee: '005000000000000001',
      group: null,
      createdAt: Date.UTC(2024, 0, 5, 10, 11, 12),
      updatedAt: Date.UTC(2024, 0, 5, 11, 0, 0, 500),
      solvedAt: null,
      escalated: false,
    })
    expect(ticket({ Status: 'Working', Priority: 'Medium', Origin: 'Phone' })).toMatchObject({
      status: 'open',
      priority: 'normal',
      channel: 'phone',
    })
    expect(ticket({ Status: 'Escalated', Priority: 'Low', Origin: 'Web' })).toMatchObject({
      status: 'open',
      escalated: true,
      priority: 'low',
      channel: 'web_form',
    })
    expect(ticket({ IsEscalated: true }).escalated).toBe(true)
  })

  it('keeps unknown values opaque and reports them for the mapping screen', () => {
    const seen: string[] = []
    const t = ticket(
      { Status: 'Waiting on Customer', Origin: 'Chatter', Priority: 'P0', Reason: 'Installation' },
      mapping,
      (f, v) => seen.push(`${f}=${v}`),
    )
    expect(t).toMatchObject({
      status: 'Waiting on Customer',
      channel: 'Chatter',
      priority: 'P0',
      caseType: 'Installation',
    })
    expect(seen).toEqual(['Status=Waiting on Customer', 'caseType=Installation', 'Priority=P0', 'Origin=Chatter'])
    expect(ticket({ Origin: null }).channel).toBe('unknown')
  })

  it('closes with ClosedDate as the solve time and the resolution in minutes', () => {
    const t = ticket({ Status: 'Closed', IsClosed: true, ClosedDate: '2024-01-05T12:41:12.000+0000' })
    expect(t).toMatchObject({
      status: 'closed',
      solvedAt: Date.UTC(2024, 0, 5, 12, 41, 12),
      firstResolutionMinutes: 150,
      fullResolutionMinutes: 150,
    })
    expect(t.firstSolvedAt).toBe(t.solvedAt)
  })

  it('puts a queue owner in the group and falls back to the contact as requester', () => {
    expect(ticket({ OwnerId: '00G000000000000009', SuppliedEmail: null })).toMatchObject({
      assignee: null,
      group: '00G000000000000009',
      requester: '003000000000000001',
    })
  })

  it('applies overrides: status and case type values, another case type field, region and CSAT fields', () => {
    const m = resolveSalesforceMapping(
      {
        statusValues: { 'Waiting on Customer': 'pending' },
        caseTypeField: 'Type',
        caseTypeValues: { Problem: 'bug_crash' },
        regionField: 'Region__c',
        regionValues: { Europe: 'EU' },
        csatField: 'CSAT__c',
      },
      {
        caseTypeFieldId: null,
        caseTypeValues: {},
        caseTypeFromTags: false,
        regionFieldId: null,
        regionValues: {},
        channelValues: { Chatter: 'social' },
      },
    )
    expect(m.statusValues.New).toBe('new')
    // The screen's channel map replaces the defaults whole (it starts from them; a removed line stays removed).
    expect(m.channelValues).toEqual({ Chatter: 'social' })
    expect(ticket({ Origin: 'Email' }, m).channel).toBe('Email')
    expect(caseFields(m)).toEqual(expect.arrayContaining(['Region__c', 'CSAT__c', 'Type']))
    expect(
      ticket({ Status: 'Waiting on Customer', Origin: 'Chatter', Region__c: 'Europe', CSAT__c: 4 }, m),
    ).toMatchObject({
      status: 'pending',
      channel: 'social',
      caseType: 'bug_crash',
      region: 'EU',
      csat: 4,
    })
    expect(ticket({ CSAT__c: 9 }, m).csat).toBeNull()
  })

  it('refuses a field name that is not a Case field name (it would go into SOQL)', () => {
    expect(() => resolveSalesforceMapping({ caseTypeField: 'Reason FROM Case WHERE' })).toThrow(
      /field mapping is not valid: caseTypeField/,
    )
    expect(() => resolveSalesforceMapping({ regionField: 'Region__x__c' })).toThrow(/custom field/)
  })

  it('quarantines what cannot be read, with the reason', () => {
    const reason = (fields: Record<string, unknown>) => {
      const r = mapCase({ ...base, ...fields }, mapping)
      return r.kind === 'quarantine' ? r.record.reason : null
    }
    expect(reason({ Id: undefined })).toBe('The case has no valid Id (15 or 18 letters and digits).')
    expect(reason({ Id: 'not an id' })).toBe('The case has no valid Id (15 or 18 letters and digits).')
    expect(reason({ CreatedDate: '05/01/2024' })).toBe('CreatedDate is not a date ("05/01/2024").')
    expect(reason({ SystemModstamp: undefined })).toBe('SystemModstamp is missing.')
    expect(reason({ IsEscalated: 'yes' })).toBe('IsEscalated should be true or false but is "yes".')
    expect(reason({ Subject: ['x'] })).toBe('Subject should be text but is ["x"].')
    expect(reason({ Status: '' })).toBe('Status is empty.')
    expect(mapCase('nope', mapping)).toMatchObject({ kind: 'quarantine', record: { externalId: null } })
  })
})
