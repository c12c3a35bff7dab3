/** A ticket row of an export as cell values, column by column, the way the grid shows them. */
import type { CellValue } from '../../shared/csvSafe'
import { TICKET_COLUMNS, valueLabel, type TicketColumnKey } from '../../shared/domain'
import { zoneOffsetMs } from '../../shared/time'
import { EXPORT_INDEX, type ExportColumn, type ExportRawRow } from '../db/queries/ticketExport'

/** What a sensitive ticket's subject is exported as: lists never carry harmful text, and neither do exports. */
export const WITHHELD_TEXT = '[sensitive — withheld]'

export type ColumnKind = 'text' | 'number' | 'date'

export interface ExportColumnSpec {
  key: TicketColumnKey
  label: string
  kind: ColumnKind
  /** Width in characters for XLSX. */
  width: number
  /** The cell of a raw row: text, a number, epoch ms for dates, or null when empty. */
  value: (row: ExportRawRow) => CellValue
}

const COLUMN_OF: Record<TicketColumnKey, ExportColumn> = {
  id: 'id',
  externalId: 'external_id',
  subject: 'subject',
  status: 'status',
  priority: 'priority',
  caseType: 'case_type',
  channel: 'channel',
  region: 'region',
  source: 'source_id',
  type: 'type',
  requester: 'requester',
  assignee: 'assignee',
  group: 'group_name',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  solvedAt: 'solved_at',
  firstReplyMinutes: 'first_reply_minutes',
  fullResolutionMinutes: 'full_resolution_minutes',
  reopens: 'reopens',
  replies: 'replies',
  csat: 'csat',
}

/** Columns whose stored keys the grid shows as labels ("email" → "Email"). */
const LABELLED = new Set<TicketColumnKey>(['status', 'priority', 'caseType', 'channel', 'type'])

const WIDTHS: Partial<Record<TicketColumnKey, number>> = { subject: 60, requester: 28, caseType: 26, group: 20 }

export function columnSpecs(keys: readonly TicketColumnKey[], sourceNames: Map<number, string>): ExportColumnSpec[] {
  return keys.map((key) => {
    const meta = TICKET_COLUMNS.find((c) => c.key === key)
    if (!meta) throw new Error(`Unknown column ${key}`)
    const at = EXPORT_INDEX[COLUMN_OF[key]]
    const sensitiveAt = EXPORT_INDEX.sensitive
    const kind: ColumnKind = meta.kind === 'date' ? 'date' : meta.kind === 'number' ? 'number' : 'text'
    let value: (row: ExportRawRow) => CellValue
    if (key === 'subject') {
      value = (r) => (r[sensitiveAt] === 1 ? WITHHELD_TEXT : (r[at] as string))
    } else if (key === 'source') {
      value = (r) => sourceNames.get(r[at] as number) ?? `source ${String(r[at])}`
    } else if (LABELLED.has(key)) {
      value = (r) => (r[at] === null || r[at] === '' ? null : valueLabel(key, r[at] as string))
    } else if (kind === 'text') {
      value = (r) => (r[at] === null ? null : String(r[at]))
    } else {
      value = (r) => (r[at] === null ? null : (r[at] as number))
    }
    return { key, label: meta.label, kind, width: WIDTHS[key] ?? (kind === 'date' ? 20 : 14), value }
  })
}

/**
 * Local wall-clock time in a zone for many instants, fast: the zone's offset is looked up once per quarter hour
 * (every zone's offset changes only on quarter-hour boundaries), so 100,000 rows cost a few thousand Intl calls.
 */
export class ZoneClock {
  private readonly offsets = new Map<number, number>()
  constructor(readonly timeZone: string) {}

  offset(instant: number): number {
    const q = Math.floor(instant / 900_000)
    let o = this.offsets.get(q)
    if (o === undefined) {
      o = zoneOffsetMs(instant, this.timeZone)
      if (this.offsets.size > 100_000) this.offsets.clear()
      this.offsets.set(q, o)
    }
    return o
  }

  /** ISO 8601 with the offset: `2026-11-22T09:14:05+01:00`. */
  iso(instant: number): string {
    const o = this.offset(instant)
    const sign = o < 0 ? '-' : '+'
    const abs = Math.abs(o) / 60_000
    const hh = String(Math.floor(abs / 60)).padStart(2, '0')
    const mm = String(abs % 60).padStart(2, '0')
    return `${new Date(instant + o).toISOString().slice(0, 19)}${sign}${hh}:${mm}`
  }

  /** A Date whose UTC fields are the local wall clock: what a spreadsheet date cell holds (it has no zone). */
  wallClock(instant: number): Date {
    return new Date(instant + this.offset(instant))
  }
}
