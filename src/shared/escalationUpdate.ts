/**
 * The executive update: a short status update drafted from an escalation (what happened, impact in numbers, steps
 * taken, next steps, next update time in the analyst's time zone) for the analyst to edit and copy. The draft is
 * Markdown; `markdownToPlainText` gives the same words for a plain-text channel. Pure: no clock, no zone guessing.
 */
import { describeFilters } from './exportDescribe'
import { CASE_TYPE_LABELS, CHANNEL_LABELS, REGION_LABELS } from './domain'
import {
  ESCALATION_STATUS_LABELS,
  PARTNER_TEAM_LABELS,
  type EscalationBundle,
  type ImpactKpi,
  type PartnerTeam,
  type SuccessMetric,
  type ValueCount,
} from './escalations'
import { formatMinutes, KPIS, type KpiUnit } from './kpis'
import { zoneOffsetMs } from './time'

/** A KPI value in its unit: "4.2%", "3 h 10 min", "1,234". */
export function formatKpiValue(unit: KpiUnit, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—'
  if (unit === 'percent') return `${(Math.round(value * 10) / 10).toFixed(1)}%`
  if (unit === 'minutes') return formatMinutes(value)
  return Math.round(value).toLocaleString('en-US')
}

/** A change between two values of a unit: "+12.1 pts", "−2 h 5 min". */
export function formatKpiChange(unit: KpiUnit, change: number | null): string {
  if (change === null || !Number.isFinite(change)) return '—'
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±'
  const abs = Math.abs(change)
  if (unit === 'percent') return `${sign}${(Math.round(abs * 10) / 10).toFixed(1)} pts`
  if (unit === 'minutes') return `${sign}${formatMinutes(abs)}`
  return `${sign}${Math.round(abs).toLocaleString('en-US')}`
}

/** "Reopen rate below 5.0% for 14 days (Case type: Creator payouts; Region: EU)". */
export function metricSentence(metric: SuccessMetric, timeZone = 'UTC'): string {
  const info = KPIS[metric.kpi]
  const what = info.unit === 'minutes' ? `Median ${info.label.toLowerCase()}` : info.label
  const scope = describeFilters(metric.filters, timeZone)
  return `${what} ${metric.comparator} ${formatKpiValue(info.unit, metric.threshold)} for ${metric.days} day${
    metric.days === 1 ? '' : 's'
  }${scope === 'all tickets' ? ', all tickets' : ` (${scope})`}`
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** "Wed 2 Dec 2026, 07:30 Europe/Dublin": an instant in a zone, the zone named. */
export function formatInZone(instant: number, timeZone: string): string {
  const local = new Date(instant + zoneOffsetMs(instant, timeZone))
  const hh = String(local.getUTCHours()).padStart(2, '0')
  const mm = String(local.getUTCMinutes()).padStart(2, '0')
  return `${WEEKDAYS[local.getUTCDay()]} ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()}, ${hh}:${mm} ${timeZone}`
}

/** "in 1 h 20 min" / "25 min ago" between two instants. */
export function relativeTo(instant: number, now: number): string {
  const minutes = Math.round((instant - now) / 60_000)
  if (minutes === 0) return 'now'
  return minutes > 0 ? `in ${formatMinutes(minutes)}` : `${formatMinutes(-minutes)} ago`
}

const n = (v: number): string => v.toLocaleString('en-US')
const plural = (v: number, one: string, many = `${one}s`): string => `${n(v)} ${v === 1 ? one : many}`

function valueNames(values: ValueCount[], labels: Record<string, string>, none: string, top = 3): string {
  const named = values
    .slice(0, top)
    .map((v) => `${v.value === null ? none : (labels[v.value] ?? v.value)} ${n(v.tickets)}`)
  const rest = values.length - top
  return rest > 0 ? `${named.join(', ')} and ${rest} more` : named.join(', ')
}

/** The KPI lines worth an executive's attention: worse than the baseline on a sample large enough, worst first. */
export function notableKpis(kpis: readonly ImpactKpi[], max = 3): ImpactKpi[] {
  return kpis
    .filter((k) => k.worse === true && !k.cohort.small && !k.baseline.small && k.change !== null)
    .sort((a, b) => relativeChange(b) - relativeChange(a))
    .slice(0, max)
}

function relativeChange(k: ImpactKpi): number {
  const base = Math.abs(k.baseline.value ?? 0)
  return base === 0 ? Math.abs(k.change ?? 0) : Math.abs(k.change ?? 0) / base
}

function kpiLine(k: ImpactKpi): string {
  const name = k.unit === 'minutes' ? `Median ${k.label.toLowerCase()}` : k.label
  return `${name} ${formatKpiValue(k.unit, k.cohort.value)} vs ${formatKpiValue(k.unit, k.baseline.value)} before (${formatKpiChange(k.unit, k.change)})`
}

export interface DraftOptions {
  now: number
  /** The analyst's time zone: every time in the update is shown in it, named. */
  timeZone: string
  /** Most steps listed (the latest ones). */
  maxSteps?: number
}

export interface ExecutiveUpdate {
  subject: string
  markdown: string
}

/** Drafts the update from the escalation as it stands. */
export function draftExecutiveUpdate(bundle: EscalationBundle, opts: DraftOptions): ExecutiveUpdate {
  const { escalation: e, impact, timeline, actions } = bundle
  const { now, timeZone } = opts
  const at = (t: number) => formatInZone(t, timeZone)
  const subject = `[${e.priority}] ${e.title}: ${ESCALATION_STATUS_LABELS[e.status].toLowerCase()}, update ${at(now)}`
  const lines: string[] = [`**${subject}**`, '']

  lines.push('**What happened**')
  const what = e.summary.trim() || e.origin.description.trim()
  lines.push(what ? what : `Escalation opened ${at(e.createdAt)}.`)
  lines.push('')

  lines.push('**Impact**')
  if (impact.tickets === 0) {
    lines.push('- No tickets are in the cohort yet.')
  } else {
    lines.push(
      `- ${plural(impact.tickets, 'ticket')} from ${plural(impact.users, 'user')} across ${plural(impact.regions.length, 'region')} (${valueNames(impact.regions, REGION_LABELS, 'no region')}) and ${plural(impact.channels.length, 'channel')} (${valueNames(impact.channels, CHANNEL_LABELS, 'no channel')}).`,
    )
    if (impact.caseTypes.length > 0)
      lines.push(`- Case types: ${valueNames(impact.caseTypes, CASE_TYPE_LABELS, 'no case type')}.`)
    const since = impact.firstCreatedAt === null ? '' : ` since the first ticket (${at(impact.firstCreatedAt)})`
    lines.push(
      `- ${n(impact.openTickets)} still open; ${e.resolvedAt ? 'lasted' : 'running for'} ${formatMinutes(impact.durationMinutes)}${since}.`,
    )
    const notable = notableKpis(impact.kpis)
    if (notable.length > 0)
      for (const k of notable) lines.push(`- ${kpiLine(k)}; baseline: ${impact.baseline.description}.`)
    else lines.push(`- No KPI of the cohort is clearly worse than the baseline (${impact.baseline.description}).`)
  }
  lines.push('')

  lines.push('**Steps taken**')
  const steps = timeline.filter((t) => t.source === 'analyst' && t.kind === 'step').slice(-(opts.maxSteps ?? 6))
  const done = actions.filter((a) => a.status === 'done')
  if (steps.length === 0 && done.length === 0) lines.push('- None recorded yet.')
  for (const s of steps) lines.push(`- ${at(s.at)}: ${oneLine(s.body)}`)
  for (const a of done) {
    const check = a.check ? ` Success metric: ${a.check.outcome.replace(/_/g, ' ')}.` : ''
    lines.push(`- Done: ${a.title} (${a.ownerTeam}).${check}`)
  }
  lines.push('')

  lines.push('**Next steps**')
  const planned = actions.filter((a) => a.status === 'planned' || a.status === 'in_progress')
  const written = e.nextSteps
    .split('\n')
    .map((l) => l.replace(/^\s*[-*•]\s*/, '').trim())
    .filter((l) => l !== '')
  if (written.length === 0 && planned.length === 0) lines.push('- To be decided.')
  for (const l of written) lines.push(`- ${l}`)
  for (const a of planned) {
    const due = a.dueAt === null ? '' : `, due ${at(a.dueAt)}${a.overdue ? ' (overdue)' : ''}`
    lines.push(`- ${a.title} (${a.ownerTeam}${due}).`)
  }
  lines.push('')

  lines.push('**Next update**')
  lines.push(
    e.nextUpdateDue === null
      ? 'No further update is scheduled.'
      : `By ${at(e.nextUpdateDue)} (${relativeTo(e.nextUpdateDue, now)}).`,
  )
  const partners = e.partnerTeams.map((t) => PARTNER_TEAM_LABELS[t as PartnerTeam] ?? t)
  const who = [e.owner ? `Owner: ${e.owner}` : null, partners.length ? `Partner teams: ${partners.join(', ')}` : null]
    .filter((x): x is string => x !== null)
    .join(' · ')
  if (who) lines.push('', who)
  return { subject, markdown: lines.join('\n') }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** The same update without Markdown marks, for chat or e-mail that would show them literally. */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line
        .replace(/^#{1,6}\s+/, '')
        .replace(/^(\s*)[-*+]\s+/, '$1• ')
        .replace(/\*\*(.+?)\*\*/g, '$1')
        .replace(/__(.+?)__/g, '$1')
        .replace(/(^|[\s(])[*_](\S(?:.*?\S)?)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
        .replace(/`([^`]+)`/g, '$1')
        .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)'),
    )
    .join('\n')
}
