/**
 * Migration 11: escalations: timeline, cohort snapshots, remediation (issue 6). Reserved so work on several issues can proceed side by side; filled by that work.
 */
import type { Migration } from './types'

export const migration011: Migration = {
  version: 11,
  name: 'escalations: timeline, cohort snapshots, remediation',
  sql: ``,
}
