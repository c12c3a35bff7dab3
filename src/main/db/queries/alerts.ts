/**
 * Reads and writes of alert detection (migration 10): the rollups it reads (`alert_rollup` for every segment, summed
 * in memory; `rollup_hour` for the span of the data and its fingerprint), the hours changed since a read (migration
 * 16), the alerts themselves, muted segments and the evaluator's state. Column names come from the fixed lists below,
 * never from input.
 */
import type { Db } from '../connection'
import { ROLLUP_MEASURES } from '../migrations/rollupFacts'

/** The measures detection reads, in this order in every row it gets (a subset of migration 9's, without `exited`). */
export const ALERT_MEASURES = ROLLUP_MEASURES.filter(
  (m): m is Exclude<(typeof ROLLUP_MEASURES)[number], 'exited'> => m !== 'exited',
)
export type AlertMeasure = (typeof ALERT_MEASURES)[number]

const MEASURE_SQL = ALERT_MEASURES.join(', ')

/**
 * [caseType, channel, region, hour, ...measures] rows in [fromHour, toHour), in key order (an index range on hour).
 * The caller groups them by combination: sorting in SQLite would cost more than the whole read.
 */
export function comboRows(db: Db, fromHour: number, toHour: number): Iterable<unknown[]> {
  return db
    .prepare(`SELECT case_type, channel, region, hour, ${MEASURE_SQL} FROM alert_rollup WHERE hour >= ? AND hour < ?`)
    .raw()
    .iterate(fromHour, toHour) as Iterable<unknown[]>
}

/** [caseType, channel, region, hour, ...measures] rows of the given hours, hours rising (see `comboRows`). */
export function comboRowsOfHours(db: Db, hours: readonly number[]): Iterable<unknown[]> {
  return db
    .prepare(
      `SELECT case_type, channel, region, hour, ${MEASURE_SQL} FROM alert_rollup
       WHERE hour IN (SELECT value FROM json_each(?)) ORDER BY hour`,
    )
    .raw()
    .iterate(JSON.stringify(hours)) as Iterable<unknown[]>
}

/** The newest change sequence of `alert_dirty` (migration 16), 0 before any write. */
export function dirtySeq(db: Db): number {
  return (db.prepare('SELECT coalesce(max(seq), 0) AS s FROM alert_dirty').get() as { s: number }).s
}

/** Hours whose alert rollups changed after sequence `seq`; `all` when a bulk load rebuilt every hour since. */
export function dirtyHoursSince(db: Db, seq: number): { all: boolean; hours: number[] } {
  const hours = db.prepare('SELECT hour FROM alert_dirty WHERE seq > ? ORDER BY hour').pluck().all(seq) as number[]
  return hours[0] === -1 ? { all: true, hours: [] } : { all: false, hours }
}

/** The newest hour with a created ticket and the oldest hour of any, or null on an empty workspace. */
export function dataHours(db: Db): { first: number; last: number } | null {
  const row = db
    .prepare(
      `SELECT min(hour) AS first, max(CASE WHEN created > 0 THEN hour END) AS last FROM rollup_hour
       WHERE dim = 'all' AND val = ''`,
    )
    .get() as { first: number | null; last: number | null }
  return row.first === null || row.last === null ? null : { first: row.first, last: row.last }
}

/** A cheap summary that changes whenever any ticket's rollup contribution does (one row per hour of data). */
export function dataFingerprint(db: Db): string {
  const row = db
    .prepare(
      `SELECT count(*) AS h, ${ALERT_MEASURES.map((m) => `coalesce(sum(${m}), 0)`).join(" || ',' || ")} AS s
       FROM rollup_hour WHERE dim = 'all' AND val = ''`,
    )
    .get() as { h: number; s: string | null }
  return `${row.h}:${row.s ?? ''}`
}

export function readState(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM alert_state WHERE key = ?').get(key) as { value: string } | undefined
  return row?.value ?? null
}

export function writeState(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO alert_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value)
}

export interface AlertRow {
  id: number
  kpi: string
  direction: 'spike' | 'drop'
  segKey: string
  caseType: string | null
  channel: string | null
  region: string | null
  severity: 'low' | 'medium' | 'high'
  startedAt: number
  detectedAt: number
  lastSeenAt: number
  windowHours: number
  observed: number
  expected: number
  spread: number
  score: number
  sample: number
  createdAt: number
  updatedAt: number
  acknowledgedAt: number | null
  snoozedUntil: number | null
  notified: number
}

const ALERT_COLUMNS = `id, kpi, direction, seg_key AS segKey, case_type AS caseType, channel, region, severity,
  started_at AS startedAt, detected_at AS detectedAt, last_seen_at AS lastSeenAt, window_hours AS windowHours,
  observed, expected, spread, score, sample, created_at AS createdAt, updated_at AS updatedAt,
  acknowledged_at AS acknowledgedAt, snoozed_until AS snoozedUntil, notified`

/** The alert of this anomaly seen at or after `since` (a continuing anomaly), if any. */
export function continuingAlert(
  db: Db,
  segKey: string,
  kpi: string,
  direction: string,
  since: number,
): AlertRow | undefined {
  return db
    .prepare(
      `SELECT ${ALERT_COLUMNS} FROM alerts WHERE seg_key = ? AND kpi = ? AND direction = ? AND last_seen_at >= ?
       ORDER BY last_seen_at DESC LIMIT 1`,
    )
    .get(segKey, kpi, direction, since) as AlertRow | undefined
}

/** Every alert of a KPI and direction seen since `since`, whatever its segment (for folding related segments). */
export function recentAlertsOf(db: Db, kpi: string, direction: string, since: number): AlertRow[] {
  return db
    .prepare(
      `SELECT ${ALERT_COLUMNS} FROM alerts WHERE last_seen_at >= ? AND kpi = ? AND direction = ?
       ORDER BY last_seen_at DESC`,
    )
    .all(since, kpi, direction) as AlertRow[]
}

/** The alert was seen again (through a related segment): only its last sighting moves. */
export function touchAlert(db: Db, id: number, lastSeenAt: number, updatedAt: number): void {
  db.prepare('UPDATE alerts SET last_seen_at = max(last_seen_at, ?), updated_at = ? WHERE id = ?').run(
    lastSeenAt,
    updatedAt,
    id,
  )
}

export type NewAlert = Omit<AlertRow, 'id' | 'acknowledgedAt' | 'snoozedUntil' | 'notified'>

export function insertAlert(db: Db, a: NewAlert): number {
  const r = db
    .prepare(
      `INSERT INTO alerts (kpi, direction, seg_key, case_type, channel, region, severity, started_at, detected_at,
         last_seen_at, window_hours, observed, expected, spread, score, sample, created_at, updated_at)
       VALUES (@kpi, @direction, @segKey, @caseType, @channel, @region, @severity, @startedAt, @detectedAt,
         @lastSeenAt, @windowHours, @observed, @expected, @spread, @score, @sample, @createdAt, @updatedAt)`,
    )
    .run(a)
  return Number(r.lastInsertRowid)
}

/** A continuing anomaly: when it was last seen, its peak figures and severity. */
export function updateAlert(
  db: Db,
  id: number,
  u: Pick<
    AlertRow,
    'severity' | 'lastSeenAt' | 'windowHours' | 'observed' | 'expected' | 'spread' | 'score' | 'sample' | 'updatedAt'
  >,
): void {
  db.prepare(
    `UPDATE alerts SET severity = @severity, last_seen_at = @lastSeenAt, window_hours = @windowHours,
       observed = @observed, expected = @expected, spread = @spread, score = @score, sample = @sample,
       updated_at = @updatedAt WHERE id = @id`,
  ).run({ ...u, id })
}

export function getAlert(db: Db, id: number): AlertRow | undefined {
  return db.prepare(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE id = ?`).get(id) as AlertRow | undefined
}

/** Every alert last seen at or after `since`, newest first (the inbox filters state and mutes itself). */
export function listAlerts(db: Db, since: number, limit: number): AlertRow[] {
  return db
    .prepare(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE last_seen_at >= ? ORDER BY last_seen_at DESC, id DESC LIMIT ?`)
    .all(since, limit) as AlertRow[]
}

export function allAlerts(db: Db): AlertRow[] {
  return db.prepare(`SELECT ${ALERT_COLUMNS} FROM alerts ORDER BY started_at, id`).all() as AlertRow[]
}

export function setAcknowledged(db: Db, id: number, at: number | null): boolean {
  return db.prepare('UPDATE alerts SET acknowledged_at = ? WHERE id = ?').run(at, id).changes > 0
}

export function setSnoozed(db: Db, id: number, until: number | null): boolean {
  return db.prepare('UPDATE alerts SET snoozed_until = ? WHERE id = ?').run(until, id).changes > 0
}

/** High-severity alerts not yet announced, marked announced in the same step. */
export function takeUnnotified(db: Db): AlertRow[] {
  return db.transaction(() => {
    const rows = db
      .prepare(`SELECT ${ALERT_COLUMNS} FROM alerts WHERE notified = 0 AND severity = 'high' ORDER BY id`)
      .all() as AlertRow[]
    db.prepare("UPDATE alerts SET notified = 1 WHERE notified = 0 AND severity = 'high'").run()
    return rows
  })()
}

/** Marks every alert announced (a replay of history must not pop up one notification per past incident). */
export function markAllNotified(db: Db): void {
  db.prepare('UPDATE alerts SET notified = 1 WHERE notified = 0').run()
}

export function deleteAllAlerts(db: Db): void {
  db.prepare('DELETE FROM alerts').run()
}

export interface MuteRow {
  segKey: string
  caseType: string | null
  channel: string | null
  region: string | null
  createdAt: number
}

export function listMutes(db: Db): MuteRow[] {
  return db
    .prepare(
      `SELECT seg_key AS segKey, case_type AS caseType, channel, region, created_at AS createdAt FROM alert_mutes
       ORDER BY created_at DESC`,
    )
    .all() as MuteRow[]
}

export function addMute(db: Db, m: MuteRow): void {
  db.prepare(
    `INSERT INTO alert_mutes (seg_key, case_type, channel, region, created_at) VALUES (@segKey, @caseType, @channel,
       @region, @createdAt) ON CONFLICT (seg_key) DO NOTHING`,
  ).run(m)
}

export function removeMute(db: Db, segKey: string): boolean {
  return db.prepare('DELETE FROM alert_mutes WHERE seg_key = ?').run(segKey).changes > 0
}

export interface IncidentRow {
  id: number
  kind: string
  title: string
  caseType: string | null
  region: string | null
  channel: string | null
  startAt: number
  endAt: number
  magnitude: number
}

/** The demo's ground truth (empty outside a demo workspace). */
export function demoIncidents(db: Db): IncidentRow[] {
  return db
    .prepare(
      `SELECT id, kind, title, case_type AS caseType, region, channel, start_at AS startAt, end_at AS endAt, magnitude
       FROM demo_incidents ORDER BY start_at`,
    )
    .all() as IncidentRow[]
}

/** [hour, ...measures] of one segment (a field null = every value) in [fromHour, toHour), hours rising. */
export function segmentRows(
  db: Db,
  segment: { caseType: string | null; channel: string | null; region: string | null },
  fromHour: number,
  toHour: number,
): number[][] {
  const pinned = (
    [
      ['caseType', 'case_type', segment.caseType],
      ['channel', 'channel', segment.channel],
      ['region', 'region', segment.region],
    ] as const
  ).filter(([, , v]) => v !== null)
  if (pinned.length <= 1) {
    const [dim, , val] = pinned[0] ?? ['all', '', '']
    return db
      .prepare(
        `SELECT hour, ${MEASURE_SQL} FROM rollup_hour WHERE dim = ? AND val = ? AND hour >= ? AND hour < ? ORDER BY hour`,
      )
      .raw()
      .all(dim, val, fromHour, toHour) as number[][]
  }
  return db
    .prepare(
      `SELECT hour, ${ALERT_MEASURES.map((m) => `sum(${m})`).join(', ')} FROM alert_rollup
       WHERE ${pinned.map(([, col]) => `${col} = ?`).join(' AND ')} AND hour >= ? AND hour < ?
       GROUP BY hour ORDER BY hour`,
    )
    .raw()
    .all(...pinned.map(([, , v]) => v), fromHour, toHour) as number[][]
}
