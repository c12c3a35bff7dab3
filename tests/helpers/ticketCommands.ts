/**
 * Random sequences of ticket writes for rollup property tests: inserts, newer versions from the source (every field
 * may move), single-column edits and deletes, over about 30 hours from T0.
 */
import fc from 'fast-check'
import type { Db } from '../../src/main/db/connection'
import { upsertTickets, type TicketInput } from '../../src/main/db/queries/ticketWrites'

const H = 3_600_000
export const T0 = Date.parse('2026-03-01T00:00:00Z')

export const ticketArb = fc
  .record({
    status: fc.constantFrom('new', 'open', 'pending', 'hold', 'solved', 'closed'),
    priority: fc.constantFrom('urgent', 'high', 'normal', 'low', null),
    channel: fc.constantFrom('email', 'phone'),
    caseType: fc.constantFrom('ban_appeal', 'copyright', null),
    region: fc.constantFrom('EU', 'NA', null),
    assignee: fc.constantFrom('Ana', "O'Brien", null),
    group: fc.constantFrom('Tier 1', null),
    createdHour: fc.integer({ min: 0, max: 30 }),
    solveAfterMin: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
    reopenExtraMin: fc.integer({ min: 0, max: 600 }),
    frt: fc.option(fc.integer({ min: 0, max: 90 }), { nil: null }),
    reopens: fc.integer({ min: 0, max: 2 }),
    replies: fc.integer({ min: 0, max: 3 }),
    csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    escalated: fc.boolean(),
  })
  .map((r): Omit<TicketInput, 'externalId'> => {
    const createdAt = T0 + r.createdHour * H + 17 * 60_000
    const first = r.solveAfterMin === null ? null : createdAt + r.solveAfterMin * 60_000
    const last = first === null ? null : first + (r.reopens > 0 ? r.reopenExtraMin * 60_000 : 0)
    return {
      subject: 's',
      description: 'd',
      status: r.status,
      priority: r.priority,
      type: null,
      caseType: r.caseType,
      channel: r.channel,
      tags: [],
      region: r.region,
      locale: null,
      requester: null,
      assignee: r.assignee,
      group: r.group,
      createdAt,
      updatedAt: createdAt,
      firstSolvedAt: first,
      solvedAt: last,
      firstReplyMinutes: r.frt,
      firstResolutionMinutes: r.solveAfterMin,
      fullResolutionMinutes: first === null || last === null ? null : Math.round((last - createdAt) / 60_000),
      reopens: r.reopens,
      replies: r.replies,
      csat: r.csat,
      sensitive: false,
      escalated: r.escalated,
    }
  })

export type Command =
  | { kind: 'insert'; ticket: Omit<TicketInput, 'externalId'> }
  | { kind: 'update'; pick: number; ticket: Omit<TicketInput, 'externalId'> }
  | { kind: 'set'; pick: number; column: 'status' | 'priority' | 'assignee' | 'csat'; value: string | number | null }
  | { kind: 'delete'; pick: number }

export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: ticketArb.map((ticket) => ({ kind: 'insert' as const, ticket })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), ticket: ticketArb }) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.record({
        kind: fc.constant('set' as const),
        pick: fc.nat(),
        column: fc.constant('status' as const),
        value: fc.constantFrom('open', 'solved', 'closed'),
      }),
      fc.record({
        kind: fc.constant('set' as const),
        pick: fc.nat(),
        column: fc.constant('priority' as const),
        value: fc.constantFrom('urgent', 'low', null),
      }),
      fc.record({
        kind: fc.constant('set' as const),
        pick: fc.nat(),
        column: fc.constant('assignee' as const),
        value: fc.constantFrom('Zoë', null),
      }),
      fc.record({
        kind: fc.constant('set' as const),
        pick: fc.nat(),
        column: fc.constant('csat' as const),
        value: fc.constantFrom(1, 5, null),
      }),
    ),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
)

export function apply(db: Db, source: number, commands: Command[]): void {
  let seq = 0
  let clock = T0 + 1_000 * H
  for (const c of commands) {
    const ids = db.prepare('SELECT id, external_id FROM tickets ORDER BY id').all() as {
      id: number
      external_id: string
    }[]
    const target = ids.length > 0 && c.kind !== 'insert' ? ids[c.pick % ids.length] : undefined
    if (c.kind === 'insert') {
      upsertTickets(db, source, [{ ...c.ticket, externalId: `T-${seq++}` }])
    } else if (!target) {
      continue
    } else if (c.kind === 'update') {
      // A newer version of the same ticket from the source: every field may move.
      upsertTickets(db, source, [{ ...c.ticket, externalId: target.external_id, updatedAt: (clock += 1000) }])
    } else if (c.kind === 'set') {
      const column = { status: 'status', priority: 'priority', assignee: 'assignee', csat: 'csat' }[c.column]
      db.prepare(`UPDATE tickets SET ${column} = ? WHERE id = ?`).run(c.value, target.id)
    } else {
      db.prepare('DELETE FROM tickets WHERE id = ?').run(target.id)
    }
  }
}
