/** Emerging issues as pure functions: how a group's movement, spread and saved-view search read to an analyst. */
import type { ClusterShare, EmergingCluster, EmergingIssues } from '../../../shared/api/methods/clusters'
import type { TicketFilters } from '../../../shared/api/schemas'
import { formatInt } from '../../lib/format'

export const TREND_WORDS: Record<EmergingCluster['trend'], string> = {
  new: 'New',
  growing: 'Growing',
  steady: 'Steady',
  fading: 'Fading',
}

/** "+180%", "new", "−40%", "±0": the recent window against the one before it. */
export function growthText(c: Pick<EmergingCluster, 'recent' | 'previous'>): string {
  if (c.previous === 0) return c.recent === 0 ? '—' : 'none before'
  const pct = ((c.recent - c.previous) / c.previous) * 100
  if (Math.abs(pct) < 0.5) return '±0%'
  return `${pct > 0 ? '+' : '−'}${Math.round(Math.abs(pct))}%`
}

/** The sentence behind a group's score, for its tooltip. */
export function scoreText(c: EmergingCluster, recentDays: number): string {
  const days = `${recentDays} day${recentDays === 1 ? '' : 's'}`
  const expected =
    c.expected > 0
      ? `At its earlier rate the last ${days} would hold about ${formatInt(Math.round(c.expected))}`
      : `It had no tickets before the last ${days}`
  return `${formatInt(c.recent)} tickets in the last ${days}, ${formatInt(c.previous)} in the ${days} before. ${expected}.`
}

/** "Creator payouts 62% · Account recovery 38%", the top values of a field. */
export function sharesText(shares: readonly ClusterShare[], total: number, top = 3): string {
  const shown = shares.slice(0, top).map((s) => `${s.name} ${Math.round((s.count / total) * 100)}%`)
  const rest = shares.length - top
  return rest > 0 ? `${shown.join(' · ')} · ${rest} more` : shown.join(' · ')
}

/** Whether a group falls across case types (no case type captures it), or is a slice of one. */
export function caseTypeNote(c: EmergingCluster): string {
  const top = c.caseTypes[0]
  if (!top) return ''
  if (top.count / c.size < 0.8)
    return `Spread over ${formatInt(c.caseTypes.length)} case types: no case type captures it.`
  return `Mostly ${top.name}: a problem inside that case type that it does not name.`
}

/** The grid filters a group opens as (the same as its saved view). */
export function clusterFilters(c: EmergingCluster): TicketFilters {
  return { text: c.query.text, ...(c.query.caseType ? { caseType: c.query.caseType } : {}) }
}

/** How well the saved view's search matches the group, in words. */
export function queryFitText(c: EmergingCluster): string {
  const p = Math.round(c.query.precision * 100)
  const r = Math.round(c.query.recall * 100)
  return `Finds ${r}% of this group's tickets; ${p}% of what it finds is in the group (measured on the tickets grouped; the saved view also searches older tickets and comments).`
}

/** The line above the list: what was read, what was left out and why. */
export function windowText(d: EmergingIssues, formatDate: (t: number) => string): string {
  if (d.read === 0 || d.from === null || d.to === null) return 'No tickets to group yet.'
  return `Grouped the newest ${formatInt(d.read)} tickets by wording (created ${formatDate(d.from)} to ${formatDate(d.to)}): ${formatInt(d.clusters.length)} groups of at least ${formatInt(d.minSize)} tickets.`
}

/** Escalation input for a group: its title, the tickets by id (at most `max`), and where it came from. */
export function escalationFromCluster(c: EmergingCluster, ids: readonly number[], max: number) {
  const kept = ids.slice(0, max)
  const more = ids.length - kept.length
  return {
    title: `Emerging issue: ${c.label}`.slice(0, 200),
    priority: 'P2' as const,
    summary:
      `${formatInt(c.size)} tickets read alike (${c.terms.slice(0, 4).join(', ')}); ${formatInt(c.recent)} in the ` +
      `recent window, ${formatInt(c.previous)} in the window before.` +
      (more > 0
        ? ` The newest ${formatInt(kept.length)} are in the cohort; ${formatInt(more)} older ones are not.`
        : ''),
    ticketIds: kept,
    origin: {
      kind: 'cluster' as const,
      ref: c.id,
      description: `Emerging issue: ${c.label} (${formatInt(c.size)} tickets)`,
    },
  }
}
