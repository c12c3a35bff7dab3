/**
 * Migration 17: a sync page may keep the rollups and the full-text index set-based (sync speed).
 *
 * The per-row triggers of migrations 9 (rollup_hour, rollup_minutes), 10 (alert_rollup), 14 (rollup_backlog) and 16
 * (alert_dirty) cost more than half of a synced ticket's write: some thirty upserts per row; migration 2's full-text
 * triggers re-index a ticket once for its own write and again for every comment replaced. A sync page instead
 * snapshots the rows it will overwrite, writes its tickets and comments with those triggers off, then applies one
 * grouped delta per rollup and re-indexes each written ticket once (queries/pageRollups.ts), which leaves every
 * table exactly as the triggers would have.
 *
 * `deferred_triggers` is the switch: while it holds its one row the triggers do nothing. The writer inserts the row
 * and deletes it again inside the page's own transaction, so no other connection ever sees it, and a kill mid-page
 * rolls the switch back with the page. A table in the main schema rather than a temp one because a trigger of the
 * main schema can only read main tables; a table rather than an SQL function because every connection (the CLI, the
 * main thread, an older build reading the file) must be able to run the triggers.
 *
 * The triggers are the same statements with the guard added to their WHEN; a bulk load re-creates them (it drops
 * and re-creates the triggers of each migration, then this one replaces them with the guarded ones).
 */
import { TRIGGERS as FTS_TRIGGERS, TRIGGER_NAMES as FTS_NAMES } from './002_fulltext'
import { TRIGGERS as ROLLUP_TRIGGERS, TRIGGER_NAMES as ROLLUP_NAMES } from './009_rollups'
import { TRIGGERS as ALERT_TRIGGERS, TRIGGER_NAMES as ALERT_NAMES } from './010_alerts'
import { TRIGGERS as BACKLOG_TRIGGERS, TRIGGER_NAMES as BACKLOG_NAMES } from './014_clusters'
import { TRIGGERS as DIRTY_TRIGGERS, TRIGGER_NAMES as DIRTY_NAMES } from './016_alert_dirty'
import type { Migration } from './types'

const GUARD = 'NOT EXISTS (SELECT 1 FROM deferred_triggers)'

/**
 * Adds the guard to the WHEN of every `AFTER … ON tickets` (or `ticket_comments`) trigger in `sql`, creating a WHEN
 * where there is none.
 */
export function guarded(sql: string): string {
  return sql.replace(
    /(AFTER (?:INSERT|DELETE|UPDATE)(?: OF [\w, ]+?)? ON (?:tickets|ticket_comments))\s+(?:WHEN\s+([\s\S]*?)\s*)?BEGIN/g,
    (_all, head: string, when: string | undefined) => `${head}\nWHEN ${GUARD}${when ? ` AND (${when})` : ''}\nBEGIN`,
  )
}

/** The triggers on tickets and comments only: migration 9's triggers on its own tables keep firing for the deltas. */
const NAMES = [...FTS_NAMES, ...ROLLUP_NAMES, ...ALERT_NAMES, ...BACKLOG_NAMES, ...DIRTY_NAMES].filter((n) =>
  /^tickets?_/.test(n),
)

export const GUARDED_TRIGGERS = `
${NAMES.map((n) => `DROP TRIGGER IF EXISTS ${n};`).join('\n')}
${guarded(FTS_TRIGGERS)}
${guarded(ROLLUP_TRIGGERS)}
${guarded(ALERT_TRIGGERS)}
${guarded(BACKLOG_TRIGGERS)}
${guarded(DIRTY_TRIGGERS)}
`

export const migration017: Migration = {
  version: 17,
  name: 'set-based rollups and full-text index for sync pages',
  sql: `
CREATE TABLE deferred_triggers (
  id INTEGER PRIMARY KEY CHECK (id = 1)
) STRICT;
${GUARDED_TRIGGERS}
`,
  bulkLoad: {
    // Migrations 2, 9, 10, 14 and 16 drop the triggers by name before a load and re-create unguarded ones after it.
    before: `DELETE FROM deferred_triggers;`,
    after: GUARDED_TRIGGERS,
  },
}
