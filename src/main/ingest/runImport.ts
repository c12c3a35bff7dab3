/**
 * One file import into a workspace connection: read the file in chunks, map each row, write batches of a few
 * thousand rows per transaction through upsertTickets, record every rejected row with its line and reason.
 *
 * A cancel is honoured between batches; a crash loses at most the batch in flight. Either way every committed batch
 * is whole (tickets, rejects and the run's counts in one transaction), and importing the file again converges:
 * upserts are keyed by (source, ticket id) and an older row never overwrites a newer one.
 *
 * Into an empty (or nearly empty) workspace a large file is a bulk load, all in ONE transaction: secondary indexes
 * and the full-text, rollup and tag triggers are dropped, every row is written, then tags, indexes, the full-text
 * index and the rollups are rebuilt set-based, and only then does it commit. A kill at any moment therefore leaves the
 * workspace exactly as it was before the import (SQLite rolls the transaction back on the next open): no half-loaded
 * file, no workspace left without its indexes. A cancel, or a file that breaks off part-way, keeps the rows read
 * before it, as the batched path does: they are indexed and committed. The window keeps reading the old snapshot meanwhile (WAL).
 */
import type { ImportMapping, ImportReject, ImportRunSummary } from '../../shared/importMapping'
import { createSecondaryIndexes, dropSecondaryIndexes, rebuildCost, type Db } from '../db/connection'
import { finishRun, getRun, markSourceImported, ticketTotal, writeImportBatch } from '../db/queries/imports'
import { rebuildTagsOfSource, type TicketInput } from '../db/queries/ticketWrites'
import { compileMapping } from './mapRow'
import { detectShape, openRows, rowExcerpt, type FileShape } from './reader'

/**
 * Rows per transaction: large enough to amortise the commit, small enough that a cancel answers within a second and
 * the window's own writes (a note, a label) never wait long for the lock. The size adapts to keep each transaction
 * near WRITE_TARGET_MS: a workspace with many indexes and triggers writes fewer rows per batch.
 */
export const BATCH_ROWS = 5_000
/** Inside the one transaction of a bulk load a batch only bounds memory and the time a cancel waits. */
const BULK_BATCH_ROWS = 10_000
const MIN_BATCH_ROWS = 250
const WRITE_TARGET_MS = 400
/** Below this many tickets in the workspace, a large file is loaded with indexes dropped. */
const BULK_MAX_EXISTING = 1_000
const BULK_MIN_BYTES = 32 * 1024 * 1024

export interface ImportJobRequest {
  file: string
  /** The file's own name (format detection reads its extension; an upload is stored without one). */
  fileName: string
  mapping: ImportMapping
  timeZone: string
  runId: number
  sourceId: number
  /** Forces (true) or forbids (false) the bulk path; decided from sizes when absent. */
  bulk?: boolean
}

export interface ImportProgress {
  /** Rows written so far. */
  rows: number
  /**
   * Rows read from the file so far, written or still in the batch being gathered: the count that matches
   * `bytesRead`, so the file's total can be estimated from it.
   */
  rowsRead: number
  bytesRead: number
  size: number
  /** 'indexing' while indexes are rebuilt after a bulk load. */
  phase: 'reading' | 'indexing'
  /**
   * While indexing: the step under way and how far the rebuild is, in cost units (about seconds at a million
   * tickets; see RebuildStep), so the bar keeps moving and the time left stays fair.
   */
  indexing?: { label: string; done: number; total: number }
}

/** Costs of the load's own steps around createSecondaryIndexes, in the same units (measured at a million tickets). */
const TAGS_COST = 7
const COMMIT_COST = 3

/** The columns a mapping reads from a JSON file (dotted keys), in a stable order. */
export function jsonColumnsOf(mapping: ImportMapping): string[] {
  return [...new Set(Object.values(mapping.columns))]
}

export async function runImport(
  db: Db,
  request: ImportJobRequest,
  hooks: { isCancelled: () => boolean; onProgress: (p: ImportProgress) => void },
  shape: FileShape = detectShape(request.file, request.fileName),
): Promise<ImportRunSummary> {
  const { runId, sourceId } = request
  const reader = openRows(request.file, shape, jsonColumnsOf(request.mapping))
  const bulk = request.bulk ?? (reader.progress.size >= BULK_MIN_BYTES && ticketTotal(db) < BULK_MAX_EXISTING)
  let state: 'done' | 'cancelled' | 'failed' = 'done'
  let error: string | null = null
  let rows = 0
  const report = (phase: ImportProgress['phase'], indexing?: ImportProgress['indexing']): void =>
    hooks.onProgress({
      rows,
      rowsRead: rows + pending,
      bytesRead: reader.progress.bytesRead,
      size: reader.progress.size,
      phase,
      indexing,
    })

  const synchronous = db.pragma('synchronous', { simple: true }) as number
  if (bulk) {
    // NORMAL: a kill of the app still loses nothing committed (WAL); a power cut can at worst lose this load, which
    // went into a workspace that was empty a moment ago. (No sorter helper threads: each holds its own sort memory,
    // and the importing process must stay under 500 MB.)
    db.pragma('synchronous = NORMAL')
    db.exec('BEGIN IMMEDIATE')
    dropSecondaryIndexes(db)
  }
  let tickets: TicketInput[] = []
  let rejects: ImportReject[] = []
  let pending = 0
  let batchRows = bulk ? BULK_BATCH_ROWS : BATCH_ROWS
  const flush = (): void => {
    if (pending === 0) return
    const t0 = performance.now()
    writeImportBatch(db, sourceId, runId, pending, tickets, rejects, { bulk })
    const ms = performance.now() - t0
    if (!bulk) {
      if (ms > WRITE_TARGET_MS * 2) batchRows = Math.max(MIN_BATCH_ROWS, Math.floor(batchRows / 2))
      else if (ms < WRITE_TARGET_MS / 2) batchRows = Math.min(BATCH_ROWS, batchRows * 2)
    }
    rows += pending
    tickets = []
    rejects = []
    pending = 0
  }
  let writeFailed = false
  try {
    let map: ReturnType<typeof compileMapping> | null = null
    for await (const batch of reader.batches) {
      if (hooks.isCancelled()) {
        state = 'cancelled'
        break
      }
      // Tabular files know their columns once the header is read, before the first batch arrives.
      map ??= compileMapping(request.mapping, reader.columns, request.timeZone)
      for (const row of batch) {
        const mapped = map(row)
        if (mapped.ticket) tickets.push(mapped.ticket)
        else rejects.push({ line: row.line, reason: mapped.error, excerpt: rowExcerpt(row, shape.delimiter) })
        if (++pending >= batchRows) {
          flush()
          report('reading')
          if (hooks.isCancelled()) break
        }
      }
      report('reading')
    }
    if (hooks.isCancelled()) state = 'cancelled'
    if (state === 'done') flush()
    report('reading')
  } catch (err) {
    state = 'failed'
    error = (err as Error).message
    // The file broke off (truncated JSON, a read error): the rows read before it are still good, so keep them.
    try {
      flush()
    } catch (writeErr) {
      // The write itself failed; the committed batches stand (the bulk load is rolled back) and the run says why.
      writeFailed = true
      error = (writeErr as Error).message
    }
  } finally {
    if (bulk) {
      // A cancel keeps the rows read so far, as the batched path does; only a failed write is undone.
      let commit = !writeFailed
      const total = TAGS_COST + rebuildCost() + COMMIT_COST
      let done = 0
      const step = (label: string, cost: number): void => {
        report('indexing', { label, done: Math.min(done, total), total })
        done += cost
      }
      if (commit) {
        try {
          step('Listing the tags', TAGS_COST)
          rebuildTagsOfSource(db, sourceId)
          createSecondaryIndexes(db, step)
        } catch (err) {
          commit = false
          state = 'failed'
          error = (err as Error).message
        }
      }
      if (commit) {
        step('Writing the workspace file', COMMIT_COST)
        db.exec('COMMIT')
      } else {
        db.exec('ROLLBACK')
        rows = 0
      }
      db.pragma(`synchronous = ${synchronous}`)
    }
    const now = Date.now()
    db.transaction(() => {
      finishRun(db, runId, state, error, now)
      markSourceImported(db, sourceId, now)
    }).immediate()
  }
  return getRun(db, runId) as ImportRunSummary
}
