/** Migration 7: connector sources, credentials references, quarantine, sync runs (issue 4). */
import type { Migration } from './types'

export const migration007: Migration = {
  version: 7,
  name: 'connector sources, credentials references, quarantine, sync runs (issue 4)',
  sql: ``,
}
