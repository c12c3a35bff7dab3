/**
 * The full-combination alert rollups (case type × channel × region per UTC hour) of the hours alert evaluation reads,
 * kept in memory between evaluations of one open workspace.
 *
 * Evaluation after a sync reads about seven weeks of `alert_rollup` (the baseline weeks behind every window): some
 * 350,000 rows at 1M tickets, and materialising them through better-sqlite3 costs more than all the detection done
 * on them. A sync changes a few dozen of those hours. Migration 16 records which hours any write touched, with a
 * sequence number, so a later read takes the hours it has not seen from the file and the rest from memory: the
 * result is the same rows a full read would give (tests/integration/alertsCache.test.ts checks it against a cold read
 * after random writes).
 *
 * Only a read outside any transaction is kept: writes in an open transaction may still roll back, and their sequence
 * numbers would then be handed out again to other writes. A read inside one reads every row (and changes nothing).
 * Reads come in steps of a few dozen hours, so the app can serve other requests between them.
 */
import type { Db } from '../db/connection'
import * as q from '../db/queries/alerts'
import { runSteps, type Steps } from '../lib/steps'
import { W as MEASURE_COUNT } from './detect'
import type { Segment } from './segments'

/** Measures per row, held here: an imported binding read in a hot loop is a getter call under CommonJS output. */
const W = MEASURE_COUNT
/** Hours per read between pauses: about 6,500 rows at 1M tickets. */
/** Rows merged between pauses. */
const CHUNK_ROWS = 40_000
const CHUNK_HOURS = 24

/**
 * The rows of hours [from, to), combination-major: those of combination `id` are rows [comboStart[id],
 * comboStart[id + 1]), hours rising. Detection walks one combination at a time, so its rows are read in order.
 */
export interface ComboSpan {
  from: number
  to: number
  comboStart: Int32Array
  /** Per row: its hour (epoch hours). */
  hour: Int32Array
  /** Per row: W measures (ALERT_MEASURES order). */
  values: Float64Array
  /** Combinations by id; ids are stable for the cache's life and only grow. */
  combos: readonly Segment[]
}

/** Rows as they come from SQL, in typed arrays, with where each hour's rows sit. */
class Batch {
  combo = new Int32Array(1 << 12)
  values = new Float64Array((1 << 12) * W)
  n = 0
  /** hour → [first row, end) */
  readonly hours = new Map<number, [number, number]>()

  constructor(private readonly idOf: (ct: string, ch: string, rg: string) => number) {}

  /** Appends rows of hours no earlier read of this batch held, in rising hour order. */
  read(rows: Iterable<unknown[]>): void {
    let hour = NaN
    let first = this.n
    for (const row of rows) {
      const h = row[3] as number
      if (h !== hour) {
        if (this.n > first) this.hours.set(hour, [first, this.n])
        hour = h
        first = this.n
      }
      const i = this.n++
      if (i >= this.combo.length) this.grow()
      this.combo[i] = this.idOf(row[0] as string, row[1] as string, row[2] as string)
      const at = i * W
      for (let m = 0; m < W; m++) this.values[at + m] = row[m + 4] as number
    }
    if (this.n > first) this.hours.set(hour, [first, this.n])
  }

  private grow(): void {
    const combo = new Int32Array(this.combo.length * 2)
    combo.set(this.combo)
    const values = new Float64Array(this.values.length * 2)
    values.set(this.values)
    this.combo = combo
    this.values = values
  }
}

export class ComboCache {
  private readonly combos: Segment[] = []
  private readonly ids = new Map<string, Map<string, Map<string, number>>>()
  private span: ComboSpan | null = null
  /** The newest `alert_dirty` sequence `span` reflects. */
  private seq = 0

  /** The rows of [from, to), as a full read of `alert_rollup` would give them now. */
  read(db: Db, from: number, to: number): ComboSpan {
    return runSteps(this.readSteps(db, from, to))
  }

  /**
   * The same as steps, pausing between reads of at most CHUNK_HOURS hours (a cold read of seven weeks at 1M tickets
   * is seconds of work). No transaction holds the reads together: the sequence is read first, so an hour written
   * while the reads go on carries a newer sequence and is read again next time, and rows read after the sequence
   * are never older than it.
   */
  *readSteps(db: Db, from: number, to: number): Steps<ComboSpan> {
    // Uncommitted writes may still roll back and hand their sequence numbers to other writes: read, keep nothing.
    let keep = !db.inTransaction
    const seq = q.dirtySeq(db)
    const prev = keep ? this.span : null
    const dirty = prev ? q.dirtyHoursSince(db, this.seq) : null
    const batch = new Batch(this.idOf)
    const readRange = function* (a: number, b: number): Steps<void> {
      for (let h = a; h < b; h += CHUNK_HOURS) {
        if (db.inTransaction) keep = false
        batch.read(q.comboRows(db, h, Math.min(b, h + CHUNK_HOURS)))
        yield
      }
    }
    let base: ComboSpan | null = null
    if (!prev || !dirty || dirty.all || prev.to <= from || prev.from >= to) {
      yield* readRange(from, to)
    } else {
      base = prev
      const reread = dirty.hours.filter((h) => h >= Math.max(from, prev.from) && h < Math.min(to, prev.to))
      if (from < prev.from) yield* readRange(from, prev.from)
      for (let i = 0; i < reread.length; i += CHUNK_HOURS) {
        if (db.inTransaction) keep = false
        batch.read(q.comboRowsOfHours(db, reread.slice(i, i + CHUNK_HOURS)))
        yield
      }
      if (to > prev.to) yield* readRange(prev.to, to)
      // A re-read hour with no rows left (its last ticket deleted) must not fall back to the stale copy.
      for (const h of reread) if (!batch.hours.has(h)) batch.hours.set(h, [0, 0])
    }
    const out = yield* this.assemble(from, to, base, batch)
    if (keep) {
      this.span = out
      this.seq = seq
    }
    return out
  }

  /** Forgets every row (the next read is a full one). */
  clear(): void {
    this.span = null
    this.seq = 0
  }

  /**
   * The span of [from, to): a combination's rows of the hours the batch read from the batch, the others from `prev`
   * (rows of hours outside [from, to) are dropped), merged by hour.
   */
  private *assemble(from: number, to: number, prev: ComboSpan | null, batch: Batch): Steps<ComboSpan> {
    const H = Math.max(0, to - from)
    const nCombos = this.combos.length
    // The batch's rows grouped by combination (a counting sort keeps each combination's hours rising).
    const bStart = new Int32Array(nCombos + 1)
    for (let r = 0; r < batch.n; r++) {
      const k = (batch.combo[r] as number) + 1
      bStart[k] = (bStart[k] as number) + 1
    }
    for (let id = 0; id < nCombos; id++) bStart[id + 1] = (bStart[id + 1] as number) + (bStart[id] as number)
    const bHour = new Int32Array(batch.n)
    const bRow = new Int32Array(batch.n)
    const fill = bStart.slice(0, nCombos)
    for (const [h, [a, b]] of batch.hours) {
      for (let r = a; r < b; r++) {
        const id = batch.combo[r] as number
        const at = fill[id] as number
        fill[id] = at + 1
        bHour[at] = h
        bRow[at] = r
      }
    }
    // Hours the batch holds replace every older row of that hour, in every combination.
    const fresh = new Uint8Array(H)
    for (const h of batch.hours.keys()) if (h >= from && h < to) fresh[h - from] = 1
    const inSpan = (h: number): boolean => h >= from && h < to
    const kept = (h: number): boolean => inSpan(h) && fresh[h - from] === 0
    const prevCombos = prev ? prev.comboStart.length - 1 : 0

    const comboStart = new Int32Array(nCombos + 1)
    let seen = 0
    for (let id = 0; id < nCombos; id++) {
      let n = 0
      for (let r = bStart[id] as number; r < (bStart[id + 1] as number); r++) if (inSpan(bHour[r] as number)) n++
      if (prev && id < prevCombos) {
        for (let r = prev.comboStart[id] as number; r < (prev.comboStart[id + 1] as number); r++)
          if (kept(prev.hour[r] as number)) n++
      }
      comboStart[id + 1] = (comboStart[id] as number) + n
      if ((seen += n) >= CHUNK_ROWS) {
        seen = 0
        yield
      }
    }
    const total = comboStart[nCombos] as number
    const hour = new Int32Array(total)
    const values = new Float64Array(total * W)
    let done = 0
    for (let id = 0; id < nCombos; id++) {
      let at = comboStart[id] as number
      let i = bStart[id] as number
      const iEnd = bStart[id + 1] as number
      let j = prev && id < prevCombos ? (prev.comboStart[id] as number) : 0
      const jEnd = prev && id < prevCombos ? (prev.comboStart[id + 1] as number) : 0
      while (i < iEnd || j < jEnd) {
        if (j < jEnd && !kept((prev as ComboSpan).hour[j] as number)) {
          j++
          continue
        }
        if (i < iEnd && !inSpan(bHour[i] as number)) {
          i++
          continue
        }
        const takeBatch = j >= jEnd || (i < iEnd && (bHour[i] as number) < ((prev as ComboSpan).hour[j] as number))
        if (takeBatch) {
          hour[at] = bHour[i] as number
          const src = (bRow[i] as number) * W
          for (let m = 0; m < W; m++) values[at * W + m] = batch.values[src + m] as number
          i++
        } else {
          const p = prev as ComboSpan
          hour[at] = p.hour[j] as number
          for (let m = 0; m < W; m++) values[at * W + m] = p.values[j * W + m] as number
          j++
        }
        at++
      }
      if (at - done >= CHUNK_ROWS) {
        done = at
        yield
      }
    }
    return { from, to, comboStart, hour, values, combos: this.combos }
  }

  private readonly idOf = (ct: string, ch: string, rg: string): number => {
    let byCh = this.ids.get(ct)
    if (!byCh) this.ids.set(ct, (byCh = new Map()))
    let byRg = byCh.get(ch)
    if (!byRg) byCh.set(ch, (byRg = new Map()))
    let id = byRg.get(rg)
    if (id === undefined) {
      id = this.combos.length
      byRg.set(rg, id)
      this.combos.push({ caseType: ct, channel: ch, region: rg })
    }
    return id
  }
}

const caches = new WeakMap<Db, ComboCache>()

/** The cache of one open connection (a reopened workspace starts cold). */
export function comboCacheOf(db: Db): ComboCache {
  let c = caches.get(db)
  if (!c) caches.set(db, (c = new ComboCache()))
  return c
}
