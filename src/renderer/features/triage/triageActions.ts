/**
 * What the analyst does to a ticket from the panel, the keyboard or the palette: each calls the API, then updates the
 * open ticket and its grid row from the answer (never optimistically: a refused write must not look saved).
 */
import type { ReviewState, TicketDetail, TicketReview } from '../../../shared/domain'
import { call } from '../../api/client'
import { useStore } from '../../store'
import { patchGridRow } from './gridHandle'

function patchDetail(ticketId: number, patch: Partial<TicketDetail>): void {
  const { detail } = useStore.getState()
  if (detail?.id === ticketId) useStore.setState({ detail: { ...detail, ...patch } })
}

function applyReview(ticketId: number, review: TicketReview | null): void {
  patchDetail(ticketId, { review, reviewState: review?.state ?? null, flagged: review?.flagged ?? false })
  patchGridRow(ticketId, { reviewState: review?.state ?? null, flagged: review?.flagged ?? false })
}

async function attempt<T>(doing: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run()
  } catch (err) {
    useStore.getState().reportError(err, doing)
    return undefined
  }
}

export async function setReview(ticketId: number, state: ReviewState | null): Promise<void> {
  const r = await attempt('save your review', () => call('analyst.setReview', { ticketId, state }))
  if (r) applyReview(ticketId, r.review)
}

export async function setFlag(ticketId: number, flagged: boolean): Promise<void> {
  const r = await attempt('flag the ticket', () => call('analyst.setFlag', { ticketId, flagged }))
  if (r) applyReview(ticketId, r.review)
}

/** Flips the flag of the open ticket, or of a ticket whose state is known from its grid row. */
export async function toggleFlag(ticketId: number, currentlyFlagged: boolean): Promise<void> {
  await setFlag(ticketId, !currentlyFlagged)
}

export async function addLabel(ticketId: number, label: string): Promise<boolean> {
  const r = await attempt('add the label', () => call('analyst.addLabel', { ticketId, label }))
  if (r) patchDetail(ticketId, { labels: r.labels })
  return !!r
}

export async function removeLabel(ticketId: number, label: string): Promise<void> {
  const r = await attempt('remove the label', () => call('analyst.removeLabel', { ticketId, label }))
  if (r) patchDetail(ticketId, { labels: r.labels })
}

export async function addNote(ticketId: number, body: string): Promise<boolean> {
  const note = await attempt('save the note', () => call('analyst.addNote', { ticketId, body }))
  const detail = useStore.getState().detail
  if (note && detail?.id === ticketId) patchDetail(ticketId, { notes: [...detail.notes, note] })
  return !!note
}

export async function updateNote(ticketId: number, id: number, body: string): Promise<boolean> {
  const note = await attempt('save the note', () => call('analyst.updateNote', { id, body }))
  const detail = useStore.getState().detail
  if (note && detail?.id === ticketId)
    patchDetail(ticketId, { notes: detail.notes.map((n) => (n.id === id ? note : n)) })
  return !!note
}

export async function deleteNote(ticketId: number, id: number): Promise<void> {
  const r = await attempt('delete the note', () => call('analyst.deleteNote', { id }))
  const detail = useStore.getState().detail
  if (r && detail?.id === ticketId) patchDetail(ticketId, { notes: detail.notes.filter((n) => n.id !== id) })
}

/** Where a "focus this field" request from the keyboard goes; the review section consumes it once mounted. */
export type FocusTarget = 'label' | 'note'
let pendingFocus: FocusTarget | null = null
const focusListeners = new Set<(t: FocusTarget) => void>()

export function requestFocus(target: FocusTarget): void {
  pendingFocus = target
  for (const l of focusListeners) l(target)
}

export function onFocusRequest(listener: (t: FocusTarget) => void): () => void {
  focusListeners.add(listener)
  if (pendingFocus) listener(pendingFocus)
  return () => focusListeners.delete(listener)
}

export function focusRequestDone(): void {
  pendingFocus = null
}
