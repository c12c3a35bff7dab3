/**
 * Reads of the KPI rollups (migration 10) and the SLA policy. The dashboard's queries read only these tables, never
 * `tickets`: `rollup_hour` (per UTC hour, per one segment field) and `rollup_minutes` (exact minute histograms per
 * hour and full segment). Column and field names come from the fixed lists below, never from input.
 */
import { DEFAULT_SLA_POLICY, SLA_PRIORITIES, type SlaPolicy, type SlaPriority } from '../../../shared/kpis'
import type { Db } from '../connection'
import { ROLLUP_MEASURES } from '../migrations/rollupFacts'

/** Fields the rollups are cut by, as their API names (`rollup_hour.dim`). */
export const ROLLUP_FIELDS = ['channel', 'caseType', 'region', 'priority', 'source', 'assignee', 'group'] as const
export type RollupField = (typeof ROLLUP_FIELDS)[number]
export type RollupDim = RollupField | 'all'

/** The measures of a `rollup_hour` row, in the table's column order (migration 9). */
export const HOUR_MEASURES = ROLLUP_MEASURES
export type HourMeasure = (typeof HOUR_MEASURES)[number]

/** One `rollup_hour` row as a tuple: [hour, val, ...measures in HOUR_MEASURES order]. */
export type HourRow = [number, string, ...number[]]

const MEASURE_SQL = HOUR_MEASURES.join(', ')

function valueFilter(vals: readonly string[] | null): { sql: string; params: string[] } {
  if (vals === null) return { sql: '', params: [] }
  return { sql: ` AND val IN (${vals.map(() => '?').join(', ')})`, params: [...vals] }
}

/** Rows of one dimension in [fromHour, toHour), optionally only some of its values. */
export function hourRows(
  db: Db,
  dim: RollupDim,
  vals: readonly string[] | null,
  fromHour: number,
  toHour: number,
): HourRow[] {
  const f = valueFilter(vals)
  return db
    .prepare(
      `SELECT hour, val, ${MEASURE_SQL} FROM rollup_hour WHERE dim = ?${f.sql} AND hour >= ? AND hour < ?
       ORDER BY hour`,
    )
    .raw()
    .all(dim, ...f.params, fromHour, toHour) as HourRow[]
}

/** Sums over [fromHour, toHour) per value of one dimension: one row per value, `hour` column left 0. */
export function hourTotals(
  db: Db,
  dim: RollupDim,
  vals: readonly string[] | null,
  fromHour: number,
  toHour: number,
): HourRow[] {
  const f = valueFilter(vals)
  return db
    .prepare(
      `SELECT 0, val, ${HOUR_MEASURES.map((m) => `sum(${m})`).join(', ')} FROM rollup_hour
       WHERE dim = ?${f.sql} AND hour >= ? AND hour < ? GROUP BY val`,
    )
    .raw()
    .all(dim, ...f.params, fromHour, toHour) as HourRow[]
}

/** Consecutive spans of equal length: span `first + (hour - from) / len` holds an hour of [from, to). */
export interface SpanRun {
  from: number
  to: number
  first: number
  len: number
}

/**
 * Sums per (span, value) of one dimension, added up by SQLite: [span index, val, ...measures]. The spans are given
 * as runs of equal length, so a DST day (23 or 25 hours) between ordinary days costs one more CASE branch.
 */
export function spanTotals(
  db: Db,
  dim: RollupDim,
  vals: readonly string[] | null,
  runs: readonly SpanRun[],
): HourRow[] {
  if (runs.length === 0) return []
  const f = valueFilter(vals)
  // Inlined, not bound: better-sqlite3 binds JS numbers as REAL, which would make the division fractional. They are
  // integers computed here (checked), never input.
  const int = (n: number): number => {
    if (!Number.isSafeInteger(n)) throw new Error(`span bound ${n} is not an integer`)
    return n
  }
  const cases = runs
    .map(
      (r) =>
        `WHEN hour >= ${int(r.from)} AND hour < ${int(r.to)} THEN ${int(r.first)} + (hour - ${int(r.from)}) / ${int(r.len)}`,
    )
    .join(' ')
  const from = (runs[0] as SpanRun).from
  const to = (runs[runs.length - 1] as SpanRun).to
  return db
    .prepare(
      `SELECT CASE ${cases} END AS span, val, ${HOUR_MEASURES.map((m) => `sum(${m})`).join(', ')} FROM rollup_hour
       WHERE dim = ?${f.sql} AND hour >= ? AND hour < ? GROUP BY span, val HAVING span IS NOT NULL`,
    )
    .raw()
    .all(dim, ...f.params, from, to) as HourRow[]
}

/**
 * A key that changes whenever any rollup row changes: the sum and count of the hour versions. Every write that can
 * move the open backlog (status, creation time, a segment field, a delete) also moves an 'all' row of rollup_hour.
 */
export function rollupVersion(db: Db): string {
  const [sum, n] = db.prepare('SELECT total(v), count(*) FROM rollup_hour_version').raw().get() as [number, number]
  return `${sum}:${n}`
}

/** [hour, version] of the hours in [fromHour, toHour) that ever had rollup rows (migration 14). */
export function hourVersions(db: Db, fromHour: number, toHour: number): [number, number][] {
  return db
    .prepare('SELECT hour, v FROM rollup_hour_version WHERE hour >= ? AND hour < ?')
    .raw()
    .all(fromHour, toHour) as [number, number][]
}

/** Per value: tickets created before `hour` minus tickets that left the backlog before it (the backlog then). */
export function backlogBefore(
  db: Db,
  dim: RollupDim,
  vals: readonly string[] | null,
  hour: number,
): Map<string, number> {
  const f = valueFilter(vals)
  const rows = db
    .prepare(`SELECT val, sum(created) - sum(exited) FROM rollup_hour WHERE dim = ?${f.sql} AND hour < ? GROUP BY val`)
    .raw()
    .all(dim, ...f.params, hour) as [string, number][]
  return new Map(rows)
}

/** Per value: tickets created from `hour` on minus tickets that left the backlog from then on. */
export function backlogChangeFrom(
  db: Db,
  dim: RollupDim,
  vals: readonly string[] | null,
  hour: number,
): Map<string, number> {
  const f = valueFilter(vals)
  const rows = db
    .prepare(`SELECT val, sum(created) - sum(exited) FROM rollup_hour WHERE dim = ?${f.sql} AND hour >= ? GROUP BY val`)
    .raw()
    .all(dim, ...f.params, hour) as [string, number][]
  return new Map(rows)
}

/** The first hour any rollup row holds, or null on an empty workspace. */
export function firstHour(db: Db): number | null {
  const row = db.prepare(`SELECT min(hour) AS h FROM rollup_hour WHERE dim = 'all' AND val = ''`).get() as {
    h: number | null
  }
  return row.h
}

/** The newest hour with a created ticket, or null. */
export function lastCreatedHour(db: Db): number | null {
  const row = db
    .prepare(`SELECT max(hour) AS h FROM rollup_hour WHERE dim = 'all' AND val = '' AND created > 0`)
    .get() as { h: number | null }
  return row.h
}

export interface SegmentRow {
  id: number
  channel: string
  caseType: string
  region: string
  priority: string
  source: string
  assignee: string
  group: string
}

/** Segments interned after `afterId` (they are only ever added), so a caller can keep the dictionary current. */
export function segmentsAfter(db: Db, afterId: number): SegmentRow[] {
  return db
    .prepare(
      `SELECT id, channel, case_type AS caseType, region, priority, CAST(source_id AS TEXT) AS source, assignee,
         group_name AS "group" FROM rollup_segments WHERE id > ? ORDER BY id`,
    )
    .all(afterId) as SegmentRow[]
}

export const MINUTE_METRICS = { frt: 1, firstResolution: 2, fullResolution: 3 } as const
export type MinuteMetric = keyof typeof MINUTE_METRICS

/** Histogram rows [hour, seg, minute, n] of one duration metric in [fromHour, toHour). */
export function minuteRows(db: Db, metric: MinuteMetric, fromHour: number, toHour: number): number[][] {
  return db
    .prepare('SELECT hour, seg, minute, n FROM rollup_minutes WHERE metric = ? AND hour >= ? AND hour < ?')
    .raw()
    .all(MINUTE_METRICS[metric], fromHour, toHour) as number[][]
}

/**
 * Packed rows [hour, val, data] of one metric and field in [fromHour, toHour), only some values when `vals` is given;
 * val NUL marks a packed hour and always comes back.
 */
export function packedRows(
  db: Db,
  metric: MinuteMetric,
  dim: RollupDim,
  fromHour: number,
  toHour: number,
  vals: readonly string[] | null,
): [number, string, Buffer][] {
  const f = valueFilter(vals === null ? null : ['\u0000', ...vals])
  return db
    .prepare(
      `SELECT hour, val, data FROM rollup_minutes_packed
       WHERE metric = ? AND dim = ? AND hour >= ? AND hour < ?${f.sql}`,
    )
    .raw()
    .all(MINUTE_METRICS[metric], dim, fromHour, toHour, ...f.params) as [number, string, Buffer][]
}

/** Hours [lo, hi] that hold any duration of the metric, or null when none does. */
export function minuteExtent(db: Db, metric: MinuteMetric): { lo: number; hi: number } | null {
  // Two index seeks: min() and max() together in one SELECT would scan every row of the metric.
  const code = MINUTE_METRICS[metric]
  const lo = db.prepare('SELECT hour FROM rollup_minutes WHERE metric = ? ORDER BY hour LIMIT 1').pluck().get(code) as
    number | undefined
  const hi = db
    .prepare('SELECT hour FROM rollup_minutes WHERE metric = ? ORDER BY hour DESC LIMIT 1')
    .pluck()
    .get(code) as number | undefined
  return lo === undefined || hi === undefined ? null : { lo, hi }
}

/**
 * Stores packed hours (each with its NUL marker row) in one transaction, all under a new pack generation (migration
 * 14): a block built from packed hours knows it is stale when any of its hours was packed again since.
 */
export function writePacked(
  db: Db,
  metric: MinuteMetric,
  dim: RollupDim,
  rows: readonly [number, string, Int32Array][],
): void {
  const write = db.prepare(
    'INSERT OR REPLACE INTO rollup_minutes_packed (metric, dim, hour, val, data, gen) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const code = MINUTE_METRICS[metric]
  db.transaction(() => {
    const gen = db
      .prepare('UPDATE rollup_pack_generation SET gen = gen + 1 WHERE id = 1 RETURNING gen')
      .pluck()
      .get() as number
    for (const [hour, val, data] of rows)
      write.run(code, dim, hour, val, Buffer.from(data.buffer, data.byteOffset, data.byteLength), gen)
  })()
}

/**
 * Packed hours of one metric and field in [fromHour, toHour) as [hour, generation]: the markers' partial index
 * (migration 14) answers it without touching the packed data.
 */
export function packMarks(
  db: Db,
  metric: MinuteMetric,
  dim: RollupDim,
  fromHour: number,
  toHour: number,
): [number, number][] {
  return db
    .prepare(
      `SELECT hour, gen FROM rollup_minutes_packed
       WHERE metric = ? AND dim = ? AND val = char(0) AND hour >= ? AND hour < ?`,
    )
    .raw()
    .all(MINUTE_METRICS[metric], dim, fromHour, toHour) as [number, number][]
}

/** Source names by id (as rollup values, text), for labels and for the `source` filter, which names sources. */
export function sourceNames(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT CAST(id AS TEXT) AS id, name FROM sources').all() as { id: string; name: string }[]
  return new Map(rows.map((r) => [r.id, r.name]))
}

/** The SLA policy: stored targets over the defaults. */
export function readSlaPolicy(db: Db): SlaPolicy {
  const rows = db.prepare('SELECT priority, first_reply_minutes, resolution_minutes FROM sla_policy').all() as {
    priority: SlaPriority
    first_reply_minutes: number
    resolution_minutes: number
  }[]
  const policy: SlaPolicy = { ...DEFAULT_SLA_POLICY }
  for (const r of rows) {
    if ((SLA_PRIORITIES as readonly string[]).includes(r.priority))
      policy[r.priority] = { firstReplyMinutes: r.first_reply_minutes, resolutionMinutes: r.resolution_minutes }
  }
  return policy
}

export function writeSlaPolicy(db: Db, policy: SlaPolicy, now: number): void {
  const stmt = db.prepare(
    `INSERT INTO sla_policy (priority, first_reply_minutes, resolution_minutes, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (priority) DO UPDATE SET first_reply_minutes = excluded.first_reply_minutes,
       resolution_minutes = excluded.resolution_minutes, updated_at = excluded.updated_at`,
  )
  db.transaction(() => {
    for (const p of SLA_PRIORITIES) stmt.run(p, policy[p].firstReplyMinutes, policy[p].resolutionMinutes, now)
  })()
}

/** The open backlog (migration 14): [segment, creation minute, tickets] for every open ticket's row. */
export function backlogRows(db: Db): [number, number, number][] {
  return db.prepare('SELECT seg, minute, n FROM rollup_backlog').raw().all() as [number, number, number][]
}
