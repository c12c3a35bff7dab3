import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src/main/db/connection'
import { writeSlaPolicy } from '../../src/main/db/queries/metrics'
import { ensureSource, upsertTickets, type TicketInput } from '../../src/main/db/queries/ticketWrites'
import { DEFAULT_SLA_POLICY } from '../../src/shared/kpis'
import { MetricsEngine } from '../../src/main/metrics/engine'
import { MetricsRequestError } from '../../src/main/metrics/scope'
import { ticketInput } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'

const at = (iso: string) => Date.parse(iso)
const minutesBetween = (a: string, b: string) => (at(b) - at(a)) / 60_000

function ticket(id: string, t: Partial<TicketInput> & { createdAt: number }): TicketInput {
  return ticketInput(id, t)
}

/**
 * Hand-computed fixture. Period (UTC) 2026-03-01..03-02; the previous period is 02-27..02-28.
 * A, B, C solved in the period (B reopened, last solved a day later); D, F unsolved; E created in the previous period
 * and still pending; F created 04:30 UTC on 03-02, which is 23:30 on 03-01 in New York.
 */
const FIXTURE: TicketInput[] = [
  ticket('A', {
    createdAt: at('2026-03-01T10:00:00Z'),
    channel: 'email',
    priority: 'high',
    status: 'solved',
    firstReplyMinutes: 10,
    firstSolvedAt: at('2026-03-01T12:00:00Z'),
    solvedAt: at('2026-03-01T12:00:00Z'),
    firstResolutionMinutes: 120,
    fullResolutionMinutes: 120,
    replies: 1,
    csat: 5,
  }),
  ticket('B', {
    createdAt: at('2026-03-01T11:00:00Z'),
    channel: 'email',
    priority: 'normal',
    status: 'closed',
    firstReplyMinutes: 20,
    firstSolvedAt: at('2026-03-01T13:00:00Z'),
    solvedAt: at('2026-03-02T13:00:00Z'),
    firstResolutionMinutes: 120,
    fullResolutionMinutes: minutesBetween('2026-03-01T11:00:00Z', '2026-03-02T13:00:00Z'),
    reopens: 1,
    replies: 3,
    csat: 2,
    escalated: true,
  }),
  ticket('C', {
    createdAt: at('2026-03-02T09:00:00Z'),
    channel: 'phone',
    priority: 'urgent',
    status: 'solved',
    firstReplyMinutes: 90,
    firstSolvedAt: at('2026-03-02T10:00:00Z'),
    solvedAt: at('2026-03-02T10:00:00Z'),
    firstResolutionMinutes: 60,
    fullResolutionMinutes: 60,
  }),
  ticket('D', { createdAt: at('2026-03-02T23:30:00Z'), channel: 'phone', priority: 'low', firstReplyMinutes: 40 }),
  ticket('E', { createdAt: at('2026-02-28T08:00:00Z'), channel: 'email', priority: 'normal', status: 'pending' }),
  ticket('F', { createdAt: at('2026-03-02T04:30:00Z'), channel: 'phone', status: 'new' }),
]

let db: Db
let engine: MetricsEngine
const period = { filters: {}, from: '2026-03-01', to: '2026-03-02', timeZone: 'UTC' }

beforeAll(() => {
  db = openDatabase(path.join(tempDir(), 'kpi.sqlite'))
  upsertTickets(db, ensureSource(db, 'file', 'Alpha'), FIXTURE)
  engine = new MetricsEngine(db)
})

describe('KPI tiles against a hand-computed fixture', () => {
  it('counts volume, solved, net flow and backlog for the period and the one before', () => {
    const tiles = Object.fromEntries(engine.tiles(period).tiles.map((t) => [t.key, t]))
    expect(tiles.volume).toMatchObject({ value: 5, previous: { value: 1 }, spark: [2, 3] })
    expect(tiles.solved).toMatchObject({ value: 3, previous: { value: 0 }, spark: [2, 1] })
    expect(tiles.netFlow?.value).toBe(2)
    // Backlog at the end: D, E, F (B left at its last solve, on 03-02). At the end of the previous period: E.
    expect(tiles.backlog).toMatchObject({ value: 3, previous: { value: 1 }, spark: [2, 3] })
  })

  it('computes CSAT without unrated tickets, exact duration percentiles, and rates with their counts', () => {
    const tiles = Object.fromEntries(engine.tiles(period).tiles.map((t) => [t.key, t]))
    expect(tiles.csat).toMatchObject({ value: 50, n: 2, small: true })
    // FRT 10, 20, 40, 90: median 30, p90 40 + 0.7 × 50 = 75, mean 40.
    expect(tiles.frt).toMatchObject({ value: 30, p90: 75, mean: 40, n: 4 })
    expect(tiles.firstResolution).toMatchObject({ value: 120, n: 3 })
    expect(tiles.fullResolution).toMatchObject({ value: 120, mean: (120 + 1560 + 60) / 3 })
    expect(tiles.oneTouch?.value).toBeCloseTo((2 / 3) * 100, 10)
    expect(tiles.reopenRate?.value).toBeCloseTo((1 / 3) * 100, 10)
    expect(tiles.escalationRate).toMatchObject({ value: 20, n: 5, small: true })
    // Only C (urgent, 90 min against 60) breaches its first-reply target.
    expect(tiles.slaFirstReply).toMatchObject({ value: 25, n: 4 })
    expect(tiles.slaResolution).toMatchObject({ value: 0, n: 3 })
    expect(engine.tiles({ ...period, minSample: 2 }).tiles.find((t) => t.key === 'csat')?.small).toBe(false)
  })

  it('applies a changed SLA policy at once, without a rebuild', () => {
    writeSlaPolicy(db, { ...DEFAULT_SLA_POLICY, normal: { firstReplyMinutes: 480, resolutionMinutes: 1000 } }, 1)
    const tiles = Object.fromEntries(engine.tiles(period).tiles.map((t) => [t.key, t]))
    expect(tiles.slaResolution?.value).toBeCloseTo(100 / 3, 10)
    writeSlaPolicy(db, DEFAULT_SLA_POLICY, 2)
  })
})

describe('local days in the analyst time zone', () => {
  it('puts a ticket created 04:30 UTC on 2 March on 1 March in New York', () => {
    const ny = engine.series({
      ...period,
      to: '2026-03-01',
      timeZone: 'America/New_York',
      kpi: 'volume',
      groupBy: null,
      grain: 'day',
    })
    expect(ny.lines[0]?.data).toEqual([3])
    const utc = engine.series({ ...period, to: '2026-03-01', kpi: 'volume', groupBy: null, grain: 'day' })
    expect(utc.lines[0]?.data).toEqual([2])
    expect(ny.boundaryNote).toBeNull()
  })

  it('says so when a zone cuts days inside a UTC hour', () => {
    const kolkata = engine.tiles({ ...period, timeZone: 'Asia/Kolkata' })
    expect(kolkata.boundaryNote).toMatch(/30 minutes/)
  })

  it('places created tickets on the local weekday and hour', () => {
    const heat = engine.heatmap(period)
    // 2026-03-01 is a Sunday (weekday 6, Monday = 0).
    expect(heat.cells.find(([w, h]) => w === 6 && h === 10)?.[2]).toBe(1)
    expect(heat.cells.reduce((a, c) => a + c[2], 0)).toBe(5)
  })
})

describe('cuts, flow and breakdowns', () => {
  it('stacks volume by channel and keeps the keys the grid filters by', () => {
    const s = engine.series({ ...period, kpi: 'volume', groupBy: 'channel', grain: 'day' })
    expect(s.lines.map((l) => [l.key, l.data])).toEqual([
      ['phone', [0, 3]],
      ['email', [2, 0]],
    ])
  })

  it('shows SLA targets for the priorities in view', () => {
    const s = engine.series({ ...period, kpi: 'frt', groupBy: 'priority', grain: 'day' })
    expect(s.targets.map((t) => t.minutes).sort((a, b) => a - b)).toEqual([60, 240, 480, 1440])
    const none = engine.series({ ...period, kpi: 'frt', groupBy: null, grain: 'day' })
    expect(none.targets).toEqual([])
  })

  it('tracks created, solved and the backlog at the end of each day', () => {
    const f = engine.flow({ ...period, grain: 'day' })
    expect(f).toMatchObject({ created: [2, 3], solved: [2, 1], backlog: [2, 3] })
  })

  it('breaks every KPI down by a cut, with an exact total over all of them', () => {
    const b = engine.breakdown({ ...period, groupBy: 'channel' })
    const email = b.rows.find((r) => r.key === 'email')
    expect(email?.values.volume.value).toBe(2)
    expect(email?.values.frt.value).toBe(15)
    expect(b.total.values.volume.value).toBe(5)
    expect(b.total.values.frt.value).toBe(30)
    expect(b.total.values.backlog.value).toBe(3)
  })

  it('filters by one carried field, sources by name', () => {
    const byName = engine.tiles({ ...period, filters: { source: ['Alpha'] } })
    expect(byName.tiles.find((t) => t.key === 'volume')?.value).toBe(5)
    const phone = engine.tiles({ ...period, filters: { channel: ['phone'] } })
    expect(phone.tiles.find((t) => t.key === 'volume')?.value).toBe(3)
    const noPriority = engine.tiles({ ...period, filters: { priority: [null] } })
    expect(noPriority.tiles.find((t) => t.key === 'volume')?.value).toBe(1)
  })

  it('refuses filters the rollups do not carry, with a sentence', () => {
    expect(() => engine.tiles({ ...period, filters: { status: ['open'] } })).toThrow(MetricsRequestError)
    expect(() => engine.tiles({ ...period, filters: { status: ['open'] } })).toThrow(/cannot filter by Status/)
    expect(() => engine.tiles({ ...period, filters: { channel: ['email'], region: ['EU'] } })).toThrow(
      /one field at a time/,
    )
    expect(() =>
      engine.series({ ...period, filters: { channel: ['email'] }, kpi: 'volume', groupBy: 'region', grain: 'day' }),
    ).toThrow(/cannot cut by Region while filtering by Channel/)
    expect(() => engine.tiles({ ...period, from: '2026-03-05', to: '2026-03-01' })).toThrow(/starts/)
  })
})

describe('backlog age against the same fixture', () => {
  // 23:45 UTC on 2 March: D (low, 15 min old), F (no priority: normal, 19 h 15 min) and E (normal, 2 d 15 h 45 min)
  // are open; A, B and C are solved or closed.
  const now = at('2026-03-02T23:45:00Z')

  it('gives exact age percentiles and the share older than each ticket’s resolution target', () => {
    const aged = new MetricsEngine(db, () => now).tiles(period).backlogAge
    // Ages 15, 1155, 3825: p50 1155; p90 at rank 1.8: 1155 + 0.8 × 2670 = 3291. Only E is past its target (48 h).
    expect(aged).toEqual({
      asOf: now,
      n: 3,
      p50Minutes: 1155,
      p90Minutes: 3291,
      overTarget: 1,
      overTargetShare: (1 / 3) * 100,
    })
    const phone = new MetricsEngine(db, () => now).tiles({ ...period, filters: { channel: ['phone'] } }).backlogAge
    expect(phone).toMatchObject({ n: 2, p50Minutes: 585, p90Minutes: 15 + 0.9 * 1140, overTarget: 0 })
  })

  it('follows the SLA policy and is left out for a period that ended before today', () => {
    writeSlaPolicy(db, { ...DEFAULT_SLA_POLICY, normal: { firstReplyMinutes: 60, resolutionMinutes: 600 } }, 3)
    expect(new MetricsEngine(db, () => now).tiles(period).backlogAge?.overTarget).toBe(2)
    writeSlaPolicy(db, DEFAULT_SLA_POLICY, 4)
    expect(new MetricsEngine(db, () => at('2026-03-10T00:00:00Z')).tiles(period).backlogAge).toBeNull()
  })
})

describe('hour and week grains', () => {
  it('counts by UTC hour labelled in local time, and by ISO week from Monday', () => {
    const hourly = engine.series({ ...period, from: '2026-03-02', kpi: 'volume', groupBy: null, grain: 'hour' })
    expect(hourly.buckets).toHaveLength(24)
    const data = hourly.lines[0]?.data ?? []
    expect([data[4], data[9], data[23]]).toEqual([1, 1, 1])
    expect(data.reduce<number>((a, b) => a + (b ?? 0), 0)).toBe(3)
    // 1 March 2026 is a Sunday: it closes the week of 23 February; 2 March opens the next.
    const weekly = engine.series({ ...period, kpi: 'volume', groupBy: null, grain: 'week' })
    expect(weekly.buckets).toEqual(['2026-02-23', '2026-03-02'])
    expect(weekly.lines[0]?.data).toEqual([2, 3])
  })

  it('cuts a 23-hour daylight-saving day in New York exactly', () => {
    const dst = openDatabase(path.join(tempDir(), 'dst.sqlite'))
    upsertTickets(dst, ensureSource(dst, 'file', 'Alpha'), [
      ticket('last-of-7th', { createdAt: at('2026-03-08T04:59:00Z') }),
      ticket('first-of-8th', { createdAt: at('2026-03-08T05:00:00Z') }),
      ticket('last-of-8th', { createdAt: at('2026-03-09T03:59:00Z') }),
      ticket('first-of-9th', { createdAt: at('2026-03-09T04:00:00Z') }),
    ])
    const s = new MetricsEngine(dst).series({
      filters: {},
      from: '2026-03-07',
      to: '2026-03-09',
      timeZone: 'America/New_York',
      kpi: 'volume',
      groupBy: null,
      grain: 'day',
    })
    expect(s.lines[0]?.data).toEqual([1, 2, 1])
    // The 8th starts at 05:00 UTC (EST) and the 9th at 04:00 UTC (EDT): 23 hours.
    expect((s.bucketStarts[2] as number) - (s.bucketStarts[1] as number)).toBe(23 * 3_600_000)
    dst.close()
  })
})
