/**
 * Writing synced tickets. Upserts by (source, external id) keep the local id stable, so analyst tables that point at
 * it survive every re-import; a record older than the cached one never overwrites it, so replaying a page is a no-op.
 *
 * A source read again from the start after its field mapping changed (`remap`, migration 19) also lets a record of the
 * same version overwrite the cached row, so the new mapping reaches it; an older record still never does.
 *
 * The vendor's whole record is not kept: nothing reads it (re-mapping re-reads the source), and at about 850 bytes a Zendesk ticket it was most of the cache's size and of each sync page's writes. The
 * `raw_json` column stays for caches written before; a ticket written again clears it.
 */
import type { SourceKind } from '../../../shared/domain'
import type { Statement } from 'better-sqlite3'
import type { Db } from '../connection'
import { derivedOnWrite, KEEP_ANALYST_MARK } from './wellbeing'

export interface TicketInput {
  externalId: string
  subject: string
  description: string
  status: string
  priority: string | null
  type: string | null
  caseType: string | null
  channel: string
  tags: string[]
  region: string | null
  locale: string | null
  requester: string | null
  assignee: string | null
  group: string | null
  createdAt: number
  updatedAt: number
  firstSolvedAt: number | null
  solvedAt: number | null
  firstReplyMinutes: number | null
  firstResolutionMinutes: number | null
  fullResolutionMinutes: number | null
  reopens: number
  replies: number
  csat: number | null
  /**
   * The source's own sensitive flag, and only that: the stored `tickets.sensitive` also follows the workspace's
   * sensitive case types and the analyst's mark (queries/wellbeing.ts), so do not fold the case type in here.
   */
  sensitive: boolean
  escalated: boolean
}

/** The id of the source with this name, created if new. */
export function ensureSource(db: Db, kind: SourceKind, name: string, now = Date.now()): number {
  const row = db.prepare('SELECT id FROM sources WHERE name = ?').get(name) as { id: number } | undefined
  if (row) return row.id
  return Number(
    db.prepare('INSERT INTO sources (kind, name, created_at) VALUES (?, ?, ?)').run(kind, name, now).lastInsertRowid,
  )
}

/**
 * The upsert's leading parameters in order. Positional, not named: binding 29 named values from a fresh object per row
 * cost about as much as the insert itself on a large import.
 */
const UPSERT_PARAMS = [
  'externalId',
  'subject',
  'description',
  'status',
  'priority',
  'type',
  'caseType',
  'channel',
  'tags',
  'region',
  'locale',
  'requester',
  'assignee',
  'group',
  'createdAt',
  'updatedAt',
  'firstSolvedAt',
  'solvedAt',
  'firstReplyMinutes',
  'firstResolutionMinutes',
  'fullResolutionMinutes',
  'reopens',
  'replies',
  'csat',
] as const satisfies readonly (keyof TicketInput)[]

/** Fills `args` (reused across rows) with the upsert's parameters for `t`, in statement order. */
function upsertArgs(args: unknown[], sourceId: number, t: TicketInput): unknown[] {
  args[0] = sourceId
  for (let i = 0; i < UPSERT_PARAMS.length; i++) args[i + 1] = t[UPSERT_PARAMS[i]!]
  args[9] = JSON.stringify(t.tags)
  const sensitive = t.sensitive ? 1 : 0
  const n = UPSERT_PARAMS.length + 1
  // derived sensitive flag (source flag, case type), escalated, the source's own flag.
  args[n] = sensitive
  args[n + 1] = t.caseType
  args[n + 2] = t.escalated ? 1 : 0
  args[n + 3] = sensitive
  return args
}

interface WriteStatements {
  upsert: Statement
  /** The same, letting a record of the cached row's own version overwrite it (a re-map). */
  upsertRemap: Statement
  stage: Statement
  upsertStaged: Statement
  upsertStagedRemap: Statement
  clearTags: Statement
  addTag: Statement
}

/** Parameters of one row (upsertArgs): the source, UPSERT_PARAMS, then the four written after them. */
const ARG_COUNT = UPSERT_PARAMS.length + 5

const INSERT_COLUMNS = `source_id, external_id, subject, description, status, priority, type, case_type, channel,
      tags_json, region, locale, requester, assignee, group_name, created_at, updated_at, first_solved_at, solved_at,
      first_reply_minutes, first_resolution_minutes, full_resolution_minutes, reopens, replies, csat, sensitive,
      escalated, source_sensitive`

const onConflict = (remap: boolean): string => `ON CONFLICT (source_id, external_id) DO UPDATE SET
      subject = excluded.subject, description = excluded.description, status = excluded.status,
      priority = excluded.priority, type = excluded.type, case_type = excluded.case_type, channel = excluded.channel,
      tags_json = excluded.tags_json, region = excluded.region, locale = excluded.locale,
      requester = excluded.requester, assignee = excluded.assignee, group_name = excluded.group_name,
      created_at = excluded.created_at, updated_at = excluded.updated_at, first_solved_at = excluded.first_solved_at,
      solved_at = excluded.solved_at, first_reply_minutes = excluded.first_reply_minutes,
      first_resolution_minutes = excluded.first_resolution_minutes,
      full_resolution_minutes = excluded.full_resolution_minutes, reopens = excluded.reopens,
      replies = excluded.replies, csat = excluded.csat, sensitive = ${KEEP_ANALYST_MARK},
      source_sensitive = excluded.source_sensitive,
      escalated = excluded.escalated, raw_json = NULL
    WHERE excluded.updated_at ${remap ? '>=' : '>'} tickets.updated_at`

/** A page's rows, staged (p0… in upsertArgs order) for one INSERT … SELECT. Temp: per connection, never on disk. */
const STAGE_COLUMNS = Array.from({ length: ARG_COUNT }, (_, i) => `p${i}`)
const STAGE_TABLE = `CREATE TEMP TABLE IF NOT EXISTS page_stage (ord INTEGER PRIMARY KEY, ${STAGE_COLUMNS.join(', ')})`

/** Statements prepared once per connection: a sync writes a page every few milliseconds, an import a batch a second. */
const statements = new WeakMap<Db, WriteStatements>()

function writeStatements(db: Db): WriteStatements {
  let s = statements.get(db)
  if (s) return s
  db.exec(STAGE_TABLE)
  const n = UPSERT_PARAMS.length + 1
  const staged = STAGE_COLUMNS.map((c, i) =>
    i === n ? derivedOnWrite(c, STAGE_COLUMNS[n + 1] as string) : i === n + 1 ? null : c,
  ).filter((c) => c !== null)
  const upsert = (remap: boolean): Statement =>
    db.prepare(`
    INSERT INTO tickets (${INSERT_COLUMNS})
    VALUES (?, ${UPSERT_PARAMS.map(() => '?').join(', ')}, ${derivedOnWrite('?', '?')}, ?, ?)
    ${onConflict(remap)}
    RETURNING id`)
  const upsertStaged = (remap: boolean): Statement =>
    db.prepare(`
    INSERT INTO tickets (${INSERT_COLUMNS})
    SELECT ${staged.join(', ')} FROM temp.page_stage WHERE true ORDER BY ord
    ${onConflict(remap)}
    RETURNING id, external_id`)
  s = {
    upsert: upsert(false),
    upsertRemap: upsert(true),
    stage: db.prepare(`INSERT INTO temp.page_stage VALUES (?, ${STAGE_COLUMNS.map(() => '?').join(', ')})`),
    upsertStaged: upsertStaged(false),
    upsertStagedRemap: upsertStaged(true),
    clearTags: db.prepare('DELETE FROM ticket_tags WHERE ticket_id = ?'),
    addTag: db.prepare('INSERT OR IGNORE INTO ticket_tags (tag, ticket_id) VALUES (?, ?)'),
  }
  statements.set(db, s)
  return s
}

/**
 * Upserts a page of tickets whose external ids are all different in one INSERT … SELECT, inside the caller's
 * transaction; leaves `ticket_tags` to the caller (rebuildTagsOf). Returns, in page order, the page index and local id of
 * each row inserted or changed. One statement rather than one per row: SQLite copies every page a statement touches
 * that the transaction had already changed to its statement journal, and with a ticket's two dozen indexes a
 * statement per row copied the same index pages again for every ticket.
 */
export function upsertTicketPage(
  db: Db,
  sourceId: number,
  tickets: readonly TicketInput[],
  options: Pick<UpsertOptions, 'remap'> = {},
): [number, number][] {
  if (!db.inTransaction) throw new Error('upsertTicketPage runs inside the caller’s transaction')
  const s = writeStatements(db)
  const stage = s.stage
  const upsertStaged = options.remap ? s.upsertStagedRemap : s.upsertStaged
  // Again each page: a temp table made inside a page that rolled back went with it.
  db.exec(STAGE_TABLE)
  db.exec('DELETE FROM temp.page_stage')
  const args: unknown[] = new Array<unknown>(ARG_COUNT + 1)
  const row: unknown[] = new Array<unknown>(ARG_COUNT)
  const indexOf = new Map<string, number>()
  for (let index = 0; index < tickets.length; index++) {
    const t = tickets[index]!
    if (indexOf.has(t.externalId)) throw new Error(`ticket ${t.externalId} is twice in one page`)
    indexOf.set(t.externalId, index)
    args[0] = index
    upsertArgs(row, sourceId, t)
    for (let i = 0; i < ARG_COUNT; i++) args[i + 1] = row[i]
    stage.run(args)
  }
  const written = (upsertStaged.raw().all() as [number, string][]).map(([id, externalId]): [number, number] => {
    const index = indexOf.get(externalId)
    if (index === undefined) throw new Error(`the page's upsert returned ticket ${externalId}, which it did not hold`)
    return [index, id]
  })
  db.exec('DELETE FROM temp.page_stage')
  return written.sort((a, b) => a[0] - b[0])
}

export interface UpsertOptions {
  /**
   * false: leave `ticket_tags` alone and rebuild it afterwards with rebuildTagsOfSource (a bulk load, where one
   * set-based pass is far cheaper than a delete and inserts per row). Default true.
   */
  tags?: boolean
  /** A re-map (migration 19): a record of the cached row's own version overwrites it too. Default false. */
  remap?: boolean
}

/**
 * Upserts tickets in one transaction; returns how many rows were inserted or changed. `onWritten` hears the local id
 * of each row actually written (not of those skipped as older), so a sync can replace that ticket's comments too.
 */
export function upsertTickets(
  db: Db,
  sourceId: number,
  tickets: readonly TicketInput[],
  onWritten?: (index: number, ticketId: number) => void,
  options: UpsertOptions = {},
): number {
  const s = writeStatements(db)
  const { clearTags, addTag } = s
  const upsert = options.remap ? s.upsertRemap : s.upsert
  const withTags = options.tags !== false
  const args: unknown[] = []
  let changed = 0
  const write = (): void => {
    for (let index = 0; index < tickets.length; index++) {
      const t = tickets[index]!
      const row = upsert.get(upsertArgs(args, sourceId, t)) as { id: number } | undefined
      if (!row) continue
      changed++
      if (withTags) {
        clearTags.run(row.id)
        for (const tag of t.tags) addTag.run(tag, row.id)
      }
      onWritten?.(index, row.id)
    }
  }
  // Inside a caller's transaction (a sync page with its cursor, an import batch with its counters) the caller's
  // commit or rollback already makes the batch all-or-nothing. A nested transaction would be a SAVEPOINT, whose
  // statement journal copies every page the triggers and indexes touch: measured 8x slower (1 s vs 0.12 s a page).
  if (db.inTransaction) write()
  else db.transaction(write)()
  return changed
}

/**
 * Re-derives `ticket_tags` of the tickets `from` names (a FROM clause over `tickets t` and its condition, one bound
 * parameter) from their `tags_json`, after upserts with `tags: false`: one delete and one insert in the tag table's
 * key order, rather than a delete and an insert per tag for each ticket.
 */
function retag(db: Db, from: string, where: string, param: number | string): void {
  db.prepare(`DELETE FROM ticket_tags WHERE ticket_id IN (SELECT t.id FROM ${from} WHERE ${where})`).run(param)
  db.prepare(
    `INSERT OR IGNORE INTO ticket_tags (tag, ticket_id)
     SELECT DISTINCT j.value, t.id FROM ${from}, json_each(t.tags_json) j
     WHERE ${where} AND t.tags_json <> '[]' AND j.type = 'text'
     ORDER BY 1, 2`,
  ).run(param)
}

/** Every ticket of a source (a bulk load). */
export function rebuildTagsOfSource(db: Db, sourceId: number): void {
  retag(db, 'tickets t', 't.source_id = ?', sourceId)
}

/** The tickets `ids` (a sync page's written tickets). */
export function rebuildTagsOf(db: Db, ids: readonly number[]): void {
  retag(db, 'json_each(?) w CROSS JOIN tickets t ON t.id = w.value', 'true', JSON.stringify(ids))
}
