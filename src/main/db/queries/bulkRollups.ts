/**
 * The bulk-load rebuild of the derived tables, with `rollup_hour` computed in one pass instead of migration 9's
 * twenty-four GROUP BYs (one per segment field and event, each sorting every ticket): one scan of the tickets, sums
 * in hash maps, rows written in key order. Everything else (indexes, the full-text index, segments and minute
 * histograms, other migrations' rebuilds) runs as the migrations define it. The result is the same as
 * REBUILD_ROLLUPS (tests/integration/importBulk.test.ts compares the two); if the rollup schema ever changes shape
 * this path notices and falls back to the migrations' own rebuild.
 */
import type { Db } from '../connection'
import { MIGRATIONS } from '../migrations'
import { migration009, REBUILD_ROLLUPS } from '../migrations/009_rollups'

/** Segment fields in migration 9's order, as the rebuild spells their values. */
const DIMS = ['all', 'channel', 'caseType', 'region', 'priority', 'source', 'assignee', 'group'] as const
const MEASURES = [
  'created',
  'escalated',
  'replied',
  'frt_sum',
  'solved',
  'reopened',
  'one_touch',
  'csat_good',
  'csat_bad',
  'fres_n',
  'fres_sum',
  'tres_n',
  'tres_sum',
  'exited',
] as const
const M = MEASURES.length
/** Hours are keyed below 2^22 (until the year 2448); anything else takes the SQL path. */
const HOUR_SPAN = 2 ** 22

/** The ticket facts of migration 9's rebuild (its `rollup_facts`), one row per ticket. */
const FACTS = `SELECT created_at / 3600000, coalesce(first_solved_at, solved_at) / 3600000,
  CASE WHEN status IN ('solved', 'closed') THEN coalesce(solved_at, first_solved_at, updated_at) / 3600000 END,
  '', coalesce(channel, ''), coalesce(case_type, ''), coalesce(region, ''), coalesce(priority, ''),
  CAST(source_id AS TEXT), coalesce(assignee, ''), coalesce(group_name, ''),
  escalated, first_reply_minutes, reopens > 0, replies <= 1, csat, first_resolution_minutes, full_resolution_minutes
FROM tickets`

type Facts = [
  number,
  number | null,
  number | null,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  number,
  number | null,
  number,
  number,
  number | null,
  number | null,
  number | null,
]

/** True when rollup_hour still has exactly the columns this path writes. */
function shapeMatches(db: Db): boolean {
  const cols = (db.prepare('PRAGMA table_info(rollup_hour)').all() as { name: string }[]).map((c) => c.name)
  return cols.join(',') === ['hour', 'dim', 'val', ...MEASURES].join(',')
}

/** Fills rollup_hour (emptied first) from the tickets in one scan. False (nothing written) when it cannot. */
export function rebuildRollupHour(db: Db): boolean {
  if (!shapeMatches(db)) return false
  // Values of each field interned: one id across fields, so (value id, hour) is one number.
  const valueIds = DIMS.map(() => new Map<string, number>())
  const values: { dim: number; val: string }[] = []
  const valueId = (dim: number, val: string): number => {
    const ids = valueIds[dim] as Map<string, number>
    let id = ids.get(val)
    if (id === undefined) {
      id = values.length
      values.push({ dim, val })
      ids.set(val, id)
    }
    return id
  }
  const slot = new Map<number, number>()
  let sums = new Float64Array(1 << 16)
  let used = 0
  const at = (value: number, hour: number): number => {
    const key = value * HOUR_SPAN + hour
    let i = slot.get(key)
    if (i === undefined) {
      i = used++
      if (used * M > sums.length) {
        const grown = new Float64Array(sums.length * 2)
        grown.set(sums)
        sums = grown
      }
      slot.set(key, i)
    }
    return i * M
  }
  const ids = new Array<number>(DIMS.length)
  for (const row of db.prepare(FACTS).raw().iterate() as IterableIterator<Facts>) {
    const [ch, sh, xh] = row
    if (
      ch < 0 ||
      ch >= HOUR_SPAN ||
      (sh !== null && (sh < 0 || sh >= HOUR_SPAN)) ||
      (xh !== null && (xh < 0 || xh >= HOUR_SPAN))
    )
      return false
    for (let d = 0; d < DIMS.length; d++) ids[d] = valueId(d, row[3 + d] as string)
    const escalated = row[11]
    const frt = row[12]
    const csat = row[15]
    const fres = row[16]
    const tres = row[17]
    for (let d = 0; d < DIMS.length; d++) {
      const v = ids[d] as number
      let o = at(v, ch)
      sums[o] = (sums[o] as number) + 1
      sums[o + 1] = (sums[o + 1] as number) + escalated
      if (frt !== null) {
        sums[o + 2] = (sums[o + 2] as number) + 1
        sums[o + 3] = (sums[o + 3] as number) + frt
      }
      if (sh !== null) {
        o = at(v, sh)
        sums[o + 4] = (sums[o + 4] as number) + 1
        sums[o + 5] = (sums[o + 5] as number) + row[13]
        sums[o + 6] = (sums[o + 6] as number) + row[14]
        if (csat !== null && csat >= 4) sums[o + 7] = (sums[o + 7] as number) + 1
        if (csat !== null && csat <= 3) sums[o + 8] = (sums[o + 8] as number) + 1
        if (fres !== null) {
          sums[o + 9] = (sums[o + 9] as number) + 1
          sums[o + 10] = (sums[o + 10] as number) + fres
        }
        if (tres !== null) {
          sums[o + 11] = (sums[o + 11] as number) + 1
          sums[o + 12] = (sums[o + 12] as number) + tres
        }
      }
      if (xh !== null) {
        o = at(v, xh)
        sums[o + 13] = (sums[o + 13] as number) + 1
      }
    }
  }
  db.exec('DELETE FROM rollup_hour')
  const insert = db.prepare(
    `INSERT INTO rollup_hour (hour, dim, val, ${MEASURES.join(', ')}) VALUES (${Array(M + 3)
      .fill('?')
      .join(', ')})`,
  )
  // In the table's key order (dim, val, hour): appends instead of page splits.
  const keys = [...slot.keys()]
  const dimNames = values.map((v) => DIMS[v.dim] as string)
  const dimName = (k: number): string => dimNames[Math.floor(k / HOUR_SPAN)] as string
  const valOf = (k: number): string => (values[Math.floor(k / HOUR_SPAN)] as { val: string }).val
  keys.sort((a, b) => {
    const da = dimName(a)
    const dbn = dimName(b)
    if (da !== dbn) return da < dbn ? -1 : 1
    const va = valOf(a)
    const vb = valOf(b)
    if (va !== vb) return va < vb ? -1 : 1
    return (a % HOUR_SPAN) - (b % HOUR_SPAN)
  })
  const args = new Array<number | string>(M + 3)
  for (const k of keys) {
    const o = (slot.get(k) as number) * M
    args[0] = k % HOUR_SPAN
    args[1] = dimName(k)
    args[2] = valOf(k)
    for (let m = 0; m < M; m++) args[3 + m] = sums[o + m] as number
    insert.run(args)
  }
  return true
}

/** Migration 9's rebuild without its rollup_hour statements (computed by rebuildRollupHour instead). */
const REBUILD_WITHOUT_HOUR = REBUILD_ROLLUPS.split(';')
  .filter((s) => !/^\s*(INSERT INTO|DELETE FROM) rollup_hour\b/.test(s))
  .join(';')

/**
 * What connection.createSecondaryIndexes does after a bulk load (indexes, then every migration's rebuild, then
 * ANALYZE), with the faster rollup_hour. Runs inside the caller's transaction.
 */
export function rebuildAfterBulkLoad(db: Db): void {
  for (const m of MIGRATIONS)
    for (const stmt of (m.indexes ?? '').split(';'))
      if (stmt.trim()) db.exec(stmt.replace('CREATE INDEX', 'CREATE INDEX IF NOT EXISTS'))
  for (const m of MIGRATIONS) {
    if (!m.bulkLoad) continue
    const after = m.bulkLoad.after
    if (m === migration009 && after.includes(REBUILD_ROLLUPS) && rebuildRollupHour(db)) {
      // rollup_hour is written; the rest of the rebuild must not empty it again.
      db.exec(after.replace(REBUILD_ROLLUPS, REBUILD_WITHOUT_HOUR))
    } else db.exec(after)
  }
  db.exec('ANALYZE')
}
