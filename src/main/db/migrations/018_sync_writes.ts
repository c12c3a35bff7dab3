/**
 * Migration 18: less work per synced ticket (sync speed, issue 4).
 *
 * - Migration 9's unpack triggers on `rollup_minutes` take the guard of migration 17: a sync page's minute deltas
 *   write a few thousand rows, and each row's trigger deleted the packed rows of its hour for all eight fields again.
 *   The page now deletes them once per (metric, hour) it wrote (queries/pageRollups.ts). Outside a page, and for
 *   every other writer, the triggers run as before.
 * - `tickets_assignee` and `tickets_group` go: each is the leading column of `tickets_assignee_created` and
 *   `tickets_group_created` (migration 8), which serve the same filters and now the grid's sort by those columns too
 *   (ties newest last by creation time, as the other text columns with a (column, created_at) index). Two fewer index
 *   entries for every ticket written.
 */
import { PACK_TRIGGERS } from './009_rollups'
import type { Migration } from './types'

const GUARD = 'NOT EXISTS (SELECT 1 FROM deferred_triggers)'

const UNPACK_NAMES = ['rollup_minutes_unpack_insert', 'rollup_minutes_unpack_update', 'rollup_minutes_unpack_delete']

/** Migration 9's unpack triggers with the guard in their WHEN (they have none of their own). */
export const GUARDED_UNPACK_TRIGGERS = `
${UNPACK_NAMES.map((n) => `DROP TRIGGER IF EXISTS ${n};`).join('\n')}
${PACK_TRIGGERS.replace(/(AFTER (?:INSERT|UPDATE|DELETE) ON rollup_minutes)\s+BEGIN/g, `$1 WHEN ${GUARD} BEGIN`)}
`

export const migration018: Migration = {
  version: 18,
  name: 'fewer writes per synced ticket',
  sql: `
DROP INDEX IF EXISTS tickets_assignee;
DROP INDEX IF EXISTS tickets_group;
${GUARDED_UNPACK_TRIGGERS}
`,
  retiresIndexes: ['tickets_assignee', 'tickets_group'],
  bulkLoad: {
    before: '',
    // Migration 9 re-creates its unpack triggers without the guard after a load.
    after: GUARDED_UNPACK_TRIGGERS,
  },
}
