/**
 * Migration 13: audit log and backup settings (issue 7). Reserved so work on several issues can proceed side by side; filled by that work.
 */
import type { Migration } from './types'

export const migration013: Migration = {
  version: 13,
  name: 'audit log and backup settings',
  sql: ``,
}
