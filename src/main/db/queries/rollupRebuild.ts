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

/** Sums of one field's rows: (value, hour) → slot, and the slots' measures side by side. */
class FieldSums {
  readonly values = new Map<string, number>()
  readonly slots = new Map<number, number>()
  sums = new Float64Array(4096 * M)
  used = 0

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
      }
      this.slots.set(key, s)
    }
    return s * M
  }
}

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
  id: number,
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
  const add = db.prepare(
    `INSERT INTO rollup_hour (dim, val, hour, ${ROLLUP_MEASURES.join(', ')})
     VALUES (?, ?, ?, ${ROLLUP_MEASURES.map(() => '?').join(', ')})
     ON CONFLICT (dim, val, hour) DO UPDATE SET ${ROLLUP_MEASURES.map((m) => `${m} = ${m} + excluded.${m}`).join(', ')}`,
  )
  let fields = ROLLUP_DIMENSIONS.map(() => new FieldSums())
  let after = -Infinity
  for (;;) {
    const facts = slice.all(after, limits.slice) as Fact[]
    if (facts.length === 0) break
    after = facts[facts.length - 1]![17]
    for (const f of facts) sumFacts(fields, f)
    if (fields.reduce((n, s) => n + s.used, 0) > limits.maxSlots) {
      addSums(add, fields)
      fields = ROLLUP_DIMENSIONS.map(() => new FieldSums())
    }
  }
  addSums(add, fields)
}

function sumFacts(fields: readonly FieldSums[], f: Fact): void {
  const [ch, sh, xh] = f
  for (let d = 0; d < fields.length; d++) {
    const sums = fields[d]!
    // Column 3 onwards holds the fields in ROLLUP_DIMENSIONS order after 'all' (the source as its id: text here,
    // as CAST(source_id AS TEXT) is in SQL).
    const base = sums.valueIndex(d === 0 ? '' : String(f[2 + d]))
    const a = sums.slot(base, ch)
    const s = sums.sums
    s[a + I.created]! += 1
    s[a + I.escalated]! += f[10]
    if (f[11] !== null) {
      s[a + I.replied]! += 1
      s[a + I.frtSum]! += f[11]
    }
    if (sh !== null) {
      const b = sums.slot(base, sh)
      const t = sums.sums
      t[b + I.solved]! += 1
      t[b + I.reopened]! += f[12]
      t[b + I.oneTouch]! += f[13]
      const csat = f[14]
      if (csat !== null) {
        if (csat >= 4) t[b + I.csatGood]! += 1
        if (csat <= 3) t[b + I.csatBad]! += 1
      }
      if (f[15] !== null) {
        t[b + I.fresN]! += 1
        t[b + I.fresSum]! += f[15]
      }
      if (f[16] !== null) {
        t[b + I.tresN]! += 1
        t[b + I.tresSum]! += f[16]
      }
    }
    if (xh !== null) sums.sums[sums.slot(base, xh) + I.exited]! += 1
  }
}

/** Adds every held sum into the table, in key order. */
function addSums(add: Statement, fields: readonly FieldSums[]): void {
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
    }
  })
}
