/**
 * The RCA packet as one self-contained HTML string: cover, the template's sections (executive summary, timeline,
 * impact with its charts, 5 Whys, a drawn fishbone, root cause, remediation table), the evidence appendix and the
 * metric dictionary for every metric used. No remote anything: a strict CSP meta, inline SVG, system fonts, no
 * script. Every piece of text is redacted (when on) and escaped on its way in (PacketContext).
 *
 * The same string is printed by Electron's printToPDF (desktop) and by Chromium through playwright-core (browser
 * mode, CLI), with the running header and page numbers from `headerTemplate` / `footerTemplate`.
 */
import type { EscalationBundle } from '../../shared/escalations'
import { KPIS, type KpiKey } from '../../shared/kpis'
import {
  ACTION_STATUS_LABELS,
  FISHBONE_CATEGORIES,
  FISHBONE_LABELS,
  type ChartEvidence,
  type PacketRedaction,
  type RcaDocument,
  type RcaEvidence,
  type RcaSection,
  type RcaSectionOf,
  type RcaTemplateSection,
} from '../../shared/rca'
import { fishboneSvg } from '../../shared/rcaFishbone'
import { describeRedactions, emptyCounts, redactText, type RedactionCounts } from '../../shared/redact'
import { evidenceAppendix } from './packetEvidence'
import { count, esc, kpiValue, PacketContext } from './packetFormat'
import { chartSvg } from './packetCharts'
import { escalationImpactHtml, escalationTimelineRows, remediationTrackerHtml } from './packetEscalation'

export interface PacketSource {
  doc: RcaDocument
  escalation: EscalationBundle | null
  /** Why the escalation's record is missing from the packet, when it could not be read. */
  escalationProblem?: string | null
  workspaceName: string
  generatedAt: number
  timeZone: string
  redaction: PacketRedaction
}

export interface Packet {
  html: string
  /** Running header and page-number footer for the printer (Chromium's templates: inline styles only). */
  headerTemplate: string
  footerTemplate: string
  /** The title, redacted, for the PDF's metadata. */
  title: string
  counts: RedactionCounts
  /** Sections printed, in order (tests and the preview list them). */
  sections: string[]
}

/** No scripts, no remote loads, nothing but inline styles and data images. */
export const PACKET_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"

const STYLE = `
@page { size: A4; margin: 22mm 16mm 20mm 16mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.45; color: #111827; }
h1 { font-size: 22pt; margin: 0 0 6mm; line-height: 1.2; }
h2 { font-size: 14pt; margin: 8mm 0 3mm; padding-bottom: 1.5mm; border-bottom: 1.5px solid #1d4ed8; break-after: avoid; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; }
p { margin: 0 0 2.5mm; }
.muted { color: #4b5563; }
.small { font-size: 8.5pt; }
.cover { height: 240mm; display: flex; flex-direction: column; justify-content: space-between; break-after: page; }
.cover .kicker { font-size: 10pt; letter-spacing: 0.08em; text-transform: uppercase; color: #1d4ed8; font-weight: 700; margin-bottom: 4mm; }
.cover dl { display: grid; grid-template-columns: 42mm 1fr; gap: 1.5mm 4mm; margin: 0 0 6mm; }
.cover dt { color: #4b5563; }
.cover dd { margin: 0; }
.toc ol { margin: 0; padding-left: 5mm; }
.redaction-note { border: 1px solid #d1d5db; background: #f9fafb; padding: 3mm; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 8.8pt; }
th, td { border: 1px solid #d1d5db; padding: 1.4mm 2mm; text-align: left; vertical-align: top; }
th { background: #f3f4f6; font-weight: 700; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; white-space: nowrap; }
.cite { font-size: 7.5pt; color: #1d4ed8; text-decoration: none; vertical-align: super; margin-left: 0.5mm; white-space: nowrap; }
figure { margin: 3mm 0 5mm; break-inside: avoid; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 8.5pt; color: #374151; margin-top: 1.5mm; }
.whys { margin: 0; padding-left: 0; list-style: none; counter-reset: why; }
.whys li { counter-increment: why; margin: 0 0 2mm; padding: 2mm 3mm; border-left: 3px solid #1d4ed8; background: #f8fafc; break-inside: avoid; }
.whys li::before { content: "Why " counter(why) "? "; font-weight: 700; color: #1d4ed8; }
.problem { font-weight: 700; }
.empty { color: #6b7280; font-style: italic; }
.source-tag { font-size: 7.5pt; color: #4b5563; border: 1px solid #d1d5db; border-radius: 2mm; padding: 0 1.5mm; white-space: nowrap; }
.appendix-item { margin-bottom: 4mm; }
.hash { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; word-break: break-all; }
.dict dt { font-weight: 700; margin-top: 2mm; }
.dict dd { margin: 0 0 1mm 0; }
`

export function buildPacket(src: PacketSource): Packet {
  const ctx = new PacketContext(src.timeZone, src.redaction, src.generatedAt)
  const { doc } = src
  // E1, E2… in the order evidence was attached: the same numbers the RCA screen shows beside each claim.
  const ordered = [...doc.evidence].sort((a, b) => a.id - b.id)
  const number = new Map(ordered.map((e, i) => [e.id, i + 1]))
  const cites = (ids: readonly number[]): string =>
    ids
      .map((id) => number.get(id))
      .filter((n): n is number => n !== undefined)
      .map((n) => `<a class="cite" href="#ev-${n}">[E${n}]</a>`)
      .join('')

  const title = ctx.text(doc.title)
  const charts = ordered.filter((e): e is RcaEvidence & { payload: ChartEvidence } => e.payload.kind === 'chart')
  const figureNo = new Map(charts.map((c, i) => [c.id, i + 1]))
  const printed: string[] = []
  const body: string[] = []

  for (const s of doc.template.sections) {
    const sec = doc.content.sections[s.key]
    printed.push(s.title)
    body.push(`<section id="sec-${esc(s.key)}"><h2>${esc(s.title)}</h2>`)
    body.push(sectionHtml(s, sec, { ctx, cites, src, charts, figureNo }))
    body.push('</section>')
  }

  // Remediation actions tracked on the escalation, when the template had no remediation section to show them in.
  if (src.escalation && !doc.template.sections.some((s) => s.kind === 'remediation') && src.escalation.actions.length) {
    printed.push('Remediation tracker')
    body.push(`<section><h2>Remediation tracker</h2>${remediationTrackerHtml(src.escalation, ctx)}</section>`)
  }

  printed.push('Evidence appendix')
  body.push(
    `<section id="appendix"><h2>Evidence appendix</h2>${evidenceAppendix(ordered, { ctx, number, figureNo })}</section>`,
  )

  const metrics = metricsUsed(ordered, src.escalation)
  printed.push('Metric dictionary')
  body.push(`<section id="dictionary"><h2>Metric dictionary</h2>${dictionaryHtml(metrics)}</section>`)

  // The cover last: it states what was redacted, which is only known once everything else went through the redactor.
  const cover = coverHtml(src, ctx, title, printed)
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${PACKET_CSP}">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${STYLE}</style></head>
<body>${cover}${body.join('\n')}</body></html>`

  const headerTemplate = `<div style="font-family: Arial, sans-serif; font-size: 7.5pt; color: #4b5563; width: 100%; padding: 0 16mm; display: flex; justify-content: space-between;"><span>${title}</span><span>Root cause analysis · Confidential</span></div>`
  const footerTemplate = `<div style="font-family: Arial, sans-serif; font-size: 7.5pt; color: #4b5563; width: 100%; padding: 0 16mm; display: flex; justify-content: space-between;"><span>${esc(src.workspaceName)} · generated ${esc(ctx.at(src.generatedAt))}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`
  return { html, headerTemplate, footerTemplate, title: redactedPlain(title), counts: ctx.counts, sections: printed }
}

/** The escaped title back to plain text for metadata (Chromium re-escapes it). */
function redactedPlain(escaped: string): string {
  return escaped
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

interface SectionEnv {
  ctx: PacketContext
  cites: (ids: readonly number[]) => string
  src: PacketSource
  charts: (RcaEvidence & { payload: ChartEvidence })[]
  figureNo: Map<number, number>
}

const EMPTY = '<p class="empty">Not written yet.</p>'

function paragraphs(ctx: PacketContext, text: string): string {
  const paras = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
  return paras.map((p) => `<p>${ctx.lines(p)}</p>`).join('')
}

/** A section's body; an empty one shows the question it should answer, so a reader sees what is missing. */
function sectionHtml(s: RcaTemplateSection, sec: RcaSection | undefined, env: SectionEnv): string {
  const body = sec ? sectionBody(sec, env) : EMPTY
  return body === EMPTY && s.prompt ? `<p class="muted small">${esc(s.prompt)}</p>${EMPTY}` : body
}

function sectionBody(sec: RcaSection, env: SectionEnv): string {
  const { ctx, cites } = env
  switch (sec.kind) {
    case 'text':
      return sec.text.trim()
        ? `${paragraphs(ctx, sec.text)}${cites(sec.cites) ? `<p>${cites(sec.cites)}</p>` : ''}`
        : EMPTY
    case 'five_whys':
      return whysHtml(sec, env)
    case 'fishbone':
      return fishboneHtml(sec, env)
    case 'timeline':
      return timelineHtml(sec, env)
    case 'impact':
      return impactHtml(sec, env)
    case 'remediation':
      return remediationHtml(sec, env)
  }
}

function whysHtml(sec: RcaSectionOf<'five_whys'>, { ctx, cites }: SectionEnv): string {
  const whys = sec.whys.filter((w) => w.text.trim())
  if (!sec.problem.trim() && whys.length === 0) return EMPTY
  const items = whys.map((w) => `<li>${ctx.lines(w.text)}${cites(w.cites)}</li>`).join('')
  return `<p><span class="problem">Problem:</span> ${ctx.lines(sec.problem) || '—'}</p><ol class="whys">${items}</ol>`
}

function fishboneHtml(sec: RcaSectionOf<'fishbone'>, { ctx, cites }: SectionEnv): string {
  const any = FISHBONE_CATEGORIES.some((c) => sec.causes[c].some((x) => x.text.trim()))
  if (!any && !sec.problem.trim()) return EMPTY
  // The drawing gets the same redaction; counted once, by the table below it.
  const plain = (s: string) => redactText(s, ctx.redaction, emptyCounts())
  const svg = fishboneSvg({
    problem: plain(sec.problem),
    causes: Object.fromEntries(
      FISHBONE_CATEGORIES.map((c) => [c, sec.causes[c].filter((x) => x.text.trim()).map((x) => plain(x.text))]),
    ) as Record<(typeof FISHBONE_CATEGORIES)[number], string[]>,
  })
  const rows = FISHBONE_CATEGORIES.flatMap((c) =>
    sec.causes[c]
      .filter((x) => x.text.trim())
      .map(
        (x, i) =>
          `<tr><td>${i === 0 ? FISHBONE_LABELS[c] : ''}</td><td>${ctx.lines(x.text)}${cites(x.cites)}</td></tr>`,
      ),
  )
  return `<figure>${svg}<figcaption>Cause-and-effect diagram: ${ctx.text(sec.problem) || 'the effect'}.</figcaption></figure>
<table><thead><tr><th style="width:28mm">Category</th><th>Contributing cause</th></tr></thead><tbody>${rows.join('') || '<tr><td colspan="2" class="empty">No causes listed.</td></tr>'}</tbody></table>`
}

function timelineHtml(sec: RcaSectionOf<'timeline'>, env: SectionEnv): string {
  const { ctx, cites, src } = env
  type Row = { at: number; html: string }
  const rows: Row[] = sec.entries
    .filter((e) => e.text.trim())
    .map((e) => ({
      at: e.at,
      html: `<tr><td class="num">${esc(ctx.at(e.at))}</td><td><span class="source-tag">RCA</span></td><td>${ctx.lines(e.text)}${cites(e.cites)}</td></tr>`,
    }))
  if (src.escalation) rows.push(...escalationTimelineRows(src.escalation, ctx))
  rows.sort((a, b) => a.at - b.at)
  if (rows.length === 0) return EMPTY
  return `<p class="muted small">Times in ${esc(ctx.timeZone)} (${esc(ctx.zone())}). "Escalation" rows come from the escalation's own timeline: steps written by the analyst and events the workbench recorded.</p>
<table><thead><tr><th style="width:38mm">When</th><th style="width:20mm">From</th><th>What happened</th></tr></thead><tbody>${rows.map((r) => r.html).join('')}</tbody></table>`
}

function impactHtml(sec: RcaSectionOf<'impact'>, env: SectionEnv): string {
  const { ctx, cites, src, charts, figureNo } = env
  const parts: string[] = []
  if (sec.text.trim()) parts.push(paragraphs(ctx, sec.text) + (cites(sec.cites) ? `<p>${cites(sec.cites)}</p>` : ''))
  if (src.escalation) parts.push(escalationImpactHtml(src.escalation, ctx))
  const metrics = src.doc.evidence.filter((e) => e.payload.kind === 'metric')
  if (metrics.length) {
    const rows = metrics.map((e) => {
      const m = e.payload.kind === 'metric' ? e.payload : null
      if (!m) return ''
      const prev = m.previous ? kpiValue(m.kpi, m.previous.value) : '—'
      return `<tr><td>${ctx.text(e.label)}${cites([e.id])}</td><td class="num">${esc(kpiValue(m.kpi, m.value))}${m.small ? ' (small sample)' : ''}</td><td class="num">${count(m.n)}</td><td class="num">${esc(prev)}</td></tr>`
    })
    parts.push(
      `<h3>Figures cited</h3><table><thead><tr><th>Metric and period</th><th class="num">Value</th><th class="num">Tickets</th><th class="num">Previous period</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    )
  }
  for (const c of charts) {
    const n = figureNo.get(c.id) as number
    parts.push(
      `<figure>${chartSvg(c.payload)}<figcaption><b>Figure ${n}.</b> ${ctx.text(c.label)}. ${ctx.filters(c.payload.filters, c.payload.timeZone)}; days in ${esc(c.payload.timeZone)}.${cites([c.id])}</figcaption></figure>`,
    )
  }
  return parts.length ? parts.join('') : EMPTY
}

function remediationHtml(sec: RcaSectionOf<'remediation'>, env: SectionEnv): string {
  const { ctx, cites, src } = env
  const parts: string[] = []
  if (sec.text.trim()) parts.push(paragraphs(ctx, sec.text))
  const actions = sec.actions.filter((a) => a.action.trim())
  if (actions.length) {
    const rows = actions.map(
      (a) =>
        `<tr><td>${ctx.lines(a.action)}${cites(a.cites)}</td><td>${ctx.field('owner', a.owner)}</td><td class="num">${esc(a.due || '—')}</td><td>${ACTION_STATUS_LABELS[a.status]}</td><td>${ctx.lines(a.successMetric) || '—'}</td></tr>`,
    )
    parts.push(
      `<table><thead><tr><th>Action</th><th style="width:26mm">Owner</th><th style="width:22mm">Due</th><th style="width:20mm">Status</th><th>Success metric</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    )
  }
  if (src.escalation && src.escalation.actions.length) {
    parts.push(`<h3>Tracked on the escalation</h3>${remediationTrackerHtml(src.escalation, ctx)}`)
  }
  return parts.length ? parts.join('') : EMPTY
}

function coverHtml(src: PacketSource, ctx: PacketContext, title: string, sections: string[]): string {
  const e = src.escalation?.escalation
  const rows: [string, string][] = []
  if (e) {
    rows.push(['Escalation', `${ctx.text(e.title)} (${esc(e.priority)}, ${esc(e.status)})`])
    rows.push(['Owner', ctx.field('owner', e.owner)])
    if (e.partnerTeams.length) rows.push(['Partner teams', esc(e.partnerTeams.join(', '))])
    rows.push(['Opened', esc(ctx.at(e.createdAt))])
    if (e.resolvedAt) rows.push(['Resolved', esc(ctx.at(e.resolvedAt))])
    rows.push(['Tickets in cohort', count(e.tickets)])
  }
  rows.push(['Workspace', esc(src.workspaceName)])
  rows.push(['RCA last edited', `${esc(ctx.at(src.doc.updatedAt))} (revision ${src.doc.revision})`])
  rows.push(['Generated', esc(ctx.at(src.generatedAt))])
  rows.push(['Dates shown in', `${esc(src.timeZone)} (${esc(ctx.zone())})`])
  const redaction = src.redaction.enabled
    ? `Redaction was on: email addresses${src.redaction.phones ? ', phone numbers' : ''}${src.redaction.handles ? ', @handles' : ''}${src.redaction.fields.length ? `, ${src.redaction.fields.join(', ')} fields` : ''}${src.redaction.terms.length ? ` and ${src.redaction.terms.length} chosen terms` : ''} are replaced by [email], [phone], [handle] and [redacted]. ${esc(describeRedactions(ctx.counts))}`
    : 'Redaction was turned off for this copy: it may hold personal data. Share it only with people cleared to see the tickets.'
  return `<div class="cover"><div><div class="kicker">Root cause analysis</div><h1>${title}</h1>
<dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>
<div class="toc"><h3>Contents</h3><ol>${sections.map((s) => `<li>${esc(s)}</li>`).join('')}</ol></div></div>
${src.escalationProblem ? `<div class="redaction-note"><b>Incomplete:</b> ${ctx.text(src.escalationProblem)}</div>` : ''}<div class="redaction-note">${redaction}</div></div>`
}

function metricsUsed(evidence: readonly RcaEvidence[], escalation: EscalationBundle | null): KpiKey[] {
  const used = new Set<KpiKey>()
  for (const e of evidence) if (e.payload.kind === 'metric' || e.payload.kind === 'chart') used.add(e.payload.kpi)
  if (escalation) {
    for (const k of escalation.impact.kpis) used.add(k.key)
    for (const a of escalation.actions) if (a.metric) used.add(a.metric.kpi)
  }
  return [...used].sort((a, b) => KPIS[a].label.localeCompare(KPIS[b].label))
}

function dictionaryHtml(metrics: readonly KpiKey[]): string {
  if (metrics.length === 0) return '<p class="empty">No metric is cited in this RCA.</p>'
  return `<p class="muted small">Every figure in this packet follows these definitions (Ops Workbench metric dictionary). Periods are half-open [start, end); days are cut in the time zone named beside each figure; rates over fewer than 20 tickets are marked small sample.</p>
<dl class="dict">${metrics.map((k) => `<dt>${esc(KPIS[k].label)}</dt><dd>${esc(KPIS[k].definition)}</dd>`).join('')}</dl>`
}
