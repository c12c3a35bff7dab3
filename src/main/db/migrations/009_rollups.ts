/**
 * Migration 10: KPI rollups (issue 5), so no dashboard query reads the tickets table.
 *
 * `rollup_hour` — counts and sums per UTC hour (epoch ms / 3,600,000) per *one* segment field at a time: a row for
 * every (field, value, hour), field ∈ all, channel, caseType, region, priority, source, assignee, group; tickets
 * without a value count under ''. Each measure is filed under the hour of the event it describes: created (volume,
 * escalations, first replies), first solve (solved, reopened, one-touch, CSAT, resolution times) and leaving the
 * backlog (`exited`: the last solve of a ticket now solved or closed). Per-field rows rather than the full
 * (channel × case type × … × assignee) cross product because at ~230 tickets an hour almost every ticket has its own
 * combination: the cross product would be as long as the tickets table, while per-field rows are ~110 an hour and
 * the unfiltered row one an hour. The price: the dashboard filters or cuts by one field at a time.
 *
 * `rollup_minutes` — exact percentiles. A sparse histogram (metric, UTC hour, segment, minute) → tickets, where the
 * segment is one row of `rollup_segments` (the full combination of the seven fields, interned). Durations are whole
 * calendar minutes, so a 1-minute histogram loses nothing: merging the rows of a period gives the exact multiset of
 * durations, and medians / p90 over it are exact (kpis.md), never averages of daily figures. SLA breaches are
 * counted from the same rows against the policy of the segment's priority, so changing the policy rebuilds nothing.
 * metric 1 = first reply minutes (by created hour), 2 = first resolution, 3 = full resolution (by first-solve hour).
 *
 * Triggers keep both true under every writer (import, sync, demo, bulk edits). A bulk load drops them and rebuilds
 * in one pass over a narrow temp copy of the tickets (`bulkLoad`), which is far faster than triggers per row.
 */
import { rebuildRollupHour } from '../queries/rollupRebuild'
import {
  createdHour,
  exitHour,
  ROLLUP_DIMENSIONS as DIMENSIONS,
  ROLLUP_FACTS_SELECT,
  ROLLUP_MEASURES as MEASURES,
  solveHour,
} from './rollupFacts'
import type { Migration } from './types'

/**
 * A ticket's contribution to each measure at each of its event hours, times `sign` (1 to add, -1 to remove): up to
 * three rows (hour, m0…m13), m-columns in MEASURES order.
 */
function eventRows(x: string, sign: 1 | -1): string {
  const s = (e: string) => (sign === 1 ? `(${e})` : `-(${e})`)
  const row = (hour: string, values: Partial<Record<(typeof MEASURES)[number], string>>, named: boolean): string =>
    `SELECT ${hour}${named ? ' AS hour' : ''}, ${MEASURES.map((m, i) => `${values[m] ? s(values[m]) : '0'}${named ? ` AS m${i}` : ''}`).join(', ')}`
  const created = row(
    createdHour(x),
    {
      created: '1',
      escalated: `${x}.escalated`,
      replied: `${x}.first_reply_minutes IS NOT NULL`,
      frt_sum: `coalesce(${x}.first_reply_minutes, 0)`,
    },
    true,
  )
  const solved = row(
    solveHour(x),
    {
      solved: '1',
      reopened: `${x}.reopens > 0`,
      one_touch: `${x}.replies <= 1`,
      csat_good: `coalesce(${x}.csat >= 4, 0)`,
      csat_bad: `coalesce(${x}.csat <= 3, 0)`,
      fres_n: `${x}.first_resolution_minutes IS NOT NULL`,
      fres_sum: `coalesce(${x}.first_resolution_minutes, 0)`,
      tres_n: `${x}.full_resolution_minutes IS NOT NULL`,
      tres_sum: `coalesce(${x}.full_resolution_minutes, 0)`,
    },
    false,
  )
  const exited = row(exitHour(x), { exited: '1' }, false)
  return `${created}
    UNION ALL ${solved} WHERE ${solveHour(x)} IS NOT NULL
    UNION ALL ${exited} WHERE ${exitHour(x)} IS NOT NULL`
}

function dimensionRows(x: string): string {
  return DIMENSIONS.map(([dim, val]) => `SELECT '${dim}' AS dim, ${val(x)} AS val`).join(' UNION ALL ')
}

const MEASURE_LIST = MEASURES.join(', ')
const ADD_EXCLUDED = MEASURES.map((m) => `${m} = ${m} + excluded.${m}`).join(', ')

/** Adds (or with -1 removes) one ticket's row `x` (NEW / OLD) to `rollup_hour`, dropping rows that fall to zero. */
function hourDelta(x: string, sign: 1 | -1): string {
  const upsert = `INSERT INTO rollup_hour (hour, dim, val, ${MEASURE_LIST})
    SELECT e.hour, d.dim, d.val, ${MEASURES.map((_, i) => `e.m${i}`).join(', ')}
    FROM (${eventRows(x, sign)}) AS e, (${dimensionRows(x)}) AS d
    WHERE true
    ON CONFLICT (dim, val, hour) DO UPDATE SET ${ADD_EXCLUDED};`
  if (sign === 1) return upsert
  // Every measure belongs to one of the three events, so a row whose three event counts are zero is empty.
  return `${upsert}
    DELETE FROM rollup_hour WHERE created = 0 AND solved = 0 AND exited = 0 AND (dim, val, hour) IN (
      SELECT d.dim, d.val, e.hour FROM (${eventRows(x, 1)}) AS e, (${dimensionRows(x)}) AS d);`
}

export const SEGMENT_COLUMNS = 'channel, case_type, region, priority, source_id, assignee, group_name'
export const segmentValues = (x: string) =>
  `coalesce(${x}.channel, ''), coalesce(${x}.case_type, ''), coalesce(${x}.region, ''), coalesce(${x}.priority, ''),
   ${x}.source_id, coalesce(${x}.assignee, ''), coalesce(${x}.group_name, '')`
const segmentId = (x: string) => `(SELECT id FROM rollup_segments WHERE (${SEGMENT_COLUMNS}) = (${segmentValues(x)}))`

/** One row per duration metric of ticket `x`: (metric, hour, minute), only where both are known. */
function minuteRows(x: string): string {
  return `SELECT * FROM (
      SELECT 1 AS metric, ${createdHour(x)} AS hour, ${x}.first_reply_minutes AS minute
      UNION ALL SELECT 2, ${solveHour(x)}, ${x}.first_resolution_minutes
      UNION ALL SELECT 3, ${solveHour(x)}, ${x}.full_resolution_minutes
    ) WHERE hour IS NOT NULL AND minute IS NOT NULL`
}

function minutesAdd(x: string): string {
  // Not INSERT OR IGNORE: a conflict clause of the statement firing the trigger (a sync's upsert, an INSERT OR
  // REPLACE) would override the trigger's own.
  return `INSERT INTO rollup_segments (${SEGMENT_COLUMNS}) SELECT ${segmentValues(x)}
      WHERE NOT EXISTS (SELECT 1 FROM rollup_segments WHERE (${SEGMENT_COLUMNS}) = (${segmentValues(x)}));
    INSERT INTO rollup_minutes (metric, hour, seg, minute, n)
      SELECT m.metric, m.hour, ${segmentId(x)}, m.minute, 1 FROM (${minuteRows(x)}) AS m WHERE true
      ON CONFLICT (metric, hour, seg, minute) DO UPDATE SET n = n + 1;`
}

function minutesRemove(x: string): string {
  const keys = `SELECT m.metric, m.hour, ${segmentId(x)}, m.minute FROM (${minuteRows(x)}) AS m`
  return `UPDATE rollup_minutes SET n = n - 1 WHERE (metric, hour, seg, minute) IN (${keys});
    DELETE FROM rollup_minutes WHERE n <= 0 AND (metric, hour, seg, minute) IN (${keys});`
}

/** Columns whose change can move a ticket's rollup rows. */
export const WATCHED = [
  'created_at',
  'first_solved_at',
  'solved_at',
  'updated_at',
  'status',
  'channel',
  'case_type',
  'region',
  'priority',
  'source_id',
  'assignee',
  'group_name',
  'escalated',
  'reopens',
  'replies',
  'csat',
  'first_reply_minutes',
  'first_resolution_minutes',
  'full_resolution_minutes',
]

export const TRIGGERS = `
CREATE TRIGGER IF NOT EXISTS tickets_rollup_insert AFTER INSERT ON tickets BEGIN
  ${hourDelta('NEW', 1)}
  ${minutesAdd('NEW')}
END;
CREATE TRIGGER IF NOT EXISTS tickets_rollup_delete AFTER DELETE ON tickets BEGIN
  ${hourDelta('OLD', -1)}
  ${minutesRemove('OLD')}
END;
CREATE TRIGGER IF NOT EXISTS tickets_rollup_update AFTER UPDATE ON tickets
WHEN ${WATCHED.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')}
BEGIN
  ${hourDelta('OLD', -1)}
  ${minutesRemove('OLD')}
  ${hourDelta('NEW', 1)}
  ${minutesAdd('NEW')}
END;
`

/**
 * `rollup_minutes_packed` is a read cache of `rollup_minutes`, per (metric, field, UTC hour, value of the field):
 * that hour's durations, one int32 per ticket, sorted, in five runs by priority (urgent, high, normal, low, other)
 * after a five-int header of run lengths. A period's exact median is then a selection over a few thousand sorted
 * runs read as BLOBs, not a walk over every (segment, minute) row. A row with value NUL marks an hour as packed for
 * that field. The engine packs hours on first read; any change to an hour's histogram drops that hour everywhere.
 */
export const PACK_DIMS = DIMENSIONS.map(([dim]) => `'${dim}'`).join(', ')
const unpack = (x: string) =>
  `DELETE FROM rollup_minutes_packed WHERE metric = ${x}.metric AND dim IN (${PACK_DIMS}) AND hour = ${x}.hour;`
export const PACK_TRIGGERS = `
CREATE TRIGGER IF NOT EXISTS rollup_minutes_unpack_insert AFTER INSERT ON rollup_minutes BEGIN ${unpack('NEW')} END;
CREATE TRIGGER IF NOT EXISTS rollup_minutes_unpack_update AFTER UPDATE ON rollup_minutes BEGIN
  ${unpack('OLD')} ${unpack('NEW')}
END;
CREATE TRIGGER IF NOT EXISTS rollup_minutes_unpack_delete AFTER DELETE ON rollup_minutes BEGIN ${unpack('OLD')} END;
`

export const TRIGGER_NAMES = [
  'tickets_rollup_insert',
  'tickets_rollup_delete',
  'tickets_rollup_update',
  'rollup_minutes_unpack_insert',
  'rollup_minutes_unpack_update',
  'rollup_minutes_unpack_delete',
]

const FACTS_COPY = `
DROP TABLE IF EXISTS temp.rollup_facts;
CREATE TEMP TABLE rollup_facts AS ${ROLLUP_FACTS_SELECT};`

/** `rollup_hour` from the temp copy: one GROUP BY per (field, event). */
const HOUR_FROM_FACTS = DIMENSIONS.map(([dim, val]) => {
  const v = val('f')
  return `
INSERT INTO rollup_hour (hour, dim, val, created, escalated, replied, frt_sum)
  SELECT ch, '${dim}', ${v}, count(*), sum(escalated), count(frt), coalesce(sum(frt), 0)
  FROM rollup_facts f GROUP BY ch, 3;
INSERT INTO rollup_hour (hour, dim, val, solved, reopened, one_touch, csat_good, csat_bad, fres_n, fres_sum, tres_n, tres_sum)
  SELECT sh, '${dim}', ${v}, count(*), sum(reopened), sum(one_touch), count(CASE WHEN csat >= 4 THEN 1 END),
    count(CASE WHEN csat <= 3 THEN 1 END), count(fres), coalesce(sum(fres), 0), count(tres), coalesce(sum(tres), 0)
  FROM rollup_facts f WHERE sh IS NOT NULL GROUP BY sh, 3
  ON CONFLICT (dim, val, hour) DO UPDATE SET solved = excluded.solved, reopened = excluded.reopened,
    one_touch = excluded.one_touch, csat_good = excluded.csat_good, csat_bad = excluded.csat_bad,
    fres_n = excluded.fres_n, fres_sum = excluded.fres_sum, tres_n = excluded.tres_n, tres_sum = excluded.tres_sum;
INSERT INTO rollup_hour (hour, dim, val, exited)
  SELECT xh, '${dim}', ${v}, count(*) FROM rollup_facts f WHERE xh IS NOT NULL GROUP BY xh, 3
  ON CONFLICT (dim, val, hour) DO UPDATE SET exited = excluded.exited;`
}).join('')

/** Interned segments and the minute histograms from the temp copy, which it drops. */
const MINUTES_FROM_FACTS = `
DELETE FROM rollup_minutes_packed;
DELETE FROM rollup_minutes;
DELETE FROM rollup_segments;
INSERT INTO rollup_segments (${SEGMENT_COLUMNS}) SELECT DISTINCT ${SEGMENT_COLUMNS} FROM rollup_facts;
DROP TABLE IF EXISTS temp.rollup_seg_facts;
-- CROSS JOIN: the temp copy stays the outer loop whatever statistics say of rollup_segments.
CREATE TEMP TABLE rollup_seg_facts AS
  SELECT s.id AS seg, f.ch, f.sh, f.frt, f.fres, f.tres FROM rollup_facts f CROSS JOIN rollup_segments s USING (${SEGMENT_COLUMNS});
DROP TABLE temp.rollup_facts;
INSERT INTO rollup_minutes (metric, hour, seg, minute, n)
  SELECT 1, ch, seg, frt, count(*) FROM rollup_seg_facts WHERE frt IS NOT NULL GROUP BY ch, seg, frt;
INSERT INTO rollup_minutes (metric, hour, seg, minute, n)
  SELECT 2, sh, seg, fres, count(*) FROM rollup_seg_facts WHERE sh IS NOT NULL AND fres IS NOT NULL GROUP BY sh, seg, fres;
INSERT INTO rollup_minutes (metric, hour, seg, minute, n)
  SELECT 3, sh, seg, tres, count(*) FROM rollup_seg_facts WHERE sh IS NOT NULL AND tres IS NOT NULL GROUP BY sh, seg, tres;
DROP TABLE temp.rollup_seg_facts;
`

/**
 * Every rollup from the tickets table in one scan: a narrow temp copy (hours, segment, measures), then one GROUP BY
 * per (field, event) over that copy. Also what the property tests compare the trigger-maintained tables and the
 * in-memory bulk rebuild against.
 */
export const REBUILD_ROLLUPS = `
DELETE FROM rollup_hour;
${FACTS_COPY}
${HOUR_FROM_FACTS}
${MINUTES_FROM_FACTS}`

export const migration009: Migration = {
  version: 9,
  name: 'KPI rollups and SLA policy (issue 5)',
  sql: `
CREATE TABLE rollup_hour (
  hour INTEGER NOT NULL,
  dim TEXT NOT NULL,
  val TEXT NOT NULL,
  ${MEASURES.map((m) => `${m} INTEGER NOT NULL DEFAULT 0`).join(',\n  ')},
  PRIMARY KEY (dim, val, hour)
) STRICT, WITHOUT ROWID;

-- AUTOINCREMENT: a rebuild never hands an old id to another combination, so a reader's cached dictionary stays true.
CREATE TABLE rollup_segments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  channel TEXT NOT NULL,
  case_type TEXT NOT NULL,
  region TEXT NOT NULL,
  priority TEXT NOT NULL,
  source_id INTEGER NOT NULL,
  assignee TEXT NOT NULL,
  group_name TEXT NOT NULL,
  UNIQUE (${SEGMENT_COLUMNS})
) STRICT;

CREATE TABLE rollup_minutes (
  metric INTEGER NOT NULL CHECK (metric IN (1, 2, 3)),
  hour INTEGER NOT NULL,
  seg INTEGER NOT NULL,
  minute INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (metric, hour, seg, minute)
) STRICT, WITHOUT ROWID;

CREATE TABLE rollup_minutes_packed (
  metric INTEGER NOT NULL,
  dim TEXT NOT NULL,
  hour INTEGER NOT NULL,
  val TEXT NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (metric, dim, hour, val)
) STRICT, WITHOUT ROWID;

-- The analyst's SLA targets by priority; priorities without a row use the built-in defaults (shared/kpis.ts).
CREATE TABLE sla_policy (
  priority TEXT PRIMARY KEY CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
  first_reply_minutes INTEGER NOT NULL CHECK (first_reply_minutes > 0),
  resolution_minutes INTEGER NOT NULL CHECK (resolution_minutes > 0),
  updated_at INTEGER NOT NULL
) STRICT;
${REBUILD_ROLLUPS}
${TRIGGERS}
${PACK_TRIGGERS}
`,
  bulkLoad: {
    before: `${TRIGGER_NAMES.map((n) => `DROP TRIGGER IF EXISTS ${n};`).join('\n')}
DELETE FROM rollup_hour;
DELETE FROM rollup_minutes_packed;
DELETE FROM rollup_minutes;
DELETE FROM rollup_segments;`,
    // rollup_hour is summed in memory (rebuildRollupHour): 24 sorts of the whole table were most of a bulk load.
    rebuild: rebuildRollupHour,
    after: `${FACTS_COPY}\n${MINUTES_FROM_FACTS}\n${TRIGGERS}\n${PACK_TRIGGERS}`,
  },
}
