/**
 * The analyst's own state on tickets: review state, flag, labels and notes. These live in analyst-owned tables
 * (migration 001) keyed by the local ticket id, which upserts keep stable, so a re-import or re-sync never touches them.
 *
 * `analyst_review.state` is NOT NULL: a flagged ticket always has a state, and flagging an unreviewed ticket puts it
 * "to review" (the state every ticket starts in). Clearing the state of a flagged ticket returns it to "to review".
 */
import type { AnalystNote, ReviewState, TicketReview } from '../../../shared/domain'
import type { Db } from '../connection'

interface RawNote {
  id: number
  body: string
  created_at: number
  updated_at: number
}

const toNote = (n: RawNote): AnalystNote => ({
  id: n.id,
  body: n.body,
  createdAt: n.created_at,
  updatedAt: n.updated_at,
})

export function ticketExists(db: Db, ticketId: number): boolean {
  return db.prepare('SELECT 1 FROM tickets WHERE id = ?').get(ticketId) !== undefined
}

export function getReview(db: Db, ticketId: number): TicketReview | null {
  const r = db.prepare('SELECT state, flagged FROM analyst_review WHERE ticket_id = ?').get(ticketId) as
    { state: ReviewState; flagged: number } | undefined
  return r ? { state: r.state, flagged: r.flagged === 1 } : null
}

/** Review state and flag of many tickets at once (one grid page), by id. */
export function reviewsOf(db: Db, ticketIds: readonly number[]): Map<number, TicketReview> {
  const out = new Map<number, TicketReview>()
  if (ticketIds.length === 0) return out
  const rows = db
    .prepare(
      `SELECT ticket_id, state, flagged FROM analyst_review
       WHERE ticket_id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ticketIds)) as { ticket_id: number; state: ReviewState; flagged: number }[]
  for (const r of rows) out.set(r.ticket_id, { state: r.state, flagged: r.flagged === 1 })
  return out
}

export function setReview(db: Db, ticketId: number, state: ReviewState | null, now = Date.now()): TicketReview | null {
  const current = getReview(db, ticketId)
  if (state === null && !current?.flagged) {
    db.prepare('DELETE FROM analyst_review WHERE ticket_id = ?').run(ticketId)
    return null
  }
  const next = state ?? 'to_review'
  db.prepare(
    `INSERT INTO analyst_review (ticket_id, state, flagged, updated_at) VALUES (?, ?, 0, ?)
     ON CONFLICT (ticket_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  ).run(ticketId, next, now)
  return getReview(db, ticketId)
}

export function setFlag(db: Db, ticketId: number, flagged: boolean, now = Date.now()): TicketReview | null {
  db.prepare(
    `INSERT INTO analyst_review (ticket_id, state, flagged, updated_at) VALUES (?, 'to_review', ?, ?)
     ON CONFLICT (ticket_id) DO UPDATE SET flagged = excluded.flagged, updated_at = excluded.updated_at`,
  ).run(ticketId, flagged ? 1 : 0, now)
  return getReview(db, ticketId)
}

export function labelsOf(db: Db, ticketId: number): string[] {
  return (
    db.prepare('SELECT label FROM analyst_labels WHERE ticket_id = ? ORDER BY created_at, label').all(ticketId) as {
      label: string
    }[]
  ).map((r) => r.label)
}

export function addLabel(db: Db, ticketId: number, label: string, now = Date.now()): string[] {
  db.prepare('INSERT OR IGNORE INTO analyst_labels (ticket_id, label, created_at) VALUES (?, ?, ?)').run(
    ticketId,
    label,
    now,
  )
  return labelsOf(db, ticketId)
}

export function removeLabel(db: Db, ticketId: number, label: string): string[] {
  db.prepare('DELETE FROM analyst_labels WHERE ticket_id = ? AND label = ?').run(ticketId, label)
  return labelsOf(db, ticketId)
}

export function notesOf(db: Db, ticketId: number): AnalystNote[] {
  return (
    db
      .prepare('SELECT id, body, created_at, updated_at FROM analyst_notes WHERE ticket_id = ? ORDER BY created_at, id')
      .all(ticketId) as RawNote[]
  ).map(toNote)
}

export function addNote(db: Db, ticketId: number, body: string, now = Date.now()): AnalystNote {
  const id = Number(
    db
      .prepare('INSERT INTO analyst_notes (ticket_id, body, created_at, updated_at) VALUES (?, ?, ?, ?)')
      .run(ticketId, body, now, now).lastInsertRowid,
  )
  return { id, body, createdAt: now, updatedAt: now }
}

/** The updated note, or null when there is no note with this id. */
export function updateNote(db: Db, id: number, body: string, now = Date.now()): AnalystNote | null {
  const row = db
    .prepare(
      'UPDATE analyst_notes SET body = ?, updated_at = ? WHERE id = ? RETURNING id, body, created_at, updated_at',
    )
    .get(body, now, id) as RawNote | undefined
  return row ? toNote(row) : null
}

/** True when a note was deleted. */
export function deleteNote(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM analyst_notes WHERE id = ?').run(id).changes > 0
}
