/**
 * Escalations end to end through the dispatcher: creation from a selection, a filter or an alert; impact figures
 * against hand-computed fixtures; cohort snapshots that stay frozen; timeline entries the workbench records after an
 * import and a bulk add; remediation metrics met, not met and not enough data; refusals that change nothing.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../src/main/app/backend'
import { ensureSource, upsertTickets, type TicketInput } from '../../src/main/db/queries/ticketWrites'
import { insertAlert } from '../../src/main/db/queries/alerts'
import { createEscalationHandlers } from '../../src/main/api/escalationHandlers'
import { DataChangedHooks } from '../../src/main/app/dataChanged'
import { EventBus } from '../../src/main/app/events'
import { checkActionsInTurns, checkMetric } from '../../src/main/escalations/remediationCheck'
import { recordAlertFired } from '../../src/main/escalations/service'
import type { MethodName } from '../../src/shared/api/contract'
import type { TaskProgress } from '../../src/shared/api/types'
import type {
  CohortSnapshot,
  EscalationBundle,
  EscalationDetail,
  EscalationSummary,
  RemediationAction,
  SuccessMetric,
  TimelineEntry,
} from '../../src/shared/escalations'
import type { ImportInspection } from '../../src/shared/importMapping'
import { ticketInput } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'

const H = 3_600_000
const D = 24 * H
/** The incident starts here; the baseline is the 28 days before it. */
const T = Date.parse('2026-05-10T12:00:00Z')

let seq = 0
function ticket(over: Partial<TicketInput>): TicketInput {
  const createdAt = over.createdAt ?? T
  const id = `X-${++seq}`
  return ticketInput(id, {
    subject: 'Ticket',
    priority: 'normal',
    caseType: 'creator_payouts',
    region: 'EU',
    requester: `@user${seq}`,
    updatedAt: createdAt + 1000,
    ...over,
    createdAt,
  })
}

const solved = (createdAt: number, minutes: number, over: Partial<TicketInput> = {}): TicketInput =>
  ticket({
    createdAt,
    status: 'solved',
    firstSolvedAt: createdAt + minutes * 60_000,
    solvedAt: createdAt + minutes * 60_000,
    firstResolutionMinutes: minutes,
    fullResolutionMinutes: minutes,
    firstReplyMinutes: 5,
    replies: 1,
    ...over,
  })

/** The cohort (ids 1–4), the baseline (5–7), one too old for the baseline (8), another case type (9). */
const FIXTURE: TicketInput[] = [
  solved(T, 100, {
    requester: '@u1',
    channel: 'email',
    reopens: 1,
    replies: 1,
    csat: 5,
    firstReplyMinutes: 10,
    subject: 'payout missing',
  }),
  solved(T + H, 300, {
    requester: '@u1',
    channel: 'in_app',
    reopens: 0,
    replies: 3,
    csat: 2,
    firstReplyMinutes: 30,
    subject: 'payout late',
  }),
  ticket({ createdAt: T + 2 * H, requester: '@u2', region: 'NA', firstReplyMinutes: 50, replies: 1 }),
  ticket({ createdAt: T + 3 * H, requester: null, region: null }),
  solved(T - 2 * D, 60, { reopens: 0 }),
  solved(T - 3 * D, 60, { reopens: 0 }),
  solved(T - 4 * D, 60, { reopens: 1 }),
  solved(T - 40 * D, 60, { reopens: 1 }),
  solved(T - 2 * D, 60, { reopens: 1, caseType: 'account_recovery' }),
]

let backend: Backend
let dataDir: string

async function ok<T>(method: MethodName, input: unknown): Promise<T> {
  const r = await backend.dispatch(method, input)
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
  return r.value as T
}

async function fails(method: MethodName, input: unknown): Promise<{ code: string; message: string }> {
  const r = await backend.dispatch(method, input)
  if (r.ok) throw new Error(`${method} unexpectedly succeeded`)
  return r.error
}

const bundle = (id: number) => ok<EscalationBundle>('escalations.get', { id })
const db = () => backend.manager.require().db

beforeEach(async () => {
  seq = 0
  dataDir = tempDir()
  backend = await createBackend({ dataDir, transport: 'cli', noDemo: true })
  const { db, tickets } = backend.manager.require()
  upsertTickets(db, ensureSource(db, 'file', 'Imported'), FIXTURE)
  tickets.invalidate()
})
afterEach(() => backend.close())

describe('creating an escalation', () => {
  it('from a grid selection: the cohort, the origin, a first snapshot and the opening entry', async () => {
    const before = Date.now()
    const esc = await ok<EscalationSummary>('escalations.create', {
      title: 'Payout delays',
      priority: 'P1',
      ticketIds: [1, 2, 3, 4, 2],
      origin: { kind: 'selection', description: '4 tickets selected in Cases' },
      partnerTeams: ['engineering', 'comms'],
    })
    expect(esc).toMatchObject({ tickets: 4, status: 'open', partnerTeams: ['engineering', 'comms'] })
    // P1's cadence: the first update is due 4 hours after opening.
    expect(esc.nextUpdateDue).toBeGreaterThanOrEqual(before + 4 * H)
    expect(esc.nextUpdateDue).toBeLessThanOrEqual(Date.now() + 4 * H)
    const b = await bundle(esc.id)
    expect(b.escalation.origin).toEqual({ kind: 'selection', ref: null, description: '4 tickets selected in Cases' })
    expect(b.snapshots).toHaveLength(1)
    expect(b.snapshots[0]).toMatchObject({ reason: 'created', tickets: 4, change: null })
    expect(b.timeline.map((t) => t.kind)).toEqual(['opened'])
    expect(b.timeline[0]?.body).toContain('with 4 tickets')
    expect(await ok('tickets.count', { filters: { escalationId: [esc.id] } })).toEqual({ count: 4 })
  })

  it('keeps the old two-field call working', async () => {
    const esc = await ok<EscalationSummary>('escalations.create', { title: 'Minor', priority: 'P3' })
    expect(esc.tickets).toBe(0)
    expect((await bundle(esc.id)).snapshots).toEqual([])
  })

  it('from a filter: every matching ticket joins, and the filter is kept', async () => {
    const esc = await ok<EscalationSummary>('escalations.create', {
      title: 'EU payouts',
      priority: 'P2',
      cohortFilters: { caseType: ['creator_payouts'], region: ['EU'] },
      origin: { kind: 'cluster', ref: 'cluster-7', description: 'Payout missing (cluster of 12)' },
    })
    // Ids 1, 2, 5, 6, 7, 8 are EU payouts.
    expect(esc.tickets).toBe(6)
    const b = await bundle(esc.id)
    expect(b.escalation.cohortFilters).toEqual({ caseType: ['creator_payouts'], region: ['EU'] })
    expect(b.timeline[0]?.body).toContain('emerging-issue cluster')
  })

  it('from an alert: the alert is on the timeline, and a later firing is recorded too', async () => {
    const esc = await ok<EscalationSummary>('escalations.create', {
      title: 'Payout spike',
      priority: 'P0',
      ticketIds: [1, 2],
      origin: { kind: 'alert', ref: 'alert-3', description: 'Volume of Creator payouts +180% in EU' },
    })
    const other = await ok<EscalationSummary>('escalations.create', { title: 'NA', priority: 'P2', ticketIds: [3] })
    const fired = (alertRef: string, description: string, region: string | null = null) =>
      recordAlertFired(db(), {
        alertRef,
        description,
        ...(region ? { segment: { caseType: 'creator_payouts', region, channel: null } } : {}),
      })
    expect(fired('alert-3', 'Volume of Creator payouts +240% in EU')).toEqual([esc.id])
    expect(fired('alert-other', 'x')).toEqual([])
    // Another alert on the NA segment reaches the escalation whose cohort holds NA payouts tickets.
    expect(fired('alert-9', 'Reopen rate of Creator payouts in NA doubled', 'NA')).toEqual([other.id])
    expect((await bundle(other.id)).timeline.at(-1)?.body).toBe(
      'Alert fired: Reopen rate of Creator payouts in NA doubled',
    )
    const kinds = (await bundle(esc.id)).timeline.map((t) => `${t.kind}: ${t.body}`)
    expect(kinds).toEqual([
      'alert: Alert fired: Volume of Creator payouts +180% in EU',
      expect.stringMatching(/^opened: Opened from an alert, P0, with 2 tickets/),
      'alert: Alert fired: Volume of Creator payouts +240% in EU',
    ])
  })

  it('records an alert the alerts engine announces on the escalations it concerns', async () => {
    // The escalation handlers listen to the event bus; a second set over this backend's workspace hears this bus.
    const events = new EventBus()
    createEscalationHandlers({
      manager: backend.manager,
      events,
      dataChanged: new DataChangedHooks(),
      transport: 'cli',
      version: 'test',
      log: () => {},
    })
    const esc = await ok<EscalationSummary>('escalations.create', { title: 'EU', priority: 'P1', ticketIds: [1, 2] })
    const unrelated = await ok<EscalationSummary>('escalations.create', { title: 'NA', priority: 'P1', ticketIds: [3] })
    const alertId = insertAlert(db(), {
      kpi: 'volume',
      direction: 'spike',
      segKey: 'creator_payouts||EU',
      caseType: 'creator_payouts',
      channel: null,
      region: 'EU',
      severity: 'high',
      startedAt: T,
      detectedAt: T,
      lastSeenAt: T,
      windowHours: 6,
      observed: 40,
      expected: 10,
      spread: 3,
      score: 9,
      sample: 40,
      createdAt: T,
      updatedAt: T,
    })
    events.emit({
      type: 'alerts.changed',
      opened: 1,
      notify: [{ id: alertId, title: 'Volume spike', segment: 'Creator fund & payouts in Europe' }],
    })
    expect((await bundle(esc.id)).timeline.at(-1)).toMatchObject({
      source: 'workbench',
      kind: 'alert',
      body: 'Alert fired: Volume spike (Creator fund & payouts in Europe)',
    })
    expect((await bundle(unrelated.id)).timeline.map((t) => t.kind)).toEqual(['opened'])
  })

  it('refuses ticket ids that are not in the workspace, and creates nothing', async () => {
    const e = await fails('escalations.create', { title: 'X', priority: 'P1', ticketIds: [1, 9999] })
    expect(e.code).toBe('not_found')
    expect(e.message).toBe('1 of the 2 tickets named is not in this workspace (for example 9999); nothing was created.')
    expect(await ok('escalations.list', {})).toEqual([])
    const bad = await fails('escalations.create', { title: 'X', priority: 'P5' })
    expect(bad.code).toBe('invalid_input')
  })
})

describe('impact', () => {
  it('matches the hand-computed figures of the fixture', async () => {
    const esc = await ok<EscalationSummary>('escalations.create', {
      title: 'Payouts',
      priority: 'P1',
      ticketIds: [1, 2, 3, 4],
    })
    const before = Date.now()
    const impact = (await bundle(esc.id)).impact
    expect(impact).toMatchObject({
      tickets: 4,
      users: 2, // @u1 twice, @u2; one ticket has no requester
      withoutRequester: 1,
      openTickets: 2,
      firstCreatedAt: T,
      lastCreatedAt: T + 3 * H,
    })
    expect(impact.regions).toEqual([
      { value: 'EU', tickets: 2 },
      { value: null, tickets: 1 },
      { value: 'NA', tickets: 1 },
    ])
    expect(impact.channels).toEqual([
      { value: 'email', tickets: 3 },
      { value: 'in_app', tickets: 1 },
    ])
    // Live: from the first ticket to now.
    expect(impact.durationMinutes).toBeGreaterThanOrEqual(Math.round((before - T) / 60_000) - 1)
    const kpi = (k: string) => impact.kpis.find((x) => x.key === k)
    // Reopen rate: 1 of the 2 solved cohort tickets; baseline 1 of 3 payouts tickets in the 28 days before.
    expect(kpi('reopenRate')?.cohort).toEqual({ value: 50, n: 2, small: true })
    expect(kpi('reopenRate')?.baseline.value).toBeCloseTo(100 / 3, 10)
    expect(kpi('reopenRate')?.baseline.n).toBe(3)
    expect(kpi('reopenRate')?.change).toBeCloseTo(50 - 100 / 3, 10)
    expect(kpi('reopenRate')?.worse).toBe(true)
    // CSAT: 5 is good, 2 is bad → 50%. One-touch: one of two solved had ≤ 1 reply.
    expect(kpi('csat')?.cohort.value).toBe(50)
    expect(kpi('oneTouch')?.cohort.value).toBe(50)
    // Medians: first reply over 10, 30, 50; full resolution over 100, 300; baseline 60 min each.
    expect(kpi('frt')?.cohort).toMatchObject({ value: 30, n: 3 })
    expect(kpi('fullResolution')?.cohort).toMatchObject({ value: 200, n: 2 })
    expect(kpi('fullResolution')?.baseline).toMatchObject({ value: 60, n: 3 })
    expect(kpi('fullResolution')?.change).toBe(140)
    expect(impact.baseline).toMatchObject({
      from: Date.parse('2026-04-12T00:00:00Z'),
      to: Date.parse('2026-05-10T00:00:00Z'),
      tickets: 3,
    })
    expect(impact.baseline.description).toContain('same case types (Creator fund & payouts)')
  })

  it('falls back to the same case types when the cohort filter matched too few tickets before', async () => {
    // Only the two cohort tickets say "payout": the filter's own baseline is empty.
    const esc = await ok<EscalationSummary>('escalations.create', {
      title: 'Payout text',
      priority: 'P1',
      cohortFilters: { text: 'payout' },
    })
    const impact = (await bundle(esc.id)).impact
    expect(impact.tickets).toBe(2)
    expect(impact.baseline).toMatchObject({
      from: Date.parse('2026-04-12T00:00:00Z'),
      to: Date.parse('2026-05-10T00:00:00Z'),
      tickets: 3,
    })
    expect(impact.baseline.description).toBe(
      'tickets of the same case types (Creator fund & payouts); the cohort filter matched too few tickets before, ' +
        'created in the 28 days before the first affected ticket',
    )
    expect(impact.kpis.find((k) => k.key === 'reopenRate')?.baseline.value).toBeCloseTo(100 / 3, 10)
  })

  it('ends the duration at resolution', async () => {
    const esc = await ok<EscalationSummary>('escalations.create', { title: 'P', priority: 'P1', ticketIds: [1, 4] })
    const updated = await ok<EscalationDetail>('escalations.update', { id: esc.id, status: 'resolved' })
    expect(updated.resolvedAt).not.toBeNull()
    const impact = (await bundle(esc.id)).impact
    expect(impact.durationMinutes).toBe(Math.round(((updated.resolvedAt as number) - T) / 60_000))
  })
})

describe('cohort snapshots and the timeline', () => {
  it('freezes the ids at each update; later additions do not change an older snapshot', async () => {
    const esc = await ok<EscalationSummary>('escalations.create', { title: 'P', priority: 'P2', ticketIds: [1, 2] })
    const due = Date.now() + 2 * H
    const after = await ok<EscalationBundle>('escalations.recordUpdate', {
      id: esc.id,
      body: 'Update 1: engineering is on it.',
      nextUpdateDue: due,
    })
    expect(after.escalation.nextUpdateDue).toBe(due)
    await ok('bulk.apply', { target: { ids: [3, 4] }, action: { kind: 'escalation.add', escalationId: esc.id } })
    const third = await ok<CohortSnapshot>('escalations.snapshot', { id: esc.id })
    expect(third).toMatchObject({ reason: 'manual', tickets: 4, change: 2 })
    const snaps = (await bundle(esc.id)).snapshots
    expect(snaps.map((s) => [s.reason, s.tickets, s.change])).toEqual([
      ['created', 2, null],
      ['update', 2, 0],
      ['manual', 4, 2],
    ])
    expect(await ok('escalations.snapshotTickets', { snapshotId: snaps[0]?.id })).toEqual([1, 2])
    expect(await ok('escalations.snapshotTickets', { snapshotId: third.id })).toEqual([1, 2, 3, 4])
    expect((await fails('escalations.snapshotTickets', { snapshotId: 999 })).code).toBe('not_found')
    expect(snaps[2]?.impact).toMatchObject({ tickets: 4, users: 2, openTickets: 2 })

    // The bulk add from Cases and its undo are on the timeline.
    await ok('bulk.undo', {})
    const timeline = (await bundle(esc.id)).timeline
    expect(timeline.map((t: TimelineEntry) => [t.source, t.kind])).toEqual([
      ['workbench', 'opened'],
      ['analyst', 'update'],
      ['workbench', 'cohort'],
      ['workbench', 'cohort'],
    ])
    expect(timeline[2]?.body).toBe('Cohort grew by 2 tickets, added from Cases.')
    expect(timeline[3]?.body).toBe('Undo in Cases took 2 tickets back out of the cohort.')
  })

  it('records analyst entries and header changes, and refuses empty ones', async () => {
    const esc = await ok<EscalationSummary>('escalations.create', { title: 'P', priority: 'P2' })
    await ok('escalations.addEntry', { id: esc.id, kind: 'step', body: 'Paged the payouts on-call.', at: T })
    await ok('escalations.update', { id: esc.id, priority: 'P0', owner: 'Ana', partnerTeams: ['product'] })
    const timeline = (await bundle(esc.id)).timeline
    expect(timeline[0]).toMatchObject({ source: 'analyst', kind: 'step', at: T, body: 'Paged the payouts on-call.' })
    expect(timeline.at(-1)?.body).toBe('Changed priority P2 → P0; owner none → Ana; partner teams none → Product.')
    expect((await fails('escalations.addEntry', { id: esc.id, kind: 'step', body: '   ' })).message).toContain(
      'Write something for the timeline entry.',
    )
    expect((await fails('escalations.addEntry', { id: 42, kind: 'note', body: 'x' })).message).toBe(
      'There is no escalation 42 in this workspace.',
    )
  })

  it('after an import, new tickets matching the cohort filter join it and the timeline says so', async () => {
    const esc = await ok<EscalationSummary>('escalations.create', {
      title: 'Payout text',
      priority: 'P1',
      cohortFilters: { text: 'payout' },
    })
    expect(esc.tickets).toBe(2)
    const file = path.join(dataDir, 'export.csv')
    fs.writeFileSync(
      file,
      'Id,Subject,Status,Created at,Updated at\n' +
        'A1,"payout never arrived",open,2026-05-11T00:00:00Z,2026-05-11T01:00:00Z\n' +
        'A2,"payout stuck",open,2026-05-11T00:00:00Z,2026-05-11T01:00:00Z\n' +
        'A3,"login loop",open,2026-05-11T00:00:00Z,2026-05-11T01:00:00Z\n',
    )
    const inspection = await ok<ImportInspection>('import.inspect', { file: { path: file } })
    // The import announces new data after its task ends, just before it tells windows the workspace changed.
    let task: TaskProgress | null = null
    const done = new Promise<void>((resolve) => {
      const off = backend.onEvent((e) => {
        if (e.type === 'task' && e.task.kind === 'import' && e.task.state !== 'running') task = e.task
        if (e.type === 'workspace.changed' && task) {
          off()
          resolve()
        }
      })
    })
    await ok('import.start', { file: { path: file }, mapping: inspection.mapping, timeZone: 'UTC' })
    await done
    expect(task).toMatchObject({ state: 'done' })
    const b = await bundle(esc.id)
    expect(b.escalation.tickets).toBe(4)
    const last = b.timeline.at(-1)
    expect(last).toMatchObject({ source: 'workbench', kind: 'sync', data: { added: 2, reason: 'import' } })
    expect(last?.body).toBe('An import brought 2 tickets matching the cohort; they joined the cohort.')
    // The grid's escalation filter sees them at once.
    expect(await ok('tickets.count', { filters: { escalationId: [esc.id] } })).toEqual({ count: 4 })
  })
})

describe('remediation', () => {
  const now = T + 30 * D
  const metric: SuccessMetric = {
    kpi: 'reopenRate',
    filters: { caseType: ['copyright'] },
    comparator: 'below',
    threshold: 5,
    days: 14,
    minSample: 20,
  }
  /** `solvedN` copyright tickets solved in the last 14 days before `now`, `reopened` of them reopened. */
  function seed(solvedN: number, reopened: number) {
    const rows = Array.from({ length: solvedN }, (_, i) =>
      solved(now - 10 * D + i * H, 30, { caseType: 'copyright', reopens: i < reopened ? 1 : 0 }),
    )
    // Outside the window: must not count.
    rows.push(solved(now - 20 * D, 30, { caseType: 'copyright', reopens: 1 }))
    upsertTickets(db(), ensureSource(db(), 'file', 'Imported'), rows)
  }

  it('met: 1 of 25 reopened (4%) is under 5%', () => {
    seed(25, 1)
    expect(checkMetric(db(), metric, null, now)).toEqual({
      outcome: 'met',
      value: 4,
      n: 25,
      checkedAt: now,
      note: 'Reopen rate 4.0% over 25 tickets solved in the last 14 days: target below 5.0%.',
    })
  })

  it('gives the same answer from the tickets when the rollups cannot answer (two fields)', () => {
    seed(25, 1)
    // Every seeded ticket is in EU: case type + region is answered from the tickets, case type alone from the rollups.
    const both = checkMetric(db(), { ...metric, filters: { caseType: ['copyright'], region: ['EU'] } }, null, now)
    expect(both).toEqual(checkMetric(db(), metric, null, now))
    expect(both).toMatchObject({ outcome: 'met', value: 4, n: 25 })
  })

  it('not met: 3 of 25 reopened (12%)', () => {
    seed(25, 3)
    expect(checkMetric(db(), metric, null, now)).toMatchObject({ outcome: 'not_met', value: 12, n: 25 })
  })

  it('not enough data: 5 tickets, or a fix in place for less than the window', () => {
    seed(5, 0)
    expect(checkMetric(db(), metric, null, now)).toMatchObject({
      outcome: 'not_enough_data',
      value: 0,
      n: 5,
      note: 'Reopen rate 0.0% over 5 tickets solved in the last 14 days: at least 20 are needed to judge.',
    })
    const fresh = checkMetric(db(), metric, now - 5 * D, now)
    expect(fresh.outcome).toBe('not_enough_data')
    expect(fresh.note).toContain('in place for 5 of 14 days')
  })

  it('after new data, checks every metric in turns and records a changed outcome once, however many runs', async () => {
    const esc = await ok<EscalationSummary>('escalations.create', { title: 'P', priority: 'P1', ticketIds: [1] })
    const action = await ok<RemediationAction>('escalations.addAction', {
      escalationId: esc.id,
      title: 'Fix the takedown form',
      ownerTeam: 'Engineering',
      metric: { ...metric, days: 365 },
    })
    expect(action.check?.outcome).toBe('not_enough_data')
    seed(25, 0) // Now there is enough data: 1 of 26 reopened (3.8%) is under 5%.
    const pauses: number[] = []
    const pause = () => {
      pauses.push(1)
      return Promise.resolve()
    }
    // Two syncs in a row start two runs at once.
    expect(await Promise.all([checkActionsInTurns(db(), pause), checkActionsInTurns(db(), pause)])).toEqual([1, 1])
    expect(pauses.length).toBe(2)
    const entries = (await bundle(esc.id)).timeline.filter((t) => t.kind === 'remediation' && t.source === 'workbench')
    expect(entries).toHaveLength(1)
    expect(entries[0]?.body).toMatch(
      /^Success metric of “Fix the takedown form” \(Reopen rate below 5\.0% for 365 days/,
    )
    expect(entries[0]?.body).toContain(': met. Reopen rate 3.8% over 26 tickets solved in the last 365 days')
  })

  it('through the API: added, checked, overdue, re-checked after an import with a timeline entry', async () => {
    seed(25, 3)
    const esc = await ok<EscalationSummary>('escalations.create', { title: 'P', priority: 'P1', ticketIds: [1] })
    const action = await ok<RemediationAction>('escalations.addAction', {
      escalationId: esc.id,
      title: 'Fix the takedown form',
      ownerTeam: 'Engineering',
      dueAt: Date.now() - H,
      metric: { ...metric, days: 365 },
    })
    expect(action).toMatchObject({ status: 'planned', overdue: true })
    expect(action.check).toMatchObject({ outcome: 'not_met', n: 26 })
    expect((await bundle(esc.id)).escalation.overdueActions).toBe(1)
    expect((await ok<EscalationSummary[]>('escalations.list', {})).find((e) => e.id === esc.id)?.overdueActions).toBe(1)
    const done = await ok<RemediationAction>('escalations.updateAction', { id: action.id, status: 'done' })
    expect(done).toMatchObject({ status: 'done', overdue: false })
    expect(done.doneAt).not.toBeNull()
    // Done just now: its days count from now, so there is not enough data yet.
    expect(done.check?.outcome).toBe('not_enough_data')
    const refused = await fails('escalations.addAction', {
      escalationId: esc.id,
      title: 'X',
      ownerTeam: 'Policy',
      metric: { ...metric, threshold: 150 },
    })
    expect(refused.message).toContain('A rate target is a percentage from 0 to 100.')
    expect((await fails('escalations.updateAction', { id: 999, status: 'done' })).code).toBe('not_found')
  })
})
