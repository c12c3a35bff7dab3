/**
 * Migration 11: escalations in full (issue 6): where each one came from, its narrative fields, a timeline, cohort
 * snapshots (the frozen list of ticket ids at each update) and remediation actions with a success metric.
 *
 * All of it is analyst work: no import or sync writes these tables, except that the workbench appends its own
 * timeline entries (source 'workbench') and re-checks remediation metrics after new data. Snapshot ticket ids carry
 * no foreign key on purpose: a frozen list stays as it was even if a ticket later leaves the cache.
 */
import type { Migration } from './types'

export const migration011: Migration = {
  version: 11,
  name: 'escalations: timeline, cohort snapshots, remediation',
  sql: `
ALTER TABLE escalations ADD COLUMN origin_kind TEXT NOT NULL DEFAULT 'manual'
  CHECK (origin_kind IN ('alert', 'cluster', 'selection', 'manual'));
ALTER TABLE escalations ADD COLUMN origin_ref TEXT;
ALTER TABLE escalations ADD COLUMN origin_description TEXT NOT NULL DEFAULT '';
-- What happened, in the analyst's words, and what comes next: the executive update drafts from these.
ALTER TABLE escalations ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE escalations ADD COLUMN next_steps TEXT NOT NULL DEFAULT '';
-- When the status last moved to resolved or closed (the impact's duration ends there).
ALTER TABLE escalations ADD COLUMN resolved_at INTEGER;
-- Tickets with an id above this were not yet checked against the cohort filter (new tickets a sync brings).
ALTER TABLE escalations ADD COLUMN cohort_checked_id INTEGER NOT NULL DEFAULT 0;

CREATE TABLE escalation_timeline (
  id INTEGER PRIMARY KEY,
  escalation_id INTEGER NOT NULL REFERENCES escalations(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  -- analyst: written by a person; workbench: recorded by the app (opened, alert fired, cohort grew, sync, metric).
  source TEXT NOT NULL CHECK (source IN ('analyst', 'workbench')),
  kind TEXT NOT NULL CHECK (kind IN ('note', 'step', 'update', 'opened', 'change', 'alert', 'cohort', 'sync',
    'remediation')),
  body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  -- Details the entry refers to (a snapshot id, an alert id, ticket counts), for links and the RCA packet.
  data_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data_json))
) STRICT;

CREATE TABLE escalation_snapshots (
  id INTEGER PRIMARY KEY,
  escalation_id INTEGER NOT NULL REFERENCES escalations(id) ON DELETE CASCADE,
  taken_at INTEGER NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('created', 'update', 'manual')),
  -- The cohort filter as it stood (NULL: the cohort had no filter, only tickets added by hand).
  filter_json TEXT CHECK (filter_json IS NULL OR json_valid(filter_json)),
  tickets INTEGER NOT NULL,
  -- The impact figures at that moment, so the history shows how the incident grew.
  impact_json TEXT NOT NULL CHECK (json_valid(impact_json))
) STRICT;

CREATE TABLE escalation_snapshot_tickets (
  snapshot_id INTEGER NOT NULL REFERENCES escalation_snapshots(id) ON DELETE CASCADE,
  ticket_id INTEGER NOT NULL,
  PRIMARY KEY (snapshot_id, ticket_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE remediation_actions (
  id INTEGER PRIMARY KEY,
  escalation_id INTEGER NOT NULL REFERENCES escalations(id) ON DELETE CASCADE,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  owner_team TEXT NOT NULL,
  due_at INTEGER,
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
  done_at INTEGER,
  -- The success metric: { kpi, filters, comparator, threshold, days, minSample } (shared/escalations.ts).
  metric_json TEXT CHECK (metric_json IS NULL OR json_valid(metric_json)),
  -- The last check of the metric, after a sync or import or when asked.
  check_outcome TEXT CHECK (check_outcome IN ('met', 'not_met', 'not_enough_data')),
  check_value REAL,
  check_n INTEGER,
  check_note TEXT,
  checked_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
`,
  indexes: `
CREATE INDEX escalation_timeline_escalation ON escalation_timeline (escalation_id, at);
CREATE INDEX escalation_snapshots_escalation ON escalation_snapshots (escalation_id, taken_at);
CREATE INDEX remediation_actions_escalation ON remediation_actions (escalation_id);
-- When a ticket was first solved (the metric dictionary's solve event): success metrics read "tickets solved in the
-- last 14 days" through it instead of scanning every ticket ever created.
CREATE INDEX tickets_solve_event ON tickets (coalesce(first_solved_at, solved_at));
`,
}
