/** Emerging issues: recent tickets grouped by text similarity (issue 5). Grouping lives in src/main/clusters. */
import { z } from 'zod'
import type { SavedView } from '../../views'
import { method, timeZone, type MethodDef } from '../schemas'

// The rules of views.ts's name schema, restated: importing it here would make the contract's module cycle unsafe.
const viewNameInput = z.string().trim().min(1, 'A view needs a name.').max(80, 'A view name is at most 80 characters.')

/** How much of the cache a grouping reads, and how it splits "recent" from before. */
const groupingInput = {
  /** The newest this many tickets (by creation) are read; default 50,000. */
  tickets: z.number().int().min(100).max(200_000).optional(),
  /** The last this many days (to the newest ticket read) are "recent"; the same length before is "previous". */
  recentDays: z.number().int().min(1).max(30).optional(),
  /** Smallest group shown (default 12). */
  minSize: z.number().int().min(3).max(5_000).optional(),
  /** Days of the daily counts are cut in this zone. */
  timeZone,
}

export const DEFAULT_CLUSTER_TICKETS = 50_000
export const DEFAULT_RECENT_DAYS = 7
export const DEFAULT_MIN_CLUSTER = 12

/** A value of a field with its tickets in the group. */
export interface ClusterShare {
  key: string | null
  name: string
  count: number
}

/**
 * How a group is followed as a saved view: a search for the words that best pick out its tickets (all must match),
 * narrowed to a case type where that helps. `precision` and `recall` are measured on the tickets grouped (subject
 * and description; the grid's search also reads comments).
 */
export interface ClusterQuery {
  text: string
  caseType: string[] | null
  precision: number
  recall: number
}

/** One group of tickets that read alike. */
export interface EmergingCluster {
  /** Stable while the wording and data stay the same (a hash of the label and top terms). */
  id: string
  /** The group's most frequent subject line. */
  label: string
  /** Words and word pairs that set it apart, most distinctive first. */
  terms: string[]
  size: number
  /** Tickets created in the recent window, and in the window of the same length before it. */
  recent: number
  previous: number
  /** What the recent window would hold at the group's rate before it. */
  expected: number
  /** recent ÷ previous; null when there were none before. */
  growth: number | null
  /** (recent − expected) ÷ √(expected + 1): how far above its own past the group runs; the list's order. */
  score: number
  trend: 'new' | 'growing' | 'steady' | 'fading'
  firstSeen: number
  lastSeen: number
  /** Tickets per local day over the window (labels in `EmergingIssues.days`). */
  daily: number[]
  caseTypes: ClusterShare[]
  channels: ClusterShare[]
  regions: ClusterShare[]
  /** The newest tickets of the group (never sensitive ones). */
  examples: { id: number; subject: string; createdAt: number; caseType: string | null }[]
  query: ClusterQuery
}

export interface EmergingIssues {
  computedAt: number
  /** How long the grouping took, ms (0 when served from the cache). */
  tookMs: number
  timeZone: string
  /** Tickets read (newest first), of them sensitive (never grouped) and grouped into a cluster. */
  read: number
  sensitive: number
  grouped: number
  /** First and last creation instant read, and where the recent window starts. */
  from: number | null
  to: number | null
  recentStart: number | null
  recentDays: number
  minSize: number
  days: string[]
  clusters: EmergingCluster[]
}

export interface ClusterViewSaved {
  view: SavedView
  /** Tickets the saved view matches now (its search runs over the whole cache, comments included). */
  matches: number
  clusterSize: number
}

export const clusterMethods = {
  'clusters.recent': method<EmergingIssues>()(
    z.strictObject(groupingInput),
    'Emerging issues: the newest tickets grouped by wording, with size, growth, top terms and examples; sensitive ' +
      'tickets are never grouped.',
  ),
  'clusters.saveView': method<ClusterViewSaved>()(
    z.strictObject({
      ...groupingInput,
      clusterId: z.string().min(1).max(40),
      /** Defaults to "Emerging: <label>"; a taken name gets " (2)". */
      name: viewNameInput.optional(),
    }),
    'Save a group of emerging issues as a saved view (its search words and case type), and count what it matches.',
  ),
  'clusters.ticketIds': method<{ ids: number[]; clusterId: string }>()(
    z.strictObject({ ...groupingInput, clusterId: z.string().min(1).max(40) }),
    'The tickets of one group of emerging issues (newest first), e.g. to open an escalation over them.',
  ),
} as const satisfies Record<string, MethodDef>
