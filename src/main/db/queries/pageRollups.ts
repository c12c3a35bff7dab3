/**
 * Set-based rollups and full-text index for a sync page (migration 17): the page's tickets and comments are written
 * with the per-row rollup and full-text triggers off; one grouped delta per rollup table then does what those
 * triggers would have done row by row, and each written ticket is re-indexed once.
 *
 * The delta is old image → new image per ticket: the rows the page overwrites are copied before the upserts and read
 * again after them; a ticket whose watched columns did not change (a replayed or older version, an edit of the text
 * only) contributes nothing, exactly as the triggers' WHEN clauses skip it. Equality with the triggers is what
 * tests/integration/pageRollups.test.ts checks, table by table:
 * - rollup_hour, rollup_minutes, rollup_backlog, alert_rollup: the net of subtracting every old image and adding
 *   every new one, with rows that fall to zero deleted, as the triggers' removals delete them. rollup_hour's eight
 *   fields are summed in memory from one read of the images (rollupRebuild.ts, as the bulk rebuild sums them), not
 *   with a GROUP BY each.
 * - The rows written are the keys either image touches, so the triggers on those tables (hour versions, unpacking
 *   of migration 9's packed durations) see the same hours as under the per-row triggers.
 * - rollup_segments: new combinations in page order, so they get the ids the triggers would have given them.
 * - alert_dirty: the same hours, all marked with one new sequence number: the page commits as one, so a reader never
 *   sees part of it, and "re-read the hours with seq > S" stays true.
 *
 * Only for pages with each ticket once: a ticket written twice within one page passes through an intermediate image
 * that the triggers see and a before/after delta does not, so such a page keeps the triggers (commitPage decides).
 */
import type { Statement } from 'better-sqlite3'
import type { Db } from '../connection'
import { PACK_DIMS, SEGMENT_COLUMNS, segmentValues, WATCHED as ROLLUP_WATCHED } from '../migrations/009_rollups'
import { createdHour, ROLLUP_FACT_COLUMNS, solveHour } from '../migrations/rollupFacts'
import {
  CREATED_MEASURES,
  createdValues,
  KEY as ALERT_KEY,
  keyValues,
  SOLVED_MEASURES,
  solvedValues,
  WATCHED as ALERT_WATCHED,
} from '../migrations/010_alerts'
import { isOpen, minuteOf, WATCHED as BACKLOG_WATCHED } from '../migrations/014_clusters'
import { ticketDocs } from '../migrations/002_fulltext'
import { ADD_ROLLUP_HOUR, addPageRollupHour, DROP_EMPTY_ROLLUP_HOUR } from './rollupRebuild'

/** The columns a rollup reads: migration 9 watches all of them (10's and 14's are subsets). */
const COLUMNS = ROLLUP_WATCHED.join(', ')
const changed = (cols: readonly string[]) => `(${cols.map((c) => `o.${c} IS NOT n.${c}`).join(' OR ')})`

const TEMP_TABLES = `
CREATE TEMP TABLE IF NOT EXISTS page_old (id INTEGER PRIMARY KEY, ord INTEGER NOT NULL, ${COLUMNS});
CREATE TEMP TABLE IF NOT EXISTS page_new (id INTEGER PRIMARY KEY, ord INTEGER NOT NULL, ${COLUMNS});
-- One row per image to subtract (sign -1) or add (1), with the rollups it moves (the triggers' WHEN clauses).
CREATE TEMP TABLE IF NOT EXISTS page_delta (sign INTEGER NOT NULL, ord INTEGER NOT NULL, rollup INTEGER NOT NULL,
  alert INTEGER NOT NULL, backlog INTEGER NOT NULL, seg INTEGER, ${COLUMNS});
CREATE TEMP TABLE IF NOT EXISTS page_minutes (metric, hour, seg, minute, n, had_old);
CREATE TEMP TABLE IF NOT EXISTS page_backlog (seg, minute, n, had_old);
CREATE TEMP TABLE IF NOT EXISTS page_alert (${ALERT_KEY}, ${[...CREATED_MEASURES, ...SOLVED_MEASURES].join(', ')}, had_old);
`
const CLEAR = ['page_old', 'page_new', 'page_delta', 'page_minutes', 'page_backlog', 'page_alert']
  .map((t) => `DELETE FROM temp.${t};`)
  .join('\n')

/** The page's tickets that exist now: parameters a JSON array of the page's external ids, then the source. */
const snapshot = (table: string) => `INSERT INTO temp.${table} (id, ord, ${COLUMNS})
  SELECT t.id, j.key, ${ROLLUP_WATCHED.map((c) => `t.${c}`).join(', ')}
  FROM json_each(?) j CROSS JOIN tickets t WHERE t.source_id = ? AND t.external_id = j.value`

const IMAGE_COLUMNS = (x: string) => ROLLUP_WATCHED.map((c) => `${x}.${c}`).join(', ')
const backlogMoved = `((${isOpen('o')} OR ${isOpen('n')}) AND ${changed(BACKLOG_WATCHED)})`
const DELTA = `
INSERT INTO temp.page_delta (sign, ord, rollup, alert, backlog, ${COLUMNS})
  SELECT -1, n.ord, ${changed(ROLLUP_WATCHED)}, ${changed(ALERT_WATCHED)}, ${backlogMoved}, ${IMAGE_COLUMNS('o')}
  FROM temp.page_new n JOIN temp.page_old o USING (id)
  WHERE ${changed(ROLLUP_WATCHED)} OR ${changed(ALERT_WATCHED)} OR ${backlogMoved};
INSERT INTO temp.page_delta (sign, ord, rollup, alert, backlog, ${COLUMNS})
  SELECT 1, n.ord, ${changed(ROLLUP_WATCHED)}, ${changed(ALERT_WATCHED)}, ${backlogMoved}, ${IMAGE_COLUMNS('n')}
  FROM temp.page_new n JOIN temp.page_old o USING (id)
  WHERE ${changed(ROLLUP_WATCHED)} OR ${changed(ALERT_WATCHED)} OR ${backlogMoved};
INSERT INTO temp.page_delta (sign, ord, rollup, alert, backlog, ${COLUMNS})
  SELECT 1, n.ord, 1, 1, 1, ${IMAGE_COLUMNS('n')} FROM temp.page_new n WHERE n.id NOT IN (SELECT id FROM temp.page_old);
`

const SEGMENT_MATCH = (x: string) => `(${SEGMENT_COLUMNS}) = (${segmentValues(x)})`
const SEGMENTS = `
INSERT INTO rollup_segments (${SEGMENT_COLUMNS})
  SELECT ${segmentValues('f')} FROM temp.page_delta f
  WHERE f.sign = 1 AND f.rollup AND NOT EXISTS (SELECT 1 FROM rollup_segments WHERE ${SEGMENT_MATCH('f')})
  GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY min(f.ord);
UPDATE temp.page_delta SET seg = (SELECT id FROM rollup_segments WHERE ${SEGMENT_MATCH('page_delta')})
  WHERE rollup OR backlog;
`

const ROLLUP_MINUTES = `
INSERT INTO temp.page_minutes
  SELECT metric, hour, seg, minute, sum(sign), max(sign < 0) FROM (
    SELECT 1 AS metric, ${createdHour('f')} AS hour, f.seg, f.first_reply_minutes AS minute, f.sign
      FROM temp.page_delta f WHERE f.rollup
    UNION ALL SELECT 2, ${solveHour('f')}, f.seg, f.first_resolution_minutes, f.sign FROM temp.page_delta f WHERE f.rollup
    UNION ALL SELECT 3, ${solveHour('f')}, f.seg, f.full_resolution_minutes, f.sign FROM temp.page_delta f WHERE f.rollup
  ) WHERE hour IS NOT NULL AND minute IS NOT NULL AND seg IS NOT NULL
  GROUP BY 1, 2, 3, 4;
INSERT INTO rollup_minutes (metric, hour, seg, minute, n)
  SELECT metric, hour, seg, minute, n FROM temp.page_minutes WHERE true
  ON CONFLICT (metric, hour, seg, minute) DO UPDATE SET n = n + excluded.n;
DELETE FROM rollup_minutes WHERE n <= 0
  AND (metric, hour, seg, minute) IN (SELECT metric, hour, seg, minute FROM temp.page_minutes WHERE had_old);
-- What migration 9's unpack triggers do for each row written above (guarded off in a page, migration 18), once per
-- (metric, hour): the packed generations of those hours are out of date.
DELETE FROM rollup_minutes_packed WHERE (metric, dim, hour) IN (
  SELECT DISTINCT m.metric, d.column1, m.hour FROM temp.page_minutes m, (VALUES ${PACK_DIMS.split(', ')
    .map((d) => `(${d})`)
    .join(', ')}) d);
`

const ROLLUP_BACKLOG = `
INSERT INTO temp.page_backlog
  SELECT f.seg, ${minuteOf('f')}, sum(f.sign), max(f.sign < 0) FROM temp.page_delta f
  WHERE f.backlog AND ${isOpen('f')} AND f.seg IS NOT NULL GROUP BY 1, 2;
INSERT INTO rollup_backlog (seg, minute, n) SELECT seg, minute, n FROM temp.page_backlog WHERE true
  ON CONFLICT (seg, minute) DO UPDATE SET n = n + excluded.n;
DELETE FROM rollup_backlog WHERE n <= 0 AND (seg, minute) IN (SELECT seg, minute FROM temp.page_backlog WHERE had_old);
`

const ADD = (measures: readonly string[]) => measures.map((m) => `${m} = ${m} + excluded.${m}`).join(', ')
const ALERT_MEASURES = [...CREATED_MEASURES, ...SOLVED_MEASURES]
const ALERT_ROLLUP = `
WITH e (${ALERT_KEY}, sign, ${ALERT_MEASURES.join(', ')}) AS (
    SELECT ${createdHour('f')}, ${keyValues('f')}, f.sign,
      ${createdValues('f')
        .map((v) => `f.sign * (${v})`)
        .join(', ')}, ${SOLVED_MEASURES.map(() => '0').join(', ')}
    FROM temp.page_delta f WHERE f.alert
    UNION ALL SELECT ${solveHour('f')}, ${keyValues('f')}, f.sign, ${CREATED_MEASURES.map(() => '0').join(', ')},
      ${solvedValues('f')
        .map((v) => `f.sign * (${v})`)
        .join(', ')}
    FROM temp.page_delta f WHERE f.alert AND ${solveHour('f')} IS NOT NULL
  )
INSERT INTO temp.page_alert
  SELECT ${ALERT_KEY}, ${ALERT_MEASURES.map((m) => `sum(${m})`).join(', ')}, max(sign < 0) FROM e GROUP BY 1, 2, 3, 4;
INSERT INTO alert_rollup (${ALERT_KEY}, ${ALERT_MEASURES.join(', ')})
  SELECT ${ALERT_KEY}, ${ALERT_MEASURES.join(', ')} FROM temp.page_alert WHERE true
  ON CONFLICT (${ALERT_KEY}) DO UPDATE SET ${ADD(ALERT_MEASURES)};
DELETE FROM alert_rollup WHERE created = 0 AND solved = 0
  AND (${ALERT_KEY}) IN (SELECT ${ALERT_KEY} FROM temp.page_alert WHERE had_old);
`

/** Migration 16's marks: the created and first-solve hours of both images, under one sequence number (`?`). */
const ALERT_DIRTY = `
INSERT INTO alert_dirty (hour, seq)
  SELECT h, ? FROM (
    SELECT ${createdHour('f')} AS h FROM temp.page_delta f WHERE f.alert
    UNION SELECT ${solveHour('f')} FROM temp.page_delta f WHERE f.alert
  ) WHERE h IS NOT NULL
  ON CONFLICT (hour) DO UPDATE SET seq = excluded.seq`

/**
 * Migration 2's index of the tickets written (`?`: a JSON array of their ids), once each: the triggers re-index a
 * ticket for its own write and for each comment replaced, and the last of those is what stays.
 */
const FTS_DELETE = `DELETE FROM tickets_fts WHERE rowid IN (SELECT value FROM json_each(?))`
const FTS_INSERT = `INSERT INTO tickets_fts (rowid, subject, body)
  ${ticketDocs('t.id IN (SELECT value FROM json_each(?))')} ORDER BY t.id`

interface PageStatements {
  deferOn: Statement
  deferOff: Statement
  snapshotOld: Statement
  snapshotNew: Statement
  nextSeq: Statement
  dirty: Statement
  ftsDelete: Statement
  ftsInsert: Statement
  /** The images to subtract and add. */
  delta: Statement[]
  /** rollup_hour: the images' facts, summed in memory (rollupRebuild.ts), and the statements writing the sums. */
  hourImages: Statement
  hourAdd: Statement
  hourDropEmpty: Statement
  /** The other deltas, in order: segments, rollup_minutes, rollup_backlog, alert_rollup. */
  steps: Statement[]
}

const prepared = new WeakMap<Db, PageStatements>()

function statementsOf(db: Db): PageStatements {
  let s = prepared.get(db)
  if (s) return s
  db.exec(TEMP_TABLES)
  s = {
    deferOn: db.prepare('INSERT INTO deferred_triggers (id) VALUES (1)'),
    deferOff: db.prepare('DELETE FROM deferred_triggers'),
    snapshotOld: db.prepare(snapshot('page_old')),
    snapshotNew: db.prepare(snapshot('page_new')),
    nextSeq: db.prepare('SELECT coalesce(max(seq), 0) + 1 FROM alert_dirty').pluck(),
    dirty: db.prepare(ALERT_DIRTY),
    ftsDelete: db.prepare(FTS_DELETE),
    ftsInsert: db.prepare(FTS_INSERT),
    hourImages: db.prepare(`SELECT ${ROLLUP_FACT_COLUMNS}, t.sign FROM temp.page_delta t WHERE t.rollup`),
    hourAdd: db.prepare(ADD_ROLLUP_HOUR),
    hourDropEmpty: db.prepare(DROP_EMPTY_ROLLUP_HOUR),
    steps: [SEGMENTS, ROLLUP_MINUTES, ROLLUP_BACKLOG, ALERT_ROLLUP]
      .flatMap((sql) => sql.split(/;\s*\n/))
      .filter((sql) => sql.trim())
      .map((sql) => db.prepare(sql)),
    delta: DELTA.split(/;\s*\n/)
      .filter((sql) => sql.trim())
      .map((sql) => db.prepare(sql)),
  }
  prepared.set(db, s)
  return s
}

/**
 * Inside the page's transaction, before its upserts: turns the per-row rollup triggers off and keeps the current
 * image of the page's tickets. Returns what to call after the upserts (and before any delete): it applies the deltas
 * and turns the triggers back on. Each external id must occur once.
 */
export function deferRollups(
  db: Db,
  sourceId: number,
  externalIds: readonly string[],
): (writtenIds: readonly number[]) => void {
  const s = statementsOf(db)
  const ids = JSON.stringify(externalIds)
  // Again each page: temp tables made inside a page that rolled back went with it.
  db.exec(TEMP_TABLES)
  db.exec(CLEAR)
  s.deferOn.run()
  s.snapshotOld.run(ids, sourceId)
  return (writtenIds) => {
    s.snapshotNew.run(ids, sourceId)
    for (const step of s.delta) step.run()
    addPageRollupHour(s.hourImages, s.hourAdd, s.hourDropEmpty)
    for (const step of s.steps) step.run()
    s.dirty.run(s.nextSeq.get())
    const written = JSON.stringify(writtenIds)
    s.ftsDelete.run(written)
    s.ftsInsert.run(written)
    s.deferOff.run()
  }
}
