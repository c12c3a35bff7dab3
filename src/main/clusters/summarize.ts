/**
 * What an analyst reads about a group: its size and growth against its own past, the words that set it apart, how
 * it spreads over case types, channels and regions, and the search that picks its tickets out (for a saved view).
 */
import type { ClusterQuery, ClusterShare, EmergingCluster } from '../../shared/api/methods/clusters'
import { valueLabel } from '../../shared/domain'
import { bucketIndex } from '../../shared/time'
import type { ClusterTextRow } from '../db/queries/clusters'
import type { Grouping } from './group'

const DAY_MS = 86_400_000
const TERMS = 6
const EXAMPLES = 5
/** Words a saved view's search may AND together. */
const MAX_QUERY_WORDS = 4

export interface WindowFrame {
  from: number
  to: number
  recentStart: number
  previousStart: number
  /** Local day buckets over [from, to]. */
  dayStarts: number[]
  dayEnd: number
}

function shares(rows: readonly ClusterTextRow[], members: readonly number[], field: 'caseType' | 'channel' | 'region') {
  const counts = new Map<string | null, number>()
  for (const i of members) {
    const v = (rows[i] as ClusterTextRow)[field]
    counts.set(v, (counts.get(v) ?? 0) + 1)
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))
    .map(([key, count]): ClusterShare => ({ key, name: valueLabel(field, key), count }))
}

/** FNV-1a, base 36: a short id from text. */
function shortHash(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return (h >>> 0).toString(36)
}

/** Features that set the group apart: share of its tickets with the feature × how rare it is overall. */
function topFeatures(g: Grouping, members: readonly number[], n: number): { id: number; cover: number }[] {
  const counts = new Map<number, number>()
  for (const i of members) for (const f of g.docFeatures[i] as Int32Array) counts.set(f, (counts.get(f) ?? 0) + 1)
  const scored = [...counts]
    .map(([id, c]) => ({
      id,
      cover: c / members.length,
      score: (c / members.length) * Math.log(n / (g.df[id] as number)),
    }))
    .sort((a, b) => b.score - a.score || a.id - b.id)
  return scored
}

/** Per kept feature, the tickets holding it (ascending): built once per grouping, shared by every group. */
export function postingsOf(g: Grouping): (f: number) => Int32Array {
  const counts = new Int32Array(g.features.length + 1)
  for (const doc of g.docFeatures) for (const f of doc) counts[f + 1] = (counts[f + 1] as number) + 1
  for (let f = 1; f < counts.length; f++) counts[f] = (counts[f] as number) + (counts[f - 1] as number)
  const fill = counts.slice()
  const all = new Int32Array(counts[counts.length - 1] as number)
  g.docFeatures.forEach((doc, i) => {
    for (const f of doc) {
      all[fill[f] as number] = i
      fill[f] = (fill[f] as number) + 1
    }
  })
  return (f) => all.subarray(counts[f] as number, counts[f + 1] as number)
}

function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length))
  let i = 0
  let j = 0
  let k = 0
  while (i < a.length && j < b.length) {
    const x = a[i] as number
    const y = b[j] as number
    if (x === y) {
      out[k++] = x
      i++
      j++
    } else if (x < y) i++
    else j++
  }
  return out.subarray(0, k)
}

/**
 * The search that best picks out the group among every ticket grouped: words (all must match) added greedily while
 * the F1 score against membership improves, then a case type when the group sits in one and that helps.
 */
export function chooseQuery(
  g: Grouping,
  rows: readonly ClusterTextRow[],
  members: readonly number[],
  candidates: readonly number[],
  postings: (f: number) => Int32Array,
): ClusterQuery {
  const inGroup = new Set(members)
  const words = candidates.filter((f) => !(g.features[f] as string).includes(' ')).slice(0, 10)
  const score = (match: ArrayLike<number>): { f1: number; precision: number; recall: number } => {
    let tp = 0
    for (let i = 0; i < match.length; i++) if (inGroup.has(match[i] as number)) tp++
    const precision = match.length > 0 ? tp / match.length : 0
    const recall = tp / members.length
    return { f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0, precision, recall }
  }
  // Start from the best single word or pair of words (a pair can beat every single word: "bank pending" where
  // "bank" alone is also about coin recharges), preferring a pair that costs (almost) nothing, since one word that
  // fits the sample can be common elsewhere in the cache, which the saved view searches too. Then add words greedily.
  let best = { f1: 0, precision: 0, recall: 0 }
  let current: Int32Array | null = null
  let chosen: number[] = []
  let bestPair = { f1: 0, precision: 0, recall: 0 }
  let pair: number[] = []
  let pairMatch: Int32Array | null = null
  for (let x = 0; x < words.length; x++) {
    const px = postings(words[x] as number)
    const single = score(px)
    if (single.f1 > best.f1) {
      best = single
      current = px
      chosen = [words[x] as number]
    }
    for (let y = x + 1; y < words.length; y++) {
      const match = intersect(px, postings(words[y] as number))
      const s = score(match)
      if (s.f1 > bestPair.f1) {
        bestPair = s
        pair = [words[x] as number, words[y] as number]
        pairMatch = match
      }
    }
  }
  if (pairMatch && bestPair.f1 >= best.f1 - 0.002) {
    best = bestPair
    current = pairMatch
    chosen = pair
  }
  while (current && chosen.length < MAX_QUERY_WORDS) {
    let pick = -1
    let pickScore = best
    let pickMatch: Int32Array = current
    for (const w of words) {
      if (chosen.includes(w)) continue
      const match = intersect(current, postings(w))
      const s = score(match)
      if (s.f1 > pickScore.f1 + 0.005) {
        pick = w
        pickScore = s
        pickMatch = match
      }
    }
    if (pick < 0) break
    chosen.push(pick)
    best = pickScore
    current = pickMatch
  }
  let caseType: string[] | null = null
  const top = shares(rows, members, 'caseType')[0]
  if (current && top && top.key !== null && top.count / members.length >= 0.9) {
    const narrowed = Array.from(current).filter((i) => (rows[i] as ClusterTextRow).caseType === top.key)
    const s = score(narrowed)
    if (s.f1 > best.f1 + 0.005) {
      best = s
      caseType = [top.key]
    }
  }
  return {
    text: chosen.map((f) => g.features[f] as string).join(' '),
    caseType,
    precision: Math.round(best.precision * 1000) / 1000,
    recall: Math.round(best.recall * 1000) / 1000,
  }
}

export function summarize(
  g: Grouping,
  rows: readonly ClusterTextRow[],
  members: readonly number[],
  frame: WindowFrame,
  recentDays: number,
  postings: (f: number) => Int32Array,
): EmergingCluster {
  const n = rows.length
  let recent = 0
  let previous = 0
  let firstSeen = Infinity
  let lastSeen = -Infinity
  const daily = new Array<number>(frame.dayStarts.length).fill(0)
  const subjects = new Map<string, number>()
  for (const i of members) {
    const r = rows[i] as ClusterTextRow
    if (r.createdAt >= frame.recentStart) recent++
    else if (r.createdAt >= frame.previousStart) previous++
    firstSeen = Math.min(firstSeen, r.createdAt)
    lastSeen = Math.max(lastSeen, r.createdAt)
    const d = bucketIndex(frame.dayStarts, frame.dayEnd, r.createdAt)
    if (d >= 0) daily[d] = (daily[d] as number) + 1
    subjects.set(r.subject, (subjects.get(r.subject) ?? 0) + 1)
  }
  const beforeDays = Math.max(0, (frame.recentStart - frame.from) / DAY_MS)
  // The rate before the recent window, scaled to its length; with no time before, nothing is expected.
  const expected = beforeDays >= 1 ? ((members.length - recent) / beforeDays) * recentDays : 0
  const score = (recent - expected) / Math.sqrt(expected + 1)
  const longEnough = frame.recentStart - frame.from >= recentDays * DAY_MS
  const trend: EmergingCluster['trend'] =
    longEnough && firstSeen >= frame.previousStart && recent > previous
      ? 'new'
      : score >= 3
        ? 'growing'
        : recent < expected / 2
          ? 'fading'
          : 'steady'
  const label = [...subjects].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? ''
  const features = topFeatures(g, members, n)
  const terms = features.slice(0, TERMS).map((f) => g.features[f.id] as string)
  const candidates = features.filter((f) => f.cover >= 0.3).map((f) => f.id)
  const newest = [...members].sort(
    (a, b) => (rows[b] as ClusterTextRow).createdAt - (rows[a] as ClusterTextRow).createdAt,
  )
  return {
    id: `c${shortHash(`${label}|${terms.slice(0, 3).join('|')}`)}`,
    label,
    terms,
    size: members.length,
    recent,
    previous,
    expected: Math.round(expected * 10) / 10,
    growth: previous > 0 ? recent / previous : null,
    score: Math.round(score * 100) / 100,
    trend,
    firstSeen,
    lastSeen,
    daily,
    caseTypes: shares(rows, members, 'caseType'),
    channels: shares(rows, members, 'channel'),
    regions: shares(rows, members, 'region'),
    examples: newest.slice(0, EXAMPLES).map((i) => {
      const r = rows[i] as ClusterTextRow
      return { id: r.id, subject: r.subject, createdAt: r.createdAt, caseType: r.caseType }
    }),
    query: chooseQuery(g, rows, members, candidates, postings),
  }
}
