/**
 * What a sync writes: each page (tickets with their comments, upstream deletes, quarantined records) together with
 * the connector's new cursor and the run's counters, in one IMMEDIATE transaction: a kill leaves both or neither.
 * A writer that fell behind commits consecutive pages in one transaction with the last cursor (commitPages).
 *
 * Upstream deletes remove the local ticket, and the analyst's notes, labels and review of it go with it (ON DELETE
 * CASCADE): a ticket deleted upstream is usually a privacy deletion, and the reliability promise is that upstream
 * deletions are applied locally in the same sync.
 */
import type { Statement } from 'better-sqlite3'
import { ConnectorError, type CommentInput, type SyncPage } from '../../sync/types'
import type { Db } from '../connection'
import { deferRollups } from './pageRollups'
import { rebuildTagsOf, upsertTicketPage, upsertTickets } from './ticketWrites'

export type RunTrigger = 'manual' | 'schedule' | 'cli'
export type RunOutcome = 'done' | 'error' | 'paused' | 'cancelled'

export interface SyncStateRow {
  cursor: string | null
  status: 'idle' | 'running' | 'paused' | 'error'
  lastError: string | null
  dataAsOf: number | null
  lastStartedAt: number | null
  lastFinishedAt: number | null
  ticketsSynced: number
}

export function readSyncState(db: Db, sourceId: number): SyncStateRow {
  const row = db
    .prepare(
      `SELECT cursor, status, last_error AS lastError, data_as_of AS dataAsOf, last_started_at AS lastStartedAt,
        last_finished_at AS lastFinishedAt, tickets_synced AS ticketsSynced FROM sync_state WHERE source_id = ?`,
    )
    .get(sourceId) as SyncStateRow | undefined
  return (
    row ?? {
      cursor: null,
      status: 'idle',
      lastError: null,
      dataAsOf: null,
      lastStartedAt: null,
      lastFinishedAt: null,
      ticketsSynced: 0,
    }
  )
}

/**
 * Starts a run: the source shows as running and a history row is opened. A run still marked running from a process
 * that died (a kill, a crash) is closed as interrupted first; its committed pages stay, and this run resumes after them.
 */
export function beginRun(db: Db, sourceId: number, trigger: RunTrigger, now: number): number {
  return db
    .transaction(() => {
      db.prepare(
        `UPDATE sync_runs SET outcome = 'interrupted', finished_at = ? WHERE source_id = ? AND outcome = 'running'`,
      ).run(now, sourceId)
      db.prepare(
        `INSERT INTO sync_state (source_id, status, last_started_at) VALUES (?, 'running', ?)
       ON CONFLICT (source_id) DO UPDATE SET status = 'running', last_started_at = excluded.last_started_at`,
      ).run(sourceId, now)
      return Number(
        db
          .prepare(`INSERT INTO sync_runs (source_id, trigger, started_at) VALUES (?, ?, ?)`)
          .run(sourceId, trigger, now).lastInsertRowid,
      )
    })
    .immediate()
}

export interface PageCounts {
  written: number
  deleted: number
  quarantined: number
}

const DELETE_CHUNK = 500
/** A reconciliation deleting more than this share of a source's cache (and at least RECONCILE_GUARD_MIN) is refused. */
const RECONCILE_GUARD_SHARE = 0.5
const RECONCILE_GUARD_MIN = 100

/**
 * Writes one page and its cursor atomically. Replaying a page changes nothing (older never overwrites newer; during a
 * re-map the same version is written again, with the same result).
 */
export function commitPage(db: Db, sourceId: number, runId: number, page: SyncPage, now: number): PageCounts {
  return commitPages(db, sourceId, runId, [page], now)[0] as PageCounts
}

/**
 * Writes several consecutive pages and the last one's cursor in one transaction (a group commit): a kill leaves all
 * of them or none, and the next run resumes from the cursor before them. For a writer that has fallen behind the
 * fetches: one commit (a WAL write and an fsync) for the queued pages instead of one each.
 */
export function commitPages(
  db: Db,
  sourceId: number,
  runId: number,
  pages: readonly SyncPage[],
  now: number,
): PageCounts[] {
  const s = pageStatements(db)
  return db
    .transaction((): PageCounts[] => {
      // Read inside the transaction: a re-sync from the start (restartFromScratch) sets it with the cursor.
      const remap = (s.remap.get(sourceId) as { remap: number } | undefined)?.remap === 1
      return pages.map((page) => writePage(db, s, sourceId, runId, page, now, remap))
    })
    .immediate()
}

/**
 * Makes the next run of a source read it again from the start and re-map what it reads (migration 19): the cursor is
 * forgotten and records of the cached rows' own versions overwrite them, so a changed field mapping reaches every
 * cached ticket. Analyst notes, labels and reviews stay (they hang on the local id, which upserts keep). The flag
 * stays set until a run catches up with the source (finishRun), so a run stopped part-way is picked up by the next.
 */
export function restartFromScratch(db: Db, sourceId: number): void {
  db.prepare(
    `INSERT INTO sync_state (source_id, cursor, remap) VALUES (?, NULL, 1)
     ON CONFLICT (source_id) DO UPDATE SET cursor = NULL, remap = 1`,
  ).run(sourceId)
}

interface PageWriteStatements {
  clearComments: Statement
  addComment: Statement
  unquarantine: Statement
  unquarantinePage: Statement
  quarantine: Statement
  cursor: Statement
  run: Statement
  remap: Statement
}

const pageStatementsOf = new WeakMap<Db, PageWriteStatements>()

function pageStatements(db: Db): PageWriteStatements {
  let s = pageStatementsOf.get(db)
  if (s) return s
  s = {
    clearComments: db.prepare('DELETE FROM ticket_comments WHERE ticket_id = ?'),
    addComment: db.prepare(
      `INSERT INTO ticket_comments (ticket_id, external_id, author, author_role, public, body, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    unquarantine: db.prepare('DELETE FROM sync_quarantine WHERE source_id = ? AND external_id = ?'),
    unquarantinePage: db.prepare(
      'DELETE FROM sync_quarantine WHERE source_id = ? AND external_id IN (SELECT value FROM json_each(?))',
    ),
    quarantine: db.prepare(
      `INSERT INTO sync_quarantine (source_id, external_id, reason, raw, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (source_id, external_id) DO UPDATE SET reason = excluded.reason, raw = excluded.raw,
       created_at = excluded.created_at`,
    ),
    cursor: db.prepare(`UPDATE sync_state SET cursor = ?, tickets_synced = tickets_synced + ? WHERE source_id = ?`),
    run: db.prepare(
      `UPDATE sync_runs SET pages = pages + 1, tickets = tickets + ?, deletes = deletes + ?,
         quarantined = quarantined + ? WHERE id = ?`,
    ),
    remap: db.prepare('SELECT remap FROM sync_state WHERE source_id = ?'),
  }
  pageStatementsOf.set(db, s)
  return s
}

/** One page and its cursor, inside the caller's transaction. */
function writePage(
  db: Db,
  s: PageWriteStatements,
  sourceId: number,
  runId: number,
  page: SyncPage,
  now: number,
  remap: boolean,
): PageCounts {
  // Rollups and full-text index set-based for the page's upserts (migration 17); its deletes below keep the
  // per-row triggers.
  const externalIds = page.tickets.map((t) => t.ticket.externalId)
  const applyDeferred =
    new Set(externalIds).size === externalIds.length && externalIds.length > 0
      ? deferRollups(db, sourceId, externalIds)
      : null
  const writtenIds: number[] = []
  const wrote = (index: number, ticketId: number): void => {
    writtenIds.push(ticketId)
    const comments = page.tickets[index]?.comments
    if (comments) replaceComments(ticketId, comments)
  }
  const tickets = page.tickets.map((t) => t.ticket)
  let written = 0
  // Each ticket once: one statement for the page. A ticket twice goes row by row, so its later version wins in order.
  if (applyDeferred) {
    const rows = upsertTicketPage(db, sourceId, tickets, { remap })
    for (const [index, ticketId] of rows) wrote(index, ticketId)
    written = rows.length
  } else written = upsertTickets(db, sourceId, tickets, wrote, { tags: false, remap })
  rebuildTagsOf(db, writtenIds)
  function replaceComments(ticketId: number, comments: readonly CommentInput[]): void {
    // The connector hands over a ticket's whole thread, so replacing it is idempotent and drops nothing.
    s.clearComments.run(ticketId)
    for (const c of comments)
      s.addComment.run(ticketId, c.externalId, c.author, c.authorRole, c.public ? 1 : 0, c.body, c.createdAt)
  }
  applyDeferred?.(writtenIds)
  // One statement for the page rather than one per ticket: a record that now reads is no longer quarantined.
  s.unquarantinePage.run(sourceId, JSON.stringify(externalIds))
  let deleted = 0
  for (let i = 0; i < page.deletes.length; i += DELETE_CHUNK) {
    const chunk = page.deletes.slice(i, i + DELETE_CHUNK)
    deleted += db
      .prepare(`DELETE FROM tickets WHERE source_id = ? AND external_id IN (${chunk.map(() => '?').join(', ')})`)
      .run(sourceId, ...chunk).changes
    for (const id of chunk) s.unquarantine.run(sourceId, id)
  }
  if (page.liveIds) deleted += reconcile(db, sourceId, page.liveIds)
  for (const q of page.quarantined) s.quarantine.run(sourceId, q.externalId, q.reason, q.raw, now)
  s.cursor.run(page.cursor, written, sourceId)
  s.run.run(written, deleted, page.quarantined.length, runId)
  return { written, deleted, quarantined: page.quarantined.length }
}

/**
 * One slice of a full id reconciliation (SyncPage.liveIds), inside the page's transaction: the listed ids are kept
 * aside; on the last slice every cached ticket of the source that was not listed is deleted, and the list emptied.
 * Returns how many tickets were deleted.
 */
function reconcile(db: Db, sourceId: number, live: NonNullable<SyncPage['liveIds']>): number {
  if (live.first) db.prepare('DELETE FROM sync_reconcile WHERE source_id = ?').run(sourceId)
  const keep = db.prepare('INSERT OR IGNORE INTO sync_reconcile (source_id, external_id) VALUES (?, ?)')
  for (const id of live.ids) keep.run(sourceId, id)
  if (!live.last) return 0
  const cached = (db.prepare('SELECT count(*) AS n FROM tickets WHERE source_id = ?').get(sourceId) as { n: number }).n
  const listed = (
    db
      .prepare(
        `SELECT count(*) AS n FROM tickets WHERE source_id = ? AND external_id IN
           (SELECT external_id FROM sync_reconcile WHERE source_id = ?)`,
      )
      .get(sourceId, sourceId) as { n: number }
  ).n
  const missing = cached - listed
  // A list that misses most of the cache is far likelier a permission change (the user sees fewer cases) than a mass
  // deletion: refuse it rather than empty the analyst's cache.
  if (missing > Math.max(RECONCILE_GUARD_MIN, cached * RECONCILE_GUARD_SHARE)) {
    db.prepare('DELETE FROM sync_reconcile WHERE source_id = ?').run(sourceId)
    throw new ConnectorError(
      'protocol',
      `The check of every case id found ${missing.toLocaleString('en-US')} of the ${cached.toLocaleString('en-US')} cached cases missing upstream; nothing was deleted. If the user lost access to those cases, fix that; if they really were deleted, remove and add the source again`,
    )
  }
  const gone = db
    .prepare(
      `DELETE FROM tickets WHERE source_id = ? AND external_id NOT IN
         (SELECT external_id FROM sync_reconcile WHERE source_id = ?)`,
    )
    .run(sourceId, sourceId).changes
  db.prepare('DELETE FROM sync_reconcile WHERE source_id = ?').run(sourceId)
  return gone
}

export interface RunEnd {
  outcome: RunOutcome
  /** The source's status afterwards. */
  status: 'idle' | 'paused' | 'error'
  error: string | null
  errorKind: string | null
  /** Set when the run caught up with the source: the cache holds its data up to this time. */
  dataAsOf: number | null
}

export function finishRun(db: Db, sourceId: number, runId: number, end: RunEnd, now: number): void {
  db.transaction(() => {
    db.prepare(`UPDATE sync_runs SET outcome = ?, finished_at = ?, error = ?, error_kind = ? WHERE id = ?`).run(
      end.outcome,
      now,
      end.error,
      end.errorKind,
      runId,
    )
    db.prepare(
      `UPDATE sync_state SET status = ?, last_error = ?, last_finished_at = ?,
         data_as_of = coalesce(?, data_as_of), remap = CASE WHEN ? = 'done' THEN 0 ELSE remap END
       WHERE source_id = ?`,
    ).run(end.status, end.error, now, end.dataAsOf, end.outcome, sourceId)
  }).immediate()
}

/** After new credentials: a source paused for refused credentials may sync again. */
export function resumeIfPaused(db: Db, sourceId: number): void {
  db.prepare(`UPDATE sync_state SET status = 'idle', last_error = NULL WHERE source_id = ? AND status = 'paused'`).run(
    sourceId,
  )
}

/** Pauses a source with a sentence (credentials missing or refused). */
export function pauseSource(db: Db, sourceId: number, reason: string): void {
  db.prepare(
    `INSERT INTO sync_state (source_id, status, last_error) VALUES (?, 'paused', ?)
     ON CONFLICT (source_id) DO UPDATE SET status = 'paused', last_error = excluded.last_error`,
  ).run(sourceId, reason)
}
