/** Handlers of the methods in shared/api/methods/alerts.ts, and re-evaluation after every sync, import or demo. */
import type { AlertDetail, AlertSummary, alertMethods } from '../../shared/api/methods/alerts'
import { KPIS, type KpiKey } from '../../shared/kpis'
import { addDays, isValidTimeZone, localDate, startOfLocalDay } from '../../shared/time'
import { alertChart } from '../alerts/chart'
import type { AlertKpi } from '../alerts/detect'
import {
  evaluateAlertsAsync,
  HOUR_MS,
  isStale,
  readMinSample,
  reevaluateAllAsync,
  STATE_MIN_SAMPLE,
  type EvaluationResult,
} from '../alerts/evaluate'
import { describeSegment, parseSegmentKey, segmentFilters, segmentKey, within, type Segment } from '../alerts/segments'
import type { Db } from '../db/connection'
import * as q from '../db/queries/alerts'
import type { OpenWorkspace } from '../workspace/manager'
import { ApiFailure, type Handlers } from './dispatcher'
import type { HandlerContext } from './context'

/** Seen within this many hours of the newest data: still going on (the longest window is re-judged every 12 h). */
const ONGOING_HOURS = 13

const segmentOf = (a: { caseType: string | null; channel: string | null; region: string | null }): Segment => ({
  caseType: a.caseType,
  channel: a.channel,
  region: a.region,
})

function formatRatio(observed: number, expected: number): string {
  if (expected <= 0) return 'up from none'
  const r = observed / expected
  if (r >= 1.95) return `up ${r.toFixed(1)}×`
  if (r <= 0.5) return `down to ${Math.round(r * 100)} %`
  const pct = Math.round((r - 1) * 100)
  return pct >= 0 ? `up ${pct} %` : `down ${-pct} %`
}

/** "Volume up 4.2× in LIVE gifts & coins · In-app · Southeast Asia". */
export function alertTitle(row: q.AlertRow): string {
  const info = KPIS[row.kpi as KpiKey]
  const label = info?.label ?? row.kpi
  const move =
    info?.unit === 'percent'
      ? `${row.direction === 'spike' ? 'up' : 'down'} ${Math.abs(row.observed - row.expected).toFixed(1)} points`
      : formatRatio(row.observed, row.expected)
  return `${label} ${move} in ${describeSegment(segmentOf(row))}`
}

export function toSummary(row: q.AlertRow, dataUntil: number | null): AlertSummary {
  const info = KPIS[row.kpi as KpiKey]
  return {
    id: row.id,
    kpi: row.kpi,
    kpiLabel: info?.label ?? row.kpi,
    unit: info?.unit ?? 'tickets',
    direction: row.direction,
    severity: row.severity,
    segment: describeSegment(segmentOf(row)),
    segKey: row.segKey,
    filters: segmentFilters(segmentOf(row)),
    title: alertTitle(row),
    startedAt: row.startedAt,
    detectedAt: row.detectedAt,
    lastSeenAt: row.lastSeenAt,
    ongoing: dataUntil !== null && row.lastSeenAt >= dataUntil - ONGOING_HOURS * HOUR_MS,
    windowHours: row.windowHours,
    observed: row.observed,
    expected: row.expected,
    spread: row.spread,
    score: row.score,
    sample: row.sample,
    acknowledgedAt: row.acknowledgedAt,
    snoozedUntil: row.snoozedUntil,
  }
}

export function createAlertsHandlers(ctx: HandlerContext): Pick<Handlers, keyof typeof alertMethods> {
  const ws = () => ctx.manager.require()

  /**
   * Evaluates and tells every client. One evaluation runs at a time (it yields to the event loop as it goes, so the
   * app keeps answering); a request meanwhile waits for it and then runs its own, and requests that pile up while one
   * runs share the next.
   */
  let running: Promise<unknown> = Promise.resolve()
  let queued: Promise<EvaluationResult> | null = null
  const evaluate = (open: OpenWorkspace, reason: string, fresh = false): Promise<EvaluationResult> => {
    if (queued && !fresh) return queued
    const run = async (): Promise<EvaluationResult> => {
      await running.catch(() => undefined)
      // Whoever asked (a sync's last page, an import's commit) finishes its own work first.
      await new Promise<void>((resolve) => setImmediate(resolve))
      if (queued === next) queued = null
      const result = fresh ? await reevaluateAllAsync(open.db) : await evaluateAlertsAsync(open.db)
      ctx.log(
        `alerts evaluated after ${reason}: ${result.opened} opened, ${result.updated} updated in ${Math.round(result.ms)} ms`,
      )
      ctx.events.emit({
        type: 'alerts.changed',
        opened: result.opened,
        notify: result.notify.map((a) => ({ id: a.id, title: alertTitle(a), segment: describeSegment(segmentOf(a)) })),
      })
      return result
    }
    const next = run()
    if (!fresh) queued = next
    running = next
    return next
  }
  // After the sync or import that announced it has finished its own work (a burst of announcements is one run).
  ctx.dataChanged.on((open, change) => {
    evaluate(open, change.reason).catch((err: unknown) =>
      ctx.log(`alert evaluation after ${change.reason} failed: ${(err as Error).message}`),
    )
  })

  const dataUntil = (db: Db): number | null => {
    const v = Number(q.readState(db, 'last_evaluated_hour'))
    return Number.isInteger(v) && v > 0 ? v * HOUR_MS : null
  }
  const alertOr404 = (db: Db, id: number): q.AlertRow => {
    const row = q.getAlert(db, id)
    if (!row) throw new ApiFailure('not_found', `There is no alert ${id} in this workspace.`)
    return row
  }
  const changed = () => ctx.events.emit({ type: 'alerts.changed', opened: 0, notify: [] })

  return {
    'alerts.list': async ({ acknowledged, snoozed, days }) => {
      const open = ws()
      const { db } = open
      // A workspace opened fresh (a first launch, a demo made elsewhere) has never been evaluated: do it now.
      if (isStale(db)) await evaluate(open, 'opening the inbox')
      const until = dataUntil(db)
      const now = Date.now()
      const since = (until ?? now) - (days ?? 90) * 24 * HOUR_MS
      const mutes = q.listMutes(db)
      const mutedSegs = mutes.map(segmentOf)
      const hidden = { acknowledged: 0, snoozed: 0, muted: 0 }
      const alerts: AlertSummary[] = []
      for (const row of q.listAlerts(db, since, 2000)) {
        if (mutedSegs.some((m) => within(segmentOf(row), m))) {
          hidden.muted++
          continue
        }
        if (row.snoozedUntil !== null && row.snoozedUntil > now && !snoozed) {
          hidden.snoozed++
          continue
        }
        if (row.acknowledgedAt !== null && !acknowledged) {
          hidden.acknowledged++
          continue
        }
        alerts.push(toSummary(row, until))
      }
      // What is happening now first, the most severe first; then the rest, newest first.
      const rank = { high: 0, medium: 1, low: 2 } as const
      alerts.sort(
        (a, b) =>
          Number(b.ongoing) - Number(a.ongoing) ||
          (a.ongoing ? rank[a.severity] - rank[b.severity] : 0) ||
          b.lastSeenAt - a.lastSeenAt ||
          b.id - a.id,
      )
      const evaluatedAt = q.readState(db, 'evaluated_at')
      return {
        alerts,
        mutes: mutes.map((m) => ({ segKey: m.segKey, segment: describeSegment(segmentOf(m)), createdAt: m.createdAt })),
        evaluatedAt: evaluatedAt ? Number(evaluatedAt) : null,
        dataUntil: until,
        minSample: readMinSample(db),
        hidden,
      }
    },
    'alerts.get': ({ id, timeZone }) => {
      const zone = timeZone ?? 'UTC'
      if (!isValidTimeZone(zone)) throw new ApiFailure('invalid_input', `Unknown time zone "${zone}".`)
      const open = ws()
      const { db } = open
      const row = alertOr404(db, id)
      const until = dataUntil(db)
      const summary = toSummary(row, until)
      const hours = q.dataHours(db)
      const segment = segmentOf(row)
      const fromHour = Math.floor(row.startedAt / HOUR_MS) - 7 * 24
      const toHour = Math.min(Math.floor(row.lastSeenAt / HOUR_MS) + 3 * 24, hours ? hours.last : 0)
      const chart = alertChart(db, {
        segment,
        kpi: row.kpi as AlertKpi,
        windowHours: row.windowHours,
        fromHour,
        toHour: Math.max(toHour, fromHour + 1),
        dataFrom: hours?.first ?? fromHour,
      })
      // Investigate: the segment over whole local days from the start of the anomaly to its last sighting, as the
      // grid's date range filters (so the count here is the count Cases shows).
      const fromDay = localDate(row.startedAt, zone)
      const toDay = localDate(Math.max(row.startedAt, row.lastSeenAt - 1), zone)
      const createdFrom = startOfLocalDay(fromDay, zone)
      const createdTo = startOfLocalDay(addDays(toDay, 1), zone)
      const filters = segmentFilters(segment)
      const count = open.tickets.count({ ...filters, createdFrom, createdTo })
      const examples = open.tickets
        .page(
          {
            filters: { ...filters, createdFrom: row.startedAt, createdTo: row.lastSeenAt },
            sort: { column: 'createdAt', dir: 'desc' },
          },
          0,
          5,
        )
        .rows.map((r) => ({
          id: r.id,
          subject: r.subject,
          createdAt: r.createdAt,
          status: r.status,
          sensitive: r.sensitive,
        }))
      const detail: AlertDetail = {
        ...summary,
        chart,
        examples,
        investigate: { filters, from: fromDay, to: toDay, createdFrom, createdTo, count },
        definition: KPIS[row.kpi as KpiKey]?.definition ?? '',
      }
      return detail
    },
    'alerts.acknowledge': ({ id, acknowledged }) => {
      const { db } = ws()
      alertOr404(db, id)
      q.setAcknowledged(db, id, acknowledged ? Date.now() : null)
      changed()
      return toSummary(alertOr404(db, id), dataUntil(db))
    },
    'alerts.snooze': ({ id, hours }) => {
      const { db } = ws()
      alertOr404(db, id)
      q.setSnoozed(db, id, hours === null ? null : Date.now() + hours * HOUR_MS)
      changed()
      return toSummary(alertOr404(db, id), dataUntil(db))
    },
    'alerts.mute': ({ id }) => {
      const { db } = ws()
      const row = alertOr404(db, id)
      const segment = segmentOf(row)
      const mute = { segKey: segmentKey(segment), ...segment, createdAt: Date.now() }
      q.addMute(db, mute)
      changed()
      return { segKey: mute.segKey, segment: describeSegment(segment), createdAt: mute.createdAt }
    },
    'alerts.unmute': ({ segKey }) => {
      const { db } = ws()
      if (!parseSegmentKey(segKey))
        throw new ApiFailure('invalid_input', 'That is not a muted segment of this workspace.')
      const unmuted = q.removeMute(db, segKey)
      if (unmuted) changed()
      return { unmuted }
    },
    'alerts.evaluate': async () => {
      const r = await evaluate(ws(), 'a request')
      return { opened: r.opened, updated: r.updated, segments: r.segments, ms: Math.round(r.ms) }
    },
    'alerts.setMinSample': async ({ minSample }) => {
      const open = ws()
      q.writeState(open.db, STATE_MIN_SAMPLE, String(minSample))
      const r = await evaluate(open, 'a new minimum sample', true)
      return { opened: r.opened, updated: r.updated, segments: r.segments, ms: Math.round(r.ms), minSample }
    },
  }
}
