/**
 * What every part of the packet shares: HTML escaping (all text goes through `esc`), the redactor bound to the
 * packet's choices, and dates and figures formatted for the reader (their time zone, named).
 */
import { describeFilters } from '../../shared/exportDescribe'
import type { TicketFilters } from '../../shared/api/schemas'
import { formatMinutes, KPIS, type KpiKey } from '../../shared/kpis'
import type { PacketRedaction, RedactableField } from '../../shared/rca'
import { emptyCounts, redactField, redactText, type RedactionCounts } from '../../shared/redact'

export function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** Text with line breaks kept (escaped first). */
export function escLines(s: string): string {
  return esc(s).replace(/\r?\n/g, '<br>')
}

export class PacketContext {
  readonly counts: RedactionCounts = emptyCounts()
  private readonly dateTime: Intl.DateTimeFormat
  private readonly dateOnly: Intl.DateTimeFormat
  private readonly zoneName: Intl.DateTimeFormat

  constructor(
    readonly timeZone: string,
    readonly redaction: PacketRedaction,
    readonly generatedAt: number,
  ) {
    this.dateTime = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    this.dateOnly = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short', year: 'numeric' })
    this.zoneName = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' })
  }

  /** Redacted (when on) and escaped: the only way analyst or ticket text reaches the page. */
  text(s: string | null | undefined): string {
    return esc(redactText(s ?? '', this.redaction, this.counts))
  }

  lines(s: string | null | undefined): string {
    return escLines(redactText(s ?? '', this.redaction, this.counts))
  }

  /** A whole field chosen for redaction (requester, subject, owner), else redacted as text. */
  field(field: RedactableField, s: string | null | undefined): string {
    if (s === null || s === undefined || s === '') return '—'
    const chosen = this.redaction.enabled && this.redaction.fields.includes(field)
    if (chosen) return esc(redactField(s, true, this.counts) ?? '')
    return this.text(s)
  }

  /** "2 Dec 2026, 14:05 GMT+1". */
  at(ms: number | null | undefined): string {
    if (ms === null || ms === undefined) return '—'
    return `${this.dateTime.format(ms)} ${this.zone(ms)}`
  }

  day(ms: number | null | undefined): string {
    return ms === null || ms === undefined ? '—' : this.dateOnly.format(ms)
  }

  /** The zone's short name at an instant ("GMT+1", "PST"). */
  zone(ms: number = this.generatedAt): string {
    const part = this.zoneName.formatToParts(ms).find((p) => p.type === 'timeZoneName')
    return part?.value ?? this.timeZone
  }

  filters(f: TicketFilters, timeZone = this.timeZone): string {
    return this.text(describeFilters(f, timeZone))
  }
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US')

/** A KPI figure in its unit: "1,204", "12.4%", "3 h 20 min". */
export function kpiValue(kpi: KpiKey, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—'
  const unit = KPIS[kpi].unit
  if (unit === 'percent') return `${value.toFixed(1)}%`
  if (unit === 'minutes') return formatMinutes(value)
  return int(value)
}

export function count(n: number): string {
  return int(n)
}
