/**
 * Wellbeing data: the workspace's sensitive case types, the analyst's own "mark as sensitive", the exposure log and
 * the break reminder. All analyst-owned (migration 005); imports and syncs write only `tickets.source_sensitive`.
 *
 * `tickets.sensitive` is derived: case type on the list OR flagged by the source OR marked by the analyst. It is
 * stored (not computed per read) because the full-text triggers, the grid's withheld subjects and exports all key on
 * it; every writer keeps it in step through the expressions below.
 */
import { CASE_TYPE_LABELS, CASE_TYPES } from '../../../shared/domain'
import { FLAGGED_CATEGORY, type SensitiveReasons } from '../../../shared/api/methods/wellbeing'
import type { Db } from '../connection'

/**
 * 1 when `caseType` (a bound parameter or column) is on the workspace's sensitive list, else 0 (also for no case type:
 * `NULL IN (...)` is NULL, which would make the whole derived flag NULL).
 */
export const onSensitiveList = (caseType: string): string =>
  `coalesce(${caseType} IN (SELECT case_type FROM sensitive_case_types), 0)`

/**
 * The derived flag of a ticket being written by an upsert, from the source's flag and case type (bound parameters).
 * A new row cannot have an analyst mark yet; on conflict, `KEEP_ANALYST_MARK` adds the existing row's.
 */
export const derivedOnWrite = (sourceSensitive: string, caseType: string): string =>
  `(${sourceSensitive} = 1 OR ${onSensitiveList(caseType)})`

/** In an upsert's DO UPDATE: the incoming derived flag, kept on when the analyst marked the existing ticket. */
export const KEEP_ANALYST_MARK = `(excluded.sensitive = 1 OR EXISTS (SELECT 1 FROM analyst_sensitive m WHERE m.ticket_id = tickets.id))`

/** The derived flag of the row `tickets` as stored. */
const DERIVED = `(tickets.source_sensitive = 1 OR ${onSensitiveList('tickets.case_type')}
  OR EXISTS (SELECT 1 FROM analyst_sensitive m WHERE m.ticket_id = tickets.id))`

export function sensitiveTypes(db: Db): string[] {
  return (
    db.prepare('SELECT case_type FROM sensitive_case_types ORDER BY case_type').all() as { case_type: string }[]
  ).map((r) => r.case_type)
}

/** Tickets per case type in the workspace (read from the case type index). */
export function caseTypeCounts(db: Db): Map<string, number> {
  const rows = db
    .prepare('SELECT case_type AS k, count(*) AS n FROM tickets WHERE case_type IS NOT NULL GROUP BY case_type')
    .all() as { k: string; n: number }[]
  return new Map(rows.map((r) => [r.k, r.n]))
}

/** The case types the editor offers: built-in ones in their usual order, then others found in the workspace. */
export function sensitiveTypeOptions(db: Db) {
  const counts = caseTypeCounts(db)
  const listed = new Set(sensitiveTypes(db))
  const builtIn = new Set(CASE_TYPES.map((c) => c.key))
  const extra = [...new Set([...counts.keys(), ...listed])].filter((k) => !builtIn.has(k)).sort()
  return [
    ...CASE_TYPES.map((c) => ({ key: c.key, label: c.label, builtIn: c.sensitive })),
    ...extra.map((k) => ({ key: k, label: CASE_TYPE_LABELS[k] ?? k, builtIn: false })),
  ].map((o) => ({ ...o, sensitive: listed.has(o.key), tickets: counts.get(o.key) ?? 0 }))
}

/**
 * Replaces the sensitive list and recomputes `tickets.sensitive` for the tickets of every case type that joined or
 * left it, in one transaction: the full-text triggers drop newly sensitive tickets from the index and put released
 * ones back, so search never sees a half-applied list. Only rows whose value changes are written (an UPDATE fires the
 * index trigger per row it touches). Returns how many tickets changed.
 *
 * Measured on the 2-core machine: 50k tickets, 2.4k–4.8k changed: 90–270 ms. 1M tickets, 48k–96k changed: 1.6–4.6 s
 * (the full-text deletes and inserts and the commit dominate). It stays one synchronous transaction on purpose: hiding
 * must be all-or-nothing (a chunked background pass would leave tickets of a newly sensitive type readable and
 * searchable until it reached them).
 */
export function setSensitiveTypes(db: Db, caseTypes: readonly string[]): number {
  return db
    .transaction(() => {
      const before = new Set(sensitiveTypes(db))
      const after = new Set(caseTypes)
      const changed = [...before, ...after].filter((t) => before.has(t) !== after.has(t))
      db.prepare('DELETE FROM sensitive_case_types').run()
      const insert = db.prepare('INSERT INTO sensitive_case_types (case_type) VALUES (?)')
      for (const t of after) insert.run(t)
      // One statement per case type: `case_type = ?` seeks the case type index, where an IN over a bound list made
      // SQLite scan every ticket (2.7 s against 1.3 s for 96k changed tickets at 1M).
      const recompute = db.prepare(
        `UPDATE tickets SET sensitive = ${DERIVED} WHERE case_type = ? AND sensitive IS NOT ${DERIVED}`,
      )
      return changed.reduce((n, t) => n + recompute.run(t).changes, 0)
    })
    .immediate()
}

/** Why one ticket is sensitive, or null when there is no such ticket. */
export function sensitiveReasons(db: Db, ticketId: number): SensitiveReasons | null {
  const r = db
    .prepare(
      `SELECT sensitive, source_sensitive, ${onSensitiveList('case_type')} AS by_type,
         EXISTS (SELECT 1 FROM analyst_sensitive m WHERE m.ticket_id = tickets.id) AS by_analyst
       FROM tickets WHERE id = ?`,
    )
    .get(ticketId) as { sensitive: number; source_sensitive: number; by_type: number; by_analyst: number } | undefined
  if (!r) return null
  return {
    sensitive: r.sensitive === 1,
    caseType: r.by_type === 1,
    source: r.source_sensitive === 1,
    analyst: r.by_analyst === 1,
  }
}

/**
 * Sets or removes the analyst's own mark and recomputes the ticket's flag in the same transaction. Removing the mark
 * never exposes a ticket its case type or source still makes sensitive.
 */
export function markSensitive(db: Db, ticketId: number, sensitive: boolean, now = Date.now()): SensitiveReasons {
  db.transaction(() => {
    if (sensitive)
      db.prepare('INSERT OR IGNORE INTO analyst_sensitive (ticket_id, created_at) VALUES (?, ?)').run(ticketId, now)
    else db.prepare('DELETE FROM analyst_sensitive WHERE ticket_id = ?').run(ticketId)
    db.prepare(`UPDATE tickets SET sensitive = ${DERIVED} WHERE id = ? AND sensitive IS NOT ${DERIVED}`).run(ticketId)
  })()
  return sensitiveReasons(db, ticketId) as SensitiveReasons
}

/**
 * Logs one reveal of a sensitive ticket under its harm category: the case type when the list makes it sensitive,
 * otherwise "flagged". Returns false (nothing logged) when the ticket is not sensitive.
 */
export function recordReveal(db: Db, ticketId: number, now = Date.now()): boolean {
  return (
    db
      .prepare(
        `INSERT INTO analyst_exposure (ticket_id, category, revealed_at)
         SELECT id, CASE WHEN ${onSensitiveList('case_type')} THEN case_type ELSE '${FLAGGED_CATEGORY}' END, ?
         FROM tickets WHERE id = ? AND sensitive = 1`,
      )
      .run(now, ticketId).changes === 1
  )
}

/** Reveals at or after `from` (epoch ms), oldest first. */
export function revealsSince(db: Db, from: number): { category: string; at: number }[] {
  return db
    .prepare('SELECT category, revealed_at AS at FROM analyst_exposure WHERE revealed_at >= ? ORDER BY revealed_at')
    .all(from) as { category: string; at: number }[]
}

export interface ReminderState {
  every: number | null
  /** When the reminder was last answered "later" (epoch ms; 0 = never). */
  answeredAt: number
  /** Quiet until this instant (epoch ms) after "not again today". */
  quietUntil: number
}

export function reminderState(db: Db): ReminderState {
  const r = db
    .prepare('SELECT break_every, reminder_ack_at, snoozed_until FROM wellbeing_settings WHERE id = 1')
    .get() as { break_every: number | null; reminder_ack_at: number; snoozed_until: number } | undefined
  // The row is seeded by the migration; a missing one reads as the defaults.
  return { every: r ? r.break_every : 20, answeredAt: r?.reminder_ack_at ?? 0, quietUntil: r?.snoozed_until ?? 0 }
}

const UPSERT_SETTINGS = `INSERT INTO wellbeing_settings (id, break_every, reminder_ack_at, snoozed_until)
  VALUES (1, @every, @answeredAt, @quietUntil)
  ON CONFLICT (id) DO UPDATE SET break_every = excluded.break_every, reminder_ack_at = excluded.reminder_ack_at,
    snoozed_until = excluded.snoozed_until`

export function saveReminderState(db: Db, state: ReminderState): ReminderState {
  db.prepare(UPSERT_SETTINGS).run(state)
  return reminderState(db)
}
