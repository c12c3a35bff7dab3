/**
 * Migration 10: alerts and their state (issue 5).
 *
 * `alert_rollup` — the KPI measures of `rollup_hour` (migration 9) per UTC hour for the full (case type × channel ×
 * region) combination, which the per-field rollups cannot give: alert detection reads this for the three two-field
 * and the three-field segments, and `rollup_hour` itself for single fields and everything. Same event hours as
 * migration 9: created (volume, escalations, first replies) and first solve (solved, reopens, one-touch, CSAT,
 * resolution times). Kept by triggers under every writer; a bulk load drops them and rebuilds in one pass.
 *
 * `alerts` — one row per anomaly (a KPI of a segment moving one way); a continuing anomaly updates its row.
 * `alert_mutes` — segments the analyst silenced. `alert_state` — small key/value facts of the evaluator (the last hour
 * evaluated, the data fingerprint it saw, the minimum sample).
 */
import type { Db } from '../connection'
import type { Migration } from './types'

export const CREATED_MEASURES = ['created', 'escalated', 'replied', 'frt_sum'] as const
export const SOLVED_MEASURES = [
  'solved',
  'reopened',
  'one_touch',
  'csat_good',
  'csat_bad',
  'fres_n',
  'fres_sum',
  'tres_n',
  'tres_sum',
] as const

export const createdValues = (x: string) =>
  ['1', `${x}.escalated`, `${x}.first_reply_minutes IS NOT NULL`, `coalesce(${x}.first_reply_minutes, 0)`] as const
export const solvedValues = (x: string) =>
  [
    '1',
    `${x}.reopens > 0`,
    `${x}.replies <= 1`,
    `coalesce(${x}.csat >= 4, 0)`,
    `coalesce(${x}.csat <= 3, 0)`,
    `${x}.first_resolution_minutes IS NOT NULL`,
    `coalesce(${x}.first_resolution_minutes, 0)`,
    `${x}.full_resolution_minutes IS NOT NULL`,
    `coalesce(${x}.full_resolution_minutes, 0)`,
  ] as const

const createdHour = (x: string) => `(${x}.created_at / 3600000)`
const solveHour = (x: string) => `(coalesce(${x}.first_solved_at, ${x}.solved_at) / 3600000)`
export const keyValues = (x: string) =>
  `coalesce(${x}.case_type, ''), coalesce(${x}.channel, ''), coalesce(${x}.region, '')`
export const KEY = 'hour, case_type, channel, region'
const keyMatch = (x: string, hour: string) => `(hour, case_type, channel, region) = (${hour}, ${keyValues(x)})`

function add(x: string): string {
  const c = createdValues(x)
  const s = solvedValues(x)
  return `
  INSERT INTO alert_rollup (${KEY}, ${CREATED_MEASURES.join(', ')})
    VALUES (${createdHour(x)}, ${keyValues(x)}, ${c.join(', ')})
    ON CONFLICT (${KEY}) DO UPDATE SET ${CREATED_MEASURES.map((m) => `${m} = ${m} + excluded.${m}`).join(', ')};
  INSERT INTO alert_rollup (${KEY}, ${SOLVED_MEASURES.join(', ')})
    SELECT ${solveHour(x)}, ${keyValues(x)}, ${s.join(', ')} WHERE ${solveHour(x)} IS NOT NULL
    ON CONFLICT (${KEY}) DO UPDATE SET ${SOLVED_MEASURES.map((m) => `${m} = ${m} + excluded.${m}`).join(', ')};`
}

function remove(x: string): string {
  const c = createdValues(x)
  const s = solvedValues(x)
  return `
  UPDATE alert_rollup SET ${CREATED_MEASURES.map((m, i) => `${m} = ${m} - (${c[i]})`).join(', ')}
    WHERE ${keyMatch(x, createdHour(x))};
  UPDATE alert_rollup SET ${SOLVED_MEASURES.map((m, i) => `${m} = ${m} - (${s[i]})`).join(', ')}
    WHERE ${solveHour(x)} IS NOT NULL AND ${keyMatch(x, solveHour(x))};
  DELETE FROM alert_rollup WHERE created = 0 AND solved = 0 AND (${keyMatch(x, createdHour(x))}
    OR (${solveHour(x)} IS NOT NULL AND ${keyMatch(x, solveHour(x))}));`
}

export const WATCHED = [
  'created_at',
  'first_solved_at',
  'solved_at',
  'case_type',
  'channel',
  'region',
  'escalated',
  'reopens',
  'replies',
  'csat',
  'first_reply_minutes',
  'first_resolution_minutes',
  'full_resolution_minutes',
]

export const TRIGGERS = `
CREATE TRIGGER IF NOT EXISTS tickets_alert_rollup_insert AFTER INSERT ON tickets BEGIN ${add('NEW')} END;
CREATE TRIGGER IF NOT EXISTS tickets_alert_rollup_delete AFTER DELETE ON tickets BEGIN ${remove('OLD')} END;
CREATE TRIGGER IF NOT EXISTS tickets_alert_rollup_update AFTER UPDATE ON tickets
WHEN ${WATCHED.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')}
BEGIN ${remove('OLD')} ${add('NEW')} END;
`
export const TRIGGER_NAMES = [
  'tickets_alert_rollup_insert',
  'tickets_alert_rollup_delete',
  'tickets_alert_rollup_update',
]

/** The created-hour sums of the tickets in `where` (the rebuild's first half). */
const createdSums = (where: string) => `
INSERT INTO alert_rollup (${KEY}, ${CREATED_MEASURES.join(', ')})
  SELECT ${createdHour('t')}, ${keyValues('t')}, count(*), sum(t.escalated), count(t.first_reply_minutes),
    coalesce(sum(t.first_reply_minutes), 0)
  FROM tickets t WHERE ${where} GROUP BY 1, 2, 3, 4`
/** The solve-hour sums of the solved tickets in `where`, set on the created rows of the same key (second half). */
const solvedSums = (where: string) => `
INSERT INTO alert_rollup (${KEY}, ${SOLVED_MEASURES.join(', ')})
  SELECT ${solveHour('t')}, ${keyValues('t')}, count(*), sum(t.reopens > 0), sum(t.replies <= 1),
    count(CASE WHEN t.csat >= 4 THEN 1 END), count(CASE WHEN t.csat <= 3 THEN 1 END),
    count(t.first_resolution_minutes), coalesce(sum(t.first_resolution_minutes), 0),
    count(t.full_resolution_minutes), coalesce(sum(t.full_resolution_minutes), 0)
  FROM tickets t WHERE ${solveHour('t')} IS NOT NULL AND ${where} GROUP BY 1, 2, 3, 4
  ON CONFLICT (${KEY}) DO UPDATE SET ${SOLVED_MEASURES.map((m) => `${m} = excluded.${m}`).join(', ')}`

/** The whole table from `tickets` in two GROUP BYs; also what the tests compare the triggers against. */
export const REBUILD_ALERT_ROLLUP = `
DELETE FROM alert_rollup;
${createdSums('true')};
${solvedSums('true')};
`
/**
 * The instants the bulk rebuild slices by (rebuildAlertRollup): creation, and the first solve written as migration 11's
 * index tickets_solve_event is, so the slices read through it. Each with the sums of the tickets whose instant is in
 * [?, ?).
 */
const SLICED = [
  { event: 't.created_at', sums: createdSums },
  { event: 'coalesce(t.first_solved_at, t.solved_at)', sums: solvedSums },
].map(({ event, sums }) => ({ event, slice: sums(`${event} >= ? AND ${event} < ?`) }))

/** Tickets per slice of the bulk rebuild of `alert_rollup` (rebuildAlertRollup), about. */
const ALERT_SLICE_ROWS = 50_000
const HOUR_MS = 3_600_000

/**
 * `alert_rollup` (migration 10) rebuilt after a bulk load, equal to REBUILD_ALERT_ROLLUP but in slices of about
 * ALERT_SLICE_ROWS tickets by each event's time, cut on hour edges so that every group lies in one slice. The two
 * GROUP BYs over the whole table sorted a million rows each; the workspace keeps its temporary data in memory (no
 * ticket text in temp files), so those sorts took a million-ticket import from about 400 to over 500 MB. A slice is
 * read through the created-at and solve-event indexes, which the bulk load has built by then.
 */
export function rebuildAlertRollup(db: Db, sliceRows = ALERT_SLICE_ROWS): void {
  db.exec('DELETE FROM alert_rollup')
  for (const { event, slice } of SLICED) {
    const insert = db.prepare(slice)
    const next = db
      .prepare(`SELECT ${event} FROM tickets t WHERE ${event} >= ? ORDER BY ${event} LIMIT 1 OFFSET ?`)
      .pluck()
    // SQLite's integer division truncates toward zero, so hour 0 runs from -1 h to +1 h and earlier hours end on
    // their edge: every instant before 1 h after the epoch goes in the first slice, whole hours after it.
    insert.run(Number.MIN_SAFE_INTEGER, HOUR_MS)
    let from = HOUR_MS
    for (;;) {
      const last = next.get(from, sliceRows) as number | undefined
      const to = last === undefined ? Number.MAX_SAFE_INTEGER : (Math.floor(last / HOUR_MS) + 1) * HOUR_MS
      insert.run(from, to)
      if (last === undefined) break
      from = to
    }
  }
}

export const migration010: Migration = {
  version: 10,
  name: 'alerts and their state',
  sql: `
CREATE TABLE alert_rollup (
  hour INTEGER NOT NULL,
  case_type TEXT NOT NULL,
  channel TEXT NOT NULL,
  region TEXT NOT NULL,
  ${[...CREATED_MEASURES, ...SOLVED_MEASURES].map((m) => `${m} INTEGER NOT NULL DEFAULT 0`).join(',\n  ')},
  PRIMARY KEY (${KEY})
) STRICT, WITHOUT ROWID;

-- One anomaly: a KPI of a segment (NULL field = every value) moving one way. Instants are epoch ms; data instants
-- (started, detected, last seen) are hour edges of the data, created/updated are wall-clock.
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  kpi TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('spike', 'drop')),
  seg_key TEXT NOT NULL,
  case_type TEXT,
  channel TEXT,
  region TEXT,
  severity TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  started_at INTEGER NOT NULL,
  detected_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  window_hours INTEGER NOT NULL,
  observed REAL NOT NULL,
  expected REAL NOT NULL,
  spread REAL NOT NULL,
  score REAL NOT NULL,
  sample INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  acknowledged_at INTEGER,
  snoozed_until INTEGER,
  notified INTEGER NOT NULL DEFAULT 0 CHECK (notified IN (0, 1))
) STRICT;

CREATE TABLE alert_mutes (
  seg_key TEXT PRIMARY KEY,
  case_type TEXT,
  channel TEXT,
  region TEXT,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE alert_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
${REBUILD_ALERT_ROLLUP}
${TRIGGERS}
`,
  indexes: `
CREATE INDEX alerts_anomaly ON alerts (seg_key, kpi, direction, last_seen_at);
CREATE INDEX alerts_recent ON alerts (last_seen_at);
`,
  bulkLoad: {
    before: `${TRIGGER_NAMES.map((n) => `DROP TRIGGER IF EXISTS ${n};`).join('\n')}
DELETE FROM alert_rollup;`,
    // REBUILD_ALERT_ROLLUP in slices, so its sorts stay small (rebuildAlertRollup).
    rebuild: rebuildAlertRollup,
    after: TRIGGERS,
  },
}
