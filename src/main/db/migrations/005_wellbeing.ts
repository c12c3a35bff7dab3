/**
 * Migration 5: wellbeing (issue 3).
 *
 * `tickets.sensitive` becomes a derived value: the ticket's case type is on the workspace's sensitive list, OR the
 * source flagged it (`tickets.source_sensitive`, synced data, written only by upserts), OR the analyst marked it
 * (`analyst_sensitive`, analyst-owned, never touched by import or sync). Keeping the three inputs apart is what lets a
 * change of the list be recomputed without losing the source's or the analyst's word.
 *
 * A ticket that was sensitive before this migration but whose case type is not on the default list can only have
 * been flagged by its source, so that flag is carried into `source_sensitive`; the others were sensitive by case type,
 * which the seeded list reproduces. No `sensitive` value changes here, so the full-text index is untouched.
 *
 * The exposure log records each reveal (when, which harm category), never text: it is the local analyst's own count
 * and is never aggregated with anyone else's.
 *
 * Why the workspace file and not the app's settings.json: the sensitive list must live beside the tickets it derives
 * (one transaction changes both), and the exposure log is written in the same request that reads the revealed text.
 * settings.json only remembers which workspace is open; keeping all analyst work in the workspace file also means
 * one file to back up or remove, with the same migrations and tests as notes and reviews.
 */
import type { Migration } from './types'

/** The built-in sensitive case types at the time of this migration (shared/domain.ts SENSITIVE_CASE_TYPES). */
const DEFAULT_TYPES = ['child_safety', 'self_harm', 'hate_speech', 'violent_extremism']
const typeList = DEFAULT_TYPES.map((t) => `'${t}'`).join(', ')

export const migration005: Migration = {
  version: 5,
  name: 'sensitive list, source and analyst sensitive flags, exposure counts (issue 3)',
  sql: `
ALTER TABLE tickets ADD COLUMN source_sensitive INTEGER NOT NULL DEFAULT 0 CHECK (source_sensitive IN (0, 1));
UPDATE tickets SET source_sensitive = 1
  WHERE sensitive = 1 AND (case_type IS NULL OR case_type NOT IN (${typeList}));

-- Analyst-owned: the workspace's sensitive case types (may name case types no ticket has yet).
CREATE TABLE sensitive_case_types (
  case_type TEXT PRIMARY KEY CHECK (length(case_type) BETWEEN 1 AND 200)
) STRICT, WITHOUT ROWID;
INSERT INTO sensitive_case_types (case_type) VALUES ${DEFAULT_TYPES.map((t) => `('${t}')`).join(', ')};

-- Analyst-owned: tickets the analyst marked sensitive themselves.
CREATE TABLE analyst_sensitive (
  ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL
) STRICT;

-- Analyst-owned: one row per reveal of a sensitive ticket. No foreign key: the exposure happened even if the ticket
-- is later deleted by a re-import.
CREATE TABLE analyst_exposure (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL,
  category TEXT NOT NULL CHECK (length(category) BETWEEN 1 AND 200),
  revealed_at INTEGER NOT NULL
) STRICT;

-- Analyst-owned: the break reminder (one row). every = NULL turns it off.
CREATE TABLE wellbeing_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  break_every INTEGER CHECK (break_every IS NULL OR break_every BETWEEN 1 AND 500),
  reminder_ack_at INTEGER NOT NULL DEFAULT 0,
  snoozed_until INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO wellbeing_settings (id, break_every) VALUES (1, 20);
`,
  indexes: `
CREATE INDEX analyst_exposure_at ON analyst_exposure (revealed_at);
`,
}
