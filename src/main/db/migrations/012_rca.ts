/**
 * Migration 12: RCA templates, documents, versions and evidence (issue 6). Reserved so work on several issues can proceed side by side; filled by that work.
 */
import type { Migration } from './types'

export const migration012: Migration = {
  version: 12,
  name: 'RCA templates, documents, versions and evidence',
  sql: ``,
}
