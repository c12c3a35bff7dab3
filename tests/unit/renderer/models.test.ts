/** The renderer's pure pieces (grid columns, chart option, filter model), tested without a DOM. */
import { describe, expect, it } from 'vitest'
import { SORTABLE_COLUMNS, type TicketRow } from '../../../src/shared/domain'
import type { TrendSeries } from '../../../src/shared/api/types'
import {
  ANALYST_COLUMN_IDS,
  caseColumns,
  subjectText,
  toTicketSort,
  DEFAULT_VISIBLE_COLUMNS,
} from '../../../src/renderer/features/cases/caseColumns'
import { buildVolumeChart, tooltipHtml } from '../../../src/renderer/features/cases/volumeChart'
import { CHART_THEMES } from '../../../src/renderer/features/cases/chartTheme'
import { presetRange, rangeToInstants, activeChips, withValues } from '../../../src/renderer/features/cases/filterModel'

const row = (over: Partial<TicketRow>): TicketRow => ({
  id: 1,
  source: 'Demo',
  externalId: 'D-1',
  subject: 'Payout pending',
  status: 'open',
  priority: 'high',
  type: null,
  caseType: 'creator_payouts',
  channel: 'email',
  region: 'EU',
  locale: 'en-GB',
  requester: '@a',
  assignee: null,
  group: null,
  tags: [],
  createdAt: 0,
  updatedAt: 0,
  solvedAt: null,
  firstReplyMinutes: null,
  fullResolutionMinutes: null,
  reopens: 0,
  replies: 0,
  csat: null,
  sensitive: false,
  reviewState: null,
  flagged: false,
  labels: [],
  ...over,
})

describe('case grid columns', () => {
  it('offers every contract column, sortable, with the default set visible and Created newest first', () => {
    const cols = caseColumns({ timeZone: 'UTC' })
    const contract = cols.filter((c) => !(ANALYST_COLUMN_IDS as readonly (string | undefined)[]).includes(c.colId))
    expect(contract.map((c) => c.colId).sort()).toEqual([...SORTABLE_COLUMNS].sort())
    expect(contract.every((c) => c.sortable)).toBe(true)
    expect(contract.filter((c) => !c.hide).map((c) => c.colId)).toEqual([...DEFAULT_VISIBLE_COLUMNS])
  })

  it('shows review and flag after the subject and labels last; review and flag sort, labels do not', () => {
    const cols = caseColumns({ timeZone: 'UTC' })
    const ids = cols.filter((c) => !c.hide).map((c) => c.colId)
    expect(ids.slice(0, 4)).toEqual(['id', 'subject', 'reviewState', 'flagged'])
    expect(ids.at(-1)).toBe('labels')
    const analyst = cols.filter((c) => (ANALYST_COLUMN_IDS as readonly (string | undefined)[]).includes(c.colId))
    expect(analyst.map((c) => [c.colId, c.sortable])).toEqual([
      ['reviewState', true],
      ['flagged', true],
      ['labels', false],
    ])
    // Sortable, but not contract columns: exports and saved layouts never list them.
    expect(SORTABLE_COLUMNS as readonly string[]).not.toContain('reviewState')
    expect(toTicketSort([{ colId: 'reviewState', sort: 'desc' }])).toEqual({ column: 'reviewState', dir: 'desc' })
    expect(toTicketSort([{ colId: 'labels', sort: 'asc' }])).toEqual({ column: 'createdAt', dir: 'desc' })
    const labels = analyst[2]?.valueFormatter as (p: { value: unknown }) => string
    expect(labels({ value: ['payout wave', "O'Brien"] })).toBe("payout wave, O'Brien")
    expect(cols.find((c) => c.colId === 'createdAt')?.initialSort).toBe('desc')
  })

  it('never shows the subject of a sensitive ticket, only its category', () => {
    expect(subjectText(row({}))).toBe('Payout pending')
    expect(subjectText(row({ sensitive: true, subject: null, caseType: 'self_harm' }))).toBe('Sensitive · Self-harm')
    expect(subjectText(row({ sensitive: true, subject: 'leaked?', caseType: 'child_safety' }))).not.toContain('leaked')
  })

  it('maps the grid sort model onto the contract, falling back to the default for unknown columns', () => {
    expect(toTicketSort([{ colId: 'csat', sort: 'asc' }])).toEqual({ column: 'csat', dir: 'asc' })
    expect(toTicketSort([])).toEqual({ column: 'createdAt', dir: 'desc' })
    expect(toTicketSort([{ colId: 'password', sort: 'asc' }])).toEqual({ column: 'createdAt', dir: 'desc' })
  })
})

describe('volume chart option', () => {
  const series: TrendSeries = {
    timeZone: 'Europe/Dublin',
    grain: 'day',
    buckets: ['2026-11-01', '2026-11-02'],
    series: [
      { key: 'email', name: 'Email', data: [3, 0] },
      { key: 'x', name: '<img src=x onerror=alert(1)>', data: [1, 2] },
    ],
    total: 6,
  }

  it('stacks one bar series per channel over the local-day buckets and names the time zone', () => {
    const option = buildVolumeChart(series, CHART_THEMES.light) as Record<string, unknown>
    const bars = option.series as { type: string; stack?: string; data: number[]; name: string }[]
    expect(bars.map((s) => s.name)).toEqual(['Email', '<img src=x onerror=alert(1)>'])
    expect(bars.every((s) => s.type === 'bar' && s.stack !== undefined)).toBe(true)
    expect(bars[0]?.data).toEqual([3, 0])
    expect(JSON.stringify((option.title as { subtext: string }).subtext)).toContain('Europe/Dublin')
  })

  it('escapes names in the tooltip HTML and totals the bucket', () => {
    const html = tooltipHtml(series, 0, CHART_THEMES.dark)
    expect(html).not.toContain('<img')
    expect(html).toContain('&#60;img')
    expect(html).toMatch(/Total[\s\S]*4/)
  })
})

describe('filter model', () => {
  it('turns "last 7 days" into a half-open range of local days in the analyst zone', () => {
    const now = Date.parse('2026-11-22T03:00:00Z') // still 21 November in New York
    const range = presetRange('7d', 'America/New_York', now)
    expect(range).toMatchObject({ from: '2026-11-15', to: '2026-11-21' })
    expect(rangeToInstants(range, 'America/New_York')).toEqual({
      createdFrom: Date.parse('2026-11-15T05:00:00Z'),
      createdTo: Date.parse('2026-11-22T05:00:00Z'),
    })
  })

  it('shows each active value filter as a removable chip', () => {
    const filters = withValues({}, 'channel', ['email', 'in_app'])
    const chips = activeChips(filters, { preset: 'all' })
    expect(chips).toHaveLength(2)
    expect(JSON.stringify(chips)).toMatch(/Email[\s\S]*In-app/)
  })
})
