/**
 * Migration 4: the bulk actions log (what each bulk action changed, so undo restores exactly), escalations (minimal:
 * issue 6 builds on these columns) and their tickets. Everything here is analyst-owned: no import or sync writes it.
 */
import type { Migration } from './types'

export const migration004: Migration = {
  version: 4,
  name: 'bulk actions log, escalations (minimal), related-ticket indexes (issue 3)',
  sql: `
CREATE TABLE bulk_actions (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('label.add', 'label.remove', 'review.set', 'flag.set', 'escalation.add')),
  -- The action as asked for (label, state, flag, escalation id) and the target (ids count or filters), for the log.
  action_json TEXT NOT NULL CHECK (json_valid(action_json)),
  target_json TEXT NOT NULL CHECK (json_valid(target_json)),
  description TEXT NOT NULL,
  matched INTEGER NOT NULL,
  affected INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  undone_at INTEGER
) STRICT;

-- One row per ticket a bulk action changed, with what it held before. Kept only for the action that can still be
-- undone (the last one): older rows are dropped when a new action is recorded, so the log never grows with history.
CREATE TABLE bulk_changes (
  bulk_id INTEGER NOT NULL REFERENCES bulk_actions(id) ON DELETE CASCADE,
  ticket_id INTEGER NOT NULL,
  -- Review and flag actions: the previous analyst_review row (prev_state NULL: there was none).
  prev_state TEXT,
  prev_flagged INTEGER,
  -- The previous row's time: analyst_review.updated_at, or analyst_labels.created_at of a removed label.
  prev_at INTEGER,
  PRIMARY KEY (bulk_id, ticket_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE escalations (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  priority TEXT NOT NULL CHECK (priority IN ('P0', 'P1', 'P2', 'P3')),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'monitoring', 'resolved', 'closed')),
  owner TEXT,
  partner_teams_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(partner_teams_json)),
  next_update_due INTEGER,
  -- The filters that defined the affected cohort, when it was defined by filters (TicketFilters JSON).
  cohort_filter_json TEXT CHECK (cohort_filter_json IS NULL OR json_valid(cohort_filter_json)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE escalation_tickets (
  escalation_id INTEGER NOT NULL REFERENCES escalations(id) ON DELETE CASCADE,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
  added_at INTEGER NOT NULL,
  -- The bulk action that added the ticket (NULL: added one at a time).
  bulk_id INTEGER REFERENCES bulk_actions(id) ON DELETE SET NULL,
  PRIMARY KEY (escalation_id, ticket_id)
) STRICT, WITHOUT ROWID;
`,
  /** With the other secondary indexes, so a bulk load drops and re-creates every index the same way. */
  indexes: `
-- A ticket's escalations (the detail panel).
CREATE INDEX escalation_tickets_ticket ON escalation_tickets (ticket_id);
-- Label filters and bulk label removal look tickets up by label.
CREATE INDEX analyst_labels_label ON analyst_labels (label, ticket_id);
`,
}
