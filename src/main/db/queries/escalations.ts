/** Escalations and the tickets in them (analyst-owned, migration 004). Issue 6 builds the full feature on these. */
import type {
  EscalationPriority,
  EscalationStatus,
  EscalationSummary,
  TicketEscalation,
} from '../../../shared/api/methods/escalations'
import type { Db } from '../connection'

interface RawEscalation {
  id: number
  title: string
  priority: EscalationPriority
  status: EscalationStatus
  owner: string | null
  partner_teams_json: string
  next_update_due: number | null
  tickets: number
  created_at: number
  updated_at: number
}

function partnerTeams(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json)
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : []
  } catch {
    return []
  }
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
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

const SUMMARY_COLUMNS = `e.id, e.title, e.priority, e.status, e.owner, e.partner_teams_json, e.next_update_due,
  e.created_at, e.updated_at,
  (SELECT count(*) FROM escalation_tickets et WHERE et.escalation_id = e.id) AS tickets`

/** Workflow order: live escalations first (open, monitoring), then by priority (P0 first), newest first. */
const STATUS_ORDER = `CASE e.status WHEN 'open' THEN 0 WHEN 'monitoring' THEN 1 WHEN 'resolved' THEN 2 ELSE 3 END`

export function listEscalations(db: Db): EscalationSummary[] {
  const rows = db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM escalations e ORDER BY ${STATUS_ORDER}, e.priority, e.created_at DESC`)
    .all() as RawEscalation[]
  return rows.map(toSummary)
}

export function getEscalation(db: Db, id: number): EscalationSummary | null {
  const r = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM escalations e WHERE e.id = ?`).get(id) as
    RawEscalation | undefined
  return r ? toSummary(r) : null
}

export function createEscalation(
  db: Db,
  input: { title: string; priority: EscalationPriority; owner?: string | null },
  now = Date.now(),
): EscalationSummary {
  const id = Number(
    db
      .prepare(
        `INSERT INTO escalations (title, priority, status, owner, created_at, updated_at)
         VALUES (?, ?, 'open', ?, ?, ?)`,
      )
      .run(input.title, input.priority, input.owner ?? null, now, now).lastInsertRowid,
  )
  return getEscalation(db, id) as EscalationSummary
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
