/**
 * The first schema: synced data (sources, tickets, comments, tags) and analyst-owned data (notes, review state,
 * labels) in separate tables, so a re-import or re-sync can never overwrite what an analyst wrote.
 * Times are epoch milliseconds UTC; durations are calendar minutes.
 */
import type { Migration } from './types'

export const migration001: Migration = {
  version: 1,
  name: 'initial schema',
  sql: `
CREATE TABLE workspace_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('demo', 'zendesk', 'salesforce', 'hubspot', 'file')),
  name TEXT NOT NULL UNIQUE,
  base_url TEXT,
  config_json TEXT NOT NULL DEFAULT '{}',
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE sync_state (
  source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
  cursor TEXT,
  watermark TEXT,
  status TEXT NOT NULL DEFAULT 'idle' CHECK (status IN ('idle', 'running', 'paused', 'error')),
  last_started_at INTEGER,
  last_finished_at INTEGER,
  data_as_of INTEGER,
  last_error TEXT,
  tickets_synced INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  external_id TEXT NOT NULL,
  subject TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  priority TEXT,
  type TEXT,
  case_type TEXT,
  channel TEXT NOT NULL,
  tags_json TEXT NOT NULL DEFAULT '[]',
  region TEXT,
  locale TEXT,
  requester TEXT,
  assignee TEXT,
  group_name TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  first_solved_at INTEGER,
  solved_at INTEGER,
  first_reply_minutes INTEGER,
  first_resolution_minutes INTEGER,
  full_resolution_minutes INTEGER,
  reopens INTEGER NOT NULL DEFAULT 0,
  replies INTEGER NOT NULL DEFAULT 0,
  csat INTEGER CHECK (csat BETWEEN 1 AND 5),
  sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
  escalated INTEGER NOT NULL DEFAULT 0 CHECK (escalated IN (0, 1)),
  raw_json TEXT,
  -- Workflow order for sorting (alphabetical order of the names means nothing to an analyst).
  status_rank INTEGER GENERATED ALWAYS AS (CASE status WHEN 'new' THEN 1 WHEN 'open' THEN 2 WHEN 'pending' THEN 3
    WHEN 'hold' THEN 4 WHEN 'solved' THEN 5 WHEN 'closed' THEN 6 ELSE 7 END) VIRTUAL,
  priority_rank INTEGER GENERATED ALWAYS AS (CASE priority WHEN 'low' THEN 1 WHEN 'normal' THEN 2 WHEN 'high' THEN 3
    WHEN 'urgent' THEN 4 ELSE NULL END) VIRTUAL,
  UNIQUE (source_id, external_id)
) STRICT;

CREATE TABLE ticket_tags (
  tag TEXT NOT NULL,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  PRIMARY KEY (tag, ticket_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE ticket_comments (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  external_id TEXT,
  author TEXT,
  author_role TEXT NOT NULL CHECK (author_role IN ('requester', 'agent', 'system')),
  public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- Analyst-owned: never written by import or sync.
CREATE TABLE analyst_notes (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE analyst_review (
  ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('to_review', 'reviewed', 'needs_escalation')),
  flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE analyst_labels (
  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (ticket_id, label)
) STRICT, WITHOUT ROWID;

-- Ground truth of the incidents the demo generator injected, so detection can be scored against it.
CREATE TABLE demo_incidents (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('surge', 'creep', 'resolution_regression')),
  title TEXT NOT NULL,
  case_type TEXT,
  region TEXT,
  channel TEXT,
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL,
  magnitude REAL NOT NULL,
  extra_tickets INTEGER NOT NULL DEFAULT 0,
  description TEXT NOT NULL
) STRICT;
`,
  /** Created after bulk loads by the generator and importers; kept here so a fresh file has them. */
  indexes: `
CREATE INDEX tickets_created ON tickets (created_at);
CREATE INDEX tickets_updated ON tickets (updated_at);
CREATE INDEX tickets_solved ON tickets (solved_at);
CREATE INDEX tickets_status_created ON tickets (status, created_at);
CREATE INDEX tickets_status_rank ON tickets (status_rank, created_at);
CREATE INDEX tickets_priority_created ON tickets (priority, created_at);
CREATE INDEX tickets_priority_rank ON tickets (priority_rank, created_at);
CREATE INDEX tickets_channel_created ON tickets (channel, created_at);
CREATE INDEX tickets_case_type_created ON tickets (case_type, created_at);
CREATE INDEX tickets_region_created ON tickets (region, created_at);
CREATE INDEX tickets_source_created ON tickets (source_id, created_at);
CREATE INDEX tickets_type ON tickets (type);
CREATE INDEX tickets_external ON tickets (external_id);
-- Covers every value filter, so a count over several filters reads this index and never the rows.
CREATE INDEX tickets_filter_cover ON tickets (channel, region, status, case_type, priority, source_id, created_at);
CREATE INDEX tickets_requester ON tickets (requester);
CREATE INDEX tickets_assignee ON tickets (assignee);
CREATE INDEX tickets_group ON tickets (group_name);
CREATE INDEX tickets_subject ON tickets (subject);
CREATE INDEX tickets_first_reply ON tickets (first_reply_minutes);
CREATE INDEX tickets_full_resolution ON tickets (full_resolution_minutes);
CREATE INDEX tickets_reopens ON tickets (reopens);
CREATE INDEX tickets_replies ON tickets (replies);
CREATE INDEX tickets_csat ON tickets (csat);
CREATE INDEX ticket_tags_ticket ON ticket_tags (ticket_id);
CREATE INDEX ticket_comments_ticket ON ticket_comments (ticket_id, created_at);
CREATE INDEX analyst_notes_ticket ON analyst_notes (ticket_id);
`,
}
