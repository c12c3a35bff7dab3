/** Remediation actions of escalations (migration 011): owner team, due date, status, success metric and its check. */
import type {
  CheckOutcome,
  MetricCheck,
  RemediationAction,
  RemediationStatus,
  SuccessMetric,
} from '../../../shared/escalations'
import type { Db } from '../connection'

interface RawAction {
  id: number
  escalation_id: number
  title: string
  owner_team: string
  due_at: number | null
  status: RemediationStatus
  done_at: number | null
  metric_json: string | null
  check_outcome: CheckOutcome | null
  check_value: number | null
  check_n: number | null
  check_note: string | null
  checked_at: number | null
  created_at: number
  updated_at: number
}

const COLUMNS = `id, escalation_id, title, owner_team, due_at, status, done_at, metric_json, check_outcome, check_value,
  check_n, check_note, checked_at, created_at, updated_at`

function parseMetric(json: string | null): SuccessMetric | null {
  if (json === null) return null
  try {
    return JSON.parse(json) as SuccessMetric
  } catch {
    return null
  }
}

/** Past its due date and still to do. */
export function isOverdue(a: { dueAt: number | null; status: RemediationStatus }, now: number): boolean {
  return a.dueAt !== null && a.dueAt < now && (a.status === 'planned' || a.status === 'in_progress')
}

function toAction(r: RawAction, now: number): RemediationAction {
  const check: MetricCheck | null =
    r.check_outcome === null
      ? null
      : {
          outcome: r.check_outcome,
          value: r.check_value,
          n: r.check_n ?? 0,
          note: r.check_note ?? '',
          checkedAt: r.checked_at ?? 0,
        }
  const base = { dueAt: r.due_at, status: r.status }
  return {
    id: r.id,
    escalationId: r.escalation_id,
    title: r.title,
    ownerTeam: r.owner_team,
    dueAt: r.due_at,
    status: r.status,
    doneAt: r.done_at,
    metric: parseMetric(r.metric_json),
    check,
    overdue: isOverdue(base, now),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

/** An escalation's actions: overdue and open ones first by due date, then done and cancelled. */
export function actionsOf(db: Db, escalationId: number, now = Date.now()): RemediationAction[] {
  const rows = db
    .prepare(
      `SELECT ${COLUMNS} FROM remediation_actions WHERE escalation_id = ?
       ORDER BY status IN ('done', 'cancelled'), due_at IS NULL, due_at, id`,
    )
    .all(escalationId) as RawAction[]
  return rows.map((r) => toAction(r, now))
}

export function getAction(db: Db, id: number, now = Date.now()): RemediationAction | null {
  const r = db.prepare(`SELECT ${COLUMNS} FROM remediation_actions WHERE id = ?`).get(id) as RawAction | undefined
  return r ? toAction(r, now) : null
}

export interface NewAction {
  escalationId: number
  title: string
  ownerTeam: string
  dueAt: number | null
  metric: SuccessMetric | null
}

export function insertAction(db: Db, a: NewAction, now = Date.now()): number {
  return Number(
    db
      .prepare(
        `INSERT INTO remediation_actions (escalation_id, title, owner_team, due_at, status, metric_json, created_at,
           updated_at) VALUES (?, ?, ?, ?, 'planned', ?, ?, ?)`,
      )
      .run(a.escalationId, a.title, a.ownerTeam, a.dueAt, a.metric ? JSON.stringify(a.metric) : null, now, now)
      .lastInsertRowid,
  )
}

export interface ActionPatch {
  title?: string
  ownerTeam?: string
  dueAt?: number | null
  status?: RemediationStatus
  metric?: SuccessMetric | null
}

/** Writes the fields given; `done_at` follows the status. A changed metric drops the old check. */
export function updateAction(db: Db, id: number, patch: ActionPatch, now = Date.now()): void {
  const sets: string[] = []
  const params: unknown[] = []
  const set = (col: string, v: unknown) => {
    sets.push(`${col} = ?`)
    params.push(v)
  }
  if (patch.title !== undefined) set('title', patch.title)
  if (patch.ownerTeam !== undefined) set('owner_team', patch.ownerTeam)
  if (patch.dueAt !== undefined) set('due_at', patch.dueAt)
  if (patch.status !== undefined) {
    set('status', patch.status)
    sets.push(`done_at = CASE WHEN ? = 'done' THEN coalesce(done_at, ?) ELSE NULL END`)
    params.push(patch.status, now)
  }
  if (patch.metric !== undefined) {
    set('metric_json', patch.metric ? JSON.stringify(patch.metric) : null)
    sets.push('check_outcome = NULL, check_value = NULL, check_n = NULL, check_note = NULL, checked_at = NULL')
  }
  set('updated_at', now)
  db.prepare(`UPDATE remediation_actions SET ${sets.join(', ')} WHERE id = ?`).run(...params, id)
}

export function removeAction(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM remediation_actions WHERE id = ?').run(id).changes > 0
}

export function writeCheck(db: Db, id: number, check: MetricCheck): void {
  db.prepare(
    `UPDATE remediation_actions SET check_outcome = ?, check_value = ?, check_n = ?, check_note = ?, checked_at = ?
     WHERE id = ?`,
  ).run(check.outcome, check.value, check.n, check.note, check.checkedAt, id)
}

/** Actions with a success metric that still need checking: not cancelled, in any escalation (or one). */
export function actionsToCheck(db: Db, escalationId?: number, now = Date.now()): RemediationAction[] {
  const rows = db
    .prepare(
      `SELECT ${COLUMNS} FROM remediation_actions WHERE metric_json IS NOT NULL AND status != 'cancelled'
       ${escalationId === undefined ? '' : 'AND escalation_id = ?'} ORDER BY id`,
    )
    .all(...(escalationId === undefined ? [] : [escalationId])) as RawAction[]
  return rows.map((r) => toAction(r, now))
}
