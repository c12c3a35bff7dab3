/**
 * Escalation work that spans several tables: creating one with its cohort and first snapshot, header changes that
 * the timeline records, updates sent (snapshot + next due), and what follows new data (new tickets matching a
 * cohort filter, remediation metrics re-checked). Each runs in one transaction: a failure changes nothing.
 */
import type { TicketFilters } from '../../shared/api/schemas'
import {
  ESCALATION_STATUS_LABELS,
  PARTNER_TEAM_LABELS,
  UPDATE_CADENCE_MINUTES,
  type CohortSnapshot,
  type EscalationBundle,
  type EscalationDetail,
  type EscalationOrigin,
  type EscalationPriority,
  type EscalationSummary,
  type PartnerTeam,
  type SnapshotReason,
} from '../../shared/escalations'
import { describeFilters } from '../../shared/exportDescribe'
import type { Db } from '../db/connection'
import * as q from '../db/queries/escalations'
import { sourceNames } from '../db/queries/metrics'
import { computeImpact, impactCounts } from './impact'
import { checkActions } from './remediationCheck'

/** Most tickets a cohort filter may pull in when the escalation is created or its filter changes. */
export const MAX_COHORT_FILTER_TICKETS = 200_000

/** A request refused on purpose, with the sentence for the analyst. Nothing was changed. */
export class EscalationRefusal extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_input',
    message: string,
  ) {
    super(message)
    this.name = 'EscalationRefusal'
  }
}

const n = (v: number) => v.toLocaleString('en-US')
const tickets = (v: number) => `${n(v)} ticket${v === 1 ? '' : 's'}`

const ORIGIN_WORDS: Record<EscalationOrigin['kind'], string> = {
  alert: 'an alert',
  cluster: 'an emerging-issue cluster',
  selection: 'a selection in Cases',
  manual: 'by hand',
}

/** A filter in words for the timeline. Main does not know the analyst's zone, so created dates say UTC. */
function filterWords(filters: TicketFilters): string {
  const words = describeFilters(filters, 'UTC')
  return filters.createdFrom !== undefined || filters.createdTo !== undefined ? `${words} (UTC)` : words
}

export interface CreateRequest {
  title: string
  priority: EscalationPriority
  owner?: string | null
  partnerTeams?: readonly string[]
  summary?: string
  cohortFilters?: TicketFilters
  ticketIds?: readonly number[]
  origin?: { kind: EscalationOrigin['kind']; ref?: string; description: string }
  nextUpdateDue?: number | null
}

function checkFilterSize(db: Db, filters: TicketFilters): void {
  const matching = q.countMatching(db, filters)
  if (matching > MAX_COHORT_FILTER_TICKETS)
    throw new EscalationRefusal(
      'invalid_input',
      `That filter matches ${tickets(matching)}; an escalation's cohort holds at most ${n(MAX_COHORT_FILTER_TICKETS)}. ` +
        'Narrow the filter (a case type, a region, a date range) and try again.',
    )
}

function missingIds(db: Db, ids: readonly number[]): number[] {
  const present = new Set(
    db
      .prepare('SELECT id FROM tickets WHERE id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(JSON.stringify(ids)) as number[],
  )
  return ids.filter((id) => !present.has(id))
}

export function takeSnapshot(db: Db, escalationId: number, reason: SnapshotReason, now: number): CohortSnapshot {
  const detail = q.getEscalationDetail(db, escalationId, now) as EscalationDetail
  return q.insertSnapshot(db, escalationId, reason, impactCounts(db, detail, now), now)
}

export function createEscalation(db: Db, req: CreateRequest, now = Date.now()): EscalationSummary {
  const ids = [...new Set(req.ticketIds ?? [])]
  if (ids.length > 0) {
    const missing = missingIds(db, ids)
    if (missing.length > 0)
      throw new EscalationRefusal(
        'not_found',
        `${n(missing.length)} of the ${tickets(ids.length)} named ${missing.length === 1 ? 'is' : 'are'} not in this ` +
          `workspace (for example ${missing.slice(0, 3).join(', ')}); nothing was created.`,
      )
  }
  if (req.cohortFilters) checkFilterSize(db, req.cohortFilters)
  const origin: EscalationOrigin = req.origin
    ? { kind: req.origin.kind, ref: req.origin.ref ?? null, description: req.origin.description }
    : { kind: 'manual', ref: null, description: '' }
  return db.transaction(() => {
    const created = q.createEscalation(
      db,
      {
        title: req.title,
        priority: req.priority,
        owner: req.owner ?? null,
        partnerTeams: req.partnerTeams ?? [],
        summary: req.summary ?? '',
        origin,
        cohortFilters: req.cohortFilters ?? null,
        nextUpdateDue:
          req.nextUpdateDue === undefined ? now + UPDATE_CADENCE_MINUTES[req.priority] * 60_000 : req.nextUpdateDue,
      },
      now,
    )
    q.addCohortIds(db, created.id, ids, now)
    if (req.cohortFilters) q.addCohortMatching(db, created.id, req.cohortFilters, now)
    const size = q.cohortSize(db, created.id)
    if (origin.kind === 'alert')
      q.addTimelineEntry(db, created.id, {
        source: 'workbench',
        kind: 'alert',
        at: now,
        body: `Alert fired: ${origin.description}`,
        data: { alert: origin.ref },
      })
    const from =
      origin.kind === 'manual'
        ? 'Opened by hand'
        : `Opened from ${ORIGIN_WORDS[origin.kind]}${origin.description && origin.kind !== 'alert' ? `: ${origin.description}` : ''}`
    const cohort = req.cohortFilters ? ` matching ${filterWords(req.cohortFilters)}` : ''
    q.addTimelineEntry(db, created.id, {
      source: 'workbench',
      kind: 'opened',
      at: now,
      body: `${from}, ${req.priority}, with ${tickets(size)}${cohort}.`,
      data: { origin, tickets: size },
    })
    if (size > 0 || req.cohortFilters) takeSnapshot(db, created.id, 'created', now)
    return q.getEscalation(db, created.id) as EscalationSummary
  })()
}

export type UpdateRequest = q.EscalationPatch

function teamNames(teams: readonly string[]): string {
  return teams.length === 0 ? 'none' : teams.map((t) => PARTNER_TEAM_LABELS[t as PartnerTeam] ?? t).join(', ')
}

/** Applies header changes; priority, status, owner, partner teams and cohort changes get a timeline entry. */
export function updateEscalation(db: Db, id: number, patch: UpdateRequest, now = Date.now()): EscalationDetail {
  const before = q.getEscalationDetail(db, id, now)
  if (!before) throw new EscalationRefusal('not_found', `There is no escalation ${id} in this workspace.`)
  if (patch.cohortFilters) checkFilterSize(db, patch.cohortFilters)
  db.transaction(() => {
    q.updateEscalation(db, id, patch, now)
    const changes: string[] = []
    if (patch.priority !== undefined && patch.priority !== before.priority)
      changes.push(`priority ${before.priority} → ${patch.priority}`)
    if (patch.status !== undefined && patch.status !== before.status)
      changes.push(`status ${ESCALATION_STATUS_LABELS[before.status]} → ${ESCALATION_STATUS_LABELS[patch.status]}`)
    if (patch.owner !== undefined && patch.owner !== before.owner)
      changes.push(`owner ${before.owner ?? 'none'} → ${patch.owner ?? 'none'}`)
    if (patch.partnerTeams !== undefined && teamNames(patch.partnerTeams) !== teamNames(before.partnerTeams))
      changes.push(`partner teams ${teamNames(before.partnerTeams)} → ${teamNames(patch.partnerTeams)}`)
    if (patch.title !== undefined && patch.title !== before.title) changes.push(`title “${patch.title}”`)
    if (changes.length > 0)
      q.addTimelineEntry(db, id, {
        source: 'workbench',
        kind: 'change',
        at: now,
        body: `Changed ${changes.join('; ')}.`,
        data: { fields: Object.keys(patch) },
      })
    if (
      patch.cohortFilters !== undefined &&
      JSON.stringify(patch.cohortFilters) !== JSON.stringify(before.cohortFilters)
    ) {
      const added = patch.cohortFilters ? q.addCohortMatching(db, id, patch.cohortFilters, now) : 0
      q.addTimelineEntry(db, id, {
        source: 'workbench',
        kind: 'cohort',
        at: now,
        body: patch.cohortFilters
          ? `Cohort filter set to ${filterWords(patch.cohortFilters)}; ${tickets(added)} joined the cohort.`
          : 'Cohort filter removed; the tickets already in the cohort stay, and new ones no longer join by themselves.',
        data: { added },
      })
    }
  })()
  return q.getEscalationDetail(db, id, now) as EscalationDetail
}

export function bundleOf(db: Db, id: number, now = Date.now()): EscalationBundle | null {
  const escalation = q.getEscalationDetail(db, id, now)
  if (!escalation) return null
  // A metric never checked (an action written by a script, or before its first sync) is checked now, so the
  // tracker never shows a stale "not checked".
  if (
    !db.readonly &&
    q.actionsOf(db, id, now).some((a) => a.metric !== null && a.check === null && a.status !== 'cancelled')
  )
    checkActions(db, { escalationId: id, now })
  return {
    escalation,
    impact: computeImpact(db, escalation, now),
    timeline: q.timelineOf(db, id),
    snapshots: q.snapshotsOf(db, id),
    actions: q.actionsOf(db, id, now),
  }
}

/** An update went out: its text joins the timeline, the cohort is frozen, the next update is scheduled. */
export function recordUpdate(db: Db, id: number, body: string, nextUpdateDue: number | null, now = Date.now()): void {
  if (!q.getEscalation(db, id))
    throw new EscalationRefusal('not_found', `There is no escalation ${id} in this workspace.`)
  db.transaction(() => {
    const snapshot = takeSnapshot(db, id, 'update', now)
    q.updateEscalation(db, id, { nextUpdateDue }, now)
    q.addTimelineEntry(db, id, {
      source: 'analyst',
      kind: 'update',
      at: now,
      body,
      data: { snapshotId: snapshot.id, tickets: snapshot.tickets, nextUpdateDue },
    })
  })()
}

/**
 * After a sync or import: new tickets matching a live escalation's cohort filter join its cohort (with a timeline
 * entry saying how many and from where), then every success metric is checked again (unless `checkMetrics` is
 * false: the app checks them in turns, see checkActionsInTurns). Returns tickets added.
 */
export function afterDataChanged(
  db: Db,
  change: { reason: 'sync' | 'import' | 'demo'; sourceId?: number },
  now = Date.now(),
  checkMetrics = true,
): number {
  let added = 0
  db.transaction(() => {
    const max = q.maxTicketId(db)
    const source = change.sourceId === undefined ? null : (sourceNames(db).get(String(change.sourceId)) ?? null)
    for (const c of q.liveFilteredCohorts(db)) {
      if (max <= c.checkedId) continue
      const joined = q.addCohortMatching(db, c.id, c.filters, now, c.checkedId)
      q.setCohortChecked(db, c.id, max)
      if (joined === 0) continue
      added += joined
      q.touchEscalation(db, c.id, now)
      const how =
        change.reason === 'sync'
          ? `A sync${source ? ` of ${source}` : ''}`
          : change.reason === 'import'
            ? 'An import'
            : 'New data'
      q.addTimelineEntry(db, c.id, {
        source: 'workbench',
        kind: 'sync',
        at: now,
        body: `${how} brought ${tickets(joined)} matching the cohort; ${joined === 1 ? 'it joined' : 'they joined'} the cohort.`,
        data: { added: joined, reason: change.reason, sourceId: change.sourceId ?? null },
      })
    }
  })()
  if (checkMetrics) checkActions(db, { now, record: true })
  return added
}

export interface AlertFiring {
  /** The alert's id, as an escalation created from it holds it in `origin.ref`. */
  alertRef: string
  /** One line for the timeline: "Spike: volume of LIVE gifts & coins in SEA (in-app) 5x the usual". */
  description: string
  /** The alert's segment (null: every value); escalations whose cohort holds tickets of it record it too. */
  segment?: { caseType: string | null; region: string | null; channel: string | null }
}

/**
 * For the alerts engine, after it evaluates: an alert fired (or fired again). Every live escalation opened from that
 * alert, and every live escalation whose cohort holds tickets of the alert's segment (when the segment names at least
 * one field), records it on its timeline. Returns the escalations that recorded it.
 */
export function recordAlertFired(db: Db, firing: AlertFiring, now = Date.now()): number[] {
  const ids = new Set(q.liveEscalationsFrom(db, 'alert', firing.alertRef))
  if (firing.segment) for (const id of q.liveEscalationsOverlapping(db, firing.segment)) ids.add(id)
  const list = [...ids].sort((a, b) => a - b)
  db.transaction(() => {
    for (const id of list)
      q.addTimelineEntry(db, id, {
        source: 'workbench',
        kind: 'alert',
        at: now,
        body: `Alert fired: ${firing.description}`,
        data: { alert: firing.alertRef },
      })
  })()
  return list
}
