/**
 * Migration 19: re-sync from the start (issue 4).
 *
 * `sync_state.remap`: set when the analyst asks to read a source again from the start so that a changed field
 * mapping reaches the tickets already cached. While it is set, a synced record of the same version as the cached row
 * overwrites it (normally only a newer one does); an older one still never does. It is set together with clearing the
 * cursor, in one transaction, and cleared only when a run catches up with the source, so a run that is killed or
 * cancelled part-way leaves it set and the next run goes on re-mapping from the committed cursor.
 */
import type { Migration } from './types'

export const migration019: Migration = {
  version: 19,
  name: 're-sync from the start',
  sql: `ALTER TABLE sync_state ADD COLUMN remap INTEGER NOT NULL DEFAULT 0 CHECK (remap IN (0, 1));`,
}
