/**
 * Migration 14: the open backlog by age (issue 5), so backlog age p50/p90 and the share older than the SLA target
 * come from a rollup, not from the tickets table.
 *
 * `rollup_backlog` — tickets in the backlog now (status not solved or closed, the same rule as migration 9's
 * `exited`), counted per (segment, creation minute). The segment is a row of `rollup_segments` (all seven fields, so
 * any one field can be filtered or cut and the priority gives each ticket its SLA target); minutes are whole
 * calendar minutes, so ages over these rows are exact to the minute. About one row per open ticket.
 *
 * Triggers keep it true under every writer; a bulk load drops them and rebuilds in one pass, after migration 9 has
 * rebuilt the segments it refers to (bulk-load hooks run in migration order).
 */
import type { Migration } from './types'

const SEGMENT_COLUMNS = 'channel, case_type, region, priority, source_id, assignee, group_name'
const segmentValues = (x: string) =>
  `coalesce(${x}.channel, ''), coalesce(${x}.case_type, ''), coalesce(${x}.region, ''), coalesce(${x}.priority, ''),
   ${x}.source_id, coalesce(${x}.assignee, ''), coalesce(${x}.group_name, '')`
const segmentId = (x: string) => `(SELECT id FROM rollup_segments WHERE (${SEGMENT_COLUMNS}) = (${segmentValues(x)}))`
export const isOpen = (x: string) => `${x}.status NOT IN ('solved', 'closed')`
export const minuteOf = (x: string) => `(${x}.created_at / 60000)`

const add = (x: string) => `
  INSERT INTO rollup_segments (${SEGMENT_COLUMNS}) SELECT ${segmentValues(x)}
    WHERE ${isOpen(x)} AND NOT EXISTS (SELECT 1 FROM rollup_segments WHERE (${SEGMENT_COLUMNS}) = (${segmentValues(x)}));
  INSERT INTO rollup_backlog (seg, minute, n) SELECT ${segmentId(x)}, ${minuteOf(x)}, 1 WHERE ${isOpen(x)}
    ON CONFLICT (seg, minute) DO UPDATE SET n = n + 1;`

const remove = (x: string) => `
  UPDATE rollup_backlog SET n = n - 1 WHERE ${isOpen(x)} AND seg = ${segmentId(x)} AND minute = ${minuteOf(x)};
  DELETE FROM rollup_backlog WHERE n <= 0 AND ${isOpen(x)} AND seg = ${segmentId(x)} AND minute = ${minuteOf(x)};`

/** Columns whose change can move a ticket in or out of the backlog, or to another row of it. */
export const WATCHED = [
  'status',
  'created_at',
  'channel',
  'case_type',
  'region',
  'priority',
  'source_id',
  'assignee',
  'group_name',
]

export const TRIGGERS = `
CREATE TRIGGER IF NOT EXISTS tickets_backlog_insert AFTER INSERT ON tickets WHEN ${isOpen('NEW')} BEGIN
  ${add('NEW')}
END;
CREATE TRIGGER IF NOT EXISTS tickets_backlog_delete AFTER DELETE ON tickets WHEN ${isOpen('OLD')} BEGIN
  ${remove('OLD')}
END;
CREATE TRIGGER IF NOT EXISTS tickets_backlog_update AFTER UPDATE ON tickets
WHEN (${isOpen('OLD')} OR ${isOpen('NEW')}) AND (${WATCHED.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')})
BEGIN
  ${remove('OLD')}
  ${add('NEW')}
END;
`

export const TRIGGER_NAMES = ['tickets_backlog_insert', 'tickets_backlog_delete', 'tickets_backlog_update']

/**
 * Every open ticket's backlog row, counted. CROSS JOIN keeps the tickets as the outer loop: with statistics from an
 * earlier load, SQLite otherwise preferred scanning the segments and searching tickets by source for each, which is
 * segments x tickets (12 minutes at 100,000 tickets instead of 0.1 s).
 */
export const BACKLOG_ROWS = `SELECT s.id, ${minuteOf('t')}, count(*) FROM tickets t
  CROSS JOIN rollup_segments s ON (s.channel, s.case_type, s.region, s.priority, s.source_id, s.assignee, s.group_name) =
    (${segmentValues('t')})
  WHERE ${isOpen('t')} GROUP BY 1, 2`

/** The backlog rollup from the tickets table in one pass (segments first, for tickets no rollup has seen yet). */
export const REBUILD_BACKLOG = `
DELETE FROM rollup_backlog;
INSERT INTO rollup_segments (${SEGMENT_COLUMNS})
  SELECT DISTINCT ${segmentValues('t')} FROM tickets t
  WHERE ${isOpen('t')} AND NOT EXISTS (SELECT 1 FROM rollup_segments WHERE (${SEGMENT_COLUMNS}) = (${segmentValues('t')}));
INSERT INTO rollup_backlog (seg, minute, n)
  ${BACKLOG_ROWS};
`

/**
 * Packed hours (migration 9's read cache) get a generation: every packing transaction takes the next number, so a
 * longer block built from packed hours (a local day, a week, a whole period; kept by the engine) is valid exactly
 * while every hour it holds is still packed with a generation no newer than the block's. The markers get an index
 * of their own, so checking a period's hours reads a few hundred index entries, not the packed data.
 */
const PACK_GENERATIONS = `
ALTER TABLE rollup_minutes_packed ADD COLUMN gen INTEGER NOT NULL DEFAULT 0;
CREATE TABLE rollup_pack_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  gen INTEGER NOT NULL
) STRICT;
INSERT INTO rollup_pack_generation (id, gen) VALUES (1, 0);
`

/**
 * Hour versions: a counter per UTC hour, raised whenever any `rollup_hour` row of that hour changes. Every ticket
 * write that moves any field's row also moves the 'all' row of the same hour, so watching those rows alone sees
 * every change at a trigger per event hour. The engine keeps sums of longer spans (days, weeks, periods) while the sum
 * of their hours' versions is unchanged; counters only grow, so any change shows.
 */
const HOUR_VERSIONS = `
CREATE TABLE rollup_hour_version (
  hour INTEGER PRIMARY KEY,
  v INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO rollup_hour_version (hour, v) SELECT DISTINCT hour, 1 FROM rollup_hour WHERE dim = 'all';
`
const bump = (x: string) =>
  `INSERT INTO rollup_hour_version (hour, v) VALUES (${x}.hour, 1) ON CONFLICT (hour) DO UPDATE SET v = v + 1;`
const VERSION_TRIGGERS = `
CREATE TRIGGER IF NOT EXISTS rollup_hour_version_insert AFTER INSERT ON rollup_hour WHEN NEW.dim = 'all' BEGIN
  ${bump('NEW')}
END;
CREATE TRIGGER IF NOT EXISTS rollup_hour_version_update AFTER UPDATE ON rollup_hour WHEN NEW.dim = 'all' BEGIN
  ${bump('NEW')}
END;
CREATE TRIGGER IF NOT EXISTS rollup_hour_version_delete AFTER DELETE ON rollup_hour WHEN OLD.dim = 'all' BEGIN
  ${bump('OLD')}
END;
`
const VERSION_TRIGGER_NAMES = ['rollup_hour_version_insert', 'rollup_hour_version_update', 'rollup_hour_version_delete']
/** After a bulk rebuild every hour that has or had rows moves on, so no kept sum survives it. */
const BUMP_ALL = `
UPDATE rollup_hour_version SET v = v + 1;
INSERT INTO rollup_hour_version (hour, v) SELECT DISTINCT hour, 1 FROM rollup_hour WHERE dim = 'all' AND true
  ON CONFLICT (hour) DO NOTHING;
`

export const migration014: Migration = {
  version: 14,
  name: 'open backlog by age, pack generations (issue 5)',
  sql: `
${PACK_GENERATIONS}
${HOUR_VERSIONS}
${VERSION_TRIGGERS}
CREATE TABLE rollup_backlog (
  seg INTEGER NOT NULL,
  minute INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (seg, minute)
) STRICT, WITHOUT ROWID;
${REBUILD_BACKLOG}
${TRIGGERS}
`,
  indexes: `CREATE INDEX rollup_minutes_packed_marks ON rollup_minutes_packed (metric, dim, hour, gen) WHERE val = char(0);`,
  bulkLoad: {
    before: `${[...TRIGGER_NAMES, ...VERSION_TRIGGER_NAMES].map((n) => `DROP TRIGGER IF EXISTS ${n};`).join('\n')}
DELETE FROM rollup_backlog;`,
    after: `${REBUILD_BACKLOG}\n${BUMP_ALL}\n${TRIGGERS}\n${VERSION_TRIGGERS}`,
  },
}
