import { describe, expect, it } from 'vitest'
import { describeFilters, describeSort, exportTitle } from '../../src/shared/exportDescribe'
import { startOfLocalDay } from '../../src/shared/time'

describe('the words at the top of an export', () => {
  it('names value filters with their labels and a local date range', () => {
    const zone = 'Europe/Dublin'
    const filters = {
      channel: ['email', 'phone'],
      caseType: ['account_recovery', null],
      createdFrom: startOfLocalDay('2026-10-23', zone),
      createdTo: startOfLocalDay('2026-11-22', zone),
    }
    expect(describeFilters(filters, zone)).toBe(
      'Channel: Email, Phone; Case type: Account recovery & login, (none); Created: from 2026-10-23 through 2026-11-21',
    )
    expect(describeFilters({}, zone)).toBe('all tickets')
    expect(describeFilters({ status: [] }, zone)).toBe('all tickets')
    expect(describeFilters({ createdTo: Date.parse('2026-11-22T10:30:00Z') }, 'UTC')).toBe(
      'Created: before 2026-11-22 10:30',
    )
  })

  it('names the sort in words and the export time in the zone', () => {
    expect(describeSort({ column: 'createdAt', dir: 'desc' })).toBe('Created, newest first')
    expect(describeSort({ column: 'csat', dir: 'asc' })).toBe('CSAT, smallest first')
    expect(
      exportTitle({
        workspace: 'Demo',
        filters: { channel: ['email'] },
        sort: { column: 'createdAt', dir: 'desc' },
        exportedAt: Date.parse('2026-07-01T08:14:00Z'),
        timeZone: 'Europe/Dublin',
        count: 1234,
      }),
    ).toBe(
      'Ops Workbench export — Demo — Channel: Email — sorted by Created, newest first — exported 2026-07-01 09:14 Europe/Dublin — 1,234 tickets',
    )
  })

  it('names the people, tags, analyst and range filters in words', () => {
    const filters = {
      assignee: ["O'Brien", null],
      tags: ['vip_creator'],
      reviewState: ['needs_escalation' as const, null],
      labels: ['payout wave'],
      flagged: true,
      escalationId: [12, 14],
      firstReplyMinutes: { min: 30 },
      fullResolutionMinutes: { max: 600, empty: true },
      csat: { min: 1, max: 2 },
      reopens: { min: 1, max: 1 },
    }
    expect(describeFilters(filters, 'UTC')).toBe(
      "Assignee: O'Brien, (none); Tag: vip_creator; Review: Needs escalation, Not reviewed; Label: payout wave; " +
        'Flagged; Escalation: #12, #14; First reply (min): at least 30; Full resolution (min): at most 600 or no value; ' +
        'CSAT: 1–2; Reopens: 1',
    )
    expect(describeSort({ column: 'reviewState', dir: 'asc' })).toBe('Review, ascending')
  })
})
