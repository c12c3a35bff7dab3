/**
 * Migration 15: ingest and sync additions (issue 4).
 *
 * `sync_reconcile`: the ids a source listed during a full id reconciliation (Salesforce lists deletions only about
 * 15 days back; a source not synced for longer re-checks every id instead). Filled page by page with the sync's
 * cursor; the cached tickets of the source missing from the list are deleted in the transaction of the last page,
 * and the list is emptied. A run killed part-way leaves a partial list that the next reconciliation clears first.
 */
import type { Migration } from './types'

export const migration015: Migration = {
  version: 15,
  name: 'ingest and sync additions',
  sql: `
CREATE TABLE sync_reconcile (
  source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
  external_id TEXT NOT NULL,
  PRIMARY KEY (source_id, external_id)
) STRICT, WITHOUT ROWID;
`,
}
