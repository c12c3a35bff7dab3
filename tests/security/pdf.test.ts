/**
 * Issue 7 part 3 for the PDF, and reliability.md's PDF lines as they concern hostile content: an RCA whose text and
 * cited tickets carry the XSS corpus prints to a PDF (real Chromium, the browser-mode and CLI printer) in which the
 * payloads are inert text; nothing is fetched while printing (a local listener counts requests); the file has no
 * JavaScript, launch or link actions towards the payloads' addresses and no local paths; redacted strings are absent
 * from its extracted text; the export is in the audit log.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { AuditPage } from '../../src/shared/api/methods/security'
import type { RcaExported } from '../../src/shared/api/methods/rca'
import { DEFAULT_PACKET_REDACTION, type RcaDocument, type RcaTemplate } from '../../src/shared/rca'
import { findChromium } from '../../src/main/rca/pdfChromium'
import { seededBackend, type Seeded } from './seed'
import { xssCorpus } from './xssCorpus'

const chromium = await findChromium()
const pdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

let s: Seeded | null = null
let server: http.Server | null = null
afterEach(() => {
  s?.backend.close()
  server?.close()
  s = null
  server = null
})

const squash = (t: string) => t.replace(/\s+/g, '')

describe('the RCA PDF with hostile content', () => {
  // Needs Chromium to print and pdftotext to read the PDF (.ci/run installs both, so CI always runs it).
  it.skipIf(!chromium || !pdftotext)(
    'prints the payloads as text, fetches nothing, carries no actions or local paths, and is audited',
    async () => {
      const hits: string[] = []
      server = http.createServer((req, res) => {
        hits.push(req.url ?? '')
        res.end('ok')
      })
      await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      await fetch(`${base}/control`)
      expect(hits).toEqual(['/control'])
      hits.length = 0

      s = await seededBackend(60, { transport: 'web' })
      const db = s.backend.manager.require().db
      const corpus = xssCorpus(base)
      const ids = (
        db.prepare('SELECT id FROM tickets WHERE sensitive = 0 ORDER BY id LIMIT 8').all() as { id: number }[]
      ).map((r) => r.id)
      const setText = db.prepare('UPDATE tickets SET subject = ?, requester = ? WHERE id = ?')
      ids.forEach((id, i) => setText.run((corpus[i] as string).slice(0, 200), 'redact.me.please@example.com', id))
      const templates = await s.call<RcaTemplate[]>('rca.templates', {})
      const doc = await s.call<RcaDocument>('rca.create', {
        escalationId: null,
        templateId: templates[0]?.id,
        title: `Payout outage <script>fetch('${base}/title')</script>`,
      })
      const key = Object.keys(doc.content.sections).find((k) => doc.content.sections[k]?.kind === 'text') as string
      const text = `${corpus[1]} ${corpus[2]} Contact ops.lead@example.com or +1 415 555 0134.`
      await s.call('rca.save', {
        id: doc.id,
        title: doc.title,
        content: { ...doc.content, sections: { ...doc.content.sections, [key]: { kind: 'text', text, cites: [] } } },
        baseRevision: doc.revision,
      })
      await s.call('rca.addEvidence', {
        id: doc.id,
        evidence: { kind: 'tickets', ticketIds: ids },
        label: 'Affected tickets',
      })
      const out = await s.call<RcaExported>('rca.exportPdf', {
        id: doc.id,
        timeZone: 'UTC',
        redaction: DEFAULT_PACKET_REDACTION,
      })
      const bytes = fs.readFileSync(out.file)
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      const extracted = execFileSync('pdftotext', ['-enc', 'UTF-8', out.file, '-'], { encoding: 'utf8' })
      // The payloads are there as words on the page.
      expect(squash(extracted)).toContain(squash(`fetch('${base}/title')`))
      expect(squash(extracted)).toContain(squash(`onerror="window.__xss='img'"`))
      expect(squash(extracted)).toContain(squash(`<svg onload="window.__xss='svg'">`))
      // Nothing was fetched while printing, and the file cannot act on its own.
      expect(hits).toEqual([])
      const latin = bytes.toString('latin1')
      for (const action of ['/JavaScript', '/JS ', '/Launch', '/SubmitForm', '/ImportData'])
        expect(latin).not.toContain(action)
      expect(latin).not.toMatch(new RegExp(`/URI\\s*\\(${base.replace(/[.:/]/g, (c) => `\\${c}`)}`))
      // No local paths in the metadata or anywhere else.
      for (const local of [s.dataDir, os.homedir(), os.tmpdir()]) expect(latin).not.toContain(local)
      // Redaction is on by default: the addresses and the phone number are not in the text.
      expect(extracted).not.toContain('redact.me.please@example.com')
      expect(extracted).not.toContain('ops.lead@example.com')
      expect(squash(extracted)).not.toContain('4155550134')
      const audit = await s.call<AuditPage>('audit.list', { actions: ['export.pdf'] })
      expect(audit.entries[0]).toMatchObject({ action: 'export.pdf', target: out.fileName })
    },
    120_000,
  )
})
