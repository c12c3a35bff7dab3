/**
 * Grouping tickets by wording: TF-IDF over word unigrams and bigrams, candidates from MinHash LSH, links kept only
 * where the TF-IDF cosine clears a threshold, groups as the connected components of those links (union-find).
 *
 * Why this shape: LSH finds likely-similar pairs in time linear in the tickets (no all-pairs comparison), the cosine
 * check on IDF weights keeps shared boilerplate ("please help", a greeting) from linking unrelated tickets, and each
 * LSH bucket links its members to one leader, so a bucket of 5,000 near-identical tickets costs 5,000 checks, not
 * 12 million. Deterministic: the hash seeds are fixed and tickets are visited in the order given.
 *
 * Work is cut into slices with `pause()` between them, so the caller can yield to the event loop (the backend keeps
 * answering other requests while 50,000 tickets are grouped).
 */

export interface GroupOptions {
  /** Smallest group reported; smaller components are left ungrouped. */
  minSize: number
  /** Cosine (over IDF-weighted word features) two tickets need to be linked. */
  threshold?: number
  /** Cosine between two components' centroids above which they are one group. */
  mergeThreshold?: number
  /** Words in more than this share of tickets (default half) say nothing about a problem: ignored. */
  maxDocShare?: number
  /** Called between slices of work. */
  pause?: () => Promise<void>
}

export interface Grouping {
  /** Per ticket (input order): its group index, or -1 when ungrouped. */
  groupOf: Int32Array
  /** Groups, largest first: the input indexes of their tickets (ascending). */
  groups: number[][]
  /** The feature dictionary: id → feature text, and each feature's ticket count. */
  features: string[]
  df: Int32Array
  /** Per ticket, its kept feature ids (ascending). */
  docFeatures: Int32Array[]
}

const HASHES = 24
const BANDS = 8
const ROWS = HASHES / BANDS
const SLICE = 2_000
const MIN_FEATURES = 3
/** Components this small are not merged into others (a pair of tickets says little), and at most this many are. */
const MIN_PART = 3
const MAX_PARTS = 1_500

/** Fixed odd multipliers and offsets for the MinHash family (from a fixed-seed generator: deterministic). */
const SEEDS = (() => {
  let s = 0x9e3779b9
  const next = () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return s >>> 0
  }
  return Array.from({ length: HASHES }, () => [next() | 1, next()] as const)
})()

function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b)
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35)
  return (x ^ (x >>> 16)) >>> 0
}

class UnionFind {
  readonly parent: Int32Array
  constructor(n: number) {
    this.parent = new Int32Array(n)
    for (let i = 0; i < n; i++) this.parent[i] = i
  }
  find(x: number): number {
    const p = this.parent
    while (p[x] !== x) {
      p[x] = p[p[x] as number] as number
      x = p[x] as number
    }
    return x
  }
  union(a: number, b: number): void {
    const ra = this.find(a)
    const rb = this.find(b)
    if (ra === rb) return
    // The smaller index becomes the root, so roots do not depend on link order.
    if (ra < rb) this.parent[rb] = ra
    else this.parent[ra] = rb
  }
}

const noPause = (): Promise<void> => Promise.resolve()

/** Groups `texts` (already split into features by `featuresOf`) by wording. */
export async function groupByWording(
  featureLists: readonly (readonly string[])[],
  options: GroupOptions,
): Promise<Grouping> {
  const pause = options.pause ?? noPause
  const threshold = options.threshold ?? 0.5
  const mergeThreshold = options.mergeThreshold ?? 0.25
  const n = featureLists.length
  // 1. Dictionary and document frequencies.
  const ids = new Map<string, number>()
  const features: string[] = []
  const raw: Int32Array[] = new Array(n)
  const dfList: number[] = []
  for (let i = 0; i < n; i++) {
    const list = featureLists[i] as readonly string[]
    const out = new Int32Array(list.length)
    for (let j = 0; j < list.length; j++) {
      const f = list[j] as string
      let id = ids.get(f)
      if (id === undefined) {
        id = features.length
        ids.set(f, id)
        features.push(f)
        dfList.push(0)
      }
      out[j] = id
      dfList[id] = (dfList[id] as number) + 1
    }
    raw[i] = out
    if (i % SLICE === SLICE - 1) await pause()
  }
  const df = Int32Array.from(dfList)
  const maxDf = Math.max(2, Math.floor(n * (options.maxDocShare ?? 0.5)))
  const idf = new Float64Array(features.length)
  for (let f = 0; f < features.length; f++) idf[f] = Math.log(n / (df[f] as number))

  // 2. Kept features (seen in at least two tickets, not in too many), norms and MinHash signatures.
  const docFeatures: Int32Array[] = new Array(n)
  const norm = new Float64Array(n)
  const signatures = new Uint32Array(n * HASHES)
  const usable = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const kept = (raw[i] as Int32Array).filter((f) => (df[f] as number) >= 2 && (df[f] as number) <= maxDf).sort()
    docFeatures[i] = kept
    let sq = 0
    for (const f of kept) sq += (idf[f] as number) ** 2
    norm[i] = Math.sqrt(sq)
    if (kept.length >= MIN_FEATURES) {
      usable[i] = 1
      const base = i * HASHES
      for (let k = 0; k < HASHES; k++) {
        const [a, b] = SEEDS[k] as readonly [number, number]
        let min = 0xffffffff
        for (const f of kept) {
          const h = mix((Math.imul(f, a) + b) >>> 0)
          if (h < min) min = h
        }
        signatures[base + k] = min
      }
    }
    if (i % SLICE === SLICE - 1) await pause()
  }

  const cosine = (x: number, y: number): number => {
    const a = docFeatures[x] as Int32Array
    const b = docFeatures[y] as Int32Array
    let i = 0
    let j = 0
    let dot = 0
    while (i < a.length && j < b.length) {
      const fa = a[i] as number
      const fb = b[j] as number
      if (fa === fb) {
        dot += (idf[fa] as number) ** 2
        i++
        j++
      } else if (fa < fb) i++
      else j++
    }
    const d = (norm[x] as number) * (norm[y] as number)
    return d > 0 ? dot / d : 0
  }

  // 3. LSH: per band, tickets whose band of the signature agrees meet their bucket's leader; linked if similar.
  const uf = new UnionFind(n)
  for (let band = 0; band < BANDS; band++) {
    const leaders = new Map<number, number>()
    for (let i = 0; i < n; i++) {
      if (!usable[i]) continue
      let key = band
      const base = i * HASHES + band * ROWS
      for (let r = 0; r < ROWS; r++) key = mix((key ^ (signatures[base + r] as number)) >>> 0)
      const leader = leaders.get(key)
      if (leader === undefined) leaders.set(key, i)
      else if (uf.find(leader) !== uf.find(i) && cosine(leader, i) >= threshold) uf.union(leader, i)
    }
    await pause()
  }

  // 4. Components; then components whose centroids read alike are merged (one problem told in two ways: the same
  // subject lines over two different message bodies links weakly ticket to ticket, strongly group to group).
  const members = new Map<number, number[]>()
  for (let i = 0; i < n; i++) {
    if (!usable[i]) continue
    const root = uf.find(i)
    let list = members.get(root)
    if (!list) members.set(root, (list = []))
    list.push(i)
  }
  const parts = [...members.values()]
    .filter((m) => m.length >= MIN_PART)
    .sort((a, b) => b.length - a.length || (a[0] as number) - (b[0] as number))
    .slice(0, MAX_PARTS)
  const centroids = parts.map((m) => {
    const c = new Map<number, number>()
    for (const i of m) {
      const w = 1 / (norm[i] as number)
      for (const f of docFeatures[i] as Int32Array) c.set(f, (c.get(f) ?? 0) + (idf[f] as number) * w)
    }
    let sq = 0
    for (const v of c.values()) sq += v * v
    const len = Math.sqrt(sq)
    for (const [f, v] of c) c.set(f, v / len)
    return c
  })
  const merged = new UnionFind(parts.length)
  for (let a = 0; a < parts.length; a++) {
    const ca = centroids[a] as Map<number, number>
    for (let b = a + 1; b < parts.length; b++) {
      const cb = centroids[b] as Map<number, number>
      const [small, big] = ca.size < cb.size ? [ca, cb] : [cb, ca]
      let dot = 0
      for (const [f, v] of small) dot += v * (big.get(f) ?? 0)
      if (dot >= mergeThreshold) merged.union(a, b)
    }
    if (a % 50 === 49) await pause()
  }
  const byRoot = new Map<number, number[]>()
  parts.forEach((m, k) => {
    const root = merged.find(k)
    const list = byRoot.get(root)
    if (list) list.push(...m)
    else byRoot.set(root, [...m])
  })
  const groups = [...byRoot.values()]
    .map((g) => g.sort((a, b) => a - b))
    .filter((m) => m.length >= options.minSize)
    .sort((a, b) => b.length - a.length || (a[0] as number) - (b[0] as number))
  const groupOf = new Int32Array(n).fill(-1)
  groups.forEach((g, gi) => {
    for (const i of g) groupOf[i] = gi
  })
  return { groupOf, groups, features, df, docFeatures }
}
