import { migration001 } from './001_initial'
import { migration002 } from './002_fulltext'
import { migration003 } from './003_views'
import { migration004 } from './004_analyst_bulk'
import { migration005 } from './005_wellbeing'
import { migration006 } from './006_imports'
import { migration007 } from './007_sync'
import { migration008 } from './008_filter_indexes'
import { migration009 } from './009_rollups'
import { migration010 } from './010_alerts'
import { migration011 } from './011_escalations'
import { migration012 } from './012_rca'
import { migration013 } from './013_audit_backup'
import { migration014 } from './014_clusters'
import { migration015 } from './015_ingest'
import { migration016 } from './016_alert_dirty'
import { migration017 } from './017_page_rollups'
import { migration018 } from './018_sync_writes'
import { migration019 } from './019_resync'
import type { Migration } from './types'

/** Every migration, in order. Append only: a shipped migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration011,
  migration012,
  migration013,
  migration014,
  migration015,
  migration016,
  migration017,
  migration018,
  migration019,
]

export const LATEST_VERSION = MIGRATIONS.length

export type { Migration }
