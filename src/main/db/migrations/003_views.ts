/**
 * Saved views: analyst-owned, like notes and labels, so no import or sync ever touches them. The definition is the
 * versioned JSON of shared/views.ts, validated before it is written. Names are unique ignoring (ASCII) case, so
 * "Payout backlog" and "payout backlog" cannot both exist: a column constraint (not an index in `indexes`, which bulk
 * loads drop and re-create) so it is never off.
 */
import type { Migration } from './types'

export const migration003: Migration = {
  version: 3,
  name: 'saved views',
  sql: `
CREATE TABLE saved_views (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
  definition_json TEXT NOT NULL CHECK (json_valid(definition_json)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
`,
}
