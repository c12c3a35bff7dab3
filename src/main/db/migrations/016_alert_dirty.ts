/**
 * Migration 16: which hours of the alert rollups changed, and in what order (issue 5).
 *
 * Alert evaluation after a sync keeps the six weeks of `alert_rollup` rows it reads in memory (alerts/comboCache.ts)
 * and re-reads only the hours that changed since. `alert_dirty` says which: one row per UTC hour whose
 * `alert_rollup` rows any write touched, with the sequence number of the latest such write. Triggers on `tickets`
 * mark the hours `alert_rollup`'s own triggers (migration 10) write: a ticket's created hour and first-solve hour,
 * before and after an update. A reader that has seen everything up to sequence S re-reads the hours with `seq > S`;
 * writers from other processes (the CLI beside the app) are seen the same way, since the table is in the file.
 *
 * A bulk load rebuilds `alert_rollup` wholesale without triggers; it marks hour -1, which means every hour.
 */
import { WATCHED } from './010_alerts'
import type { Migration } from './types'

const createdHour = (x: string) => `${x}.created_at / 3600000`
const solveHour = (x: string) => `coalesce(${x}.first_solved_at, ${x}.solved_at) / 3600000`
const NEXT_SEQ = '(SELECT coalesce(max(seq), 0) + 1 FROM alert_dirty)'

/** Marks the hours of one or both row images; the WHERE also makes the upsert parse after INSERT … SELECT. */
function mark(hours: string[]): string {
  return `
  INSERT INTO alert_dirty (hour, seq)
    SELECT h, ${NEXT_SEQ} FROM (${hours.map((h) => `SELECT ${h} AS h`).join(' UNION ')}) WHERE h IS NOT NULL
    ON CONFLICT (hour) DO UPDATE SET seq = excluded.seq;`
}

export const TRIGGERS = `
CREATE TRIGGER IF NOT EXISTS tickets_alert_dirty_insert AFTER INSERT ON tickets
BEGIN ${mark([createdHour('NEW'), solveHour('NEW')])} END;
CREATE TRIGGER IF NOT EXISTS tickets_alert_dirty_delete AFTER DELETE ON tickets
BEGIN ${mark([createdHour('OLD'), solveHour('OLD')])} END;
-- Only the columns migration 10's update trigger watches: any other change leaves alert_rollup as it was.
CREATE TRIGGER IF NOT EXISTS tickets_alert_dirty_update AFTER UPDATE ON tickets
WHEN ${WATCHED.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')}
BEGIN ${mark([createdHour('OLD'), solveHour('OLD'), createdHour('NEW'), solveHour('NEW')])} END;
`
export const TRIGGER_NAMES = ['tickets_alert_dirty_insert', 'tickets_alert_dirty_delete', 'tickets_alert_dirty_update']

/** Every hour changed: one row, hour -1, newer than anything before it. */
export const MARK_ALL_DIRTY = `
INSERT INTO alert_dirty (hour, seq) VALUES (-1, ${NEXT_SEQ}) ON CONFLICT (hour) DO UPDATE SET seq = excluded.seq;
DELETE FROM alert_dirty WHERE hour <> -1;
`

export const migration016: Migration = {
  version: 16,
  name: 'changed hours of the alert rollups',
  sql: `
CREATE TABLE alert_dirty (
  hour INTEGER PRIMARY KEY,
  seq INTEGER NOT NULL
) STRICT;
${TRIGGERS}
`,
  indexes: `CREATE INDEX alert_dirty_seq ON alert_dirty (seq);`,
  bulkLoad: {
    before: TRIGGER_NAMES.map((n) => `DROP TRIGGER IF EXISTS ${n};`).join('\n'),
    after: `${TRIGGERS}\n${MARK_ALL_DIRTY}`,
  },
}
