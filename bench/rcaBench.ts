/**
 * `rca.pdf_20p`: seconds from an RCA in the workspace to a finished PDF of about 20 pages with 6 impact charts
 * (packet assembly, 6 ECharts SVGs, Chromium print, atomic write). Reference: the same Chromium printing 20 pages of
 * plain text (launch, layout, print) in the same run, so the ratio is what the packet itself costs.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDatabase } from '../src/main/db/connection'
import * as q from '../src/main/db/queries/rca'
import { exportRcaPdf } from '../src/main/rca/exportPdf'
import { createChromiumPrinter, findChromium } from '../src/main/rca/pdfChromium'
import { chartDataHash } from '../src/main/rca/evidence'
import { createRca, saveRca } from '../src/main/rca/service'
import {
  DEFAULT_PACKET_REDACTION,
  DEFAULT_RCA_TEMPLATES,
  FISHBONE_CATEGORIES,
  type ChartEvidence,
  type CitedTicket,
  type RcaContent,
} from '../src/shared/rca'

const DAY = 86_400_000
const START = Date.parse('2026-08-01T00:00:00Z')

function pagesOf(file: string): number {
  try {
    return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0)
  } catch {
    // Without poppler: count page objects.
    return (fs.readFileSync(file, 'latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length
  }
}

const sentence = (i: number) =>
  `Step ${i}: the bridge checked the gift ledger, paged the vendor and confirmed deliveries for region ${['SEA', 'EU', 'NA'][i % 3]}; ` +
  `agents used macro M-${100 + i} and contact ops-${i}@vendor.example for follow-up.`

export async function rcaPdfFigure(): Promise<{
  seconds: number
  reference: number
  pages: number
  referencePages: number
  charts: number
}> {
  const chromium = await findChromium()
  if (!chromium) throw new Error('rca.pdf_20p needs Chromium (apt-get install chromium, or set WORKBENCH_CHROMIUM)')
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rca-'))
  const db = openDatabase(path.join(tmp, 'w.sqlite'))
  try {
    const template = DEFAULT_RCA_TEMPLATES[0]
    const templateId = q.templateIdByName(db, template?.name ?? '') as number
    const doc = createRca(db, { escalationId: null, templateId, title: 'Bench: LIVE gifts not delivered' }, START)
    const charts: number[] = []
    for (let c = 0; c < 6; c++) {
      const buckets = Array.from({ length: 90 }, (_, i) => new Date(START + i * DAY).toISOString().slice(0, 10))
      const series = Array.from({ length: 1 + (c % 4) }, (_, s) => ({
        name: ['SEA', 'EU', 'NA', 'LATAM'][s] as string,
        data: buckets.map((_, i) => Math.round(40 + 30 * Math.sin((i + s * 7 + c) / 6) + (i > 60 && i < 64 ? 200 : 0))),
      }))
      const payload: ChartEvidence = {
        kind: 'chart',
        kpi: 'volume',
        stat: null,
        groupBy: series.length > 1 ? 'region' : null,
        grain: 'day',
        filters: { caseType: ['live_gifts_coins'] },
        from: buckets[0] as string,
        to: buckets.at(-1) as string,
        timeZone: 'UTC',
        buckets,
        series,
        dataHash: chartDataHash(buckets, series),
      }
      charts.push(q.insertEvidence(db, doc.id, `Chart ${c + 1}: daily volume`, payload, START).id)
    }
    const tickets: CitedTicket[] = Array.from({ length: 60 }, (_, i) => ({
      id: i + 1,
      externalId: `DEMO-${String(i + 1).padStart(6, '0')}`,
      subject: `Coins deducted but gift not delivered (viewer ${i}, call +65 6123 ${String(1000 + i)})`,
      status: 'solved',
      caseType: 'live_gifts_coins',
      channel: 'in_app',
      region: 'SEA',
      requester: `viewer${i}@example.com`,
      createdAt: START + i * 3_600_000,
      sensitive: false,
    }))
    const ticketsId = q.insertEvidence(db, doc.id, '60 tickets of the cohort', { kind: 'tickets', tickets }, START).id
    const content: RcaContent = {
      sections: {
        executive_summary: {
          kind: 'text',
          text: Array.from({ length: 6 }, (_, i) => sentence(i)).join('\n\n'),
          cites: [charts[0] as number],
        },
        timeline: {
          kind: 'timeline',
          entries: Array.from({ length: 52 }, (_, i) => ({
            at: START + i * 1_800_000,
            text: sentence(i),
            cites: [ticketsId],
          })),
        },
        impact: {
          kind: 'impact',
          text: Array.from({ length: 4 }, (_, i) => sentence(i + 50)).join('\n\n'),
          cites: charts,
        },
        five_whys: {
          kind: 'five_whys',
          problem: 'Viewers were charged coins for gifts never delivered.',
          whys: Array.from({ length: 5 }, (_, i) => ({ text: sentence(i + 10), cites: [] })),
        },
        fishbone: {
          kind: 'fishbone',
          problem: 'Coins deducted, gift not delivered',
          causes: Object.fromEntries(
            FISHBONE_CATEGORIES.map((c, k) => [
              c,
              Array.from({ length: 3 + (k % 3) }, (_, i) => ({
                text: `Cause ${i + 1} under ${c}: queue age not watched`,
                cites: [],
              })),
            ]),
          ) as never,
        },
        root_cause: { kind: 'text', text: sentence(99), cites: [] },
        remediation: {
          kind: 'remediation',
          text: sentence(77),
          actions: Array.from({ length: 8 }, (_, i) => ({
            action: `Action ${i + 1}: alert on delivery queue age in region ${i}`,
            owner: 'Engineering',
            due: '2026-12-01',
            status: 'planned' as const,
            successMetric: 'Reopen rate of Live gifts & coins in SEA under 5% for 14 days',
            cites: [],
          })),
        },
      },
    }
    saveRca(db, { id: doc.id, title: doc.title, content, baseRevision: 1 }, START + DAY)
    const printer = createChromiumPrinter({ executablePath: chromium })
    // One warm-up of each, then the measured runs (first launch of Chromium reads its files from disk).
    const text = `<!doctype html><html><body style="font: 10pt sans-serif">${Array.from({ length: 20 }, (_, p) => `<div style="break-after: page">${Array.from({ length: 22 }, (_, l) => `<p>Page ${p + 1} line ${l + 1}: ${sentence(l)}</p>`).join('')}</div>`).join('')}</body></html>`
    const refOnce = async () => {
      const t0 = performance.now()
      await printer.print({
        html: text,
        headerTemplate: '<span></span>',
        footerTemplate: '<span class="pageNumber"></span>',
        timeZone: 'UTC',
        timeoutMs: 60_000,
      })
      return (performance.now() - t0) / 1000
    }
    const file = path.join(tmp, 'packet.pdf')
    const once = async () => {
      const t0 = performance.now()
      await exportRcaPdf(db, doc.id, file, {
        timeZone: 'Europe/Dublin',
        redaction: DEFAULT_PACKET_REDACTION,
        workspaceName: 'Bench',
        printer,
      })
      return (performance.now() - t0) / 1000
    }
    await refOnce()
    await once()
    const runs: number[] = []
    const refs: number[] = []
    for (let i = 0; i < 3; i++) {
      refs.push(await refOnce())
      runs.push(await once())
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
    const refFile = path.join(tmp, 'ref.pdf')
    fs.writeFileSync(
      refFile,
      await printer.print({
        html: text,
        headerTemplate: '<span></span>',
        footerTemplate: '<span></span>',
        timeZone: 'UTC',
        timeoutMs: 60_000,
      }),
    )
    return {
      seconds: median(runs),
      reference: median(refs),
      pages: pagesOf(file),
      referencePages: pagesOf(refFile),
      charts: charts.length,
    }
  } finally {
    db.close()
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}
