/**
 * Bulk analyst actions as set-based SQL: one statement records which tickets the action will change and what they
 * held before (`bulk_changes`), one more applies it from that record, all in one transaction. Labelling 500,000
 * tickets is then two passes over an index, not 500,000 round trips, and undo puts back exactly what was there: a
 * ticket that already had the label keeps it, a previous review state comes back.
 *
 * Recording first also keeps the action correct when the scope reads the very tables it writes (a filter on labels
 * or review state): the matching set is fixed before anything changes.
 */
import type { TicketFilters } from '../../../shared/api/contract'
import type { BulkAction, BulkActionKind, BulkLast } from '../../../shared/api/methods/bulk'
import type { Db } from '../connection'
import { countHint, whereClause, type SqlPart } from './ticketSql'

/** Which tickets a bulk action covers: a WHERE clause over `tickets` and an index hint for it. */
export interface BulkScope {
  where: SqlPart
  hint: string
}

/** A bulk action refused on purpose, with the sentence for the analyst. Nothing was changed. */
export class BulkRefusal extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BulkRefusal'
  }
}

export function idsScope(ids: readonly number[]): BulkScope {
  return { where: { sql: 'id IN (SELECT value FROM json_each(?))', params: [JSON.stringify(ids)] }, hint: '' }
}

/** The grid's own filter-to-SQL, so "all matching" means exactly the rows the grid shows. */
export function filterScope(filters: TicketFilters): BulkScope {
  return { where: whereClause(filters), hint: countHint(filters) }
}

export function countScope(db: Db, scope: BulkScope): number {
  const row = db
    .prepare(`SELECT count(*) AS n FROM tickets ${scope.hint} WHERE ${scope.where.sql}`)
    .get(...scope.where.params) as { n: number }
  return row.n
}

/** The matching ticket ids as a subquery (alias s), for the statements below. */
const scoped = (scope: BulkScope): string => `(SELECT id FROM tickets ${scope.hint} WHERE ${scope.where.sql}) s`

/** Records the tickets the action will change, with their previous state. Returns how many. */
function recordChanges(db: Db, bulkId: number, scope: BulkScope, action: BulkAction): number {
  const p = scope.where.params
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params).changes
  switch (action.kind) {
    case 'label.add':
      return run(
        `INSERT INTO bulk_changes (bulk_id, ticket_id) SELECT ?, s.id FROM ${scoped(scope)}
         WHERE NOT EXISTS (SELECT 1 FROM analyst_labels l WHERE l.ticket_id = s.id AND l.label = ?)`,
        bulkId,
        ...p,
        action.label,
      )
    case 'label.remove':
      return run(
        `INSERT INTO bulk_changes (bulk_id, ticket_id, prev_at) SELECT ?, s.id, l.created_at FROM ${scoped(scope)}
         JOIN analyst_labels l ON l.ticket_id = s.id AND l.label = ?`,
        bulkId,
        ...p,
        action.label,
      )
    case 'review.set':
      // Clearing changes only tickets that have a state to clear (a flagged one goes back to "to review").
      return action.state === null
        ? run(
            `INSERT INTO bulk_changes (bulk_id, ticket_id, prev_state, prev_flagged, prev_at)
             SELECT ?, s.id, r.state, r.flagged, r.updated_at FROM ${scoped(scope)}
             JOIN analyst_review r ON r.ticket_id = s.id WHERE r.flagged = 0 OR r.state <> 'to_review'`,
            bulkId,
            ...p,
          )
        : run(
            `INSERT INTO bulk_changes (bulk_id, ticket_id, prev_state, prev_flagged, prev_at)
             SELECT ?, s.id, r.state, r.flagged, r.updated_at FROM ${scoped(scope)}
             LEFT JOIN analyst_review r ON r.ticket_id = s.id WHERE r.state IS NOT ?`,
            bulkId,
            ...p,
            action.state,
          )
    case 'flag.set':
      return run(
        `INSERT INTO bulk_changes (bulk_id, ticket_id, prev_state, prev_flagged, prev_at)
         SELECT ?, s.id, r.state, r.flagged, r.updated_at FROM ${scoped(scope)}
         LEFT JOIN analyst_review r ON r.ticket_id = s.id WHERE coalesce(r.flagged, 0) <> ?`,
        bulkId,
        ...p,
        action.flagged ? 1 : 0,
      )
    case 'escalation.add':
      return run(
        `INSERT INTO bulk_changes (bulk_id, ticket_id) SELECT ?, s.id FROM ${scoped(scope)}
         WHERE NOT EXISTS (SELECT 1 FROM escalation_tickets e WHERE e.escalation_id = ? AND e.ticket_id = s.id)`,
        bulkId,
        ...p,
        action.escalationId,
      )
  }
}

const CHANGED = 'SELECT ticket_id FROM bulk_changes WHERE bulk_id = ?'

/** Applies the action to exactly the recorded tickets. */
function applyChanges(db: Db, bulkId: number, action: BulkAction, now: number): void {
  const run = (sql: string, ...params: unknown[]) => void db.prepare(sql).run(...params)
  switch (action.kind) {
    case 'label.add':
      return run(
        `INSERT INTO analyst_labels (ticket_id, label, created_at) SELECT ticket_id, ?, ? FROM bulk_changes
         WHERE bulk_id = ?`,
        action.label,
        now,
        bulkId,
      )
    case 'label.remove':
      return run(`DELETE FROM analyst_labels WHERE label = ? AND ticket_id IN (${CHANGED})`, action.label, bulkId)
    case 'review.set':
      if (action.state === null) {
        run(`DELETE FROM analyst_review WHERE flagged = 0 AND ticket_id IN (${CHANGED})`, bulkId)
        return run(
          `UPDATE analyst_review SET state = 'to_review', updated_at = ? WHERE ticket_id IN (${CHANGED})`,
          now,
          bulkId,
        )
      }
      return run(
        `INSERT INTO analyst_review (ticket_id, state, flagged, updated_at)
         SELECT ticket_id, ?, 0, ? FROM bulk_changes WHERE bulk_id = ?
         ON CONFLICT (ticket_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
        action.state,
        now,
        bulkId,
      )
    case 'flag.set':
      // A ticket flagged for the first time starts "to review", as it does one at a time.
      return run(
        `INSERT INTO analyst_review (ticket_id, state, flagged, updated_at)
         SELECT ticket_id, 'to_review', ?, ? FROM bulk_changes WHERE bulk_id = ?
         ON CONFLICT (ticket_id) DO UPDATE SET flagged = excluded.flagged, updated_at = excluded.updated_at`,
        action.flagged ? 1 : 0,
        now,
        bulkId,
      )
    case 'escalation.add':
      run(
        `INSERT INTO escalation_tickets (escalation_id, ticket_id, added_at, bulk_id)
         SELECT ?, ticket_id, ?, ? FROM bulk_changes WHERE bulk_id = ?`,
        action.escalationId,
        now,
        bulkId,
        bulkId,
      )
      return run('UPDATE escalations SET updated_at = ? WHERE id = ?', now, action.escalationId)
  }
}

/** Puts the recorded tickets back as they were. Tickets deleted since (by a sync) are skipped. */
function revertChanges(db: Db, bulkId: number, action: BulkAction, now: number): void {
  const run = (sql: string, ...params: unknown[]) => void db.prepare(sql).run(...params)
  switch (action.kind) {
    case 'label.add':
      return run(`DELETE FROM analyst_labels WHERE label = ? AND ticket_id IN (${CHANGED})`, action.label, bulkId)
    case 'label.remove':
      return run(
        `INSERT OR IGNORE INTO analyst_labels (ticket_id, label, created_at)
         SELECT c.ticket_id, ?, c.prev_at FROM bulk_changes c JOIN tickets t ON t.id = c.ticket_id WHERE c.bulk_id = ?`,
        action.label,
        bulkId,
      )
    case 'review.set':
    case 'flag.set':
      run(`DELETE FROM analyst_review WHERE ticket_id IN (${CHANGED} AND prev_state IS NULL)`, bulkId)
      return run(
        `INSERT INTO analyst_review (ticket_id, state, flagged, updated_at)
         SELECT c.ticket_id, c.prev_state, c.prev_flagged, c.prev_at FROM bulk_changes c
         JOIN tickets t ON t.id = c.ticket_id WHERE c.bulk_id = ? AND c.prev_state IS NOT NULL
         ON CONFLICT (ticket_id) DO UPDATE SET state = excluded.state, flagged = excluded.flagged,
           updated_at = excluded.updated_at`,
        bulkId,
      )
    case 'escalation.add':
      run(
        `DELETE FROM escalation_tickets WHERE escalation_id = ? AND ticket_id IN (${CHANGED})`,
        action.escalationId,
        bulkId,
      )
      return run('UPDATE escalations SET updated_at = ? WHERE id = ?', now, action.escalationId)
  }
}

export interface BulkRequest {
  scope: BulkScope
  action: BulkAction
  /** The target as asked for, kept in the log (ids are summarised by count). */
  target: unknown
  /** Refuse unless exactly this many tickets match now. */
  expectedCount?: number
  /** The sentence for the log and the undo button, from what was actually changed. */
  describe(affected: number, matched: number): string
  now?: number
}

export interface BulkOutcome {
  /** Null when no ticket needed changing: nothing was recorded, and the previous action stays undoable. */
  bulkId: number | null
  matched: number
  affected: number
  description: string
}

/** Applies one bulk action in one transaction. Throws BulkRefusal (nothing changed) when it should not run. */
export function applyBulk(db: Db, req: BulkRequest): BulkOutcome {
  const now = req.now ?? Date.now()
  return db.transaction((): BulkOutcome => {
    const matched = countScope(db, req.scope)
    if (req.expectedCount !== undefined && matched !== req.expectedCount) {
      throw new BulkRefusal(
        `The matching tickets changed since you selected them: ${matched.toLocaleString('en-US')} now match. Check and try again.`,
      )
    }
    if (matched === 0) throw new BulkRefusal('No tickets match any more, so nothing was changed.')
    const bulkId = Number(
      db
        .prepare(
          `INSERT INTO bulk_actions (kind, action_json, target_json, description, matched, affected, created_at)
           VALUES (?, ?, ?, '', ?, 0, ?)`,
        )
        .run(req.action.kind, JSON.stringify(req.action), JSON.stringify(req.target), matched, now).lastInsertRowid,
    )
    const affected = recordChanges(db, bulkId, req.scope, req.action)
    const description = req.describe(affected, matched)
    if (affected === 0) {
      db.prepare('DELETE FROM bulk_actions WHERE id = ?').run(bulkId)
      return { bulkId: null, matched, affected, description }
    }
    applyChanges(db, bulkId, req.action, now)
    // Only the last action can be undone: what older ones changed is no longer needed.
    db.prepare('DELETE FROM bulk_changes WHERE bulk_id <> ?').run(bulkId)
    db.prepare('UPDATE bulk_actions SET affected = ?, description = ? WHERE id = ?').run(affected, description, bulkId)
    return { bulkId, matched, affected, description }
  })()
}

interface RawAction {
  id: number
  kind: BulkActionKind
  action_json: string
  description: string
  matched: number
  affected: number
  created_at: number
  undone_at: number | null
}

const lastAction = (db: Db): RawAction | undefined =>
  db
    .prepare(
      `SELECT id, kind, action_json, description, matched, affected, created_at, undone_at FROM bulk_actions
       ORDER BY id DESC LIMIT 1`,
    )
    .get() as RawAction | undefined

/** The action "Undo" would reverse: the last one, unless it was undone already. */
export function lastBulk(db: Db): BulkLast | null {
  const r = lastAction(db)
  if (!r || r.undone_at !== null) return null
  return {
    bulkId: r.id,
    kind: r.kind,
    affected: r.affected,
    matched: r.matched,
    description: r.description,
    createdAt: r.created_at,
  }
}

/** Reverses the last bulk action (or `bulkId`, which must be the last). Throws BulkRefusal when it cannot. */
export function undoBulk(
  db: Db,
  bulkId: number | undefined,
  now = Date.now(),
): { bulkId: number; restored: number; description: string } {
  return db.transaction(() => {
    const last = lastAction(db)
    if (!last) throw new BulkRefusal('There is no bulk action to undo in this workspace.')
    if (bulkId !== undefined && bulkId !== last.id) {
      const exists = db.prepare('SELECT 1 FROM bulk_actions WHERE id = ?').get(bulkId) !== undefined
      throw new BulkRefusal(
        exists
          ? `Only the last bulk action can be undone, and another one (${last.description}) came after this one.`
          : `There is no bulk action ${bulkId} in this workspace.`,
      )
    }
    if (last.undone_at !== null) throw new BulkRefusal(`The last bulk action (${last.description}) was already undone.`)
    const action = JSON.parse(last.action_json) as BulkAction
    const restored = (
      db.prepare('SELECT count(*) AS n FROM bulk_changes WHERE bulk_id = ?').get(last.id) as { n: number }
    ).n
    revertChanges(db, last.id, action, now)
    db.prepare('DELETE FROM bulk_changes WHERE bulk_id = ?').run(last.id)
    db.prepare('UPDATE bulk_actions SET undone_at = ? WHERE id = ?').run(now, last.id)
    return { bulkId: last.id, restored, description: last.description }
  })()
}
