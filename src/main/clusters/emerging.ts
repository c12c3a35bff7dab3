/**
 * Emerging issues: the newest tickets grouped by wording (group.ts), each group summarised (summarize.ts), ranked by
 * how far it runs above its own past. One grouping per workspace state is kept: asking again with the same choices
 * is instant until a sync, import or edit changes the tickets.
 *
 * Sensitive tickets (child safety, self-harm, hate, extremism, and any the analyst marked) are not grouped at all.
 * Grouping reads a ticket's words into a group's label, top terms and examples; for these tickets that would put
 * harmful text on screen without anyone asking to see it, and a reveal is one ticket at a time, which a summary of
 * hundreds cannot honour. Their volume still shows in Trends and Alerts by case type; here they are only counted.
 */
import type { EmergingCluster, EmergingIssues } from '../../shared/api/methods/clusters'
import { DEFAULT_CLUSTER_TICKETS, DEFAULT_MIN_CLUSTER, DEFAULT_RECENT_DAYS } from '../../shared/api/methods/clusters'
import { localBuckets } from '../../shared/time'
import type { Db } from '../db/connection'
import {
  newestTexts,
  subjectsOf,
  ticketsFingerprint,
  type ClusterTextRow,
  type TextCursor,
} from '../db/queries/clusters'
import { groupByWording } from './group'
import { postingsOf, summarize, type WindowFrame } from './summarize'
import { wordFeatures } from './text'

const DAY_MS = 86_400_000
const PAGE = 5_000
const MAX_DESCRIPTION = 1_000
/** Groups listed; the rest are small or steady and would only bury the ones that move. */
const MAX_CLUSTERS = 60

export interface GroupingRequest {
  tickets?: number
  recentDays?: number
  minSize?: number
  timeZone: string
}

interface Computed {
  result: EmergingIssues
  /** Per cluster id, its tickets' ids, newest first. */
  members: Map<string, number[]>
}

/** Yields to the event loop: other requests are answered between slices of grouping. */
const yieldNow = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export async function computeEmerging(
  db: Db,
  req: GroupingRequest,
  now: () => number = Date.now,
  pause: () => Promise<void> = yieldNow,
): Promise<Computed> {
  const started = performance.now()
  // The workspace can be closed (another one opened) while this yields: stop with a sentence, not a driver error.
  const outer = pause
  pause = async () => {
    await outer()
    if (!db.open)
      throw new Error('The workspace was closed while its tickets were being grouped. Open it and try again.')
  }
  const limit = req.tickets ?? DEFAULT_CLUSTER_TICKETS
  const recentDays = req.recentDays ?? DEFAULT_RECENT_DAYS
  const minSize = req.minSize ?? DEFAULT_MIN_CLUSTER
  const rows: ClusterTextRow[] = []
  const features: string[][] = []
  let sensitive = 0
  let read = 0
  let from = Infinity
  let to = -Infinity
  let cursor: TextCursor | null = null
  while (read < limit) {
    const page = newestTexts(db, cursor, Math.min(PAGE, limit - read), MAX_DESCRIPTION)
    if (page.rows.length === 0) break
    const skip = new Set(page.sensitive)
    sensitive += skip.size
    read += page.rows.length
    for (const r of page.rows) {
      from = Math.min(from, r.createdAt)
      to = Math.max(to, r.createdAt)
      if (skip.has(r.id)) continue
      rows.push(r)
      features.push(wordFeatures(`${r.subject}\n${r.description}`))
    }
    const last = page.rows[page.rows.length - 1] as ClusterTextRow
    cursor = { createdAt: last.createdAt, id: last.id }
    await pause()
  }
  const empty = read === 0
  const recentStart = empty ? null : Math.max(from, to + 1 - recentDays * DAY_MS)
  const base: Omit<EmergingIssues, 'clusters' | 'grouped' | 'tookMs' | 'days'> = {
    computedAt: now(),
    timeZone: req.timeZone,
    read,
    sensitive,
    from: empty ? null : from,
    to: empty ? null : to,
    recentStart,
    recentDays,
    minSize,
  }
  if (empty || recentStart === null) {
    return {
      result: { ...base, grouped: 0, tookMs: performance.now() - started, days: [], clusters: [] },
      members: new Map(),
    }
  }
  const grouping = await groupByWording(features, { minSize, pause })
  const buckets = localBuckets(from, to + 1, 'day', req.timeZone)
  const frame: WindowFrame = {
    from,
    to,
    recentStart,
    previousStart: recentStart - recentDays * DAY_MS,
    dayStarts: buckets.starts,
    dayEnd: buckets.end,
  }
  const postings = postingsOf(grouping)
  const clusters: EmergingCluster[] = []
  const members = new Map<string, number[]>()
  let grouped = 0
  for (const g of grouping.groups) {
    grouped += g.length
    const c = summarize(grouping, rows, g, frame, recentDays, postings)
    // Two groups can share a label and terms (one wording split by a weak link): keep ids unique.
    let id = c.id
    for (let k = 2; members.has(id); k++) id = `${c.id}-${k}`
    c.id = id
    clusters.push(c)
    members.set(
      id,
      g
        .map((i) => rows[i] as ClusterTextRow)
        .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
        .map((r) => r.id),
    )
    if (clusters.length % 10 === 0) await pause()
  }
  clusters.sort((a, b) => b.score - a.score || b.recent - a.recent || a.id.localeCompare(b.id))
  const shown = clusters.slice(0, MAX_CLUSTERS)
  return {
    result: {
      ...base,
      grouped,
      tookMs: Math.round(performance.now() - started),
      days: buckets.labels,
      clusters: shown,
    },
    members,
  }
}

/** Groupings per workspace connection, keyed by the choices and the tickets' fingerprint; in-flight ones shared. */
export class EmergingIssuesService {
  private readonly cache = new WeakMap<Db, Map<string, Promise<Computed>>>()

  constructor(private readonly now: () => number = Date.now) {}

  private key(db: Db, req: GroupingRequest): string {
    return [
      ticketsFingerprint(db),
      req.tickets ?? DEFAULT_CLUSTER_TICKETS,
      req.recentDays ?? DEFAULT_RECENT_DAYS,
      req.minSize ?? DEFAULT_MIN_CLUSTER,
      req.timeZone,
    ].join('|')
  }

  private computed(db: Db, req: GroupingRequest): { promise: Promise<Computed>; fresh: boolean } {
    let byKey = this.cache.get(db)
    if (!byKey) this.cache.set(db, (byKey = new Map()))
    const key = this.key(db, req)
    const known = byKey.get(key)
    if (known) return { promise: known, fresh: false }
    // Only the newest grouping is worth keeping: older keys describe tickets that have since changed.
    byKey.clear()
    const promise = computeEmerging(db, req, this.now)
    byKey.set(key, promise)
    promise.catch(() => byKey.delete(key))
    return { promise, fresh: true }
  }

  /** Forget every grouping of a connection (after new data; the fingerprint would catch it too, at a query's cost). */
  forget(db: Db): void {
    this.cache.delete(db)
  }

  async recent(db: Db, req: GroupingRequest): Promise<EmergingIssues> {
    const { promise, fresh } = this.computed(db, req)
    const { result } = await promise
    return refreshExamples(db, fresh ? result : { ...result, tookMs: 0 })
  }

  /** A cluster of the current grouping with its tickets' ids, or null when no group has that id now. */
  async cluster(db: Db, req: GroupingRequest, id: string): Promise<{ cluster: EmergingCluster; ids: number[] } | null> {
    const { result, members } = await this.computed(db, req).promise
    const cluster = result.clusters.find((c) => c.id === id)
    const ids = members.get(id)
    return cluster && ids ? { cluster, ids } : null
  }
}

/**
 * Examples are re-read when shown: a ticket marked sensitive (or deleted) since the grouping drops out, and subjects
 * are today's.
 */
function refreshExamples(db: Db, result: EmergingIssues): EmergingIssues {
  const ids = result.clusters.flatMap((c) => c.examples.map((e) => e.id))
  const subjects = subjectsOf(db, ids)
  return {
    ...result,
    clusters: result.clusters.map((c) => ({
      ...c,
      examples: c.examples
        .filter((e) => subjects.has(e.id))
        .map((e) => ({ ...e, subject: subjects.get(e.id) as string })),
    })),
  }
}
