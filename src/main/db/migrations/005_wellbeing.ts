/** Migration 5: sensitive list, source and analyst sensitive flags, exposure counts (issue 3). */
import type { Migration } from './types'

export const migration005: Migration = {
  version: 5,
  name: 'sensitive list, source and analyst sensitive flags, exposure counts (issue 3)',
  sql: ``,
}
