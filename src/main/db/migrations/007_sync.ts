/**
 * Migration 7: what connector sources need beside `sources` and `sync_state` (migration 1): their schedule and
 * switches, a field mapping per source, the records a connector could not read (quarantine), and the history of runs.
 *
 * Credentials are deliberately not here: they live in the operating system's secret store (Electron) or in the
 * environment / a 0600 credentials file (browser mode, CLI), never in a workspace file that gets copied and shared.
 */
import type { Migration } from './types'

export const migration007: Migration = {
  version: 7,
  name: 'connector sources, credentials references, quarantine, sync runs (issue 4)',
  sql: `
CREATE TABLE source_settings (
  source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
  -- Minutes between background syncs while the app is open; 0 = only when asked ("sync now", the CLI).
  schedule_minutes INTEGER NOT NULL DEFAULT 15 CHECK (schedule_minutes BETWEEN 0 AND 10080),
  -- Fetch each changed ticket's comments (one request per ticket): switchable because it costs rate limit.
  fetch_comments INTEGER NOT NULL DEFAULT 1 CHECK (fetch_comments IN (0, 1)),
  updated_at INTEGER NOT NULL
) STRICT;

-- Which vendor field holds the case type / region and how its values map (JSON, validated by the connector).
CREATE TABLE source_field_mappings (
  source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
  mapping_json TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- Records a connector could not read, with the reason, kept until the record arrives readable or the source goes.
CREATE TABLE sync_quarantine (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  external_id TEXT,
  reason TEXT NOT NULL,
  raw TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (source_id, external_id)
) STRICT;

CREATE TABLE sync_runs (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  trigger TEXT NOT NULL CHECK (trigger IN ('manual', 'schedule', 'cli')),
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  outcome TEXT NOT NULL DEFAULT 'running'
    CHECK (outcome IN ('running', 'done', 'error', 'paused', 'cancelled', 'interrupted')),
  pages INTEGER NOT NULL DEFAULT 0,
  tickets INTEGER NOT NULL DEFAULT 0,
  deletes INTEGER NOT NULL DEFAULT 0,
  quarantined INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  -- Why it failed, for the analyst's next step: 'network' shows the offline banner, 'auth' asks for credentials.
  error_kind TEXT
) STRICT;
`,
  indexes: `
CREATE INDEX sync_runs_source ON sync_runs (source_id, started_at);
CREATE INDEX sync_quarantine_source ON sync_quarantine (source_id, created_at);
`,
}
