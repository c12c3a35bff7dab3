/** Templates render every section; the content model, the change marks and the fishbone drawing (no database). */
import { describe, expect, it } from 'vitest'
import { esc } from '../../src/main/rca/packetFormat'
import { buildPacket } from '../../src/main/rca/packetHtml'
import {
  changedParts,
  citedEvidence,
  contentForTemplate,
  DEFAULT_PACKET_REDACTION,
  DEFAULT_RCA_TEMPLATES,
  FISHBONE_CATEGORIES,
  RCA_SECTION_KINDS,
  rcaContentSchema,
  type RcaContent,
  type RcaDocument,
  type RcaSection,
  type RcaTemplateBody,
} from '../../src/shared/rca'
import { fishboneSvg, wrapWords } from '../../src/shared/rcaFishbone'
import { clearDraft, moveItem, rcaRouteFromHash, readDraft, writeDraft } from '../../src/renderer/features/rca/rcaModel'

const EVERY_KIND: RcaTemplateBody = {
  name: 'Every kind',
  description: '',
  sections: RCA_SECTION_KINDS.map((kind, i) => ({
    key: `s${i}`,
    title: `Section ${kind}`,
    kind,
    prompt: `Prompt ${i}`,
  })),
}

/** Content with a recognisable sentence in every part of every section. */
function filled(template: RcaTemplateBody): RcaContent {
  const sections: Record<string, RcaSection> = {}
  for (const s of template.sections) {
    const mark = `MARK-${s.key}`
    switch (s.kind) {
      case 'text':
      case 'impact':
        sections[s.key] = { kind: s.kind, text: `${mark} text`, cites: [1] }
        break
      case 'five_whys':
        sections[s.key] = { kind: 'five_whys', problem: `${mark} problem`, whys: [{ text: `${mark} why`, cites: [1] }] }
        break
      case 'fishbone':
        sections[s.key] = {
          kind: 'fishbone',
          problem: `${mark} effect`,
          causes: Object.fromEntries(
            FISHBONE_CATEGORIES.map((c) => [c, [{ text: `${mark} ${c} cause`, cites: [] }]]),
          ) as never,
        }
        break
      case 'timeline':
        sections[s.key] = {
          kind: 'timeline',
          entries: [{ at: Date.UTC(2026, 9, 18, 6), text: `${mark} entry`, cites: [1] }],
        }
        break
      case 'remediation':
        sections[s.key] = {
          kind: 'remediation',
          text: `${mark} plan`,
          actions: [
            {
              action: `${mark} action`,
              owner: 'Ops',
              due: '2026-11-30',
              status: 'planned',
              successMetric: `${mark} metric`,
              cites: [],
            },
          ],
        }
        break
    }
  }
  return { sections }
}

function docOf(template: RcaTemplateBody, content: RcaContent): RcaDocument {
  return {
    id: 1,
    title: 'Packet test',
    escalationId: null,
    escalationTitle: null,
    templateName: template.name,
    revision: 3,
    updatedAt: Date.UTC(2026, 9, 20),
    lastExportAt: null,
    changedSinceExport: [],
    example: false,
    template,
    content,
    createdAt: Date.UTC(2026, 9, 19),
    evidence: [
      {
        id: 1,
        rcaId: 1,
        label: 'Chart of volume',
        createdAt: Date.UTC(2026, 9, 20),
        payload: {
          kind: 'chart',
          kpi: 'volume',
          stat: null,
          groupBy: null,
          grain: 'day',
          filters: { region: ['SEA'] },
          from: '2026-10-17',
          to: '2026-10-19',
          timeZone: 'UTC',
          buckets: ['2026-10-17', '2026-10-18', '2026-10-19'],
          series: [{ name: 'Volume', data: [3, 14, 5] }],
          dataHash: 'a'.repeat(64),
        },
      },
    ],
  }
}

describe('templates render every section', () => {
  for (const template of [...DEFAULT_RCA_TEMPLATES, EVERY_KIND]) {
    it(`${template.name}: every section's title and content are in the packet`, () => {
      const content = filled(template)
      expect(rcaContentSchema.safeParse(content).success).toBe(true)
      const packet = buildPacket({
        doc: docOf(template, content),
        escalation: null,
        workspaceName: 'W',
        generatedAt: Date.UTC(2026, 9, 21, 12),
        timeZone: 'America/New_York',
        redaction: DEFAULT_PACKET_REDACTION,
      })
      for (const s of template.sections) {
        expect(packet.html).toContain(`<h2>${s.title}</h2>`)
        expect(packet.html).toContain(`MARK-${s.key}`)
      }
      expect(packet.sections).toEqual([
        ...template.sections.map((s) => s.title),
        'Evidence appendix',
        'Metric dictionary',
      ])
      expect(packet.html).toContain('<a class="cite" href="#ev-1">[E1]</a>')
      expect(packet.html).toContain('GMT-4')
      expect(packet.footerTemplate).toContain('class="pageNumber"')
      expect(packet.footerTemplate).toContain('class="totalPages"')
      expect(packet.headerTemplate).toContain('Packet test')
      if (template.sections.some((s) => s.kind === 'impact')) expect(packet.html).toContain('Figure 1.')
    })
  }

  it('says plainly when a section is empty', () => {
    const template = DEFAULT_RCA_TEMPLATES[0] as RcaTemplateBody
    const packet = buildPacket({
      doc: docOf(template, contentForTemplate(template)),
      escalation: null,
      workspaceName: 'W',
      generatedAt: 0,
      timeZone: 'UTC',
      redaction: DEFAULT_PACKET_REDACTION,
    })
    // Impact still shows its chart; every other section says it is empty and what it should answer.
    expect(packet.html.split('Not written yet.').length - 1).toBe(template.sections.length - 1)
    for (const s of template.sections.filter((x) => x.kind !== 'impact')) expect(packet.html).toContain(esc(s.prompt))
  })
})

describe('content model', () => {
  it('fills missing sections with empty ones of the right kind and lists citations in order', () => {
    const c = contentForTemplate(EVERY_KIND)
    expect(Object.values(c.sections).map((s) => s.kind)).toEqual([...RCA_SECTION_KINDS])
    const content = filled(EVERY_KIND)
    expect(citedEvidence(content, EVERY_KIND)).toEqual([1])
  })

  it('marks exactly the parts that changed', () => {
    const a = { title: 'T', content: filled(EVERY_KIND) }
    const b = {
      title: 'T',
      content: { sections: { ...a.content.sections, s0: { kind: 'text' as const, text: 'other', cites: [] } } },
    }
    expect(changedParts(EVERY_KIND, a, a)).toEqual([])
    expect(changedParts(EVERY_KIND, a, b)).toEqual(['s0'])
    expect(changedParts(EVERY_KIND, a, { ...b, title: 'U' })).toEqual(['title', 's0'])
    // Key order in stored JSON does not count as a change.
    const reordered = JSON.parse(
      JSON.stringify(a.content, Object.keys(a.content.sections).reverse().concat(['sections'])),
    ) as RcaContent
    expect(
      changedParts(EVERY_KIND, a, {
        title: 'T',
        content: { sections: { ...reordered.sections, ...a.content.sections } },
      }),
    ).toEqual([])
  })
})

describe('fishbone drawing', () => {
  it('draws six labelled bones and the effect, escaped', () => {
    const svg = fishboneSvg({
      problem: 'Gifts <lost>',
      causes: {
        people: ['a & b'],
        process: ['x', 'y'],
        product: [],
        policy: [],
        tooling: ['1', '2', '3', '4', '5', '6', '7'],
        vendor: ['v'],
      },
    })
    expect(svg.startsWith('<svg')).toBe(true)
    for (const label of ['People (1)', 'Process (2)', 'Product (0)', 'Policy (0)', 'Tooling (7)', 'Vendor (1)'])
      expect(svg).toContain(label)
    expect(svg).toContain('Gifts &lt;lost&gt;')
    expect(svg).toContain('a &amp; b')
    expect(svg).toContain('+2 more, listed below')
    // The spine, six bones, and a tick per cause drawn (at most five per bone).
    expect((svg.match(/<line/g) ?? []).length).toBe(1 + 6 + (1 + 2 + 5 + 1))
  })

  it('wraps long text into bounded lines', () => {
    const lines = wrapWords('one two three four five six seven eight nine ten eleven twelve', 12, 2)
    expect(lines).toHaveLength(2)
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(12)
    expect(lines[1]?.endsWith('…')).toBe(true)
  })
})

describe('RCA screen model', () => {
  it('reads where the hash points', () => {
    expect(rcaRouteFromHash('#/rca')).toEqual({ kind: 'list' })
    expect(rcaRouteFromHash('#/rca/12')).toEqual({ kind: 'open', id: 12 })
    expect(rcaRouteFromHash('#/rca/new?escalation=3')).toEqual({ kind: 'new', escalationId: 3 })
    expect(rcaRouteFromHash('#/rca/new')).toEqual({ kind: 'new', escalationId: null })
  })

  it('keeps a draft per workspace and RCA until cleared, and ignores a damaged one', () => {
    const map = new Map<string, string>()
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    }
    const draft = { title: 'T', content: filled(EVERY_KIND), baseRevision: 4, savedLocallyAt: 9 }
    writeDraft(storage, 'demo', 7, draft)
    expect(readDraft(storage, 'demo', 7)).toEqual(draft)
    expect(readDraft(storage, 'other', 7)).toBeNull()
    clearDraft(storage, 'demo', 7)
    expect(readDraft(storage, 'demo', 7)).toBeNull()
    map.set('workbench.rcaDraft.demo.8', '{not json')
    expect(readDraft(storage, 'demo', 8)).toBeNull()
  })

  it('moves list items within bounds', () => {
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c'])
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c'])
  })
})
