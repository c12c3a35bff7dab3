/**
 * The bulk-load rebuild of `rollup_hour` (migration 9) in one scan of the tickets, aggregated in memory.
 *
 * The SQL rebuild (`REBUILD_ROLLUPS`) runs one GROUP BY per (field, event): 24 sorts of the whole table, about 60 s of
 * a million-ticket import. Here SQLite computes each ticket's facts exactly as the SQL does (the same hour and value
 * expressions, so integer division and coalescing cannot drift) and the sums are kept in typed arrays keyed by field
 * value and hour; every measure is an integer, so the totals are exact. The rows are then written in key order.
 * `rollup_segments` and `rollup_minutes` stay with the SQL: their segment ids follow its DISTINCT order.
 */
import type { Statement } from 'better-sqlite3'
import type { Db } from '../connection'
import { ROLLUP_DIMENSIONS, ROLLUP_FACT_COLUMNS, ROLLUP_MEASURES } from '../migrations/rollupFacts'

const M = ROLLUP_MEASURES.length
const measureIndex = (name: (typeof ROLLUP_MEASURES)[number]): number => ROLLUP_MEASURES.indexOf(name)
const I = {
  created: measureIndex('created'),
  escalated: measureIndex('escalated'),
  replied: measureIndex('replied'),
  frtSum: measureIndex('frt_sum'),
  solved: measureIndex('solved'),
  reopened: measureIndex('reopened'),
  oneTouch: measureIndex('one_touch'),
  csatGood: measureIndex('csat_good'),
  csatBad: measureIndex('csat_bad'),
  fresN: measureIndex('fres_n'),
  fresSum: measureIndex('fres_sum'),
  tresN: measureIndex('tres_n'),
  tresSum: measureIndex('tres_sum'),
  exited: measureIndex('exited'),
}

/** Keys pack (value index, hour) into one number: a Map with number keys is several times faster than nested maps. */
const HOUR_OFFSET = 2 ** 32
const VALUE_STRIDE = 2 ** 33

/**
 * Sums of one field's rows: (value, hour) → slot, and the slots' measures side by side. A page's deltas (sign -1 for
 * an old image) also mark the slots that had something subtracted: only those can fall to zero and be deleted.
 */
class FieldSums {
  readonly values = new Map<string, number>()
  readonly slots = new Map<number, number>()
  sums: Float64Array
  subtracted: Uint8Array
  used = 0

  /** Room for `slots` (value, hour) rows before it grows: a sync page touches a few hundred, a bulk scan many more. */
  constructor(slots = 4096) {
    this.sums = new Float64Array(slots * M)
    this.subtracted = new Uint8Array(slots)
  }

  valueIndex(val: string): number {
    let v = this.values.get(val)
    if (v === undefined) this.values.set(val, (v = this.values.size))
    return v * VALUE_STRIDE + HOUR_OFFSET
  }

  /** The offset of the measures of (value base from valueIndex, hour). */
  slot(base: number, hour: number): number {
    const key = base + hour
    let s = this.slots.get(key)
    if (s === undefined) {
      s = this.used++
      if (this.used * M > this.sums.length) {
        const grown = new Float64Array(this.sums.length * 2)
        grown.set(this.sums)
        this.sums = grown
        const marks = new Uint8Array(this.subtracted.length * 2)
        marks.set(this.subtracted)
        this.subtracted = marks
      }
      this.slots.set(key, s)
    }
    return s * M
  }
}

/** A ticket image's facts: ROLLUP_FACT_COLUMNS, then its id (the bulk scan) or its sign (a page's deltas). */
type Fact = [
  ch: number,
  sh: number | null,
  xh: number | null,
  channel: string,
  caseType: string,
  region: string,
  priority: string,
  source: number,
  assignee: string,
  group: string,
  escalated: number,
  frt: number | null,
  reopened: number,
  oneTouch: number,
  csat: number | null,
  fres: number | null,
  tres: number | null,
  idOrSign: number,
]

/** Tickets read per slice, and (value, hour) rows held before they are added into the table (~15 MB of sums). */
const SLICE = 20_000
const MAX_SLOTS = 131_072

/**
 * Replaces every row of `rollup_hour` with the sums over `tickets`. Runs inside the caller's transaction. `limits` are
 * for tests, which make both small so the slicing and the add-and-start-afresh path run on a few tickets.
 */
export function rebuildRollupHour(db: Db, limits = { slice: SLICE, maxSlots: MAX_SLOTS }): void {
  db.exec('DELETE FROM rollup_hour')
  const slice = db.prepare(`SELECT ${ROLLUP_FACT_COLUMNS}, t.id FROM tickets t WHERE t.id > ? ORDER BY t.id LIMIT ?`)
  slice.raw()
  const add = db.prepare(ADD_ROLLUP_HOUR)
  let fields = ROLLUP_DIMENSIONS.map(() => new FieldSums())
  let after = -Infinity
  for (;;) {
    const facts = slice.all(after, limits.slice) as Fact[]
    if (facts.length === 0) break
    after = facts[facts.length - 1]![17]
    for (const f of facts) sumFacts(fields, f, 1)
    if (fields.reduce((n, s) => n + s.used, 0) > limits.maxSlots) {
      addSums(add, fields)
      fields = ROLLUP_DIMENSIONS.map(() => new FieldSums())
    }
  }
  addSums(add, fields)
}

/** Adds one image's facts (`sign` 1) or takes them away (-1), in every field. */
function sumFacts(fields: readonly FieldSums[], f: Fact, sign: 1 | -1): void {
  const [ch, sh, xh] = f
  const mark = sign < 0 ? 1 : 0
  for (let d = 0; d < fields.length; d++) {
    const sums = fields[d]!
    // Column 3 onwards holds the fields in ROLLUP_DIMENSIONS order after 'all' (the source as its id: text here,
    // as CAST(source_id AS TEXT) is in SQL).
    const base = sums.valueIndex(d === 0 ? '' : String(f[2 + d]))
    const a = sums.slot(base, ch)
    sums.subtracted[a / M]! |= mark
    const s = sums.sums
    s[a + I.created]! += sign
    s[a + I.escalated]! += sign * f[10]
    if (f[11] !== null) {
      s[a + I.replied]! += sign
      s[a + I.frtSum]! += sign * f[11]
    }
    if (sh !== null) {
      const b = sums.slot(base, sh)
      sums.subtracted[b / M]! |= mark
      const t = sums.sums
      t[b + I.solved]! += sign
      t[b + I.reopened]! += sign * f[12]
      t[b + I.oneTouch]! += sign * f[13]
      const csat = f[14]
      if (csat !== null) {
        if (csat >= 4) t[b + I.csatGood]! += sign
        if (csat <= 3) t[b + I.csatBad]! += sign
      }
      if (f[15] !== null) {
        t[b + I.fresN]! += sign
        t[b + I.fresSum]! += sign * f[15]
      }
      if (f[16] !== null) {
        t[b + I.tresN]! += sign
        t[b + I.tresSum]! += sign * f[16]
      }
    }
    if (xh !== null) {
      const x = sums.slot(base, xh)
      sums.subtracted[x / M]! |= mark
      sums.sums[x + I.exited]! += sign
    }
  }
}

/**
 * A sync page's change to `rollup_hour` (queries/pageRollups.ts), from its images (`images`: ROLLUP_FACT_COLUMNS over
 * the images as `t`, then each image's sign): every (field, value, hour) an image touches is added into the table,
 * zero sums included (so the hour versions move as under the per-row triggers), and a row that had something taken
 * away and now counts no event is deleted, as the triggers' removals delete it.
 */
export function addPageRollupHour(images: Statement, add: Statement, dropEmpty: Statement): void {
  const fields = ROLLUP_DIMENSIONS.map(() => new FieldSums(256))
  for (const f of images.raw().all() as Fact[]) sumFacts(fields, f, f[17] < 0 ? -1 : 1)
  addSums(add, fields, dropEmpty)
}

/** The statements addPageRollupHour runs: the upsert that adds a row into the table, the delete of an empty row. */
export const ADD_ROLLUP_HOUR = `INSERT INTO rollup_hour (dim, val, hour, ${ROLLUP_MEASURES.join(', ')})
  VALUES (?, ?, ?, ${ROLLUP_MEASURES.map(() => '?').join(', ')})
  ON CONFLICT (dim, val, hour) DO UPDATE SET ${ROLLUP_MEASURES.map((m) => `${m} = ${m} + excluded.${m}`).join(', ')}`
export const DROP_EMPTY_ROLLUP_HOUR = `DELETE FROM rollup_hour
  WHERE dim = ? AND val = ? AND hour = ? AND created = 0 AND solved = 0 AND exited = 0`

/** Adds every held sum into the table, in key order; with `dropEmpty`, then deletes a subtracted-from row left empty. */
function addSums(add: Statement, fields: readonly FieldSums[], dropEmpty?: Statement): void {
  const row: (string | number)[] = new Array<string | number>(3 + M)
  ROLLUP_DIMENSIONS.forEach(([dim], d) => {
    const sums = fields[d]!
    const names = [...sums.values.keys()]
    // Key order (value, hour), so the inserts append to the table's b-tree instead of splitting pages all over it:
    // keys re-packed with each value's rank in place of its index, then one numeric sort of a typed array.
    const byRank = names.map((_, i) => i).sort((x, y) => (names[x]! < names[y]! ? -1 : names[x]! > names[y]! ? 1 : 0))
    const rankOf = new Float64Array(names.length)
    byRank.forEach((index, rank) => (rankOf[index] = rank))
    const order = new Float64Array(sums.slots.size)
    let k = 0
    for (const key of sums.slots.keys()) {
      const index = Math.floor(key / VALUE_STRIDE)
      order[k++] = key + (rankOf[index]! - index) * VALUE_STRIDE
    }
    order.sort()
    row[0] = dim
    for (const ranked of order) {
      const index = byRank[Math.floor(ranked / VALUE_STRIDE)]!
      const offset = ranked % VALUE_STRIDE
      const at = sums.slots.get(index * VALUE_STRIDE + offset)! * M
      row[1] = names[index]!
      row[2] = offset - HOUR_OFFSET
      for (let m = 0; m < M; m++) row[3 + m] = sums.sums[at + m]!
      add.run(row)
      if (dropEmpty && sums.subtracted[at / M]) dropEmpty.run(row[0], row[1], row[2])
    }
  })
}
