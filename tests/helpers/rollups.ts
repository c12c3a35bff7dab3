/** Reading the rollup tables for comparison in tests. */
import type { Db } from '../../src/main/db/connection'

/** Every rollup row, with segments spelled out (ids differ between incremental and rebuilt tables). */
export function snapshot(db: Db): { hour: unknown[]; minutes: unknown[]; backlog: unknown[] } {
  return {
    backlog: db
      .prepare(
        `SELECT s.channel, s.case_type, s.region, s.priority, s.source_id, s.assignee, s.group_name, b.minute, b.n
         FROM rollup_backlog b JOIN rollup_segments s ON s.id = b.seg ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
      )
      .all(),
    hour: db.prepare('SELECT * FROM rollup_hour ORDER BY dim, val, hour').all(),
    minutes: db
      .prepare(
        `SELECT m.metric, m.hour, s.channel, s.case_type, s.region, s.priority, s.source_id, s.assignee, s.group_name,
           m.minute, m.n FROM rollup_minutes m JOIN rollup_segments s ON s.id = m.seg
         ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`,
      )
      .all(),
  }
}
