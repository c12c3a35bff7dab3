/**
 * Escalations, their cohort (escalation_tickets), timeline and cohort snapshots (migrations 004 and 011). Analyst
 * work: no import or sync writes these rows, except the workbench's own timeline entries and new tickets matching a
 * cohort filter. Remediation actions are in remediation.ts, the cohort's figures in cohortFigures.ts; both are
 * re-exported here so the RCA packet reads an escalation from one module.
 */
import type { TicketFilters } from '../../../shared/api/schemas'
import {
  LIVE_STATUSES,
  type CohortSnapshot,
  type EscalationDetail,
  type EscalationOrigin,
  type EscalationPriority,
  type EscalationStatus,
  type EscalationSummary,
  type OriginKind,
  type SnapshotImpact,
  type SnapshotReason,
  type TicketEscalation,
  type TimelineEntry,
  type TimelineKind,
} from '../../../shared/escalations'
import type { Db } from '../connection'
import { whereClause, type SqlPart } from './ticketSql'

export * from './remediation'
export * from './cohortFigures'

interface RawEscalation {
  id: number
  title: string
  priority: EscalationPriority
  status: EscalationStatus
  owner: string | null
  partner_teams_json: string
  next_update_due: number | null
  tickets: number
  overdue_actions: number
  created_at: number
  updated_at: number
}

interface RawDetail extends RawEscalation {
  origin_kind: OriginKind
  origin_ref: string | null
  origin_description: string
  summary: string
  next_steps: string
  cohort_filter_json: string | null
  resolved_at: number | null
}

function jsonOr<T>(json: string | null, fallback: T): T {
  if (json === null) return fallback
  try {
    return JSON.parse(json) as T
  } catch {
    return fallback
  }
}

function partnerTeams(json: string): string[] {
  const v = jsonOr<unknown>(json, [])
  return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : []
}

const toSummary = (r: RawEscalation): EscalationSummary => ({
  id: r.id,
  title: r.title,
  priority: r.priority,
  status: r.status,
  owner: r.owner,
  partnerTeams: partnerTeams(r.partner_teams_json),
  nextUpdateDue: r.next_update_due,
  tickets: r.tickets,
  overdueActions: r.overdue_actions,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

/** The summary's columns; the one parameter is "now", for overdue remediation actions. */
const SUMMARY_COLUMNS = `e.id, e.title, e.priority, e.status, e.owner, e.partner_teams_json, e.next_update_due,
  e.created_at, e.updated_at,
  (SELECT count(*) FROM escalation_tickets et WHERE et.escalation_id = e.id) AS tickets,
  (SELECT count(*) FROM remediation_actions a WHERE a.escalation_id = e.id AND a.due_at < ?
     AND a.status IN ('planned', 'in_progress')) AS overdue_actions`

/** Workflow order: live escalations first (open, monitoring), then by priority (P0 first), newest first. */
const STATUS_ORDER = `CASE e.status WHEN 'open' THEN 0 WHEN 'monitoring' THEN 1 WHEN 'resolved' THEN 2 ELSE 3 END`

export function listEscalations(db: Db, now = Date.now()): EscalationSummary[] {
  const rows = db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM escalations e ORDER BY ${STATUS_ORDER}, e.priority, e.created_at DESC`)
    .all(now) as RawEscalation[]
  return rows.map(toSummary)
}

export function getEscalation(db: Db, id: number, now = Date.now()): EscalationSummary | null {
  const r = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM escalations e WHERE e.id = ?`).get(now, id) as
    RawEscalation | undefined
  return r ? toSummary(r) : null
}

export function getEscalationDetail(db: Db, id: number, now = Date.now()): EscalationDetail | null {
  const r = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS}, e.origin_kind, e.origin_ref, e.origin_description, e.summary, e.next_steps,
         e.cohort_filter_json, e.resolved_at
       FROM escalations e WHERE e.id = ?`,
    )
    .get(now, id) as RawDetail | undefined
  if (!r) return null
  const origin: EscalationOrigin = { kind: r.origin_kind, ref: r.origin_ref, description: r.origin_description }
  return {
    ...toSummary(r),
    origin,
    summary: r.summary,
    nextSteps: r.next_steps,
    cohortFilters: jsonOr<TicketFilters | null>(r.cohort_filter_json, null),
    resolvedAt: r.resolved_at,
  }
}

export interface NewEscalation {
  title: string
  priority: EscalationPriority
  owner?: string | null
  partnerTeams?: readonly string[]
  summary?: string
  origin?: EscalationOrigin
  cohortFilters?: TicketFilters | null
  nextUpdateDue?: number | null
}

/** Inserts the escalation row only (no tickets, no timeline): see escalations/service.ts for the whole creation. */
export function createEscalation(db: Db, input: NewEscalation, now = Date.now()): EscalationSummary {
  const origin = input.origin ?? { kind: 'manual', ref: null, description: '' }
  const id = Number(
    db
      .prepare(
        `INSERT INTO escalations (title, priority, status, owner, partner_teams_json, next_update_due,
           cohort_filter_json, origin_kind, origin_ref, origin_description, summary, cohort_checked_id,
           created_at, updated_at)
         VALUES (?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(id), 0) FROM tickets), ?, ?)`,
      )
      .run(
        input.title,
        input.priority,
        input.owner ?? null,
        JSON.stringify(input.partnerTeams ?? []),
        input.nextUpdateDue ?? null,
        input.cohortFilters ? JSON.stringify(input.cohortFilters) : null,
        origin.kind,
        origin.ref,
        origin.description,
        input.summary ?? '',
        now,
        now,
      ).lastInsertRowid,
  )
  return getEscalation(db, id) as EscalationSummary
}

export interface EscalationPatch {
  title?: string
  priority?: EscalationPriority
  status?: EscalationStatus
  owner?: string | null
  partnerTeams?: readonly string[]
  nextUpdateDue?: number | null
  summary?: string
  nextSteps?: string
  cohortFilters?: TicketFilters | null
}

/** Writes the fields given; `resolved_at` follows the status (set when it becomes resolved or closed). */
export function updateEscalation(db: Db, id: number, patch: EscalationPatch, now = Date.now()): void {
  const sets: string[] = []
  const params: unknown[] = []
  const set = (col: string, value: unknown) => {
    sets.push(`${col} = ?`)
    params.push(value)
  }
  if (patch.title !== undefined) set('title', patch.title)
  if (patch.priority !== undefined) set('priority', patch.priority)
  if (patch.status !== undefined) {
    set('status', patch.status)
    set('resolved_at', (LIVE_STATUSES as readonly string[]).includes(patch.status) ? null : now)
  }
  if (patch.owner !== undefined) set('owner', patch.owner)
  if (patch.partnerTeams !== undefined) set('partner_teams_json', JSON.stringify(patch.partnerTeams))
  if (patch.nextUpdateDue !== undefined) set('next_update_due', patch.nextUpdateDue)
  if (patch.summary !== undefined) set('summary', patch.summary)
  if (patch.nextSteps !== undefined) set('next_steps', patch.nextSteps)
  if (patch.cohortFilters !== undefined) {
    set('cohort_filter_json', patch.cohortFilters ? JSON.stringify(patch.cohortFilters) : null)
    // A new filter is checked against new tickets from here on; matching tickets already cached join explicitly.
    sets.push('cohort_checked_id = (SELECT coalesce(max(id), 0) FROM tickets)')
  }
  set('updated_at', now)
  db.prepare(`UPDATE escalations SET ${sets.join(', ')} WHERE id = ?`).run(...params, id)
}

export function removeEscalation(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM escalations WHERE id = ?').run(id).changes > 0
}

export function escalationsForTicket(db: Db, ticketId: number): TicketEscalation[] {
  const rows = db
    .prepare(
      `SELECT e.id, e.title, e.priority, e.status, et.added_at FROM escalation_tickets et
       JOIN escalations e ON e.id = et.escalation_id WHERE et.ticket_id = ?
       ORDER BY ${STATUS_ORDER}, e.priority, et.added_at DESC`,
    )
    .all(ticketId) as {
    id: number
    title: string
    priority: EscalationPriority
    status: EscalationStatus
    added_at: number
  }[]
  return rows.map((r) => ({ id: r.id, title: r.title, priority: r.priority, status: r.status, addedAt: r.added_at }))
}

// ---------------------------------------------------------------------------------------------------------------
// The cohort

/** The cohort's tickets as a WHERE clause over `tickets`. */
export function cohortScope(escalationId: number): SqlPart {
  return { sql: 'id IN (SELECT ticket_id FROM escalation_tickets WHERE escalation_id = ?)', params: [escalationId] }
}

/** Adds tickets by id (ids not in the workspace are skipped). Returns how many joined. */
export function addCohortIds(db: Db, escalationId: number, ids: readonly number[], now = Date.now()): number {
  if (ids.length === 0) return 0
  return db
    .prepare(
      `INSERT OR IGNORE INTO escalation_tickets (escalation_id, ticket_id, added_at)
       SELECT ?, t.id, ? FROM tickets t WHERE t.id IN (SELECT value FROM json_each(?))`,
    )
    .run(escalationId, now, JSON.stringify(ids)).changes
}

/** Adds every ticket matching the filters, optionally only those with an id above `afterId`. Returns how many. */
export function addCohortMatching(
  db: Db,
  escalationId: number,
  filters: TicketFilters,
  now = Date.now(),
  afterId = 0,
): number {
  const where = whereClause(filters)
  return db
    .prepare(
      `INSERT OR IGNORE INTO escalation_tickets (escalation_id, ticket_id, added_at)
       SELECT ?, id, ? FROM tickets WHERE id > ? AND ${where.sql}`,
    )
    .run(escalationId, now, afterId, ...where.params).changes
}

/** Tickets matching the filters (the size a cohort filter would have). */
export function countMatching(db: Db, filters: TicketFilters): number {
  const where = whereClause(filters)
  return (db.prepare(`SELECT count(*) AS n FROM tickets WHERE ${where.sql}`).get(...where.params) as { n: number }).n
}

export function cohortSize(db: Db, escalationId: number): number {
  return (
    db.prepare('SELECT count(*) AS n FROM escalation_tickets WHERE escalation_id = ?').get(escalationId) as {
      n: number
    }
  ).n
}

export function cohortIds(db: Db, escalationId: number): number[] {
  return db
    .prepare('SELECT ticket_id FROM escalation_tickets WHERE escalation_id = ? ORDER BY ticket_id')
    .pluck()
    .all(escalationId) as number[]
}

/** Live escalations with a cohort filter, and the highest ticket id each has already checked. */
export function liveFilteredCohorts(db: Db): { id: number; filters: TicketFilters; checkedId: number }[] {
  const rows = db
    .prepare(
      `SELECT id, cohort_filter_json, cohort_checked_id FROM escalations
       WHERE cohort_filter_json IS NOT NULL AND status IN ('open', 'monitoring') ORDER BY id`,
    )
    .all() as { id: number; cohort_filter_json: string; cohort_checked_id: number }[]
  return rows.map((r) => ({
    id: r.id,
    filters: jsonOr<TicketFilters>(r.cohort_filter_json, {}),
    checkedId: r.cohort_checked_id,
  }))
}

export function maxTicketId(db: Db): number {
  return (db.prepare('SELECT coalesce(max(id), 0) AS n FROM tickets').get() as { n: number }).n
}

export function setCohortChecked(db: Db, escalationId: number, checkedId: number): void {
  db.prepare('UPDATE escalations SET cohort_checked_id = ? WHERE id = ?').run(checkedId, escalationId)
}

export function touchEscalation(db: Db, id: number, now = Date.now()): void {
  db.prepare('UPDATE escalations SET updated_at = ? WHERE id = ?').run(now, id)
}

/** Live escalations created from this origin (an alert's id, a cluster's id). */
export function liveEscalationsFrom(db: Db, kind: OriginKind, ref: string): number[] {
  return db
    .prepare(
      `SELECT id FROM escalations WHERE origin_kind = ? AND origin_ref = ? AND status IN ('open', 'monitoring')
       ORDER BY id`,
    )
    .pluck()
    .all(kind, ref) as number[]
}

/** Live escalations whose cohort holds a ticket of the segment (null: any value). None for an empty segment. */
export function liveEscalationsOverlapping(
  db: Db,
  segment: { caseType: string | null; region: string | null; channel: string | null },
): number[] {
  const parts: string[] = []
  const params: unknown[] = []
  for (const [col, v] of [
    ['case_type', segment.caseType],
    ['region', segment.region],
    ['channel', segment.channel],
  ] as const) {
    if (v === null) continue
    parts.push(`t.${col} = ?`)
    params.push(v)
  }
  if (parts.length === 0) return []
  return db
    .prepare(
      `SELECT e.id FROM escalations e WHERE e.status IN ('open', 'monitoring') AND EXISTS (
         SELECT 1 FROM escalation_tickets et JOIN tickets t ON t.id = et.ticket_id
         WHERE et.escalation_id = e.id AND ${parts.join(' AND ')})
       ORDER BY e.id`,
    )
    .pluck()
    .all(...params) as number[]
}

// ---------------------------------------------------------------------------------------------------------------
// The timeline

interface RawEntry {
  id: number
  at: number
  source: 'analyst' | 'workbench'
  kind: TimelineKind
  body: string
  data_json: string
}

const toEntry = (r: RawEntry): TimelineEntry => ({
  key: `e${r.id}`,
  at: r.at,
  source: r.source,
  kind: r.kind,
  body: r.body,
  data: jsonOr<Record<string, unknown>>(r.data_json, {}),
})

export function addTimelineEntry(
  db: Db,
  escalationId: number,
  entry: {
    source: 'analyst' | 'workbench'
    kind: TimelineKind
    body: string
    at: number
    data?: Record<string, unknown>
  },
): TimelineEntry {
  const id = Number(
    db
      .prepare(
        `INSERT INTO escalation_timeline (escalation_id, at, source, kind, body, data_json) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(escalationId, entry.at, entry.source, entry.kind, entry.body, JSON.stringify(entry.data ?? {}))
      .lastInsertRowid,
  )
  return toEntry(
    db
      .prepare('SELECT id, at, source, kind, body, data_json FROM escalation_timeline WHERE id = ?')
      .get(id) as RawEntry,
  )
}

/**
 * The timeline, oldest first: stored entries plus tickets added from Cases (the bulk log), so a bulk add and its
 * undo show without a second record to keep in step.
 */
export function timelineOf(db: Db, escalationId: number): TimelineEntry[] {
  const stored = (
    db
      .prepare(
        `SELECT id, at, source, kind, body, data_json FROM escalation_timeline WHERE escalation_id = ?
         ORDER BY at, id`,
      )
      .all(escalationId) as RawEntry[]
  ).map(toEntry)
  const bulk = db
    .prepare(
      `SELECT id, affected, created_at, undone_at FROM bulk_actions
       WHERE kind = 'escalation.add' AND json_extract(action_json, '$.escalationId') = ? AND affected > 0
       ORDER BY created_at, id`,
    )
    .all(escalationId) as { id: number; affected: number; created_at: number; undone_at: number | null }[]
  const fromBulk: TimelineEntry[] = []
  for (const b of bulk) {
    const n = `${b.affected.toLocaleString('en-US')} ticket${b.affected === 1 ? '' : 's'}`
    fromBulk.push({
      key: `b${b.id}`,
      at: b.created_at,
      source: 'workbench',
      kind: 'cohort',
      body: `Cohort grew by ${n}, added from Cases.`,
      data: { bulkId: b.id, added: b.affected },
    })
    if (b.undone_at !== null)
      fromBulk.push({
        key: `u${b.id}`,
        at: b.undone_at,
        source: 'workbench',
        kind: 'cohort',
        body: `Undo in Cases took ${n} back out of the cohort.`,
        data: { bulkId: b.id, removed: b.affected },
      })
  }
  return [...stored, ...fromBulk].sort((a, b) => a.at - b.at || a.key.localeCompare(b.key))
}

// ---------------------------------------------------------------------------------------------------------------
// Cohort snapshots

interface RawSnapshot {
  id: number
  escalation_id: number
  taken_at: number
  reason: SnapshotReason
  filter_json: string | null
  tickets: number
  impact_json: string
}

/** Freezes the cohort as it stands: the filter, every ticket id and the impact figures given. */
export function insertSnapshot(
  db: Db,
  escalationId: number,
  reason: SnapshotReason,
  impact: SnapshotImpact,
  now = Date.now(),
): CohortSnapshot {
  const filter = db.prepare('SELECT cohort_filter_json FROM escalations WHERE id = ?').pluck().get(escalationId) as
    string | null
  const id = Number(
    db
      .prepare(
        `INSERT INTO escalation_snapshots (escalation_id, taken_at, reason, filter_json, tickets, impact_json)
         VALUES (?, ?, ?, ?, (SELECT count(*) FROM escalation_tickets WHERE escalation_id = ?), ?)`,
      )
      .run(escalationId, now, reason, filter, escalationId, JSON.stringify(impact)).lastInsertRowid,
  )
  db.prepare(
    `INSERT INTO escalation_snapshot_tickets (snapshot_id, ticket_id)
     SELECT ?, ticket_id FROM escalation_tickets WHERE escalation_id = ?`,
  ).run(id, escalationId)
  const all = snapshotsOf(db, escalationId)
  return all.find((s) => s.id === id) as CohortSnapshot
}

/** Snapshots oldest first, each with its change from the previous one. */
export function snapshotsOf(db: Db, escalationId: number): CohortSnapshot[] {
  const rows = db
    .prepare(
      `SELECT id, escalation_id, taken_at, reason, filter_json, tickets, impact_json FROM escalation_snapshots
       WHERE escalation_id = ? ORDER BY taken_at, id`,
    )
    .all(escalationId) as RawSnapshot[]
  let previous: number | null = null
  return rows.map((r) => {
    const s: CohortSnapshot = {
      id: r.id,
      escalationId: r.escalation_id,
      takenAt: r.taken_at,
      reason: r.reason,
      filters: jsonOr<TicketFilters | null>(r.filter_json, null),
      tickets: r.tickets,
      change: previous === null ? null : r.tickets - previous,
      impact: jsonOr<SnapshotImpact>(r.impact_json, {} as SnapshotImpact),
    }
    previous = r.tickets
    return s
  })
}

export function snapshotTicketIds(db: Db, snapshotId: number): number[] | null {
  const exists = db.prepare('SELECT 1 FROM escalation_snapshots WHERE id = ?').get(snapshotId)
  if (!exists) return null
  return db
    .prepare('SELECT ticket_id FROM escalation_snapshot_tickets WHERE snapshot_id = ? ORDER BY ticket_id')
    .pluck()
    .all(snapshotId) as number[]
}
