/**
 * Seeded randomness for the demo generator. Everything the demo writes derives from these streams, so a
 * (tickets, seed, endAt, days) tuple always produces the same database, on any machine and Node version.
 */

/** SplitMix32: spreads a small integer seed over all 32 bits so seeds 1, 2, 3 give unrelated streams. */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0
  let z = x
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

/** A stateless hash of two integers into [0, 1): per-day noise that does not depend on how many draws came before. */
export function hash01(seed: number, n: number): number {
  return splitmix32(splitmix32(seed) ^ Math.imul(n | 0, 0x27d4eb2d)) / 4294967296
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128 bits of state, passes PractRand, and is a handful
 * of integer ops per draw, which matters at several draws per ticket for a million tickets.
 */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number
  /** Box-Muller makes normals in pairs; the spare is kept for the next call. */
  private spare = 0
  private hasSpare = false

  /** `stream` separates independent uses of one seed (calendar, tickets, ...) so a change in one leaves the others. */
  constructor(seed: number, stream = 0) {
    this.a = splitmix32(seed ^ 0x5bd1e995)
    this.b = splitmix32(this.a ^ stream)
    this.c = splitmix32(this.b + 0x3c6ef372)
    this.d = 1
    for (let i = 0; i < 16; i++) this.next()
  }

  /** Uniform in [0, 1). */
  next(): number {
    const a = this.a
    const b = this.b
    const c = this.c
    const d = this.d
    const t = (((a + b) | 0) + d) | 0
    this.d = (d + 1) | 0
    this.a = b ^ (b >>> 9)
    this.b = (c + (c << 3)) | 0
    const r = (c << 21) | (c >>> 11)
    this.c = (r + t) | 0
    return (t >>> 0) / 4294967296
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T
  }

  /** Standard normal. */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false
      return this.spare
    }
    // 1 - next() keeps the logarithm away from zero.
    const r = Math.sqrt(-2 * Math.log(1 - this.next()))
    const theta = 2 * Math.PI * this.next()
    this.spare = r * Math.sin(theta)
    this.hasSpare = true
    return r * Math.cos(theta)
  }

  /** Log-normal with the given median: service times are skewed, with a long tail of slow cases. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal())
  }
}

/** Draws an index with probability proportional to its weight (inverse CDF, binary search). */
export class WeightedTable {
  private readonly cdf: Float64Array
  readonly size: number

  constructor(weights: readonly number[]) {
    if (weights.length === 0) throw new Error('A weighted table needs at least one weight.')
    this.size = weights.length
    this.cdf = new Float64Array(weights.length)
    let total = 0
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] ?? 0
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`Weight ${i} is not a non-negative number.`)
      total += w
      this.cdf[i] = total
    }
    if (total <= 0) throw new Error('A weighted table needs a positive total weight.')
    for (let i = 0; i < this.cdf.length; i++) this.cdf[i] = (this.cdf[i] as number) / total
    this.cdf[this.cdf.length - 1] = 1
  }

  /** The probability of index i. */
  probability(i: number): number {
    if (i < 0 || i >= this.size) return 0
    const hi = this.cdf[i] ?? 0
    return i === 0 ? hi : hi - (this.cdf[i - 1] ?? 0)
  }

  sample(rng: Rng): number {
    const u = rng.next()
    const cdf = this.cdf
    let lo = 0
    let hi = cdf.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((cdf[mid] as number) > u) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}

/** A weighted choice among values, kept with the table so call sites read `channels.draw(rng)`. */
export class WeightedChoice<T> {
  private readonly table: WeightedTable
  readonly values: readonly T[]

  /** From parallel lists of values and weights. */
  static zip<V>(values: readonly V[], weights: readonly number[]): WeightedChoice<V> {
    return new WeightedChoice(values.map((v, i): [V, number] => [v, weights[i] ?? 0]))
  }

  /** From `{ value: weight }`, in the object's key order. */
  static of(weights: Record<string, number>): WeightedChoice<string> {
    return new WeightedChoice(Object.entries(weights))
  }

  constructor(entries: readonly (readonly [T, number])[]) {
    this.values = entries.map((e) => e[0])
    this.table = new WeightedTable(entries.map((e) => e[1]))
  }

  draw(rng: Rng): T {
    return this.values[this.table.sample(rng)] as T
  }

  index(rng: Rng): number {
    return this.table.sample(rng)
  }

  probabilityOf(value: T): number {
    let p = 0
    for (let i = 0; i < this.values.length; i++) if (this.values[i] === value) p += this.table.probability(i)
    return p
  }
}
