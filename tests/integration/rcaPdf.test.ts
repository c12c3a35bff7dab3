/**
 * The RCA packet printed by real Chromium (playwright-core), read back with poppler: every section, the right
 * figures and none of the redacted strings in the extracted text; pages render; no network request leaves the
 * printer; metadata holds no local path; `export-rca demo out.pdf` works from the command line.
 *
 * Needs Chromium (or Chrome) and poppler-utils. Without them these tests are skipped, and say so plainly.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../src/main/cli/commands'
import * as q from '../../src/main/db/queries/rca'
import { EXAMPLE_PERSONAL_DATA } from '../../src/main/rca/demoExample'
import { exportRcaPdf } from '../../src/main/rca/exportPdf'
import { createChromiumPrinter, findChromium } from '../../src/main/rca/pdfChromium'
import * as rca from '../../src/main/rca/service'
import { WorkspaceManager } from '../../src/main/workspace/manager'
import { KPIS } from '../../src/shared/kpis'
import { DEFAULT_PACKET_REDACTION } from '../../src/shared/rca'
import { tempDir } from '../helpers/tmp'

const chromium = await findChromium()
const hasPoppler = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
const skipReason = !chromium
  ? 'SKIPPED: no Chromium or Chrome found (install `chromium`, or `npx playwright install chromium`, or set WORKBENCH_CHROMIUM)'
  : !hasPoppler
    ? 'SKIPPED: pdftotext/pdftoppm not found (install poppler-utils)'
    : null
if (skipReason) console.warn(`rcaPdf.test.ts ${skipReason}`)

const END = Date.parse('2026-11-01T00:00:00Z')

describe.skipIf(skipReason !== null)('RCA packet to PDF (Chromium)', () => {
  let dataDir: string
  let manager: WorkspaceManager
  let pdfFile: string
  let text: string

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'owb-rcapdf-'))
    manager = new WorkspaceManager(dataDir)
    manager.start({ noDemo: true })
    manager.createDemo({ tickets: 20_000, seed: 42, endAt: END })
    const ws = manager.require()
    pdfFile = path.join(dataDir, 'example.pdf')
    await exportRcaPdf(ws.db, q.exampleDocumentId(ws.db) as number, pdfFile, {
      timeZone: 'Asia/Singapore',
      redaction: DEFAULT_PACKET_REDACTION,
      workspaceName: ws.info.name,
      printer: createChromiumPrinter({ executablePath: chromium }),
    })
    text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' })
  })
  afterAll(() => {
    manager?.close()
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('holds every section, page numbers, running headers and dates in the reader zone', () => {
    const ws = manager.require()
    const doc = rca.getRca(ws.db, q.exampleDocumentId(ws.db) as number)
    for (const s of doc.template.sections) expect(text, s.title).toContain(s.title)
    for (const part of ['Evidence appendix', 'Metric dictionary', 'Contents', 'Why 1?', 'People (1)', 'Figure 1.'])
      expect(text).toContain(part)
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' }))?.[1])
    expect(pages).toBeGreaterThanOrEqual(5)
    expect(text).toContain(`Page 1 of ${pages}`)
    expect(text).toContain(`Page ${pages} of ${pages}`)
    expect(text.split('Root cause analysis · Confidential').length - 1).toBe(pages)
    expect(text).toContain('GMT+8')
  })

  it('prints the figures the evidence froze, with the definition of every metric used', () => {
    const ws = manager.require()
    const doc = rca.getRca(ws.db, q.exampleDocumentId(ws.db) as number)
    const volume = doc.evidence.find((e) => e.payload.kind === 'metric' && e.payload.kpi === 'volume')
    if (volume?.payload.kind !== 'metric') throw new Error('no volume evidence')
    const counted = ws.db
      .prepare(
        `SELECT count(*) AS n FROM tickets WHERE case_type = 'live_gifts_coins' AND region = 'SEA' AND channel = 'in_app'
         AND created_at >= ? AND created_at < ?`,
      )
      .get(
        Date.parse(`${volume.payload.from}T00:00:00Z`),
        Date.parse(`${volume.payload.to}T00:00:00Z`) + 86_400_000,
      ) as { n: number }
    expect(volume.payload.value).toBe(counted.n)
    expect(text).toMatch(new RegExp(`${counted.n} Live gifts & coins tickets came in`))
    const flat = text.replace(/\s+/g, ' ')
    for (const k of ['volume', 'frt', 'csat', 'reopenRate'] as const)
      expect(flat).toContain(KPIS[k].definition.replace(/\s+/g, ' '))
    const chart = doc.evidence.find((e) => e.payload.kind === 'chart')
    if (chart?.payload.kind !== 'chart') throw new Error('no chart evidence')
    expect(flat.replace(/ /g, '')).toContain(chart.payload.dataHash)
  })

  it('holds none of the redacted strings', () => {
    for (const secret of [
      EXAMPLE_PERSONAL_DATA.email,
      EXAMPLE_PERSONAL_DATA.phone,
      EXAMPLE_PERSONAL_DATA.handle,
      'vendor-giftpay',
    ])
      expect(text).not.toContain(secret)
    expect(text).toContain('[email]')
    expect(text).toContain('[phone]')
    expect(text).toContain('[handle]')
    // Requesters of cited tickets are a chosen field, on by default.
    const ws = manager.require()
    const requesters = ws.db
      .prepare(
        'SELECT DISTINCT requester FROM tickets WHERE id IN (SELECT ticket_id FROM escalation_tickets) AND requester IS NOT NULL',
      )
      .pluck()
      .all() as string[]
    expect(requesters.length).toBeGreaterThan(0)
    for (const r of requesters) expect(text).not.toContain(r)
  })

  it('renders its pages, and its metadata names no local path', () => {
    const out = tempDir()
    execFileSync('pdftoppm', ['-png', '-r', '60', pdfFile, path.join(out, 'page')])
    const pngs = fs.readdirSync(out).filter((f) => f.endsWith('.png'))
    expect(pngs.length).toBeGreaterThanOrEqual(5)
    for (const p of pngs) expect(fs.statSync(path.join(out, p)).size).toBeGreaterThan(3_000)
    const info = execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' })
    expect(info).toContain('Title:           RCA: LIVE gifts not delivered in SEA')
    expect(info).not.toMatch(/\/tmp|\/home|\/root|file:/)
    const raw = fs.readFileSync(pdfFile, 'latin1')
    expect(raw).not.toContain(dataDir)
  })

  it('lets no request leave the printer, and stops at its deadline', async () => {
    let requests = 0
    const server = http.createServer((_req, res) => {
      requests++
      res.end('x')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as AddressInfo).port
    try {
      const printer = createChromiumPrinter({ executablePath: chromium })
      const html = `<!doctype html><html><head><link rel="stylesheet" href="http://127.0.0.1:${port}/a.css"></head><body><img src="http://127.0.0.1:${port}/x.png"><iframe src="http://127.0.0.1:${port}/f"></iframe><script>fetch('http://127.0.0.1:${port}/s')</script>Hello</body></html>`
      const pdf = await printer.print({
        html,
        headerTemplate: '<span></span>',
        footerTemplate: '<span></span>',
        timeZone: 'UTC',
        timeoutMs: 30_000,
      })
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      expect(requests).toBe(0)
      await expect(
        printer.print({ html, headerTemplate: '', footerTemplate: '', timeZone: 'UTC', timeoutMs: 1 }),
      ).rejects.toThrow(/took longer than/)
    } finally {
      server.close()
    }
  })

  it('exports the worked example from the command line', async () => {
    const out = path.join(tempDir(), 'out.pdf')
    manager.close()
    const lines: string[] = []
    const io = {
      out: (t: string) => lines.push(t),
      err: (t: string) => lines.push(t),
      progress: () => {},
      env: { ...process.env, WORKBENCH_CHROMIUM: chromium ?? '' },
    }
    const code = await runCli(['export-rca', 'demo', out, '--data-dir', dataDir, '--time-zone', 'Europe/Dublin'], io)
    expect(lines.join('\n')).toMatch(/Exported RCA \d+ \(9 sections/)
    expect(code).toBe(0)
    expect(fs.readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' })).toContain('Executive summary')
    expect(await runCli(['export-rca', '12x', out, '--data-dir', dataDir], io)).toBe(2)
    expect(await runCli(['export-rca', '999', out, '--data-dir', dataDir], io)).toBe(1)
    expect(lines.at(-1)).toMatch(/There is no RCA 999 in this workspace/)
    manager.start({ noDemo: true })
  })
})
