/**
 * Tickets related to one: the same requester (tickets_requester), and the same case type created within half an hour
 * either side (tickets_case_type_created). Subjects of sensitive tickets never leave this module, as in the grid.
 */
import { RELATED_LIMIT, type RelatedTicket, type RelatedTickets } from '../../../shared/api/methods/bulk'
import type { Db } from '../connection'

/** Half the "same hour" window: a ticket created 10:45 is related to same-type tickets from 10:15 to 11:15. */
export const SAME_HOUR_HALF_WINDOW_MS = 30 * 60_000

interface RawRelated {
  id: number
  subject: string
  sensitive: number
  case_type: string | null
  status: string
  created_at: number
}

const toRelated = (r: RawRelated): RelatedTicket => ({
  id: r.id,
  subject: r.sensitive === 1 ? null : r.subject,
  sensitive: r.sensitive === 1,
  caseType: r.case_type,
  status: r.status,
  createdAt: r.created_at,
})

const COLUMNS = 'id, subject, sensitive, case_type, status, created_at'

/** Null when the ticket is not in the workspace. */
export function relatedTickets(db: Db, id: number, limit = RELATED_LIMIT): RelatedTickets | null {
  const t = db.prepare('SELECT requester, case_type, created_at FROM tickets WHERE id = ?').get(id) as
    { requester: string | null; case_type: string | null; created_at: number } | undefined
  if (!t) return null
  const from = t.created_at - SAME_HOUR_HALF_WINDOW_MS
  const to = t.created_at + SAME_HOUR_HALF_WINDOW_MS
  const empty = { total: 0, tickets: [] }

  const sameRequester =
    t.requester === null || t.requester === ''
      ? empty
      : {
          total: (
            db.prepare('SELECT count(*) AS n FROM tickets WHERE requester = ? AND id <> ?').get(t.requester, id) as {
              n: number
            }
          ).n,
          tickets: (
            db
              .prepare(
                `SELECT ${COLUMNS} FROM tickets WHERE requester = ? AND id <> ? ORDER BY created_at DESC, id DESC LIMIT ?`,
              )
              .all(t.requester, id, limit) as RawRelated[]
          ).map(toRelated),
        }

  // Both ends inclusive: "within half an hour either side".
  const sameCaseType =
    t.case_type === null
      ? empty
      : {
          total: (
            db
              .prepare(
                `SELECT count(*) AS n FROM tickets
                 WHERE case_type = ? AND created_at BETWEEN ? AND ? AND id <> ?`,
              )
              .get(t.case_type, from, to, id) as { n: number }
          ).n,
          tickets: (
            db
              .prepare(
                `SELECT ${COLUMNS} FROM tickets
                 WHERE case_type = ? AND created_at BETWEEN ? AND ? AND id <> ?
                 ORDER BY created_at DESC, id DESC LIMIT ?`,
              )
              .all(t.case_type, from, to, id, limit) as RawRelated[]
          ).map(toRelated),
        }

  return { sameRequester, sameCaseTypeHour: { ...sameCaseType, from, to } }
}
