/** Emerging issues on a fixture with planted groups: found, measured, never reading sensitive text, saved as views. */
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createClusterHandlers } from '../../src/main/api/clustersHandlers'
import { DataChangedHooks } from '../../src/main/app/dataChanged'
import { EventBus } from '../../src/main/app/events'
import { computeEmerging } from '../../src/main/clusters/emerging'
import { groupByWording } from '../../src/main/clusters/group'
import { wordFeatures } from '../../src/main/clusters/text'
import { openDatabase, type Db } from '../../src/main/db/connection'
import { ensureSource, upsertTickets, type TicketInput } from '../../src/main/db/queries/ticketWrites'
import { WorkspaceManager } from '../../src/main/workspace/manager'
import type { HandlerContext } from '../../src/main/api/context'
import { rng, ticketInput } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'

const DAY = 86_400_000
const END = Date.parse('2026-05-31T00:00:00Z')
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T

function ticket(id: string, t: Partial<TicketInput> & { createdAt: number; subject: string }): TicketInput {
  return ticketInput(id, t)
}

const GREETINGS = ['', 'Hi. ', 'Hello support team. ', 'Hey. ']
const CLOSERS = ['', ' Please help.', ' Thanks in advance.', ' This is urgent for me.']

/**
 * Three planted problems over 28 days, plus noise:
 * - "bank change": payouts pending after a bank account change, only in the last 5 days, split over two case types
 *   (no case type captures it), 60 tickets;
 * - "2fa": a steady stream, 4 a day all month (112);
 * - "sensitive": 40 near-identical self-harm reports, flagged sensitive, that must never be grouped or shown;
 * - 300 tickets of unrelated one-off wording.
 */
function fixture(): TicketInput[] {
  const r = rng(42)
  const out: TicketInput[] = []
  const amounts = ['$42.18', '$120.00', '€85.40', '£64.00']
  for (let i = 0; i < 60; i++) {
    out.push(
      ticket(`bank-${i}`, {
        createdAt: END - Math.floor(r() * 5 * DAY),
        caseType: i % 2 ? 'creator_payouts' : 'account_recovery',
        subject: pick(r, [
          'Payout pending after changing bank account',
          'Changed my bank details, payout stuck since',
          'Withdrawal on hold after bank account update',
        ]),
        description:
          pick(r, GREETINGS) +
          pick(r, [
            `I updated my bank account in the creator portal and my payout of ${pick(r, amounts)} has been pending since.`,
            'Since I changed my bank details every withdrawal says pending. The old bank account was closed.',
          ]) +
          pick(r, CLOSERS),
      }),
    )
  }
  for (let i = 0; i < 112; i++) {
    out.push(
      ticket(`2fa-${i}`, {
        createdAt: END - 28 * DAY + Math.floor(i / 4) * DAY + Math.floor(r() * DAY),
        caseType: 'account_recovery',
        subject: pick(r, ["Can't log in, 2FA code never arrives", 'Locked out: verification code never comes']),
        description:
          pick(r, GREETINGS) +
          "I'm trying to log in but the 2FA verification code never arrives on my phone. I asked for a new code." +
          pick(r, CLOSERS),
      }),
    )
  }
  for (let i = 0; i < 40; i++) {
    out.push(
      ticket(`sens-${i}`, {
        createdAt: END - Math.floor(r() * 3 * DAY),
        caseType: 'self_harm',
        sensitive: true,
        subject: 'Harmful wording that must stay hidden zebra',
        description: 'Harmful wording that must stay hidden zebra quokka platypus narwhal.',
      }),
    )
  }
  const words = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa'
    .split(' ')
    .map((w, k) => `${w}${k}`)
  for (let i = 0; i < 300; i++) {
    const text = Array.from({ length: 8 }, () => `${pick(r, words)}${Math.floor(r() * 1000)}`).join(' ')
    out.push(ticket(`noise-${i}`, { createdAt: END - Math.floor(r() * 28 * DAY), subject: text, description: text }))
  }
  return out
}

let db: Db

beforeAll(() => {
  db = openDatabase(path.join(tempDir(), 'clusters.sqlite'))
  upsertTickets(db, ensureSource(db, 'file', 'Fixture'), fixture())
})

describe('word features', () => {
  it('drop greetings, sign-offs and numbers, and pair adjacent words', () => {
    const f = wordFeatures('Hi. My payout of $120.00 is PENDING after the bank change. Please help.')
    expect(f).toEqual(expect.arrayContaining(['payout', 'pending', 'bank', 'change', 'payout pending', 'bank change']))
    for (const gone of ['hi', 'please', 'help', '120', '00', 'the', 'my']) expect(f).not.toContain(gone)
  })
})

describe('grouping by wording', () => {
  it('puts near-identical texts together and leaves unrelated ones apart, the same way every time', async () => {
    const texts = [
      ...Array.from({ length: 20 }, (_, i) => `Gift not delivered in LIVE, coins deducted ${i} tonight Rose`),
      ...Array.from({ length: 20 }, (_, i) => `App crashes on launch after the update ${i} on my Pixel`),
      ...Array.from({ length: 20 }, (_, i) => `unique${i} words${i} nothing${i} shared${i} here${i}`),
    ]
    const a = await groupByWording(texts.map(wordFeatures), { minSize: 5 })
    const b = await groupByWording(texts.map(wordFeatures), { minSize: 5 })
    expect(a.groups.map((g) => g.length)).toEqual([20, 20])
    expect(a.groups[0]).toEqual(Array.from({ length: 20 }, (_, i) => i))
    expect(a.groups[1]).toEqual(Array.from({ length: 20 }, (_, i) => 20 + i))
    expect([...a.groupOf.slice(40)].every((g) => g === -1)).toBe(true)
    expect(b.groups).toEqual(a.groups)
  })
})

describe('emerging issues on planted groups', () => {
  it('finds the new problem across case types, with its size, growth, terms and a search that picks it out', async () => {
    const { result } = await computeEmerging(db, { timeZone: 'UTC', recentDays: 7, minSize: 10 })
    expect(result.read).toBe(512)
    expect(result.sensitive).toBe(40)
    const bank = result.clusters.find((c) => c.terms.includes('bank'))
    const twoFa = result.clusters.find((c) => c.terms.includes('2fa'))
    expect(bank).toBeDefined()
    expect(twoFa).toBeDefined()
    if (!bank || !twoFa) return
    // Every planted ticket, nothing else.
    expect(bank.size).toBe(60)
    expect(bank.recent).toBe(60)
    expect(bank.previous).toBe(0)
    expect(bank.trend).toBe('new')
    expect(bank.caseTypes.map((c) => [c.key, c.count])).toEqual([
      ['account_recovery', 30],
      ['creator_payouts', 30],
    ])
    expect(bank.label).toMatch(/bank/i)
    // The steady one runs at its own past rate: 4 a day.
    expect(twoFa.size).toBe(112)
    expect(twoFa.recent).toBeGreaterThanOrEqual(26)
    expect(twoFa.recent).toBeLessThanOrEqual(30)
    expect(twoFa.trend).toBe('steady')
    // Ranked by how far a group runs above its own past: the new one first.
    expect(result.clusters[0]?.id).toBe(bank.id)
    expect(bank.score).toBeGreaterThan(twoFa.score)
    // Days of the daily counts: 28 or 29 local days, summing to the size.
    expect(bank.daily.reduce((a, b) => a + b, 0)).toBe(60)
    expect(bank.daily.length).toBe(result.days.length)
    // Its search: words all its tickets share and nothing else has, spanning both case types.
    expect(bank.query.caseType).toBeNull()
    expect(bank.query.precision).toBe(1)
    expect(bank.query.recall).toBe(1)
    expect(bank.query.text.split(' ')).toContain('bank')
  })

  it('answers an empty workspace with nothing to group', async () => {
    const empty = openDatabase(path.join(tempDir(), 'empty.sqlite'))
    const { result } = await computeEmerging(empty, { timeZone: 'UTC' })
    expect(result).toMatchObject({ read: 0, sensitive: 0, grouped: 0, clusters: [], from: null, to: null })
    empty.close()
  })

  it('never groups, names or shows a sensitive ticket', async () => {
    const { result, members } = await computeEmerging(db, { timeZone: 'UTC', minSize: 10 })
    const text = JSON.stringify(result)
    for (const w of ['zebra', 'quokka', 'platypus', 'narwhal', 'Harmful']) expect(text).not.toContain(w)
    const sensitiveIds = new Set(
      (db.prepare('SELECT id FROM tickets WHERE sensitive = 1').pluck().all() as number[]).map(Number),
    )
    expect(sensitiveIds.size).toBe(40)
    for (const ids of members.values()) for (const id of ids) expect(sensitiveIds.has(id)).toBe(false)
  })
})

describe('the clusters API', () => {
  function handlers() {
    const dataDir = tempDir()
    const manager = new WorkspaceManager(dataDir)
    manager.start({ noDemo: true })
    const ws = manager.require()
    upsertTickets(ws.db, ensureSource(ws.db, 'file', 'Fixture'), fixture())
    ws.tickets.invalidate()
    const ctx: HandlerContext = {
      manager,
      events: new EventBus(),
      transport: 'cli',
      version: 'test',
      log: () => {},
      dataChanged: new DataChangedHooks(),
    }
    return { h: createClusterHandlers(ctx, () => END), manager }
  }

  it('saves a group as a view whose search matches exactly its tickets, under a unique name', async () => {
    const { h, manager } = handlers()
    try {
      const req = { timeZone: 'UTC', minSize: 10 }
      const issues = await h['clusters.recent'](req)
      const bank = issues.clusters.find((c) => c.terms.includes('bank'))
      if (!bank) throw new Error('the planted group was not found')
      const first = await h['clusters.saveView']({ ...req, clusterId: bank.id })
      expect(first.clusterSize).toBe(60)
      expect(first.matches).toBe(60)
      expect(first.view.name).toBe(`Emerging: ${bank.label}`)
      expect(first.view.definition.filters.text).toBe(bank.query.text)
      const again = await h['clusters.saveView']({ ...req, clusterId: bank.id })
      expect(again.view.name).toBe(`Emerging: ${bank.label} (2)`)
      const ids = await h['clusters.ticketIds']({ ...req, clusterId: bank.id })
      expect(ids.ids).toHaveLength(60)
      // The same view lists exactly those tickets.
      const ws = manager.require()
      expect(ws.tickets.count({ text: bank.query.text })).toBe(60)
      await expect(h['clusters.saveView']({ ...req, clusterId: 'cnope' })).rejects.toThrow(/not among the emerging/)
    } finally {
      manager.close()
    }
  })

  it('refuses an unknown time zone with a sentence', async () => {
    const { h, manager } = handlers()
    try {
      expect(() => h['clusters.recent']({ timeZone: 'Mars/Olympus' })).toThrow(/Unknown time zone/)
    } finally {
      manager.close()
    }
  })
})
