/**
 * Segments alerts are kept for: a case type × channel × region combination or any coarser roll-up of it (a field left
 * null means every value; '' is the tickets without a value). Pure.
 */
import type { TicketFilters } from '../../shared/api/schemas'
import { valueLabel } from '../../shared/domain'

export interface Segment {
  caseType: string | null
  channel: string | null
  region: string | null
}

export const SEGMENT_FIELDS = ['caseType', 'channel', 'region'] as const

/** A stable key: the three fields as JSON (values may hold any character). */
export function segmentKey(s: Segment): string {
  return JSON.stringify([s.caseType, s.channel, s.region])
}

export function parseSegmentKey(key: string): Segment | null {
  try {
    const v: unknown = JSON.parse(key)
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => x === null || typeof x === 'string')) return null
    return { caseType: v[0] as string | null, channel: v[1] as string | null, region: v[2] as string | null }
  } catch {
    return null
  }
}

/** How many fields are pinned (0: every ticket, 3: the full combination). */
export function depth(s: Segment): number {
  return SEGMENT_FIELDS.reduce((n, f) => n + (s[f] === null ? 0 : 1), 0)
}

/** Whether `inner` lies inside `outer` (equal counts). */
export function within(inner: Segment, outer: Segment): boolean {
  return SEGMENT_FIELDS.every((f) => outer[f] === null || outer[f] === inner[f])
}

const compareField = (x: string | null, y: string | null): number =>
  x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1

/** A fixed order of segments, field by field, null (every value) first. */
export function compareSegments(x: Segment, y: Segment): number {
  return SEGMENT_FIELDS.reduce((c, f) => c || compareField(x[f], y[f]), 0)
}

/** The grid's filters for a segment: '' (no value) as the grid's null. */
export function segmentFilters(s: Segment): TicketFilters {
  const out: TicketFilters = {}
  for (const f of SEGMENT_FIELDS) {
    const v = s[f]
    if (v !== null) out[f] = [v === '' ? null : v]
  }
  return out
}

/** "LIVE gifts & coins · In-app · SEA", or "All tickets". */
export function describeSegment(s: Segment): string {
  const parts = SEGMENT_FIELDS.flatMap((f) => {
    const v = s[f]
    if (v === null) return []
    return [v === '' ? `no ${f === 'caseType' ? 'case type' : f}` : valueLabel(f, v)]
  })
  return parts.length > 0 ? parts.join(' · ') : 'All tickets'
}
