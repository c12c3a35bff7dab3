import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../src/main/app/backend'
import { ensureSource, upsertTickets } from '../../src/main/db/queries/ticketWrites'
import type { MethodName } from '../../src/shared/api/contract'
import type { AnalystNote, TicketDetail } from '../../src/shared/domain'
import type { TicketPage } from '../../src/shared/api/types'
import { randomTickets } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'

let backend: Backend
let sourceId: number
const tickets = randomTickets(40, 7)

async function ok<T>(method: MethodName, input: unknown): Promise<T> {
  const r = await backend.dispatch(method, input)
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
  return r.value as T
}

async function failCode(method: MethodName, input: unknown): Promise<string> {
  const r = await backend.dispatch(method, input)
  if (r.ok) throw new Error(`${method} unexpectedly succeeded`)
  return r.error.code
}

const detail = (id: number) => ok<TicketDetail>('tickets.get', { id })

beforeAll(async () => {
  backend = await createBackend({ dataDir: tempDir(), transport: 'cli', noDemo: true })
  const { db, tickets: queries } = backend.manager.require()
  sourceId = ensureSource(db, 'file', 'Imported')
  upsertTickets(db, sourceId, tickets)
  queries.invalidate()
})
afterAll(() => backend.close())

describe('analyst state on tickets', () => {
  it('starts with no review, labels or notes', async () => {
    expect(await detail(1)).toMatchObject({ review: null, labels: [], notes: [], reviewState: null, flagged: false })
  })

  it('sets, changes and clears the review state, and the grid page shows it', async () => {
    expect(await ok('analyst.setReview', { ticketId: 2, state: 'reviewed' })).toEqual({
      review: { state: 'reviewed', flagged: false },
    })
    await ok('analyst.setReview', { ticketId: 2, state: 'needs_escalation' })
    expect((await detail(2)).review).toEqual({ state: 'needs_escalation', flagged: false })
    const page = await ok<TicketPage>('tickets.page', {
      query: { filters: {}, sort: { column: 'id', dir: 'asc' } },
      startRow: 0,
      limit: 5,
    })
    expect(page.rows.map((r) => [r.id, r.reviewState, r.flagged])).toEqual([
      [1, null, false],
      [2, 'needs_escalation', false],
      [3, null, false],
      [4, null, false],
      [5, null, false],
    ])
    expect(await ok('analyst.setReview', { ticketId: 2, state: null })).toEqual({ review: null })
    expect((await detail(2)).review).toBeNull()
  })

  it('flags and unflags; a flagged ticket with its state cleared stays "to review"', async () => {
    expect(await ok('analyst.setFlag', { ticketId: 3, flagged: true })).toEqual({
      review: { state: 'to_review', flagged: true },
    })
    await ok('analyst.setReview', { ticketId: 3, state: 'reviewed' })
    expect((await detail(3)).review).toEqual({ state: 'reviewed', flagged: true })
    expect(await ok('analyst.setReview', { ticketId: 3, state: null })).toEqual({
      review: { state: 'to_review', flagged: true },
    })
    await ok('analyst.setFlag', { ticketId: 3, flagged: false })
    expect((await detail(3)).review).toEqual({ state: 'to_review', flagged: false })
  })

  it('adds labels trimmed and once, and removes them', async () => {
    expect(await ok('analyst.addLabel', { ticketId: 4, label: '  spam wave ' })).toEqual({ labels: ['spam wave'] })
    await ok('analyst.addLabel', { ticketId: 4, label: 'spam wave' })
    await ok('analyst.addLabel', { ticketId: 4, label: 'vip' })
    expect((await detail(4)).labels).toEqual(['spam wave', 'vip'])
    expect(await ok('analyst.removeLabel', { ticketId: 4, label: 'spam wave' })).toEqual({ labels: ['vip'] })
  })

  it('adds, edits and deletes notes', async () => {
    const note = await ok<AnalystNote>('analyst.addNote', { ticketId: 5, body: 'Called the requester.' })
    expect(note).toMatchObject({ body: 'Called the requester.' })
    const edited = await ok<AnalystNote>('analyst.updateNote', { id: note.id, body: 'Called twice.' })
    expect(edited).toMatchObject({ id: note.id, body: 'Called twice.', createdAt: note.createdAt })
    expect((await detail(5)).notes).toEqual([edited])
    expect(await ok('analyst.deleteNote', { id: note.id })).toEqual({ deleted: note.id })
    expect((await detail(5)).notes).toEqual([])
    expect(await failCode('analyst.deleteNote', { id: note.id })).toBe('not_found')
    expect(await failCode('analyst.updateNote', { id: note.id, body: 'x' })).toBe('not_found')
  })

  it('refuses unknown tickets and bad input', async () => {
    expect(await failCode('analyst.setReview', { ticketId: 9999, state: 'reviewed' })).toBe('not_found')
    expect(await failCode('analyst.setFlag', { ticketId: 9999, flagged: true })).toBe('not_found')
    expect(await failCode('analyst.addLabel', { ticketId: 9999, label: 'x' })).toBe('not_found')
    expect(await failCode('analyst.removeLabel', { ticketId: 9999, label: 'x' })).toBe('not_found')
    expect(await failCode('analyst.addNote', { ticketId: 9999, body: 'x' })).toBe('not_found')
    expect(await failCode('analyst.setReview', { ticketId: 1, state: 'done' })).toBe('invalid_input')
    expect(await failCode('analyst.setFlag', { ticketId: 1, flagged: 'yes' })).toBe('invalid_input')
    expect(await failCode('analyst.addLabel', { ticketId: 1, label: '   ' })).toBe('invalid_input')
    expect(await failCode('analyst.addLabel', { ticketId: 1, label: 'x'.repeat(61) })).toBe('invalid_input')
    expect(await failCode('analyst.addNote', { ticketId: 1, body: '' })).toBe('invalid_input')
    expect(await failCode('analyst.addNote', { ticketId: 1, body: 'x'.repeat(10_001) })).toBe('invalid_input')
    expect(await failCode('analyst.updateNote', { id: 1, body: 'x'.repeat(10_001) })).toBe('invalid_input')
    expect(await failCode('analyst.addNote', { ticketId: 1, body: 'x', extra: 1 })).toBe('invalid_input')
    expect(await ok('analyst.addLabel', { ticketId: 1, label: 'x'.repeat(60) })).toEqual({ labels: ['x'.repeat(60)] })
    expect(await ok<AnalystNote>('analyst.addNote', { ticketId: 1, body: 'y'.repeat(10_000) })).toMatchObject({
      body: 'y'.repeat(10_000),
    })
  })

  it('keeps review, labels and notes through a re-import that changes the ticket', async () => {
    await ok('analyst.setReview', { ticketId: 10, state: 'needs_escalation' })
    await ok('analyst.setFlag', { ticketId: 10, flagged: true })
    await ok('analyst.addLabel', { ticketId: 10, label: 'incident-42' })
    const note = await ok<AnalystNote>('analyst.addNote', { ticketId: 10, body: 'Escalated to legal.' })
    const original = tickets[9]
    if (!original) throw new Error('fixture')
    const { db, tickets: queries } = backend.manager.require()
    const changed = upsertTickets(db, sourceId, [
      { ...original, subject: 'Re-imported subject', status: 'closed', updatedAt: original.updatedAt + 60_000 },
    ])
    queries.invalidate()
    expect(changed).toBe(1)
    const after = await detail(10)
    expect(after).toMatchObject({
      subject: 'Re-imported subject',
      status: 'closed',
      review: { state: 'needs_escalation', flagged: true },
      reviewState: 'needs_escalation',
      flagged: true,
      labels: ['incident-42'],
      notes: [note],
    })
  })
})
