/**
 * Migration 13: audit log and backup settings (issue 7).
 *
 * `audit_log` answers a security reviewer's questions: who exported what (CSV, XLSX, PDF, a view file), who revealed
 * which sensitive ticket, which sources synced, when a backup was taken or restored and what was purged. It records
 * identifiers and counts, never ticket text, so it can be exported for a review without carrying personal data.
 * No foreign keys: an entry stays true after the ticket or source it names is deleted.
 *
 * `backup_settings` is one row: automatic daily backups on or off and how many days of them to keep. It lives in the
 * workspace file so each workspace keeps its own choice.
 */
import type { Migration } from './types'

export const migration013: Migration = {
  version: 13,
  name: 'audit log and backup settings',
  sql: `
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
  action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 60),
  target TEXT NOT NULL DEFAULT '' CHECK (length(target) <= 500),
  detail_json TEXT NOT NULL DEFAULT '{}' CHECK (length(detail_json) <= 20000)
) STRICT;

CREATE TABLE backup_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  auto_daily INTEGER NOT NULL DEFAULT 1 CHECK (auto_daily IN (0, 1)),
  keep_days INTEGER NOT NULL DEFAULT 7 CHECK (keep_days BETWEEN 1 AND 365)
) STRICT;
INSERT INTO backup_settings (id) VALUES (1);
`,
  indexes: `
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_action ON audit_log (action, at);
`,
}
