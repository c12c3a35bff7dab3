/**
 * Migration 6: file imports. Presets the analyst saved (a named mapping), one row per import run with its counts, and
 * every rejected row of a run with its physical line number and reason, so the report can be read and downloaded
 * long after the import finished. Runs belong to a source but outlive it (SET NULL): the report says what happened.
 */
import type { Migration } from './types'

export const migration006: Migration = {
  version: 6,
  name: 'file import presets, mappings and reports (issue 4)',
  sql: `
CREATE TABLE import_presets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  mapping_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE import_runs (
  id INTEGER PRIMARY KEY,
  source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
  source_name TEXT NOT NULL,
  file_name TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('csv', 'json', 'ndjson', 'xlsx')),
  preset_id TEXT,
  mapping_json TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled')),
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  rows_read INTEGER NOT NULL DEFAULT 0,
  inserted INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  error TEXT
) STRICT;

-- Not keyed by line: records of a minified JSON file all start on line 1.
CREATE TABLE import_rejects (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
  line INTEGER NOT NULL,
  reason TEXT NOT NULL,
  excerpt TEXT NOT NULL
) STRICT;
`,
  indexes: `
CREATE INDEX import_rejects_run ON import_rejects (run_id, line);
`,
}
