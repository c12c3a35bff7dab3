/**
 * `clusters.recent_50k`: emerging-issue grouping of the newest 50,000 tickets of the 1M bench workspace, end to end
 * (read, words, MinHash LSH, links, merges, summaries, saved-view searches), as `clusters.recent` runs it but
 * without yielding to an event loop. Reference, in the same run: only reading those tickets' text and splitting it
 * into words, the part any grouping has to do.
 */
import { computeEmerging } from '../src/main/clusters/emerging'
import { wordFeatures } from '../src/main/clusters/text'
import { openDatabase } from '../src/main/db/connection'
import { newestTexts, type TextCursor } from '../src/main/db/queries/clusters'

export interface ClustersFigure {
  seconds: number
  reference: number
  clusters: number
  grouped: number
  read: number
}

const TICKETS = 50_000

export async function clustersFigure(file: string): Promise<ClustersFigure> {
  const db = openDatabase(file)
  try {
    const t0 = performance.now()
    let cursor: TextCursor | null = null
    let read = 0
    while (read < TICKETS) {
      const page = newestTexts(db, cursor, Math.min(5_000, TICKETS - read), 1_000)
      if (page.rows.length === 0) break
      for (const r of page.rows) wordFeatures(`${r.subject}\n${r.description}`)
      read += page.rows.length
      const last = page.rows[page.rows.length - 1]
      if (last) cursor = { createdAt: last.createdAt, id: last.id }
    }
    const reference = (performance.now() - t0) / 1000
    const t1 = performance.now()
    const { result } = await computeEmerging(db, { tickets: TICKETS, timeZone: 'America/New_York' }, Date.now, () =>
      Promise.resolve(),
    )
    return {
      seconds: (performance.now() - t1) / 1000,
      reference,
      clusters: result.clusters.length,
      grouped: result.grouped,
      read: result.read,
    }
  } finally {
    db.close()
  }
}
