/**
 * File imports: saved presets, import runs with their counts, rejected rows, and the one write of a batch (tickets,
 * rejects and the run's counters in one transaction, so a cancel or a crash leaves a run whose counts match what was
 * committed).
 */
import type { ImportMapping, ImportReject, ImportRunSummary } from '../../../shared/importMapping'
import type { Db } from '../connection'
import { MIGRATIONS } from '../migrations'
import { upsertTickets, type TicketInput } from './ticketWrites'

// ---- presets ---------------------------------------------------------------------------------------------------

export interface SavedPresetRow {
  id: number
  name: string
  mapping: ImportMapping
  updatedAt: number
}

export function listSavedPresets(db: Db): SavedPresetRow[] {
  const rows = db
    .prepare('SELECT id, name, mapping_json, updated_at FROM import_presets ORDER BY name COLLATE NOCASE')
    .all() as { id: number; name: string; mapping_json: string; updated_at: number }[]
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    mapping: JSON.parse(r.mapping_json) as ImportMapping,
    updatedAt: r.updated_at,
  }))
}

/** Saves under a name; the same name (ignoring case) is replaced. Returns the preset's id. */
export function savePreset(db: Db, name: string, mapping: ImportMapping, now: number): number {
  const row = db
    .prepare(
      `INSERT INTO import_presets (name, mapping_json, created_at, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET name = excluded.name, mapping_json = excluded.mapping_json,
         updated_at = excluded.updated_at
       RETURNING id`,
    )
    .get(name, JSON.stringify(mapping), now, now) as { id: number }
  return row.id
}

export function deletePreset(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM import_presets WHERE id = ?').run(id).changes > 0
}

// ---- sources ---------------------------------------------------------------------------------------------------

export function sourceByName(db: Db, name: string): { id: number; kind: string } | null {
  return (db.prepare('SELECT id, kind FROM sources WHERE name = ?').get(name) as { id: number; kind: string }) ?? null
}

/** After an import: the file source's data is as of its newest ticket. */
export function markSourceImported(db: Db, sourceId: number, now: number): void {
  db.prepare(
    `INSERT INTO sync_state (source_id, status, last_finished_at, data_as_of, tickets_synced)
     VALUES (@sourceId, 'idle', @now, (SELECT max(updated_at) FROM tickets WHERE source_id = @sourceId),
       (SELECT count(*) FROM tickets WHERE source_id = @sourceId))
     ON CONFLICT (source_id) DO UPDATE SET last_finished_at = excluded.last_finished_at,
       data_as_of = excluded.data_as_of, tickets_synced = excluded.tickets_synced`,
  ).run({ sourceId, now })
}

/**
 * Re-creates one secondary index by name (from the migrations' own statement). A bulk load keeps the tag lookup by
 * ticket: upsertTickets clears a ticket's tags before writing them, and without it every row would scan all tags.
 */
export function createIndexByName(db: Db, name: string): void {
  for (const m of MIGRATIONS)
    for (const stmt of (m.indexes ?? '').split(';'))
      if (new RegExp(`CREATE INDEX ${name} `).test(stmt))
        db.exec(stmt.replace('CREATE INDEX', 'CREATE INDEX IF NOT EXISTS'))
}

/**
 * The import connection reads through SQLite's page cache only: a memory map of a large workspace would count its
 * whole file in the process's resident memory while indexes are rebuilt, and the import must stay well under 500 MB.
 */
export function leanImportConnection(db: Db): void {
  db.pragma('mmap_size = 0')
}

export function ticketTotal(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n
}

// ---- runs ------------------------------------------------------------------------------------------------------

interface RunRow {
  id: number
  source_id: number | null
  source_name: string
  file_name: string
  format: ImportRunSummary['format']
  preset_id: string | null
  state: ImportRunSummary['state']
  started_at: number
  finished_at: number | null
  rows_read: number
  inserted: number
  updated: number
  unchanged: number
  rejected: number
  error: string | null
}

function toSummary(r: RunRow): ImportRunSummary {
  return {
    id: r.id,
    sourceId: r.source_id,
    sourceName: r.source_name,
    fileName: r.file_name,
    format: r.format,
    presetId: r.preset_id,
    state: r.state,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    rows: r.rows_read,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    rejected: r.rejected,
    error: r.error,
  }
}

export function createRun(
  db: Db,
  run: {
    sourceId: number
    sourceName: string
    fileName: string
    format: ImportRunSummary['format']
    presetId: string | null
    mapping: ImportMapping
    now: number
  },
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO import_runs (source_id, source_name, file_name, format, preset_id, mapping_json, state, started_at)
         VALUES (?, ?, ?, ?, ?, ?, 'running', ?)`,
      )
      .run(run.sourceId, run.sourceName, run.fileName, run.format, run.presetId, JSON.stringify(run.mapping), run.now)
      .lastInsertRowid,
  )
}

export function finishRun(
  db: Db,
  id: number,
  state: Exclude<ImportRunSummary['state'], 'running'>,
  error: string | null,
  now: number,
): void {
  db.prepare('UPDATE import_runs SET state = ?, error = ?, finished_at = ? WHERE id = ?').run(state, error, now, id)
}

/** Runs a crashed process left "running" are marked failed when the next import starts. */
export function failAbandonedRuns(db: Db, now: number): number {
  return db
    .prepare(
      `UPDATE import_runs SET state = 'failed', finished_at = ?,
         error = 'The import stopped unexpectedly; the rows counted here were saved. Import the file again to finish.'
       WHERE state = 'running'`,
    )
    .run(now).changes
}

export function listRuns(db: Db, limit = 50): ImportRunSummary[] {
  return (db.prepare('SELECT * FROM import_runs ORDER BY id DESC LIMIT ?').all(limit) as RunRow[]).map(toSummary)
}

export function getRun(db: Db, id: number): ImportRunSummary | null {
  const row = db.prepare('SELECT * FROM import_runs WHERE id = ?').get(id) as RunRow | undefined
  return row ? toSummary(row) : null
}

export function rejectsPage(db: Db, runId: number, offset: number, limit: number): ImportReject[] {
  return db
    .prepare('SELECT line, reason, excerpt FROM import_rejects WHERE run_id = ? ORDER BY line, id LIMIT ? OFFSET ?')
    .all(runId, limit, offset) as ImportReject[]
}

/** A page of a run's rejects after row `afterId`, in the order they were met (which is line order). */
export function rejectsAfter(db: Db, runId: number, afterId: number, limit: number): (ImportReject & { id: number })[] {
  return db
    .prepare('SELECT id, line, reason, excerpt FROM import_rejects WHERE run_id = ? AND id > ? ORDER BY id LIMIT ?')
    .all(runId, afterId, limit) as (ImportReject & { id: number })[]
}

export function rejectCount(db: Db, runId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM import_rejects WHERE run_id = ?').get(runId) as { n: number }).n
}

// ---- one batch -------------------------------------------------------------------------------------------------

export interface BatchCounts {
  inserted: number
  updated: number
  unchanged: number
}

/**
 * Writes one batch in one transaction: the tickets (through upsertTickets: stable ids, older never overwrites
 * newer), the rejected rows, and the run's counters. Inserts are told from updates by id: a new row gets an id above
 * every id that existed before the batch.
 *
 * `bulk`: the caller holds one transaction around the whole load (runImport's bulk path) and rebuilds the tag table
 * once at the end, so the batch neither opens a transaction of its own (that would be a SAVEPOINT) nor writes tags.
 */
export function writeImportBatch(
  db: Db,
  sourceId: number,
  runId: number,
  rows: number,
  tickets: readonly TicketInput[],
  rejects: readonly ImportReject[],
  options: { bulk?: boolean } = {},
): BatchCounts {
  const maxId = db.prepare('SELECT coalesce(max(id), 0) AS m FROM tickets')
  const above = db.prepare('SELECT count(*) AS n FROM tickets WHERE id > ?')
  const reject = db.prepare('INSERT INTO import_rejects (run_id, line, reason, excerpt) VALUES (?, ?, ?, ?)')
  const counters = db.prepare(
    `UPDATE import_runs SET rows_read = rows_read + ?, inserted = inserted + ?, updated = updated + ?,
       unchanged = unchanged + ?, rejected = rejected + ? WHERE id = ?`,
  )
  const write = (): BatchCounts => {
    const before = (maxId.get() as { m: number }).m
    const changed = tickets.length ? upsertTickets(db, sourceId, tickets, undefined, { tags: !options.bulk }) : 0
    const inserted = changed ? (above.get(before) as { n: number }).n : 0
    const counts = { inserted, updated: changed - inserted, unchanged: tickets.length - changed }
    for (const r of rejects) reject.run(runId, r.line, r.reason, r.excerpt)
    counters.run(rows, counts.inserted, counts.updated, counts.unchanged, rejects.length, runId)
    return counts
  }
  if (options.bulk) {
    if (!db.inTransaction) throw new Error('a bulk import batch must be written inside the load transaction')
    return write()
  }
  return db.transaction(write).immediate()
}

// ---- demo CSV --------------------------------------------------------------------------------------------------

/** Every ticket of a workspace in id order, for writing the demo as a CSV export. */
export function iterateTicketsForCsv(db: Db): IterableIterator<Record<string, string | number | null>> {
  return db
    .prepare(
      `SELECT external_id, subject, description, status, priority, type, case_type, channel, tags_json, region, locale,
         requester, assignee, group_name, created_at, updated_at, solved_at, first_reply_minutes,
         first_resolution_minutes, full_resolution_minutes, reopens, replies, csat, escalated
       FROM tickets ORDER BY id`,
    )
    .iterate() as IterableIterator<Record<string, string | number | null>>
}
