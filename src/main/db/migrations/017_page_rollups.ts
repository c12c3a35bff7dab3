/**
 * Migration 17: a sync page may keep the rollups set-based (sync speed).
 *
 * The per-row triggers of migrations 9 (rollup_hour, rollup_minutes), 10 (alert_rollup), 14 (rollup_backlog) and 16
 * (alert_dirty) cost about two thirds of a synced ticket's write: some thirty upserts per row. A sync page instead
 * snapshots the rows it will overwrite, writes its tickets with those triggers off, and applies one grouped delta
 * per rollup (queries/pageRollups.ts), which leaves every table exactly as the triggers would have.
 *
 * `rollup_deferred` is the switch: while it holds its one row the triggers do nothing. The writer inserts the row and
 * deletes it again inside the page's own transaction, so no other connection ever sees it, and a kill mid-page rolls
 * the switch back with the page. A table in the main schema rather than a temp one because a trigger of the main
 * schema can only read main tables; a table rather than an SQL function because every connection (the CLI, the main
 * thread, an older build reading the file) must be able to run the triggers.
 *
 * The triggers are the same statements with the guard added to their WHEN; a bulk load re-creates them (it drops
 * and re-creates the triggers of each migration, then this one replaces them with the guarded ones).
 */
import { TRIGGERS as ROLLUP_TRIGGERS, TRIGGER_NAMES as ROLLUP_NAMES } from './009_rollups'
import { TRIGGERS as ALERT_TRIGGERS, TRIGGER_NAMES as ALERT_NAMES } from './010_alerts'
import { TRIGGERS as BACKLOG_TRIGGERS, TRIGGER_NAMES as BACKLOG_NAMES } from './014_clusters'
import { TRIGGERS as DIRTY_TRIGGERS, TRIGGER_NAMES as DIRTY_NAMES } from './016_alert_dirty'
import type { Migration } from './types'

const GUARD = 'NOT EXISTS (SELECT 1 FROM rollup_deferred)'

/** Adds the guard to the WHEN of every `AFTER … ON tickets` trigger in `sql` (creating a WHEN where there is none). */
export function guarded(sql: string): string {
  return sql.replace(
    /(AFTER (?:INSERT|DELETE|UPDATE) ON tickets)\s+(?:WHEN\s+([\s\S]*?)\s*)?BEGIN/g,
    (_all, head: string, when: string | undefined) => `${head}\nWHEN ${GUARD}${when ? ` AND (${when})` : ''}\nBEGIN`,
  )
}

/** Only the triggers on `tickets`: migration 9's triggers on its own tables keep firing for the grouped deltas. */
const NAMES = [...ROLLUP_NAMES, ...ALERT_NAMES, ...BACKLOG_NAMES, ...DIRTY_NAMES].filter((n) =>
  n.startsWith('tickets_'),
)

export const GUARDED_TRIGGERS = `
${NAMES.map((n) => `DROP TRIGGER IF EXISTS ${n};`).join('\n')}
${guarded(ROLLUP_TRIGGERS)}
${guarded(ALERT_TRIGGERS)}
${guarded(BACKLOG_TRIGGERS)}
${guarded(DIRTY_TRIGGERS)}
`

export const migration017: Migration = {
  version: 17,
  name: 'set-based rollups for sync pages',
  sql: `
CREATE TABLE rollup_deferred (
  id INTEGER PRIMARY KEY CHECK (id = 1)
) STRICT;
${GUARDED_TRIGGERS}
`,
  bulkLoad: {
    // Migrations 9, 10, 14 and 16 drop the triggers by name before a load and re-create the unguarded ones after it.
    before: `DELETE FROM rollup_deferred;`,
    after: GUARDED_TRIGGERS,
  },
}
