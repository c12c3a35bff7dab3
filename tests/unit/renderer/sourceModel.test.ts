import { describe, expect, it } from 'vitest'
import type { SourceSummary } from '../../../src/shared/api/methods/sources'
import {
  formatValueMap,
  parseFieldId,
  parseValueMap,
  resyncNote,
  sameMapping,
  scheduleLabel,
  statusLabel,
  unreachableSources,
} from '../../../src/renderer/features/sources/sourceModel'

const source = (over: Partial<SourceSummary>): SourceSummary => ({
  id: 1,
  kind: 'zendesk',
  name: 'Acme',
  baseUrl: 'https://acme.zendesk.com',
  enabled: true,
  status: 'idle',
  lastError: null,
  lastErrorKind: null,
  lastSyncAt: 1,
  dataAsOf: 1,
  resyncing: false,
  tickets: 0,
  quarantined: 0,
  scheduleMinutes: 15,
  fetchComments: true,
  nextRunAt: null,
  credentials: 'set',
  credentialsStore: 'env',
  runningTaskId: null,
  lastRun: null,
  ...over,
})

describe('the Sources screen model', () => {
  it('shows the offline banner only for sources whose last sync failed on the network', () => {
    const list = [
      source({ id: 1, status: 'error', lastErrorKind: 'network' }),
      source({ id: 2, status: 'error', lastErrorKind: 'other' }),
      source({ id: 3, status: 'paused', lastErrorKind: 'other' }),
      source({ id: 4 }),
    ]
    expect(unreachableSources(list).map((s) => s.id)).toEqual([1])
    expect(statusLabel(list[2] as SourceSummary)).toBe('Paused')
    expect(statusLabel(source({ enabled: false }))).toBe('Disabled')
  })

  it('round-trips value maps and reports a malformed line by number', () => {
    const map = { web: 'web_form', ct_pay: 'creator_payouts' }
    expect(parseValueMap(formatValueMap(map))).toEqual({ ok: true, map })
    expect(parseValueMap('a = b\n\n  c=d ')).toEqual({ ok: true, map: { a: 'b', c: 'd' } })
    expect(parseValueMap('a = b\nnope')).toEqual({ ok: false, error: expect.stringMatching(/^Line 2 /) })
    expect(parseValueMap('= b')).toMatchObject({ ok: false })
  })

  it('reads field ids and schedules', () => {
    expect(parseFieldId(' ')).toEqual({ ok: true, id: null })
    expect(parseFieldId('360000001')).toEqual({ ok: true, id: 360000001 })
    expect(parseFieldId('12a')).toMatchObject({ ok: false })
    expect(parseFieldId('0')).toMatchObject({ ok: false })
    expect(scheduleLabel(0)).toBe('Only when asked')
    expect(scheduleLabel(15)).toBe('Every 15 min')
    expect(scheduleLabel(120)).toBe('Every 2 h')
  })

  it('names a re-sync from the start while it runs, and says when one stopped part-way', () => {
    expect(statusLabel(source({ status: 'running', resyncing: true }))).toBe('Re-syncing from the start')
    expect(statusLabel(source({ status: 'running' }))).toBe('Syncing')
    expect(resyncNote(source({ resyncing: true }))).toMatch(/not finished: the next sync goes on/)
    expect(resyncNote(source({ resyncing: true, status: 'running' }))).toBeNull()
    expect(resyncNote(source({}))).toBeNull()
  })

  it('compares mappings whatever order their keys and values were written in', () => {
    const a = {
      caseTypeFieldId: 1,
      caseTypeValues: { a: 'x', b: 'y' },
      caseTypeFromTags: true,
      regionFieldId: null,
      regionValues: {},
      channelValues: { web: 'web_form' },
    }
    const b = { ...a, channelValues: { web: 'web_form' }, caseTypeValues: { b: 'y', a: 'x' }, caseTypeFieldId: 1 }
    expect(sameMapping(a, b)).toBe(true)
    expect(sameMapping(a, { ...b, channelValues: { web: 'email' } })).toBe(false)
    expect(sameMapping(a, { ...b, regionFieldId: 2 })).toBe(false)
  })
})
