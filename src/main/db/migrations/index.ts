import { migration001 } from './001_initial'
import { migration002 } from './002_fulltext'
import { migration003 } from './003_views'
import type { Migration } from './types'

/** Every migration, in order. Append only: a shipped migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003]

export const LATEST_VERSION = MIGRATIONS.length

export type { Migration }
