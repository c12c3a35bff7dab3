/**
 * The escalation's own record in the packet: its timeline rows (merged with the RCA's), its impact figures computed
 * from the cohort, and the remediation tracker (actions with owner team, due date, status and success metric).
 */
import { CASE_TYPE_LABELS, CHANNEL_LABELS } from '../../shared/domain'
import {
  CHECK_OUTCOME_LABELS,
  REMEDIATION_STATUS_LABELS,
  TIMELINE_KIND_LABELS,
  type EscalationBundle,
  type ValueCount,
} from '../../shared/escalations'
import { formatMinutes, KPIS } from '../../shared/kpis'
import { count, esc, kpiValue, type PacketContext } from './packetFormat'

export function escalationTimelineRows(b: EscalationBundle, ctx: PacketContext): { at: number; html: string }[] {
  return b.timeline.map((t) => ({
    at: t.at,
    html: `<tr><td class="num">${esc(ctx.at(t.at))}</td><td><span class="source-tag">Escalation</span></td><td><b>${esc(TIMELINE_KIND_LABELS[t.kind] ?? t.kind)}</b>${t.source === 'workbench' ? ' <span class="muted small">(recorded by the workbench)</span>' : ''}: ${ctx.lines(t.body)}</td></tr>`,
  }))
}

function topValues(values: readonly ValueCount[], labels: Record<string, string>, n = 5): string {
  if (values.length === 0) return '—'
  const shown = values
    .slice(0, n)
    .map((v) => `${esc(labels[v.value ?? ''] ?? v.value ?? '(none)')} ${count(v.tickets)}`)
  return shown.join(', ') + (values.length > n ? `, and ${values.length - n} more` : '')
}

export function escalationImpactHtml(b: EscalationBundle, ctx: PacketContext): string {
  const i = b.impact
  const rows: [string, string][] = [
    ['Tickets', count(i.tickets)],
    [
      'Users affected (distinct requesters)',
      `${count(i.users)}${i.withoutRequester ? ` (${count(i.withoutRequester)} tickets without a requester)` : ''}`,
    ],
    ['Still open', count(i.openTickets)],
    ['Regions', topValues(i.regions, {})],
    ['Channels', topValues(i.channels, CHANNEL_LABELS)],
    ['Case types', topValues(i.caseTypes, CASE_TYPE_LABELS)],
    ['First ticket', esc(ctx.at(i.firstCreatedAt))],
    ['Latest ticket', esc(ctx.at(i.lastCreatedAt))],
    ['Duration', esc(formatMinutes(i.durationMinutes))],
  ]
  const kpis = i.kpis.map(
    (k) =>
      `<tr><td>${esc(k.label)}</td><td class="num">${esc(kpiValue(k.key, k.cohort.value))}${k.cohort.small ? ' *' : ''}</td><td class="num">${esc(kpiValue(k.key, k.baseline.value))}</td><td class="num">${k.change === null ? '—' : esc(`${k.change > 0 ? '+' : ''}${KPIS[k.key].unit === 'percent' ? `${k.change.toFixed(1)} pts` : formatMinutes(k.change)}`)}${k.worse ? ' (worse)' : ''}</td></tr>`,
  )
  return `<h3>Impact computed from the cohort</h3><p class="muted small">As of ${esc(ctx.at(i.asOf))}. Baseline: ${ctx.text(i.baseline.description)}.</p>
<table><tbody>${rows.map(([k, v]) => `<tr><th style="width:60mm">${esc(k)}</th><td>${v}</td></tr>`).join('')}</tbody></table>
${kpis.length ? `<table><thead><tr><th>KPI</th><th class="num">Cohort</th><th class="num">Baseline</th><th class="num">Change</th></tr></thead><tbody>${kpis.join('')}</tbody></table><p class="muted small">* small sample (fewer than 20 tickets).</p>` : ''}`
}

export function remediationTrackerHtml(b: EscalationBundle, ctx: PacketContext): string {
  const rows = b.actions.map((a) => {
    const metric = a.metric
      ? `${esc(KPIS[a.metric.kpi].label)} ${a.metric.comparator} ${esc(kpiValue(a.metric.kpi, a.metric.threshold))} for ${a.metric.days} days (${ctx.filters(a.metric.filters)})`
      : '—'
    const check = a.check
      ? `${esc(CHECK_OUTCOME_LABELS[a.check.outcome])}: ${ctx.text(a.check.note)}`
      : 'Not checked yet'
    return `<tr><td>${ctx.lines(a.title)}</td><td>${ctx.text(a.ownerTeam)}</td><td class="num">${esc(ctx.day(a.dueAt))}${a.overdue ? ' <b>(overdue)</b>' : ''}</td><td>${esc(REMEDIATION_STATUS_LABELS[a.status])}</td><td>${metric}</td><td>${check}</td></tr>`
  })
  return `<table><thead><tr><th>Action</th><th style="width:24mm">Owner team</th><th style="width:22mm">Due</th><th style="width:18mm">Status</th><th>Success metric</th><th>Last check</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}
