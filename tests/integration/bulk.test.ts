/**
 * Bulk actions end to end through the dispatcher: set-based apply over a selection or a filter, precise undo, the
 * refusals an analyst can meet, and survival of a re-sync. Timings are measured in the bench, not here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../src/main/app/backend'
import { ensureSource, upsertTickets } from '../../src/main/db/queries/ticketWrites'
import type { MethodName } from '../../src/shared/api/contract'
import type { BulkLast, BulkResult, BulkUndoResult } from '../../src/shared/api/methods/bulk'
import type { EscalationSummary, TicketEscalation } from '../../src/shared/api/methods/escalations'
import type { TicketDetail } from '../../src/shared/domain'
import { randomTickets } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'

const TICKETS = randomTickets(300, 11)
let backend: Backend
let dataDir: string
let sourceId: number

async function ok<T>(method: MethodName, input: unknown): Promise<T> {
  const r = await backend.dispatch(method, input)
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
  return r.value as T
}

async function fails(method: MethodName, input: unknown): Promise<{ code: string; message: string }> {
  const r = await backend.dispatch(method, input)
  if (r.ok) throw new Error(`${method} unexpectedly succeeded`)
  return r.error
}

const apply = (target: unknown, action: unknown) => ok<BulkResult>('bulk.apply', { target, action })
const detail = (id: number) => ok<TicketDetail>('tickets.get', { id })
const count = async (filters: unknown) => (await ok<{ count: number }>('tickets.count', { filters })).count

/** Every ticket's labels, review and escalations, straight from the tables: what undo must restore exactly. */
function analystSnapshot(): unknown {
  const { db } = backend.manager.require()
  return {
    labels: db.prepare('SELECT ticket_id, label, created_at FROM analyst_labels ORDER BY 1, 2').all(),
    review: db.prepare('SELECT ticket_id, state, flagged, updated_at FROM analyst_review ORDER BY 1').all(),
    escalations: db.prepare('SELECT escalation_id, ticket_id, added_at FROM escalation_tickets ORDER BY 1, 2').all(),
  }
}

beforeEach(async () => {
  dataDir = tempDir()
  backend = await createBackend({ dataDir, transport: 'cli', noDemo: true })
  const { db, tickets } = backend.manager.require()
  sourceId = ensureSource(db, 'file', 'Imported')
  upsertTickets(db, sourceId, TICKETS)
  tickets.invalidate()
})
afterEach(() => backend.close())

describe('bulk labels', () => {
  it('labels a selection, and undo leaves tickets that already had the label labelled', async () => {
    await ok('analyst.addLabel', { ticketId: 2, label: 'payout-bug' })
    const before = analystSnapshot()
    const r = await apply({ ids: [1, 2, 3] }, { kind: 'label.add', label: ' payout-bug ' })
    expect(r).toMatchObject({ matched: 3, affected: 2 })
    expect(r.description).toBe('Labelled 2 tickets “payout-bug” (1 already had it)')
    for (const id of [1, 2, 3]) expect((await detail(id)).labels).toEqual(['payout-bug'])
    expect(await count({ labels: ['payout-bug'] })).toBe(3)

    const undone = await ok<BulkUndoResult>('bulk.undo', {})
    expect(undone).toEqual({ bulkId: r.bulkId, restored: 2, description: r.description })
    expect(analystSnapshot()).toEqual(before)
    expect((await detail(2)).labels).toEqual(['payout-bug'])
    expect((await detail(1)).labels).toEqual([])
    expect(await count({ labels: ['payout-bug'] })).toBe(1)
  })

  it('labels every ticket matching a filter, not only a page of them, and removes the label again', async () => {
    const filters = { channel: ['email'] }
    const matching = await count(filters)
    expect(matching).toBeGreaterThan(50)
    const r = await apply({ filters, expectedCount: matching }, { kind: 'label.add', label: 'wave' })
    expect(r).toMatchObject({ matched: matching, affected: matching })
    expect(await count({ labels: ['wave'] })).toBe(matching)
    expect(await count({ labels: ['wave'], channel: ['in_app', 'phone'] })).toBe(0)

    const removed = await apply({ filters: { ...filters, status: ['open'] } }, { kind: 'label.remove', label: 'wave' })
    const open = await count({ ...filters, status: ['open'] })
    expect(removed).toMatchObject({ matched: open, affected: open })
    expect(await count({ labels: ['wave'] })).toBe(matching - open)
    await ok('bulk.undo', {})
    expect(await count({ labels: ['wave'] })).toBe(matching)
  })

  it('refuses when the matching tickets changed since they were selected, and changes nothing', async () => {
    const filters = { channel: ['phone'] }
    const matching = await count(filters)
    const before = analystSnapshot()
    const err = await fails('bulk.apply', {
      target: { filters, expectedCount: matching + 3 },
      action: { kind: 'label.add', label: 'x' },
    })
    expect(err).toEqual({
      code: 'invalid_input',
      message: `The matching tickets changed since you selected them: ${matching} now match. Check and try again.`,
    })
    expect(analystSnapshot()).toEqual(before)
  })

  it('can target tickets by the analyst state it changes: the set is fixed before anything is written', async () => {
    await apply({ ids: [5, 6, 7] }, { kind: 'label.add', label: 'a' })
    const r = await apply({ filters: { labels: ['a'] }, expectedCount: 3 }, { kind: 'label.remove', label: 'a' })
    expect(r).toMatchObject({ matched: 3, affected: 3 })
    expect(await count({ labels: ['a'] })).toBe(0)
  })
})

describe('bulk review state and flag', () => {
  it('sets a state and undo brings back each previous state, flag and time', async () => {
    await ok('analyst.setReview', { ticketId: 1, state: 'reviewed' })
    await ok('analyst.setFlag', { ticketId: 2, flagged: true })
    await ok('analyst.setReview', { ticketId: 3, state: 'needs_escalation' })
    const before = analystSnapshot()
    const r = await apply({ ids: [1, 2, 3, 4] }, { kind: 'review.set', state: 'needs_escalation' })
    expect(r).toMatchObject({ matched: 4, affected: 3 })
    expect((await detail(2)).review).toEqual({ state: 'needs_escalation', flagged: true })
    expect((await detail(4)).review).toEqual({ state: 'needs_escalation', flagged: false })
    await ok('bulk.undo', { bulkId: r.bulkId })
    expect(analystSnapshot()).toEqual(before)
    expect((await detail(4)).review).toBeNull()
  })

  it('clears states (a flagged ticket stays "to review"), flags and unflags, each undoable', async () => {
    await ok('analyst.setReview', { ticketId: 1, state: 'reviewed' })
    await ok('analyst.setFlag', { ticketId: 2, flagged: true })
    await ok('analyst.setReview', { ticketId: 2, state: 'reviewed' })
    const before = analystSnapshot()
    const cleared = await apply({ ids: [1, 2, 3] }, { kind: 'review.set', state: null })
    expect(cleared).toMatchObject({ matched: 3, affected: 2, description: 'Cleared the review state of 2 tickets' })
    expect((await detail(1)).review).toBeNull()
    expect((await detail(2)).review).toEqual({ state: 'to_review', flagged: true })
    await ok('bulk.undo', {})
    expect(analystSnapshot()).toEqual(before)

    const flagged = await apply({ ids: [1, 2, 3] }, { kind: 'flag.set', flagged: true })
    expect(flagged).toMatchObject({ affected: 2, description: 'Flagged 2 tickets (1 already flagged)' })
    expect((await detail(3)).review).toEqual({ state: 'to_review', flagged: true })
    expect(await count({ flagged: true })).toBe(3)
    const unflagged = await apply(
      { filters: { flagged: true }, expectedCount: 3 },
      { kind: 'flag.set', flagged: false },
    )
    expect(unflagged).toMatchObject({ matched: 3, affected: 3 })
    expect(await count({ flagged: true })).toBe(0)
    await ok('bulk.undo', {})
    expect(await count({ flagged: true })).toBe(3)
  })

  it('records nothing when nothing needs changing, so the previous action stays undoable', async () => {
    const first = await apply({ ids: [1, 2] }, { kind: 'label.add', label: 'vip' })
    const again = await apply({ ids: [1, 2] }, { kind: 'label.add', label: 'vip' })
    expect(again).toEqual({
      bulkId: null,
      matched: 2,
      affected: 0,
      description: 'All 2 tickets already have the label “vip”; nothing changed.',
    })
    expect((await ok<{ last: BulkLast | null }>('bulk.last', {})).last?.bulkId).toBe(first.bulkId)
  })
})

describe('undo rules', () => {
  it('undoes only the last action, once, and says why otherwise', async () => {
    expect((await fails('bulk.undo', {})).message).toBe('There is no bulk action to undo in this workspace.')
    const first = await apply({ ids: [1] }, { kind: 'label.add', label: 'one' })
    const second = await apply({ ids: [1] }, { kind: 'label.add', label: 'two' })
    expect((await fails('bulk.undo', { bulkId: first.bulkId })).message).toBe(
      'Only the last bulk action can be undone, and another one (Labelled 1 ticket “two”) came after this one.',
    )
    expect((await fails('bulk.undo', { bulkId: 999 })).message).toBe('There is no bulk action 999 in this workspace.')
    await ok('bulk.undo', { bulkId: second.bulkId })
    expect((await fails('bulk.undo', {})).message).toBe(
      'The last bulk action (Labelled 1 ticket “two”) was already undone.',
    )
    expect((await ok<{ last: BulkLast | null }>('bulk.last', {})).last).toBeNull()
    expect((await detail(1)).labels).toEqual(['one'])
  })

  it('keeps the last action undoable after the app restarts', async () => {
    const r = await apply({ filters: { channel: ['email'] } }, { kind: 'label.add', label: 'restart' })
    backend.close()
    backend = await createBackend({ dataDir, transport: 'cli', noDemo: true })
    const { last } = await ok<{ last: BulkLast | null }>('bulk.last', {})
    expect(last).toMatchObject({
      bulkId: r.bulkId,
      kind: 'label.add',
      affected: r.affected,
      description: r.description,
    })
    await ok('bulk.undo', {})
    expect(await count({ labels: ['restart'] })).toBe(0)
  })

  it('refuses bad input with a sentence', async () => {
    const ids = Array.from({ length: 10_001 }, (_, i) => i + 1)
    expect((await fails('bulk.apply', { target: { ids }, action: { kind: 'flag.set', flagged: true } })).code).toBe(
      'invalid_input',
    )
    expect(
      await fails('bulk.apply', { target: { ids: [99_999] }, action: { kind: 'flag.set', flagged: true } }),
    ).toEqual({ code: 'invalid_input', message: 'No tickets match any more, so nothing was changed.' })
    expect(
      (await fails('bulk.apply', { target: { ids: [1] }, action: { kind: 'escalation.add', escalationId: 42 } }))
        .message,
    ).toBe('There is no escalation 42 in this workspace.')
    expect((await fails('bulk.apply', { target: { ids: [1] }, action: { kind: 'label.add', label: '  ' } })).code).toBe(
      'invalid_input',
    )
  })
})

describe('escalations', () => {
  it('adds tickets to an escalation, lists counts, and undo removes only the ones it added', async () => {
    const esc = await ok<EscalationSummary>('escalations.create', { title: ' Payout delays ', priority: 'P1' })
    expect(esc).toMatchObject({ title: 'Payout delays', priority: 'P1', status: 'open', owner: null, tickets: 0 })
    await apply({ ids: [1] }, { kind: 'escalation.add', escalationId: esc.id })
    const r = await apply({ ids: [1, 2, 3] }, { kind: 'escalation.add', escalationId: esc.id })
    expect(r.description).toBe('Added 2 tickets to the escalation “Payout delays” (1 were already in it)')
    expect((await ok<EscalationSummary[]>('escalations.list', {}))[0]).toMatchObject({ id: esc.id, tickets: 3 })
    expect(await ok<TicketEscalation[]>('escalations.forTicket', { ticketId: 2 })).toEqual([
      { id: esc.id, title: 'Payout delays', priority: 'P1', status: 'open', addedAt: expect.any(Number) as number },
    ])
    expect(await count({ escalationId: [esc.id] })).toBe(3)
    await ok('bulk.undo', {})
    expect(await count({ escalationId: [esc.id] })).toBe(1)
    expect(await ok('escalations.forTicket', { ticketId: 2 })).toEqual([])
    expect((await fails('escalations.forTicket', { ticketId: 99_999 })).code).toBe('not_found')
  })

  it('lists open escalations first, most urgent first', async () => {
    await ok('escalations.create', { title: 'Minor', priority: 'P3', owner: 'Ana' })
    await ok('escalations.create', { title: 'Outage', priority: 'P0' })
    const list = await ok<EscalationSummary[]>('escalations.list', {})
    expect(list.map((e) => [e.title, e.owner])).toEqual([
      ['Outage', null],
      ['Minor', 'Ana'],
    ])
    expect((await fails('escalations.create', { title: '', priority: 'P1' })).message).toContain(
      'Give the escalation a title.',
    )
  })
})

describe('re-sync', () => {
  it('keeps bulk labels, review states and escalation membership when the same tickets are upserted again', async () => {
    const esc = await ok<EscalationSummary>('escalations.create', { title: 'Spam wave', priority: 'P2' })
    const filters = { channel: ['in_app'] }
    const n = await count(filters)
    await apply({ filters }, { kind: 'label.add', label: 'kept' })
    await apply({ filters }, { kind: 'review.set', state: 'reviewed' })
    await apply({ filters }, { kind: 'escalation.add', escalationId: esc.id })
    const before = analystSnapshot()

    const { db, tickets } = backend.manager.require()
    upsertTickets(
      db,
      sourceId,
      TICKETS.map((t) => ({ ...t, subject: `${t.subject} (edited)`, updatedAt: t.updatedAt + 60_000 })),
    )
    tickets.invalidate()
    expect(analystSnapshot()).toEqual(before)
    expect(await count({ labels: ['kept'] })).toBe(n)
    expect(await count({ reviewState: ['reviewed'] })).toBe(n)
    expect(await count({ escalationId: [esc.id] })).toBe(n)
  })
})

describe('migration 004', () => {
  it('drops escalation membership with its ticket, and refuses a priority or status outside the lists', async () => {
    const esc = await ok<EscalationSummary>('escalations.create', { title: 'Cascade', priority: 'P3' })
    await apply({ ids: [7, 8] }, { kind: 'escalation.add', escalationId: esc.id })
    const { db } = backend.manager.require()
    db.prepare('DELETE FROM tickets WHERE id = 7').run()
    expect(db.prepare('SELECT ticket_id FROM escalation_tickets').all()).toEqual([{ ticket_id: 8 }])
    const insert = (priority: string, status: string) =>
      db
        .prepare('INSERT INTO escalations (title, priority, status, created_at, updated_at) VALUES (?, ?, ?, 0, 0)')
        .run('x', priority, status)
    expect(() => insert('P4', 'open')).toThrow(/CHECK/)
    expect(() => insert('P1', 'pending')).toThrow(/CHECK/)
  })
})

describe('many tickets', () => {
  it('labels and unlabels 12,000 matching tickets in one action each', async () => {
    const { db, tickets } = backend.manager.require()
    upsertTickets(
      db,
      sourceId,
      randomTickets(12_000, 5).map((t) => ({ ...t, externalId: `BIG-${t.externalId}` })),
    )
    tickets.invalidate()
    const total = await count({})
    expect(total).toBe(12_300)
    const r = await apply({ filters: {}, expectedCount: total }, { kind: 'label.add', label: 'all' })
    expect(r).toMatchObject({ matched: total, affected: total })
    expect(await count({ labels: ['all'] })).toBe(total)
    await ok('bulk.undo', {})
    expect(await count({ labels: ['all'] })).toBe(0)
    expect(db.prepare('SELECT count(*) AS n FROM bulk_changes').get()).toEqual({ n: 0 })
  })
})
