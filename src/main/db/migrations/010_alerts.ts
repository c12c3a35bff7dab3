/**
 * Migration 10: alerts and their state (issue 5). Reserved so work on several issues can proceed side by side; filled by that work.
 */
import type { Migration } from './types'

export const migration010: Migration = {
  version: 10,
  name: 'alerts and their state',
  sql: ``,
}
