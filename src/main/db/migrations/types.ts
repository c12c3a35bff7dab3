import type { Db } from '../connection'

export interface Migration {
  /** Becomes `PRAGMA user_version` once applied. Numbered from 1 with no gaps. */
  version: number
  name: string
  /** Schema changes, run inside the migration's transaction. */
  sql: string
  /**
   * Secondary indexes. Run in the same transaction on migration; bulk loaders may drop and re-create them
   * (`dropSecondaryIndexes` / `createSecondaryIndexes`) around a large insert.
   */
  indexes?: string
  /**
   * Indexes of earlier migrations this one drops (in `sql`): bulk loads stop re-creating them. Earlier migrations are
   * never edited, so their `indexes` still name them.
   */
  retiresIndexes?: readonly string[]
  /**
   * Derived structures a bulk load should not maintain row by row (a full-text index and its triggers): `before` runs
   * with `dropSecondaryIndexes`, `after` with `createSecondaryIndexes` (after the indexes) and must rebuild from the
   * tables. `rebuild`, when present, runs just before `after`: a rebuild done in code rather than SQL. All must be safe
   * to run more than once.
   */
  bulkLoad?: { before: string; after: string; rebuild?: (db: Db) => unknown }
}
