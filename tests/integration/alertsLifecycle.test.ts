/**
 * Alerts end to end through the API: an anomaly in synthetic tickets opens an alert, a continuing anomaly updates it,
 * acknowledge / snooze / mute hide it, a sync-like data change re-evaluates and tells clients, bad input is refused.
 */
import { describe, expect, it } from 'vitest'
import { createDispatcher } from '../../src/main/api/dispatcher'
import { createHandlers } from '../../src/main/api/handlers'
import { DataChangedHooks } from '../../src/main/app/dataChanged'
import { EventBus } from '../../src/main/app/events'
import { ensureSource, upsertTickets, type TicketInput } from '../../src/main/db/queries/ticketWrites'
import { WorkspaceManager } from '../../src/main/workspace/manager'
import type { AlertDetail, AlertInbox, AlertSummary } from '../../src/shared/api/methods/alerts'
import type { WorkbenchEvent } from '../../src/shared/api/types'
import { poisson, rng, solvedTicket } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'

const H = 3_600_000
const START = Date.parse('2026-01-05T00:00:00Z')
const WEEKS = 8
const SPIKE = START + (WEEKS * 7 - 2) * 24 * H

const SEGMENTS = [
  ['bug_crash', 'in_app', 'EU'],
  ['account_recovery', 'email', 'NA'],
  ['copyright', 'web_form', 'SEA'],
] as const

/** Steady hourly arrivals per segment over [from, to), times `factor` for bug_crash · in_app · EU. */
function arrivals(from: number, to: number, factor: (t: number) => number, seed: number): TicketInput[] {
  const r = rng(seed)
  const out: TicketInput[] = []
  for (let t = from; t < to; t += H) {
    for (const [ct, ch, rg] of SEGMENTS) {
      const n = poisson(r, 1.5 * (ct === 'bug_crash' ? factor(t) : 1))
      for (let i = 0; i < n; i++)
        out.push(solvedTicket(t + Math.floor(r() * H), { caseType: ct, channel: ch, region: rg }))
    }
  }
  return out
}

async function setup() {
  const manager = new WorkspaceManager(tempDir())
  manager.start({ noDemo: true })
  const events = new EventBus()
  const seen: WorkbenchEvent[] = []
  events.on((e) => seen.push(e))
  const dataChanged = new DataChangedHooks()
  const handlers = createHandlers({ manager, events, transport: 'cli', version: 't', log: () => {}, dataChanged })
  const dispatch = createDispatcher(handlers)
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await dispatch(method, input)
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
    return r.value as T
  }
  const db = manager.require().db
  const source = ensureSource(db, 'file', 'Synthetic')
  return { manager, dispatch, call, db, source, seen, dataChanged }
}

const bugAlerts = (inbox: AlertInbox): AlertSummary[] =>
  inbox.alerts.filter((a) => a.kpi === 'volume' && a.direction === 'spike' && a.segment.includes('Bug or crash'))

describe('alerts lifecycle', () => {
  it('opens an alert for a surge, updates it while it continues, and acknowledges, snoozes and mutes it', async () => {
    const { call, dispatch, db, source, seen, dataChanged, manager } = await setup()
    const surge = (t: number) => (t >= SPIKE ? 5 : 1)
    upsertTickets(db, source, arrivals(START, SPIKE + 12 * H, surge, 1))

    const inbox = await call<AlertInbox>('alerts.list', {})
    const first = bugAlerts(inbox)
    expect(first.length).toBe(1)
    const alert = first[0] as AlertSummary
    expect(alert.segment).toContain('Europe')
    expect(alert.observed).toBeGreaterThan(2 * alert.expected)
    expect(alert.startedAt).toBeLessThanOrEqual(SPIKE + 12 * H)
    expect(alert.ongoing).toBe(true)
    // The steady segments raise nothing.
    expect(inbox.alerts.filter((a) => a.segment.includes('Copyright'))).toEqual([])

    // Twelve more hours of the surge arrive (as a sync would bring them): the same alert, seen later, no new one.
    upsertTickets(db, source, arrivals(SPIKE + 12 * H, SPIKE + 24 * H, surge, 2))
    seen.length = 0
    dataChanged.announce(manager.require(), { reason: 'sync', tickets: 100, deletes: 0, at: Date.now() })
    dataChanged.announce(manager.require(), { reason: 'sync', tickets: 100, deletes: 0, at: Date.now() })
    // Evaluated once, after the announcing run has returned: the two announcements share one evaluation.
    expect(seen).toEqual([])
    await new Promise<void>((resolve) => {
      const check = () => (seen.some((e) => e.type === 'alerts.changed') ? resolve() : setImmediate(check))
      check()
    })
    await call('alerts.evaluate', {})
    expect(seen.filter((e) => e.type === 'alerts.changed').length).toBe(2)
    const later = bugAlerts(await call<AlertInbox>('alerts.list', {}))
    expect(later.map((a) => a.id)).toEqual([alert.id])
    expect((later[0] as AlertSummary).lastSeenAt).toBeGreaterThan(alert.lastSeenAt)
    // A surge that large, seen for twelve hours, is high severity, and was announced for a notification.
    expect((later[0] as AlertSummary).severity).toBe('high')
    const notified = seen.flatMap((e) => (e.type === 'alerts.changed' ? e.notify : []))
    expect(notified.map((n) => n.id)).toContain(alert.id)

    // The detail: chart against the baseline, example tickets, and what Investigate opens.
    const detail = await call<AlertDetail>('alerts.get', { id: alert.id, timeZone: 'Europe/Dublin' })
    expect(detail.chart.length).toBeGreaterThan(10)
    expect(detail.chart.some((p) => p.observed !== null && p.expected !== null && p.observed > 2 * p.expected)).toBe(
      true,
    )
    expect(detail.examples.length).toBeGreaterThan(0)
    expect(detail.examples.every((e) => e.subject?.startsWith('Synthetic bug_crash'))).toBe(true)
    expect(detail.investigate.filters).toEqual({ caseType: ['bug_crash'], channel: ['in_app'], region: ['EU'] })
    const { count } = await call<{ count: number }>('tickets.count', {
      filters: {
        ...detail.investigate.filters,
        createdFrom: detail.investigate.createdFrom,
        createdTo: detail.investigate.createdTo,
      },
    })
    expect(detail.investigate.count).toBe(count)
    expect(count).toBeGreaterThan(0)

    // Acknowledge: hidden unless asked for.
    await call('alerts.acknowledge', { id: alert.id, acknowledged: true })
    let list = await call<AlertInbox>('alerts.list', {})
    expect(bugAlerts(list)).toEqual([])
    expect(list.hidden.acknowledged).toBeGreaterThanOrEqual(1)
    expect(bugAlerts(await call<AlertInbox>('alerts.list', { acknowledged: true })).map((a) => a.id)).toEqual([
      alert.id,
    ])
    await call('alerts.acknowledge', { id: alert.id, acknowledged: false })

    // Snooze: hidden for the hours asked, back when woken.
    const snoozed = await call<AlertSummary>('alerts.snooze', { id: alert.id, hours: 4 })
    expect(snoozed.snoozedUntil).toBeGreaterThan(Date.now())
    list = await call<AlertInbox>('alerts.list', {})
    expect(bugAlerts(list)).toEqual([])
    expect(list.hidden.snoozed).toBe(1)
    await call('alerts.snooze', { id: alert.id, hours: null })
    expect(bugAlerts(await call<AlertInbox>('alerts.list', {})).length).toBe(1)

    // Mute the segment: its alerts are hidden and a continuing surge opens none; unmute brings it back.
    const mute = await call<{ segKey: string }>('alerts.mute', { id: alert.id })
    list = await call<AlertInbox>('alerts.list', {})
    expect(bugAlerts(list)).toEqual([])
    expect(list.mutes.map((m) => m.segKey)).toEqual([mute.segKey])
    const inSegment = () =>
      db
        .prepare(
          "SELECT count(*) AS n, max(last_seen_at) AS seen FROM alerts WHERE case_type = 'bug_crash' AND region = 'EU'",
        )
        .get() as { n: number; seen: number }
    const before = inSegment()
    upsertTickets(
      db,
      source,
      arrivals(SPIKE + 24 * H, SPIKE + 40 * H, () => 12, 3),
    )
    await call('alerts.evaluate', {})
    // Neither a new alert nor an update: the muted segment is not looked at.
    expect(inSegment()).toEqual(before)
    await call('alerts.unmute', { segKey: mute.segKey })
    expect(bugAlerts(await call<AlertInbox>('alerts.list', {})).map((a) => a.id)).toContain(alert.id)

    // Bad input is refused with a sentence, and nothing changes.
    const bad = await dispatch('alerts.snooze', { id: alert.id, hours: 0 })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.error.message).toMatch(/at least an hour/)
    const missing = await dispatch('alerts.get', { id: 999_999 })
    expect(missing.ok).toBe(false)
    if (!missing.ok) expect(missing.error.code).toBe('not_found')
    const zone = await dispatch('alerts.get', { id: alert.id, timeZone: 'Mars/Olympus' })
    expect(zone.ok).toBe(false)
    manager.close()
  })

  it('never alerts on rates over fewer tickets than the minimum sample, which the analyst can change', async () => {
    const { call, db, source, manager } = await setup()
    upsertTickets(
      db,
      source,
      arrivals(START, SPIKE + 24 * H, () => 1, 5),
    )
    const inbox = await call<AlertInbox>('alerts.list', {})
    expect(inbox.minSample).toBe(20)
    const set = await call<{ minSample: number }>('alerts.setMinSample', { minSample: 50 })
    expect(set.minSample).toBe(50)
    expect((await call<AlertInbox>('alerts.list', {})).minSample).toBe(50)
    const rates = (await call<AlertInbox>('alerts.list', {})).alerts.filter((a) => a.unit !== 'tickets')
    expect(rates.every((a) => a.sample >= 50)).toBe(true)
    manager.close()
  })
})
