/** Connector sources: their rows, settings, field mapping, quarantine and run history (migrations 1 and 7). */
import type { ConnectorKindName, QuarantineEntry, SourceRunSummary } from '../../../shared/api/methods/sources'
import type { Db } from '../connection'

export interface SourceRow {
  id: number
  kind: ConnectorKindName
  name: string
  baseUrl: string
  enabled: boolean
  scheduleMinutes: number
  fetchComments: boolean
  status: 'idle' | 'running' | 'paused' | 'error'
  lastError: string | null
  lastStartedAt: number | null
  lastFinishedAt: number | null
  dataAsOf: number | null
  cursor: string | null
  /** A re-sync from the start is under way (migration 19): set until a run catches up with the source. */
  remap: boolean
  tickets: number
  quarantined: number
}

const SELECT_SOURCE = `
  SELECT s.id, s.kind, s.name, coalesce(s.base_url, '') AS baseUrl, s.enabled,
    coalesce(ss.schedule_minutes, 15) AS scheduleMinutes, coalesce(ss.fetch_comments, 1) AS fetchComments,
    coalesce(st.status, 'idle') AS status, st.last_error AS lastError, st.last_started_at AS lastStartedAt,
    st.last_finished_at AS lastFinishedAt, st.data_as_of AS dataAsOf, st.cursor,
    coalesce(st.remap, 0) AS remap,
    (SELECT count(*) FROM tickets t WHERE t.source_id = s.id) AS tickets,
    (SELECT count(*) FROM sync_quarantine q WHERE q.source_id = s.id) AS quarantined
  FROM sources s
  LEFT JOIN source_settings ss ON ss.source_id = s.id
  LEFT JOIN sync_state st ON st.source_id = s.id
  WHERE s.kind IN ('zendesk', 'salesforce', 'hubspot')`

type RawRow = Omit<SourceRow, 'enabled' | 'fetchComments' | 'remap'> & {
  enabled: number
  fetchComments: number
  remap: number
}

const toRow = (r: RawRow): SourceRow => ({
  ...r,
  enabled: r.enabled === 1,
  fetchComments: r.fetchComments === 1,
  remap: r.remap === 1,
})

export function listSources(db: Db): SourceRow[] {
  return (db.prepare(`${SELECT_SOURCE} ORDER BY s.name COLLATE NOCASE`).all() as RawRow[]).map(toRow)
}

export function getSource(db: Db, id: number): SourceRow | null {
  const row = db.prepare(`${SELECT_SOURCE} AND s.id = ?`).get(id) as RawRow | undefined
  return row ? toRow(row) : null
}

export function findSourceByName(db: Db, name: string): SourceRow | null {
  const row = db.prepare(`${SELECT_SOURCE} AND s.name = ? COLLATE NOCASE`).get(name) as RawRow | undefined
  return row ? toRow(row) : null
}

/** The id of any source (connector, file or demo) already called `name`, ignoring case. */
export function sourceNameOwner(db: Db, name: string): number | null {
  const row = db.prepare('SELECT id FROM sources WHERE name = ? COLLATE NOCASE').get(name) as { id: number } | undefined
  return row?.id ?? null
}

export interface NewSource {
  kind: ConnectorKindName
  name: string
  baseUrl: string
  scheduleMinutes: number
  fetchComments: boolean
  mappingJson: string
}

export function insertSource(db: Db, s: NewSource, now: number): number {
  return db
    .transaction(() => {
      const id = Number(
        db
          .prepare('INSERT INTO sources (kind, name, base_url, created_at) VALUES (?, ?, ?, ?)')
          .run(s.kind, s.name, s.baseUrl, now).lastInsertRowid,
      )
      db.prepare(`INSERT INTO sync_state (source_id) VALUES (?)`).run(id)
      db.prepare(
        'INSERT INTO source_settings (source_id, schedule_minutes, fetch_comments, updated_at) VALUES (?, ?, ?, ?)',
      ).run(id, s.scheduleMinutes, s.fetchComments ? 1 : 0, now)
      db.prepare('INSERT INTO source_field_mappings (source_id, mapping_json, updated_at) VALUES (?, ?, ?)').run(
        id,
        s.mappingJson,
        now,
      )
      return id
    })
    .immediate()
}

export interface SourcePatch {
  name?: string
  /** A new address also forgets the cursor: it belongs to the old server. */
  baseUrl?: string
  scheduleMinutes?: number
  fetchComments?: boolean
  enabled?: boolean
}

export function updateSource(db: Db, id: number, patch: SourcePatch, now: number): void {
  db.transaction(() => {
    if (patch.name !== undefined) db.prepare('UPDATE sources SET name = ? WHERE id = ?').run(patch.name, id)
    if (patch.enabled !== undefined)
      db.prepare('UPDATE sources SET enabled = ? WHERE id = ?').run(patch.enabled ? 1 : 0, id)
    if (patch.baseUrl !== undefined) {
      const changed = db
        .prepare("UPDATE sources SET base_url = ? WHERE id = ? AND coalesce(base_url, '') <> ?")
        .run(patch.baseUrl, id, patch.baseUrl).changes
      if (changed) db.prepare('UPDATE sync_state SET cursor = NULL WHERE source_id = ?').run(id)
    }
    if (patch.scheduleMinutes !== undefined || patch.fetchComments !== undefined) {
      db.prepare(
        `INSERT INTO source_settings (source_id, schedule_minutes, fetch_comments, updated_at)
         VALUES (@id, coalesce(@schedule, 15), coalesce(@comments, 1), @now)
         ON CONFLICT (source_id) DO UPDATE SET schedule_minutes = coalesce(@schedule, schedule_minutes),
           fetch_comments = coalesce(@comments, fetch_comments), updated_at = @now`,
      ).run({
        id,
        schedule: patch.scheduleMinutes ?? null,
        comments: patch.fetchComments === undefined ? null : patch.fetchComments ? 1 : 0,
        now,
      })
    }
  }).immediate()
}

/** Deletes a source and, by cascade, its tickets (with the analyst's notes, labels and reviews of them). */
export function removeSource(db: Db, id: number): number {
  return db
    .transaction(() => {
      const tickets = (db.prepare('SELECT count(*) AS n FROM tickets WHERE source_id = ?').get(id) as { n: number }).n
      db.prepare('DELETE FROM sources WHERE id = ?').run(id)
      return tickets
    })
    .immediate()
}

export function readMappingJson(db: Db, id: number): string | null {
  const row = db.prepare('SELECT mapping_json AS json FROM source_field_mappings WHERE source_id = ?').get(id) as
    { json: string } | undefined
  return row?.json ?? null
}

export function writeMappingJson(db: Db, id: number, json: string, now: number): void {
  db.prepare(
    `INSERT INTO source_field_mappings (source_id, mapping_json, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (source_id) DO UPDATE SET mapping_json = excluded.mapping_json, updated_at = excluded.updated_at`,
  ).run(id, json, now)
}

export function listQuarantine(db: Db, id: number, limit: number): QuarantineEntry[] {
  return db
    .prepare(
      `SELECT id, external_id AS externalId, reason, raw, created_at AS createdAt FROM sync_quarantine
       WHERE source_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
    )
    .all(id, limit) as QuarantineEntry[]
}

export function lastRun(db: Db, id: number): (SourceRunSummary & { errorKind: string | null }) | null {
  return (
    (db
      .prepare(
        `SELECT started_at AS startedAt, finished_at AS finishedAt, outcome, pages, tickets, deletes, quarantined,
           error, error_kind AS errorKind
         FROM sync_runs WHERE source_id = ? ORDER BY id DESC LIMIT 1`,
      )
      .get(id) as (SourceRunSummary & { errorKind: string | null }) | undefined) ?? null
  )
}
