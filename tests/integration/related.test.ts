/** Related tickets of the detail panel: same requester, same case type around the same time; sensitive text withheld. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../src/main/app/backend'
import { ensureSource, upsertTickets, type TicketInput } from '../../src/main/db/queries/ticketWrites'
import type { RelatedTickets } from '../../src/shared/api/methods/bulk'
import { randomTickets, T0 } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'

const MIN = 60_000
let backend: Backend

/** Ticket i (1-based id in insert order) with the fields that matter here. */
function ticket(i: number, patch: Partial<TicketInput>): TicketInput {
  const base = randomTickets(1, i)[0] as TicketInput
  return { ...base, externalId: `R-${i}`, subject: `Subject ${i}`, sensitive: false, ...patch }
}

const TICKETS: TicketInput[] = [
  // 1..25: the same requester, one a minute (25 is the newest).
  ...Array.from({ length: 25 }, (_, k) =>
    ticket(k + 1, { requester: '@same', caseType: 'copyright', createdAt: T0 + k * MIN, updatedAt: T0 + k * MIN }),
  ),
  // 26: the ticket under test for case type: creator_payouts at T0 + 10 h.
  ticket(26, { requester: '@other', caseType: 'creator_payouts', createdAt: T0 + 600 * MIN, updatedAt: T0 }),
  // 27..29: same type inside the window (29 exactly 30 min after), 30: 31 min before (outside), 31: another type.
  ticket(27, { requester: '@a', caseType: 'creator_payouts', createdAt: T0 + 580 * MIN, updatedAt: T0 }),
  ticket(28, { requester: '@b', caseType: 'creator_payouts', createdAt: T0 + 610 * MIN, updatedAt: T0 }),
  ticket(29, { requester: '@c', caseType: 'creator_payouts', createdAt: T0 + 630 * MIN, updatedAt: T0 }),
  ticket(30, { requester: '@d', caseType: 'creator_payouts', createdAt: T0 + 569 * MIN, updatedAt: T0 }),
  ticket(31, { requester: '@e', caseType: 'ban_appeal', createdAt: T0 + 600 * MIN, updatedAt: T0 }),
  // 32: sensitive, same requester as 33.
  ticket(32, { requester: '@s', caseType: 'self_harm', sensitive: true, subject: 'harmful text', createdAt: T0 }),
  ticket(33, { requester: '@s', caseType: 'self_harm', sensitive: true, subject: 'more', createdAt: T0 + MIN }),
  // 34: no requester, no case type.
  ticket(34, { requester: null, caseType: null, createdAt: T0 }),
]

const related = async (id: number): Promise<RelatedTickets> => {
  const r = await backend.dispatch('tickets.related', { id })
  if (!r.ok) throw new Error(r.error.message)
  return r.value as RelatedTickets
}

beforeAll(async () => {
  backend = await createBackend({ dataDir: tempDir(), transport: 'cli', noDemo: true })
  const { db, tickets } = backend.manager.require()
  upsertTickets(db, ensureSource(db, 'file', 'Imported'), TICKETS)
  tickets.invalidate()
})
afterAll(() => backend.close())

describe('tickets.related', () => {
  it('lists the same requester’s other tickets newest first, 20 at most, with the count of all', async () => {
    const r = await related(25)
    expect(r.sameRequester.total).toBe(24)
    expect(r.sameRequester.tickets.map((t) => t.id)).toEqual(Array.from({ length: 20 }, (_, k) => 24 - k))
    expect(r.sameRequester.tickets[0]).toEqual({
      id: 24,
      subject: 'Subject 24',
      sensitive: false,
      caseType: 'copyright',
      status: expect.any(String) as string,
      createdAt: T0 + 23 * MIN,
    })
  })

  it('lists the same case type created within half an hour either side, ends included', async () => {
    const r = await related(26)
    expect(r.sameCaseTypeHour.total).toBe(3)
    expect(r.sameCaseTypeHour.tickets.map((t) => t.id)).toEqual([29, 28, 27])
    expect(r.sameCaseTypeHour.from).toBe(T0 + 570 * MIN)
    expect(r.sameCaseTypeHour.to).toBe(T0 + 630 * MIN)
    expect(r.sameRequester).toEqual({ total: 0, tickets: [] })
  })

  it('never carries the subject of a sensitive ticket', async () => {
    const r = await related(32)
    expect(r.sameRequester.tickets).toEqual([
      {
        id: 33,
        subject: null,
        sensitive: true,
        caseType: 'self_harm',
        status: expect.any(String) as string,
        createdAt: T0 + MIN,
      },
    ])
    expect(JSON.stringify(r)).not.toContain('more')
    expect(JSON.stringify(await related(33))).not.toContain('harmful')
  })

  it('is empty without a requester or case type, and refuses an unknown ticket', async () => {
    const r = await related(34)
    expect(r.sameRequester).toEqual({ total: 0, tickets: [] })
    expect(r.sameCaseTypeHour.tickets).toEqual([])
    const missing = await backend.dispatch('tickets.related', { id: 9_999 })
    expect(missing).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'Ticket 9999 is not in this workspace.' },
    })
  })
})
