/** The packet's evidence appendix: every piece of evidence, numbered E1… in the order attached, with what it holds. */
import { CASE_TYPE_LABELS, CHANNEL_LABELS } from '../../shared/domain'
import { KPIS } from '../../shared/kpis'
import { EVIDENCE_KIND_LABELS, type RcaEvidence } from '../../shared/rca'
import { count, esc, kpiValue, type PacketContext } from './packetFormat'

/** Tickets listed per ticket evidence; the rest are counted. */
const MAX_TICKETS_LISTED = 250

interface AppendixEnv {
  ctx: PacketContext
  number: Map<number, number>
  figureNo: Map<number, number>
}

export function evidenceAppendix(evidence: readonly RcaEvidence[], env: AppendixEnv): string {
  if (evidence.length === 0) return '<p class="empty">No evidence was attached to this RCA.</p>'
  return evidence.map((e) => item(e, env)).join('')
}

function item(e: RcaEvidence, { ctx, number, figureNo }: AppendixEnv): string {
  const n = number.get(e.id) as number
  const head = `<h3 id="ev-${n}">E${n}. ${ctx.text(e.label)}</h3><p class="muted small">${EVIDENCE_KIND_LABELS[e.payload.kind]}, attached ${esc(ctx.at(e.createdAt))}.</p>`
  const p = e.payload
  switch (p.kind) {
    case 'tickets': {
      const shown = p.tickets.slice(0, MAX_TICKETS_LISTED)
      const rows = shown.map(
        (t) =>
          `<tr><td>${esc(t.externalId ?? `#${t.id}`)}</td><td class="num">${esc(ctx.at(t.createdAt))}</td><td>${esc(t.status)}</td><td>${esc(CASE_TYPE_LABELS[t.caseType ?? ''] ?? t.caseType ?? '—')}</td><td>${esc(CHANNEL_LABELS[t.channel ?? ''] ?? t.channel ?? '—')}</td><td>${esc(t.region ?? '—')}</td><td>${ctx.field('requester', t.requester)}</td><td>${t.sensitive ? '<span class="empty">Sensitive: withheld</span>' : ctx.field('subject', t.subject)}</td></tr>`,
      )
      const more =
        p.tickets.length > shown.length
          ? `<p class="muted small">And ${count(p.tickets.length - shown.length)} more tickets (${count(p.tickets.length)} in all).</p>`
          : ''
      return `<div class="appendix-item">${head}<table><thead><tr><th>Ticket</th><th>Created</th><th>Status</th><th>Case type</th><th>Channel</th><th>Region</th><th>Requester</th><th>Subject</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more}</div>`
    }
    case 'chart': {
      const totals = p.series
        .map((s) => {
          const vals = s.data.filter((v): v is number => v !== null)
          const sum = vals.reduce((a, b) => a + b, 0)
          const max = vals.length ? Math.max(...vals) : null
          const summary =
            KPIS[p.kpi].unit === 'tickets'
              ? `total ${count(sum)}, peak ${max === null ? '—' : count(max)}`
              : `peak ${kpiValue(p.kpi, max)}`
          return `<tr><td>${ctx.text(s.name)}</td><td>${esc(summary)}</td></tr>`
        })
        .join('')
      const fig = figureNo.get(e.id)
      return `<div class="appendix-item">${head}<p>${fig ? `Drawn as Figure ${fig} under Impact. ` : ''}${esc(KPIS[p.kpi].label)}${p.stat ? ` (${esc(p.stat)})` : ''} per ${esc(p.grain)}${p.groupBy ? `, by ${esc(p.groupBy)}` : ''}, ${esc(p.from)} to ${esc(p.to)} in ${esc(p.timeZone)}.</p><p>Filter: ${ctx.filters(p.filters, p.timeZone)}.</p><table><thead><tr><th>Series</th><th>Summary</th></tr></thead><tbody>${totals}</tbody></table><p class="small">Data hash (SHA-256 of the plotted buckets and values): <span class="hash">${esc(p.dataHash)}</span></p></div>`
    }
    case 'view':
      return `<div class="appendix-item">${head}<p>Saved view "${ctx.text(p.name)}": ${ctx.filters(p.definition.filters)}; it matched ${count(p.matching)} tickets when cited.</p></div>`
    case 'metric': {
      const change =
        p.previous && p.previous.value !== null && p.value !== null
          ? ` Previous period of the same length: ${esc(kpiValue(p.kpi, p.previous.value))} over ${count(p.previous.n)} tickets.`
          : ''
      return `<div class="appendix-item">${head}<p><b>${esc(KPIS[p.kpi].label)}: ${esc(kpiValue(p.kpi, p.value))}</b> over ${count(p.n)} tickets${p.small ? ' (small sample: read with care)' : ''}, ${esc(p.from)} to ${esc(p.to)} in ${esc(p.timeZone)}.${change}</p><p>Filter: ${ctx.filters(p.filters, p.timeZone)}.</p><p class="small muted">Definition: ${esc(p.definition)}</p></div>`
    }
  }
}
