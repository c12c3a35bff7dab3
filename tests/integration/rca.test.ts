/**
 * RCA documents over a real workspace: migration 012, templates as data, autosave with revisions, version history
 * and restore, evidence frozen when cited, the worked example of the demo, the packet's HTML and the export record.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { openDatabase, type Db } from '../../src/main/db/connection'
import { LATEST_VERSION } from '../../src/main/db/migrations'
import * as q from '../../src/main/db/queries/rca'
import { generateDemo } from '../../src/main/demo/generator'
import { createEscalation } from '../../src/main/escalations/service'
import { EXAMPLE_PERSONAL_DATA } from '../../src/main/rca/demoExample'
import { buildEvidence, chartDataHash } from '../../src/main/rca/evidence'
import { exportRcaPdf, packetFor } from '../../src/main/rca/exportPdf'
import type { PdfPrinter } from '../../src/main/rca/printer'
import * as rca from '../../src/main/rca/service'
import {
  DEFAULT_PACKET_REDACTION,
  DEFAULT_RCA_TEMPLATES,
  rcaTemplateBodySchema,
  type RcaContent,
} from '../../src/shared/rca'
import { tempDir } from '../helpers/tmp'

const END = Date.parse('2026-11-01T00:00:00Z')
let dir: string
let db: Db

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'owb-rca-'))
  db = openDatabase(path.join(dir, 'demo.sqlite'))
  generateDemo(db, { tickets: 20_000, seed: 42, endAt: END })
})
afterAll(() => {
  db.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const standardId = () => q.templateIdByName(db, DEFAULT_RCA_TEMPLATES[0]?.name ?? '') as number

describe('migration 012', () => {
  it('creates strict tables and seeds the built-in templates, each valid by the schema', () => {
    const fresh = openDatabase(path.join(tempDir(), 'm.sqlite'))
    expect(fresh.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
    for (const t of ['rca_templates', 'rca_documents', 'rca_versions', 'rca_evidence']) {
      const sql = (fresh.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(t) as { sql: string }).sql
      expect(sql).toMatch(/STRICT/)
    }
    const templates = q.listTemplates(fresh)
    expect(templates.map((t) => t.name)).toEqual(DEFAULT_RCA_TEMPLATES.map((t) => t.name))
    for (const t of templates) {
      expect(t.builtIn).toBe(true)
      expect(
        rcaTemplateBodySchema.safeParse({ name: t.name, description: t.description, sections: t.sections }).success,
      ).toBe(true)
    }
    // Deleting an RCA takes its versions and evidence with it; deleting its escalation keeps it.
    const esc = createEscalation(fresh, { title: 'E', priority: 'P2' })
    const doc = rca.createRca(fresh, { escalationId: esc.id, templateId: templates[0]?.id as number, title: 'T' })
    rca.recordVersion(fresh, doc.id, 'manual', 'v')
    fresh.prepare('DELETE FROM escalations WHERE id = ?').run(esc.id)
    expect(q.getDocument(fresh, doc.id)?.escalationId).toBeNull()
    q.deleteDocument(fresh, doc.id)
    expect(fresh.prepare('SELECT count(*) AS n FROM rca_versions').get()).toEqual({ n: 0 })
    fresh.close()
  })
})

describe('templates are data', () => {
  it('a team adds its own and edits it; names stay unique; a bad template is refused whole', () => {
    const body = {
      name: 'Trust & safety review',
      description: 'Policy incidents',
      sections: [
        { key: 'summary', title: 'Summary', kind: 'text' as const, prompt: '' },
        { key: 'causes', title: 'Causes', kind: 'fishbone' as const, prompt: '' },
      ],
    }
    const t = rca.saveTemplate(db, { body })
    expect(t.builtIn).toBe(false)
    expect(() => rca.saveTemplate(db, { body: { ...body, name: 'trust & SAFETY review' } })).toThrow(/already exists/)
    const edited = rca.saveTemplate(db, { id: t.id, body: { ...body, description: 'Changed' } })
    expect(edited.description).toBe('Changed')
    expect(() =>
      rca.saveTemplate(db, { body: { ...body, name: 'Dup keys', sections: [body.sections[0], body.sections[0]] } }),
    ).toThrow(/Two sections use the key "summary"/)
    expect(q.templateIdByName(db, 'Dup keys')).toBeNull()
    // An RCA keeps the template it was made from, whatever happens to the template later.
    const doc = rca.createRca(db, { escalationId: null, templateId: t.id, title: 'Policy RCA' })
    q.deleteTemplate(db, t.id)
    expect(rca.getRca(db, doc.id).template.sections.map((s) => s.key)).toEqual(['summary', 'causes'])
  })
})

describe('autosave, versions and restore', () => {
  it('saves only from the current revision, keeps a version every 10 minutes, and restores (undoably)', () => {
    const doc = rca.createRca(db, { escalationId: null, templateId: standardId(), title: 'Draft' }, 1_000)
    const text = (t: string): RcaContent => ({
      sections: { ...doc.content.sections, executive_summary: { kind: 'text', text: t, cites: [] } },
    })
    const r1 = rca.saveRca(db, { id: doc.id, title: 'Draft', content: text('first words'), baseRevision: 1 }, 2_000)
    expect(r1).toMatchObject({ revision: 2, versioned: true })
    const r2 = rca.saveRca(db, { id: doc.id, title: 'Draft', content: text('more words'), baseRevision: 2 }, 60_000)
    expect(r2).toMatchObject({ revision: 3, versioned: false })
    // A window still at revision 2 cannot overwrite revision 3.
    expect(() =>
      rca.saveRca(db, { id: doc.id, title: 'Old', content: text('stale'), baseRevision: 2 }, 70_000),
    ).toThrow(/changed elsewhere/)
    const r3 = rca.saveRca(
      db,
      { id: doc.id, title: 'Draft', content: text('ten minutes later'), baseRevision: 3 },
      2_000 + 600_000,
    )
    expect(r3.versioned).toBe(true)
    const versions = rca.listVersions(db, doc.id)
    expect(versions.map((v) => v.kind)).toEqual(['auto', 'auto'])
    const first = versions.at(-1)
    const restored = rca.restoreVersion(db, doc.id, first?.id as number, 700_000)
    expect(restored.content.sections.executive_summary).toMatchObject({ text: 'first words' })
    // What the restore replaced is in the history, so it can be restored in turn.
    const before = rca.listVersions(db, doc.id).find((v) => v.kind === 'restore')
    expect(before).toBeDefined()
    const back = rca.restoreVersion(db, doc.id, before?.id as number, 800_000)
    expect(back.content.sections.executive_summary).toMatchObject({ text: 'ten minutes later' })
  })

  it('refuses content that does not fit the template, or cites evidence not attached, and changes nothing', () => {
    const doc = rca.createRca(db, { escalationId: null, templateId: standardId(), title: 'Shape' })
    const wrongKind = {
      sections: { ...doc.content.sections, five_whys: { kind: 'text', text: 'x', cites: [] } },
    } as RcaContent
    expect(() => rca.saveRca(db, { id: doc.id, title: 'Shape', content: wrongKind, baseRevision: 1 })).toThrow(
      /holds text content but the template makes it five_whys/,
    )
    const badCite = {
      sections: { ...doc.content.sections, root_cause: { kind: 'text', text: 'x', cites: [999_999] } },
    } as RcaContent
    expect(() => rca.saveRca(db, { id: doc.id, title: 'Shape', content: badCite, baseRevision: 1 })).toThrow(
      /cites evidence 999999/,
    )
    expect(rca.getRca(db, doc.id).revision).toBe(1)
  })
})

describe('evidence', () => {
  it('freezes metric values with their definition, and charts with a hash of their data', () => {
    const metric = buildEvidence(
      {
        kind: 'metric',
        kpi: 'volume',
        filters: { region: ['SEA'] },
        from: '2026-10-01',
        to: '2026-10-07',
        timeZone: 'UTC',
      },
      { db },
    )
    const counted = db
      .prepare("SELECT count(*) AS n FROM tickets WHERE region = 'SEA' AND created_at >= ? AND created_at < ?")
      .get(Date.parse('2026-10-01T00:00:00Z'), Date.parse('2026-10-08T00:00:00Z')) as { n: number }
    expect(metric.payload).toMatchObject({
      kind: 'metric',
      value: counted.n,
      definition: 'Volume: tickets created in the period.',
    })
    // Several fields at once are measured from the tickets, with the same answer the rollups would give.
    const combo = buildEvidence(
      {
        kind: 'metric',
        kpi: 'volume',
        filters: { region: ['SEA'], channel: ['in_app'] },
        from: '2026-10-01',
        to: '2026-10-07',
        timeZone: 'UTC',
      },
      { db },
    )
    const comboCount = db
      .prepare(
        "SELECT count(*) AS n FROM tickets WHERE region = 'SEA' AND channel = 'in_app' AND created_at >= ? AND created_at < ?",
      )
      .get(Date.parse('2026-10-01T00:00:00Z'), Date.parse('2026-10-08T00:00:00Z')) as { n: number }
    expect(combo.payload).toMatchObject({ value: comboCount.n })
    const chart = buildEvidence(
      {
        kind: 'chart',
        kpi: 'volume',
        groupBy: null,
        grain: 'day',
        filters: { region: ['SEA'] },
        from: '2026-10-01',
        to: '2026-10-07',
        timeZone: 'UTC',
      },
      { db },
    )
    if (chart.payload.kind !== 'chart') throw new Error('not a chart')
    expect(chart.payload.buckets).toHaveLength(7)
    expect(chart.payload.series[0]?.data.reduce<number>((a, b) => a + (b ?? 0), 0)).toBe(counted.n)
    expect(chart.payload.dataHash).toBe(chartDataHash(chart.payload.buckets, chart.payload.series))
    expect(chart.payload.dataHash).toMatch(/^[0-9a-f]{64}$/)
    expect(() => buildEvidence({ kind: 'tickets', ticketIds: [1, 99_999_999] }, { db })).toThrow(
      /not in this workspace/,
    )
  })

  it('refuses to remove evidence a claim still cites, naming the section', () => {
    const doc = rca.createRca(db, { escalationId: null, templateId: standardId(), title: 'Cites' })
    const built = buildEvidence({ kind: 'tickets', ticketIds: [1, 2, 3] }, { db })
    const ev = q.insertEvidence(db, doc.id, built.label, built.payload, 1)
    const content = {
      sections: { ...doc.content.sections, root_cause: { kind: 'text' as const, text: 'Because', cites: [ev.id] } },
    }
    rca.saveRca(db, { id: doc.id, title: 'Cites', content, baseRevision: 1 })
    expect(() => rca.removeEvidence(db, doc.id, ev.id)).toThrow(/cited in "Root cause statement"/)
    expect(rca.getRca(db, doc.id).evidence).toHaveLength(1)
  })
})

describe('the worked example and its packet', () => {
  const fakePdf: PdfPrinter = { name: 'chromium', print: async () => Buffer.from('%PDF-1.4 fake') }

  it('exists in the demo, complete: every section written, evidence of every kind, an escalation with actions', () => {
    const id = q.exampleDocumentId(db) as number
    const doc = rca.getRca(db, id)
    expect(doc.escalationId).not.toBeNull()
    for (const s of doc.template.sections) expect(doc.content.sections[s.key], s.key).toBeDefined()
    expect(new Set(doc.evidence.map((e) => e.payload.kind))).toEqual(new Set(['metric', 'chart', 'tickets', 'view']))
    const actions = db
      .prepare('SELECT count(*) AS n FROM remediation_actions WHERE escalation_id = ?')
      .get(doc.escalationId) as { n: number }
    expect(actions.n).toBe(2)
  })

  it('prints every section, the frozen figures, and none of the redacted strings', () => {
    const id = q.exampleDocumentId(db) as number
    const doc = rca.getRca(db, id)
    const packet = packetFor(db, id, {
      timeZone: 'Asia/Singapore',
      redaction: DEFAULT_PACKET_REDACTION,
      workspaceName: 'Demo',
      now: END,
    })
    for (const s of doc.template.sections) expect(packet.html).toContain(`<h2>${s.title}</h2>`)
    expect(packet.sections).toEqual([
      ...doc.template.sections.map((s) => s.title),
      'Evidence appendix',
      'Metric dictionary',
    ])
    const volume = doc.evidence.find((e) => e.payload.kind === 'metric' && e.payload.kpi === 'volume')
    if (volume?.payload.kind !== 'metric') throw new Error('no volume evidence')
    expect(packet.html).toContain(`>${(volume.payload.value ?? 0).toLocaleString('en-US')}<`)
    expect(packet.html).toContain('Volume: tickets created in the period.')
    expect(packet.html).toContain('GMT+8')
    expect((packet.html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(4)
    for (const secret of [EXAMPLE_PERSONAL_DATA.email, EXAMPLE_PERSONAL_DATA.phone, EXAMPLE_PERSONAL_DATA.handle])
      expect(packet.html).not.toContain(secret)
    expect(packet.counts.email).toBeGreaterThanOrEqual(1)
    // Off means off, and the cover says so.
    const open = packetFor(db, id, {
      timeZone: 'UTC',
      redaction: { ...DEFAULT_PACKET_REDACTION, enabled: false },
      workspaceName: 'Demo',
    })
    expect(open.html).toContain(EXAMPLE_PERSONAL_DATA.email)
    expect(open.html).toContain('Redaction was turned off')
    // Owner names are a chosen field.
    const owner = packetFor(db, id, {
      timeZone: 'UTC',
      redaction: { ...DEFAULT_PACKET_REDACTION, fields: ['owner'] },
      workspaceName: 'Demo',
    })
    expect(owner.html).not.toContain(EXAMPLE_PERSONAL_DATA.owner)
  })

  it("still prints when the escalation's record cannot be read, and says what is missing", () => {
    const id = q.exampleDocumentId(db) as number
    db.exec('ALTER TABLE escalation_timeline RENAME TO escalation_timeline_away')
    try {
      const packet = packetFor(db, id, { timeZone: 'UTC', redaction: DEFAULT_PACKET_REDACTION, workspaceName: 'Demo' })
      expect(packet.html).toContain('<b>Incomplete:</b> The escalation&#39;s own record')
      expect(packet.html).toContain('<h2>Executive summary</h2>')
    } finally {
      db.exec('ALTER TABLE escalation_timeline_away RENAME TO escalation_timeline')
    }
  })

  it('escapes everything the analyst writes and allows nothing remote', () => {
    const doc = rca.createRca(db, {
      escalationId: null,
      templateId: standardId(),
      title: 'X <script>alert(1)</script>',
    })
    const content = {
      sections: {
        ...doc.content.sections,
        executive_summary: {
          kind: 'text' as const,
          text: '<img src="https://evil.example/x.png" onerror="alert(1)">',
          cites: [],
        },
      },
    }
    rca.saveRca(db, { id: doc.id, title: doc.title, content, baseRevision: 1 })
    const packet = packetFor(db, doc.id, { timeZone: 'UTC', redaction: DEFAULT_PACKET_REDACTION, workspaceName: 'W' })
    expect(packet.html).not.toMatch(/<script/i)
    expect(packet.html).not.toContain('<img')
    expect(packet.html).toContain('&lt;img src=&quot;https://evil.example/x.png&quot;')
    expect(packet.html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"`,
    )
    expect(packet.html).not.toMatch(/(src|href)="https?:/)
  })

  it('records the export, so the screen can mark what changed since; writes atomically', async () => {
    const id = q.exampleDocumentId(db) as number
    const out = path.join(tempDir(), 'rca.pdf')
    const result = await exportRcaPdf(db, id, out, {
      timeZone: 'UTC',
      redaction: DEFAULT_PACKET_REDACTION,
      workspaceName: 'Demo',
      printer: fakePdf,
    })
    expect(fs.readFileSync(out, 'latin1')).toBe('%PDF-1.4 fake')
    expect(fs.readdirSync(path.dirname(out))).toEqual(['rca.pdf'])
    expect(result.sections).toContain('Evidence appendix')
    const doc = rca.getRca(db, id)
    expect(doc.lastExportAt).not.toBeNull()
    expect(doc.changedSinceExport).toEqual([])
    const root = doc.content.sections.root_cause
    if (root?.kind !== 'text') throw new Error('root cause is not text')
    rca.saveRca(db, {
      id,
      title: doc.title,
      content: { sections: { ...doc.content.sections, root_cause: { ...root, text: `${root.text} Edited.` } } },
      baseRevision: doc.revision,
    })
    expect(rca.getRca(db, id).changedSinceExport).toEqual(['root_cause'])
    // A printer that returns something else than a PDF never leaves a file behind.
    const bad: PdfPrinter = { name: 'chromium', print: async () => Buffer.from('<html>') }
    const out2 = path.join(tempDir(), 'bad.pdf')
    await expect(
      exportRcaPdf(db, id, out2, {
        timeZone: 'UTC',
        redaction: DEFAULT_PACKET_REDACTION,
        workspaceName: 'D',
        printer: bad,
      }),
    ).rejects.toThrow(/not a PDF/)
    expect(fs.existsSync(out2)).toBe(false)
  })

  it('a write that fails part-way leaves the earlier PDF byte for byte (or no file), no temporary file, no export on record', async () => {
    const id = q.exampleDocumentId(db) as number
    const dir = tempDir()
    const out = path.join(dir, 'rca.pdf')
    const earlier = Buffer.from('%PDF-1.4 the packet sent to the partner yesterday')
    fs.writeFileSync(out, earlier)
    const exportedAt = rca.getRca(db, id).lastExportAt
    const bigger: PdfPrinter = {
      name: 'chromium',
      print: async () => Buffer.concat([Buffer.from('%PDF-1.7 '), Buffer.alloc(256 * 1024, 0x41)]),
    }
    // The disk fails after half the bytes of the temporary file are down (EIO, a full disk, a pulled USB drive).
    const open = fs.openSync
    const write = fs.writeSync
    const partials = new Set<number>()
    let halfWritten = 0
    vi.spyOn(fs, 'openSync').mockImplementation((file: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode | null) => {
      const fd = open(file, flags ?? 'r', mode)
      if (path.dirname(String(file)) === dir) partials.add(fd)
      return fd
    })
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: Buffer, ...rest: []) => {
      if (!partials.has(fd)) return write(fd, data, ...rest)
      halfWritten += write(fd, data.subarray(0, data.length / 2))
      throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' })
    }) as typeof fs.writeSync)
    try {
      const options = { timeZone: 'UTC', redaction: DEFAULT_PACKET_REDACTION, workspaceName: 'Demo', printer: bigger }
      await expect(exportRcaPdf(db, id, out, options)).rejects.toThrow(/EIO/)
      expect(halfWritten).toBe(128 * 1024 + 4)
      expect(fs.readFileSync(out).equals(earlier)).toBe(true)
      await expect(exportRcaPdf(db, id, path.join(dir, 'first.pdf'), options)).rejects.toThrow(/EIO/)
      expect(fs.readdirSync(dir)).toEqual(['rca.pdf'])
    } finally {
      vi.restoreAllMocks()
    }
    expect(rca.getRca(db, id).lastExportAt).toBe(exportedAt)
  })
})
