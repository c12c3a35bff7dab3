/** The filter bar's pure model for the filters over the whole cache: ranges as typed, escalations, chips, options. */
import { describe, expect, it } from 'vitest'
import { ticketFiltersSchema } from '../../../src/shared/api/schemas'
import {
  activeChips,
  facetOptions,
  filterKey,
  normalizeFilters,
  parseEscalationIds,
  parseRangeDraft,
  withFlag,
  withNumberRange,
  moreFiltersCount,
  withValues,
} from '../../../src/renderer/features/cases/filterModel'

type Spec = Parameters<typeof parseRangeDraft>[1]
const minutes: Spec = { label: 'First reply (min)', nullable: true, max: null }
const csat: Spec = { label: 'CSAT', nullable: true, max: 5 }
const reopens: Spec = { label: 'Reopens', nullable: false, max: null }
const draft = (min: string, max: string, empty = false) => ({ min, max, empty })

describe('numeric ranges as typed', () => {
  it('reads either side, both, or only "no value"; blank is no filter', () => {
    expect(parseRangeDraft(draft(' 30 ', ''), minutes)).toEqual({ ok: true, range: { min: 30 } })
    expect(parseRangeDraft(draft('', '60'), minutes)).toEqual({ ok: true, range: { max: 60 } })
    expect(parseRangeDraft(draft('0', '0', true), minutes)).toEqual({
      ok: true,
      range: { min: 0, max: 0, empty: true },
    })
    expect(parseRangeDraft(draft('', '', true), minutes)).toEqual({ ok: true, range: { empty: true } })
    expect(parseRangeDraft(draft('', ''), minutes)).toEqual({ ok: true, range: undefined })
    // "No value" is not offered for a field that always has one, so a stale tick is ignored.
    expect(parseRangeDraft(draft('', '', true), reopens)).toEqual({ ok: true, range: undefined })
  })

  it('refuses non-numbers, fractions, negatives, out-of-scale values and min > max with a sentence', () => {
    const message = (d: ReturnType<typeof draft>, spec = minutes): string | null => {
      const r = parseRangeDraft(d, spec)
      return r.ok ? null : r.message
    }
    expect(message(draft('abc', ''))).toBe('First reply (min): the minimum must be a whole number.')
    expect(message(draft('', '1.5'))).toBe('First reply (min): the maximum must be a whole number.')
    expect(message(draft('-3', ''))).toBe('First reply (min): the minimum cannot be negative.')
    expect(message(draft('90', '30'))).toBe('First reply (min): the minimum must not be more than the maximum.')
    expect(message(draft('6', ''), csat)).toBe('CSAT runs from 1 to 5.')
    expect(message(draft('0', ''), csat)).toBe('CSAT runs from 1 to 5.')
    expect(message(draft('1e3', ''))).toBe('First reply (min): the minimum must be a whole number.')
  })

  it('gives only ranges the API accepts', () => {
    for (const d of [draft('1', '5'), draft('', '3', true), draft('2', '')]) {
      const r = parseRangeDraft(d, csat)
      expect(r.ok && ticketFiltersSchema.safeParse({ csat: r.range }).success).toBe(true)
    }
  })
})

describe('escalation numbers as typed', () => {
  it('reads numbers separated by commas or spaces, with or without #, once each', () => {
    expect(parseEscalationIds('12, 14 #15 12')).toEqual({ ok: true, ids: [12, 14, 15] })
    expect(parseEscalationIds('  ')).toEqual({ ok: true, ids: [] })
    expect(parseEscalationIds('12, abc')).toEqual({ ok: false, message: '“abc” is not an escalation number.' })
    expect(parseEscalationIds('0')).toEqual({ ok: false, message: '“0” is not an escalation number.' })
  })
})

describe('filters, chips and options', () => {
  it('normalises ranges and flags so equal filters give equal keys', () => {
    const a = withNumberRange(withFlag({}, true), 'csat', { max: 2, min: 1 })
    const b = normalizeFilters({ csat: { min: 1, max: 2 }, flagged: true })
    expect(filterKey(a)).toBe(filterKey(b))
    expect(withNumberRange(a, 'csat', undefined)).toEqual({ flagged: true })
    expect(withFlag(a, undefined)).toEqual({ csat: { min: 1, max: 2 } })
    expect(moreFiltersCount({ ...a, escalationId: [3], reopens: { min: 1 } })).toBe(4)
  })

  it('shows every kind of filter as a chip in words', () => {
    const filters = normalizeFilters({
      assignee: ["O'Brien"],
      reviewState: [null],
      tags: [null],
      fullResolutionMinutes: { max: 600, empty: true },
      flagged: false,
      escalationId: [7],
    })
    expect(activeChips(filters, { preset: 'all' }).map((c) => c.label)).toEqual([
      "Assignee: O'Brien",
      'Tag: (no tags)',
      'Review: Not reviewed',
      'Full resolution (min): at most 600 or no value',
      'Not flagged',
      'Escalation #7',
    ])
  })

  it('lists review states in triage order and keeps a selected value the counts no longer list', () => {
    const options = facetOptions(
      'reviewState',
      [
        { value: 'reviewed', count: 5 },
        { value: null, count: 90 },
        { value: 'to_review', count: 2 },
      ],
      ['needs_escalation'],
    )
    expect(options.map((o) => [o.label, o.count])).toEqual([
      ['To review', 2],
      ['Reviewed', 5],
      ['Needs escalation', 0],
      ['Not reviewed', 90],
    ])
    const people = facetOptions('assignee', [{ value: 'zoë', count: 1 }], [])
    expect(people[0]?.label).toBe('zoë')
    expect(withValues({}, 'labels', ['payout wave', null])).toEqual({ labels: ['payout wave', null] })
  })
})
