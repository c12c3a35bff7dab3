/**
 * Migration 15: ingest and sync additions (issue 4). Reserved so work on several issues can proceed side by side; filled by that work.
 */
import type { Migration } from './types'

export const migration015: Migration = {
  version: 15,
  name: 'ingest and sync additions',
  sql: ``,
}
