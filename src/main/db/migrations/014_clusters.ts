/**
 * Migration 14: emerging issues (issue 5). Reserved so work on several issues can proceed side by side; filled by that work.
 */
import type { Migration } from './types'

export const migration014: Migration = {
  version: 14,
  name: 'emerging issues',
  sql: ``,
}
