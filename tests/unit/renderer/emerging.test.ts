/** Emerging issues and backlog age as the analyst reads them (pure functions, no DOM). */
import { describe, expect, it } from 'vitest'
import type { EmergingCluster } from '../../../src/shared/api/methods/clusters'
import {
  caseTypeNote,
  clusterFilters,
  escalationFromCluster,
  growthText,
  sharesText,
} from '../../../src/renderer/features/emerging/emergingModel'
import { backlogAgeText } from '../../../src/renderer/features/trends/tileModel'

const cluster = (over: Partial<EmergingCluster> = {}): EmergingCluster => ({
  id: 'cabc',
  label: 'Payout pending after changing bank account',
  terms: ['bank', 'payout', 'pending', 'changed bank', 'details'],
  size: 60,
  recent: 40,
  previous: 10,
  expected: 5,
  growth: 4,
  score: 12,
  trend: 'growing',
  firstSeen: 0,
  lastSeen: 1,
  daily: [1, 2, 3],
  caseTypes: [
    { key: 'creator_payouts', name: 'Creator payouts', count: 30 },
    { key: 'account_recovery', name: 'Account recovery', count: 30 },
  ],
  channels: [],
  regions: [],
  examples: [],
  query: { text: 'bank pending', caseType: null, precision: 1, recall: 0.9 },
  ...over,
})

describe('emerging issues model', () => {
  it('says how the recent window compares with the one before', () => {
    expect(growthText({ recent: 40, previous: 10 })).toBe('+300%')
    expect(growthText({ recent: 5, previous: 10 })).toBe('−50%')
    expect(growthText({ recent: 3, previous: 0 })).toBe('none before')
    expect(growthText({ recent: 0, previous: 0 })).toBe('—')
  })

  it('names a group spread over case types as one no case type captures', () => {
    expect(caseTypeNote(cluster())).toMatch(/no case type captures it/)
    const inside = cluster({ caseTypes: [{ key: 'creator_payouts', name: 'Creator payouts', count: 60 }] })
    expect(caseTypeNote(inside)).toMatch(/Mostly Creator payouts/)
    expect(sharesText(cluster().caseTypes, 60)).toBe('Creator payouts 50% · Account recovery 50%')
  })

  it('opens in Cases with the saved view’s own filters', () => {
    expect(clusterFilters(cluster())).toEqual({ text: 'bank pending' })
    const narrowed = cluster({ query: { text: 'bank', caseType: ['creator_payouts'], precision: 1, recall: 1 } })
    expect(clusterFilters(narrowed)).toEqual({ text: 'bank', caseType: ['creator_payouts'] })
  })

  it('opens an escalation over at most the cohort limit, saying it came from the group', () => {
    const ids = Array.from({ length: 12 }, (_, i) => i + 1)
    const input = escalationFromCluster(cluster(), ids, 10)
    expect(input.ticketIds).toEqual(ids.slice(0, 10))
    expect(input.origin).toEqual({ kind: 'cluster', ref: 'cabc', description: expect.stringContaining('60 tickets') })
    expect(input.summary).toMatch(/2 older ones are not/)
  })
})

describe('backlog age on the backlog tile', () => {
  it('gives the percentiles and the share past target, and says so when nothing is open', () => {
    const a = backlogAgeText({
      asOf: 0,
      n: 3,
      p50Minutes: 1155,
      p90Minutes: 3291,
      overTarget: 1,
      overTargetShare: 100 / 3,
    })
    expect(a.short).toBe('age p50 19 h 15 min · p90 2 d 7 h · 33% past target')
    expect(a.long).toMatch(/1 \(33%\) are older than the resolution target/)
    expect(
      backlogAgeText({ asOf: 0, n: 0, p50Minutes: null, p90Minutes: null, overTarget: 0, overTargetShare: null }).short,
    ).toBe('no open tickets')
  })
})
