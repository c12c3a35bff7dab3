/**
 * Summing rollup rows into cells: a cell is whatever a query needs one figure for (a period, a day of a sparkline, a
 * bucket of a series), per group (a value of the cut, or '' for everything in scope). Counts and sums come from
 * `rollup_hour`; duration histograms and SLA met/breached from `rollup_minutes`, merged minute by minute so medians
 * and percentiles stay exact over the cell's tickets.
 */
import { slaTargetFor, type DurationStats, type SlaPolicy } from '../../shared/kpis'
import type { Db } from '../db/connection'
import {
  HOUR_MEASURES,
  hourVersions,
  minuteExtent,
  minuteRows,
  packedRows,
  packMarks,
  segmentsAfter,
  spanTotals,
  writePacked,
  type HourMeasure,
  type MinuteMetric,
  type RollupDim,
  type SegmentRow,
  type SpanRun,
} from '../db/queries/metrics'
import type { Scope } from './scope'

export const WIDTH = HOUR_MEASURES.length
/** Index of each measure in a cell's slice of a totals array. */
export const M = Object.fromEntries(HOUR_MEASURES.map((m, i) => [m, i])) as Record<HourMeasure, number>

/**
 * What a query adds up: consecutive spans of UTC hours [from, to), ascending and not overlapping, each counting into
 * one or more cells (a tile's day also counts in its period). A series has a span per bucket, a breakdown one span.
 */
export interface Span {
  from: number
  to: number
  cells: readonly number[]
}

export interface Layout {
  cells: number
  spans: readonly Span[]
}

/** Runs of equal-length spans, for SQL to map an hour to its span with arithmetic. */
function spanRuns(spans: readonly Span[]): SpanRun[] {
  const runs: SpanRun[] = []
  spans.forEach((sp, i) => {
    const len = sp.to - sp.from
    const last = runs[runs.length - 1]
    if (last && last.len === len && last.to === sp.from) last.to = sp.to
    else runs.push({ from: sp.from, to: sp.to, first: i, len })
  })
  return runs
}

/** A span's sums per value, kept while the versions of its hours add up to `vsum` (migration 14). */
interface SpanSums {
  vsum: number
  byVal: Map<string, Float64Array>
}

/** Span sums of recent queries, per field; least recently used dropped first. */
export class SumsCache {
  private readonly spans = new Map<string, SpanSums>()
  constructor(private readonly max = 4_000) {}
  get(key: string): SpanSums | undefined {
    const s = this.spans.get(key)
    if (s) {
      this.spans.delete(key)
      this.spans.set(key, s)
    }
    return s
  }
  set(key: string, sums: SpanSums): void {
    this.spans.delete(key)
    this.spans.set(key, sums)
    for (const k of this.spans.keys()) {
      if (this.spans.size <= this.max) break
      this.spans.delete(k)
    }
  }
}

/**
 * Totals per group: `cells × WIDTH` numbers, cell c's measure m at c * WIDTH + m. Each span's sums per value come
 * from the cache while its hours are unchanged, else from SQLite (one GROUP BY over the stale spans, every value of
 * the field read by its key), and are then kept.
 */
export function sumHours(
  db: Db,
  scope: Scope,
  segments: SegmentDictionary,
  layout: Layout,
  cache: SumsCache,
): Map<string, Float64Array> {
  const out = new Map<string, Float64Array>()
  if (scope.filter && scope.filter.vals.length === 0) return out
  const spans = layout.spans
  if (spans.length === 0) return out
  const versions = hourVersions(db, (spans[0] as Span).from, (spans[spans.length - 1] as Span).to)
  const vsums = spans.map(() => 0)
  let k = 0
  versions.sort((a, b) => a[0] - b[0])
  spans.forEach((sp, i) => {
    let sum = 0
    while (k < versions.length && (versions[k] as [number, number])[0] < sp.from) k++
    let j = k
    while (j < versions.length && (versions[j] as [number, number])[0] < sp.to)
      sum += (versions[j++] as [number, number])[1]
    vsums[i] = sum
  })
  const key = (sp: Span) => `${scope.dim}|${sp.from}|${sp.to}`
  // One-hour spans (an hourly chart, the heatmap) are rows already: reading them is the whole cost, keep none.
  const data: (Map<string, Float64Array> | undefined)[] = spans.map((sp, i) => {
    if (sp.to - sp.from === 1) return undefined
    const c = cache.get(key(sp))
    return c && c.vsum === vsums[i] ? c.byVal : undefined
  })
  const stale = spans.map((_, i) => i).filter((i) => !data[i])
  if (stale.length > 0) {
    const staleSpans = stale.map((i) => spans[i] as Span)
    const fresh = staleSpans.map(() => new Map<string, Float64Array>())
    for (const row of spanTotals(db, scope.dim, segments.values(scope.dim), spanRuns(staleSpans))) {
      const byVal = fresh[row[0]]
      if (!byVal) continue
      byVal.set(row[1], Float64Array.from(row.slice(2) as number[]))
    }
    stale.forEach((i, n) => {
      const byVal = fresh[n] as Map<string, Float64Array>
      data[i] = byVal
      const sp = spans[i] as Span
      if (sp.to - sp.from > 1) cache.set(key(sp), { vsum: vsums[i] as number, byVal })
    })
  }
  const allowed = scope.filter ? new Set(scope.filter.vals) : null
  spans.forEach((span, i) => {
    for (const [val, sums] of data[i] as Map<string, Float64Array>) {
      if (allowed && !allowed.has(val)) continue
      const group = scope.groupBy ? val : ''
      let totals = out.get(group)
      if (!totals) {
        totals = new Float64Array(layout.cells * WIDTH)
        out.set(group, totals)
      }
      for (const cell of span.cells) {
        const base = cell * WIDTH
        for (let m = 0; m < WIDTH; m++) totals[base + m] = (totals[base + m] as number) + (sums[m] as number)
      }
    }
  })
  return out
}

/** The measures of one cell as a record, for formulas. */
export function cellMeasures(totals: Float64Array | undefined, cell: number): Record<HourMeasure, number> {
  const out = {} as Record<HourMeasure, number>
  for (let m = 0; m < WIDTH; m++) out[HOUR_MEASURES[m] as HourMeasure] = totals ? (totals[cell * WIDTH + m] ?? 0) : 0
  return out
}

/**
 * The interned segments, kept current with one cheap query per request. Ids are never reused (AUTOINCREMENT, even
 * across a rebuild), so rows cached here never change meaning; ids no longer referenced are simply never looked up.
 */
export class SegmentDictionary {
  private readonly rows: SegmentRow[] = []
  private maxId = 0
  private readonly valueLists = new Map<RollupDim, { maxId: number; values: string[] }>()

  constructor(private readonly db: Db) {}

  refresh(): void {
    for (const row of segmentsAfter(this.db, this.maxId)) {
      this.rows[row.id] = row
      this.maxId = Math.max(this.maxId, row.id)
    }
  }

  /**
   * Every value a field has had (a superset of its values in `rollup_hour`, which only ever come with a segment), as
   * `rollup_hour.val` spells them: the list of seeks that reads a span of hours for every value of a field off the
   * rollup's (dim, val, hour) key, instead of a scan of the field's whole history.
   */
  values(dim: RollupDim): string[] {
    this.refresh()
    if (dim === 'all') return ['']
    const cached = this.valueLists.get(dim)
    if (cached && cached.maxId === this.maxId) return cached.values
    const set = new Set<string>()
    for (const row of this.rows) if (row) set.add(row[dim])
    const values = [...set].sort()
    this.valueLists.set(dim, { maxId: this.maxId, values })
    return values
  }

  /** A segment's value of a field, as `rollup_hour.val` spells it ('' for everything). */
  valueOf(id: number, dim: RollupDim): string {
    const row = this.rows[id]
    return dim === 'all' || !row ? '' : row[dim]
  }

  /** Which priority run of a packed hour the segment's tickets go to. */
  priorityRun(id: number): number {
    const i = (RUNS as readonly string[]).indexOf(this.rows[id]?.priority ?? '')
    return i < 0 ? RUNS.length : i
  }
}

export interface MinuteCells {
  /** Per cell, the sorted runs of durations (one int per ticket) it holds, when asked for (percentiles). */
  hist: Int32Array[][] | null
  /** Per cell: tickets at or under / over the SLA target of their priority, when asked for. */
  met: Float64Array
  breached: Float64Array
}

/** Priority runs of a packed hour, in order; tickets of any other (or no) priority are the fifth run. */
const RUNS = ['urgent', 'high', 'normal', 'low'] as const
const HEADER = RUNS.length + 1
const NUL = '\u0000'

/** How many values of the sorted run are at or under `x`. */
function countAtMost(run: Int32Array, x: number): number {
  let lo = 0
  let hi = run.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((run[mid] as number) <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The packed hours of one metric for one field (see migration 10), by hour and value. Hours not packed yet are packed
 * here from `rollup_minutes` (one read of their span, one transaction), so later reads of them are BLOB reads.
 */
function packedHours(
  db: Db,
  metric: MinuteMetric,
  dim: RollupDim,
  segments: SegmentDictionary,
  fromHour: number,
  toHour: number,
  /** Only these values are read back (all are still packed). */
  vals: readonly string[] | null,
): Map<number, Map<string, Int32Array>> {
  const out = new Map<number, Map<string, Int32Array>>()
  const extent = minuteExtent(db, metric)
  if (!extent) return out
  fromHour = Math.max(fromHour, extent.lo)
  toHour = Math.min(toHour, extent.hi + 1)
  if (fromHour >= toHour) return out
  const done = new Set<number>()
  for (const [hour, val, data] of packedRows(db, metric, dim, fromHour, toHour, vals)) {
    if (val === NUL) {
      done.add(hour)
      continue
    }
    let byVal = out.get(hour)
    if (!byVal) out.set(hour, (byVal = new Map()))
    // A view when the BLOB's bytes are 4-byte aligned (usual), a copy otherwise.
    byVal.set(
      val,
      data.byteOffset % 4 === 0
        ? new Int32Array(data.buffer, data.byteOffset, data.byteLength >> 2)
        : new Int32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
    )
  }
  if (done.size === toHour - fromHour) return out
  let lo = toHour
  let hi = fromHour
  for (let h = fromHour; h < toHour; h++) {
    if (done.has(h)) continue
    lo = Math.min(lo, h)
    hi = h + 1
  }
  segments.refresh()
  // hour → value → five runs of durations (expanded: one entry per ticket).
  const fresh = new Map<number, Map<string, number[][]>>()
  for (const [hour, seg, minute, n] of minuteRows(db, metric, lo, hi) as [number, number, number, number][]) {
    if (done.has(hour)) continue
    let byVal = fresh.get(hour)
    if (!byVal) fresh.set(hour, (byVal = new Map()))
    const val = segments.valueOf(seg, dim)
    let runs = byVal.get(val)
    if (!runs) byVal.set(val, (runs = [[], [], [], [], []]))
    const run = runs[segments.priorityRun(seg)] as number[]
    for (let i = 0; i < n; i++) run.push(minute)
  }
  const rows: [number, string, Int32Array][] = []
  for (let h = lo; h < hi; h++) {
    if (done.has(h)) continue
    rows.push([h, NUL, new Int32Array(0)])
    const byVal = fresh.get(h)
    if (!byVal) continue
    const packed = new Map<string, Int32Array>()
    for (const [val, runs] of byVal) {
      const data = new Int32Array(HEADER + runs.reduce((a, r) => a + r.length, 0))
      let off = HEADER
      runs.forEach((run, p) => {
        data[p] = run.length
        data.set(Int32Array.from(run).sort(), off)
        off += run.length
      })
      packed.set(val, data)
      rows.push([h, val, data])
    }
    if (vals) for (const v of packed.keys()) if (!vals.includes(v)) packed.delete(v)
    out.set(h, packed)
  }
  writePacked(db, metric, dim, rows)
  return out
}

/**
 * A span's durations per value, packed like an hour (five sorted priority runs after a header), built from the
 * packed hours it holds. Valid while each of those hours is still packed under a generation no newer than `gen`
 * (migration 14) over the same hours with data (`lo`..`hi`, clamped to where the metric has any).
 */
interface Block {
  gen: number
  lo: number
  hi: number
  byVal: Map<string, Int32Array>
  ints: number
}

/** Blocks of the spans queries asked for (days, weeks, whole periods), least recently used dropped first. */
export class BlockCache {
  private readonly blocks = new Map<string, Block>()
  private ints = 0

  constructor(private readonly maxInts = 8_000_000) {}

  get(key: string): Block | undefined {
    const b = this.blocks.get(key)
    if (b) {
      this.blocks.delete(key)
      this.blocks.set(key, b)
    }
    return b
  }

  set(key: string, block: Block): void {
    const old = this.blocks.get(key)
    if (old) {
      this.ints -= old.ints
      this.blocks.delete(key)
    }
    this.blocks.set(key, block)
    this.ints += block.ints
    for (const [k, b] of this.blocks) {
      if (this.ints <= this.maxInts || this.blocks.size <= 1) break
      this.blocks.delete(k)
      this.ints -= b.ints
    }
  }
}

/** Merges the hours [lo, hi) of `hours` into one packed array per value. */
function buildBlock(hours: Map<number, Map<string, Int32Array>>, lo: number, hi: number): Map<string, Int32Array> {
  const runsOf = new Map<string, Int32Array[][]>()
  for (let h = lo; h < hi; h++) {
    const byVal = hours.get(h)
    if (!byVal) continue
    for (const [val, data] of byVal) {
      let runs = runsOf.get(val)
      if (!runs) runsOf.set(val, (runs = [[], [], [], [], []]))
      let off = HEADER
      for (let p = 0; p < HEADER; p++) {
        const len = data[p] as number
        if (len > 0) (runs[p] as Int32Array[]).push(data.subarray(off, off + len))
        off += len
      }
    }
  }
  const out = new Map<string, Int32Array>()
  for (const [val, runs] of runsOf) {
    const total = runs.reduce((a, r) => a + r.reduce((b, x) => b + x.length, 0), 0)
    const data = new Int32Array(HEADER + total)
    let off = HEADER
    runs.forEach((parts, p) => {
      const start = off
      for (const part of parts) {
        data.set(part, off)
        off += part.length
      }
      data[p] = off - start
      if (parts.length > 1) data.subarray(start, off).sort()
    })
    out.set(val, data)
  }
  return out
}

/**
 * The packed data of every span of a layout, per value: from cached blocks where still valid, else built from the
 * packed hours (packing any that are not yet). One-hour spans are the packed hours themselves.
 */
function spanData(
  db: Db,
  metric: MinuteMetric,
  dim: RollupDim,
  segments: SegmentDictionary,
  layout: Layout,
  cache: BlockCache,
): (Map<string, Int32Array> | null)[] {
  const spans = layout.spans
  const out: (Map<string, Int32Array> | null)[] = spans.map(() => null)
  const extent = minuteExtent(db, metric)
  if (!extent || spans.length === 0) return out
  const clamp = (sp: Span): [number, number] => [Math.max(sp.from, extent.lo), Math.min(sp.to, extent.hi + 1)]
  const first = clamp(spans[0] as Span)[0]
  const last = clamp(spans[spans.length - 1] as Span)[1]
  if (first >= last) return out
  const key = (sp: Span) => `${metric}|${dim}|${sp.from}|${sp.to}`
  const genOf = (marks: Map<number, number>, lo: number, hi: number): number | null => {
    let gen = -1
    for (let h = lo; h < hi; h++) {
      const g = marks.get(h)
      if (g === undefined) return null
      if (g > gen) gen = g
    }
    return gen
  }
  const marks = new Map(packMarks(db, metric, dim, first, last))
  const stale: number[] = []
  spans.forEach((sp, i) => {
    const [lo, hi] = clamp(sp)
    if (lo >= hi) return
    if (sp.to - sp.from > 1) {
      const cached = cache.get(key(sp))
      const gen = genOf(marks, lo, hi)
      if (cached && gen !== null && cached.gen === gen && cached.lo === lo && cached.hi === hi) {
        out[i] = cached.byVal
        return
      }
    }
    stale.push(i)
  })
  if (stale.length === 0) return out
  const sLo = clamp(spans[stale[0] as number] as Span)[0]
  const sHi = clamp(spans[stale[stale.length - 1] as number] as Span)[1]
  const hours = packedHours(db, metric, dim, segments, sLo, sHi, null)
  const fresh = new Map(packMarks(db, metric, dim, sLo, sHi))
  for (const i of stale) {
    const sp = spans[i] as Span
    const [lo, hi] = clamp(sp)
    if (sp.to - sp.from === 1) {
      out[i] = hours.get(sp.from) ?? new Map()
      continue
    }
    const byVal = buildBlock(hours, lo, hi)
    out[i] = byVal
    const gen = genOf(fresh, lo, hi)
    let ints = 0
    for (const d of byVal.values()) ints += d.length
    if (gen !== null) cache.set(key(sp), { gen, lo, hi, byVal, ints })
  }
  return out
}

/**
 * Merges one duration metric into cells per group: each span's packed values contribute their sorted runs to the
 * span's cells (for percentiles), and their met / breached counts against the SLA target of each run's priority.
 */
export function sumMinutes(
  db: Db,
  metric: MinuteMetric,
  scope: Scope,
  segments: SegmentDictionary,
  layout: Layout,
  cache: BlockCache,
  options: { hist: boolean; sla: { policy: SlaPolicy; target: 'firstReplyMinutes' | 'resolutionMinutes' } | null },
): Map<string, MinuteCells> {
  const out = new Map<string, MinuteCells>()
  if (scope.filter && scope.filter.vals.length === 0) return out
  const allowed = scope.filter ? new Set(scope.filter.vals) : null
  const sla = options.sla
  const targets = sla ? [...RUNS.map((p) => sla.policy[p][sla.target]), slaTargetFor(sla.policy, null)[sla.target]] : []
  const cells = layout.cells
  const data = spanData(db, metric, scope.dim, segments, layout, cache)
  layout.spans.forEach((span, i) => {
    const byVal = data[i]
    if (!byVal) return
    const hit = span.cells
    for (const [val, packed] of byVal) {
      if (allowed && !allowed.has(val)) continue
      const group = scope.groupBy ? val : ''
      let acc = out.get(group)
      if (!acc) {
        acc = {
          hist: options.hist ? Array.from({ length: cells }, () => []) : null,
          met: new Float64Array(cells),
          breached: new Float64Array(cells),
        }
        out.set(group, acc)
      }
      let off = HEADER
      for (let p = 0; p < HEADER; p++) {
        const len = packed[p] as number
        if (len === 0) continue
        const run = packed.subarray(off, off + len)
        off += len
        const within = sla ? countAtMost(run, targets[p] as number) : 0
        for (const cell of hit) {
          if (acc.hist) (acc.hist[cell] as Int32Array[]).push(run)
          if (sla) {
            acc.met[cell] = (acc.met[cell] as number) + within
            acc.breached[cell] = (acc.breached[cell] as number) + len - within
          }
        }
      }
    }
  })
  return out
}

/** Median, p90 and mean of one cell's durations; an empty cell when nothing was recorded. */
export function cellDuration(cells: MinuteCells | undefined, cell: number, minSample: number): DurationStats {
  return durationStatsOfRuns(cells?.hist?.[cell] ?? [], minSample)
}

/**
 * Median, p90 and mean over sorted runs without merging them: the value at a rank is the smallest whole minute with
 * that many durations at or under it, found by bisecting the minute range and counting each run by binary search.
 * Exact (durations are whole minutes), with the same interpolation as `durationStatsOfValues`, and a few thousand
 * steps where a merge would copy every ticket's duration.
 */
export function durationStatsOfRuns(runs: readonly Int32Array[], minSample: number): DurationStats {
  let n = 0
  let sum = 0
  let lo = Infinity
  let hi = -Infinity
  for (const r of runs) {
    if (r.length === 0) continue
    n += r.length
    for (let i = 0; i < r.length; i++) sum += r[i] as number
    if ((r[0] as number) < lo) lo = r[0] as number
    if ((r[r.length - 1] as number) > hi) hi = r[r.length - 1] as number
  }
  if (n === 0) return { median: null, p90: null, mean: null, n: 0, small: 0 < minSample }
  const atRank = (rank: number): number => valueAtRank(runs, rank, lo, hi)
  const quantile = (q: number): number => {
    const pos = q * (n - 1)
    const k = Math.floor(pos)
    const v = atRank(k)
    return pos === k ? v : v + (atRank(k + 1) - v) * (pos - k)
  }
  return { median: quantile(0.5), p90: quantile(0.9), mean: sum / n, n, small: n < minSample }
}

/**
 * The value of the 0-based rank-th smallest entry over sorted integer runs whose values lie in [lo, hi]: the smallest
 * integer with more than `rank` entries at or under it, by bisection.
 */
export function valueAtRank(runs: readonly Int32Array[], rank: number, lo: number, hi: number): number {
  let a = lo
  let b = hi
  while (a < b) {
    const mid = Math.floor((a + b) / 2)
    let c = 0
    for (const r of runs) c += countAtMost(r, mid)
    if (c > rank) b = mid
    else a = mid + 1
  }
  return a
}

/** How many entries of the sorted run are below `x`. */
export function countBelow(run: Int32Array, x: number): number {
  return countAtMost(run, x - 1)
}
