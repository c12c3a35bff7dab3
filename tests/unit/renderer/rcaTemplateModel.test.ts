import { describe, expect, it } from 'vitest'
import {
  blankTemplate,
  copyName,
  duplicateTemplate,
  keepTemplateDraft,
  moveItem,
  newSection,
  readTemplateDraft,
  sectionKeyFor,
  templateIssues,
} from '../../../src/renderer/features/rca/rcaTemplateModel'
import { rcaRouteFromHash } from '../../../src/renderer/features/rca/rcaModel'
import { DEFAULT_RCA_TEMPLATES, rcaTemplateBodySchema } from '../../../src/shared/rcaTemplates'

const stock = DEFAULT_RCA_TEMPLATES[0] as (typeof DEFAULT_RCA_TEMPLATES)[number]

describe('rca template model', () => {
  it('names copies without colliding, case-insensitively, within 80 characters', () => {
    expect(copyName('5 Whys (short)', ['5 Whys (short)'])).toBe('Copy of 5 Whys (short)')
    expect(copyName('A', ['copy of a', 'Copy of A (2)'])).toBe('Copy of A (3)')
    const long = copyName('x'.repeat(80), ['Copy of ' + 'x'.repeat(72)])
    expect(long.length).toBeLessThanOrEqual(80)
    expect(long.endsWith(' (2)')).toBe(true)
  })

  it('derives section keys the schema accepts and never reuses one', () => {
    expect(sectionKeyFor('Customer comms!', [])).toBe('customer_comms')
    expect(sectionKeyFor('5 Whys', ['whys'])).toBe('whys_2')
    expect(sectionKeyFor('---', [])).toBe('section')
    expect(sectionKeyFor('Été', [])).toBe('ete')
    const s = newSection(stock.sections, 'impact')
    expect(s).toMatchObject({ kind: 'impact', title: 'New section', prompt: '' })
    expect(stock.sections.map((x) => x.key)).not.toContain(s.key)
  })

  it('duplicates a built-in into a body the schema accepts, leaving the stock one untouched', () => {
    const copy = duplicateTemplate(stock, [stock.name])
    expect(copy.name).toBe(`Copy of ${stock.name}`)
    copy.sections[0]!.title = 'Changed'
    expect(stock.sections[0]?.title).toBe('Executive summary')
    expect(rcaTemplateBodySchema.safeParse(copy).success).toBe(true)
    expect(rcaTemplateBodySchema.safeParse(blankTemplate(['New template'])).success).toBe(true)
    expect(blankTemplate(['New template']).name).toBe('New template (2)')
  })

  it('moves a section up and down, unchanged at the ends', () => {
    const keys = stock.sections.map((s) => s.key)
    expect(moveItem(keys, 1, -1).slice(0, 2)).toEqual([keys[1], keys[0]])
    expect(moveItem(keys, 0, -1)).toEqual(keys)
    expect(moveItem(keys, keys.length - 1, 1)).toEqual(keys)
  })

  it("places the schema's refusals next to the field they are about", () => {
    const body = {
      ...stock,
      name: '  ',
      sections: [
        { ...stock.sections[0]!, title: '' },
        { ...stock.sections[1]!, prompt: 'p'.repeat(501) },
      ],
    }
    const issues = templateIssues(body)
    expect(issues.name).toBe('Give the template a name.')
    expect(issues.sections[0]?.title).toBe('Every section needs a title.')
    expect(issues.sections[1]?.prompt).toBe('A section prompt is at most 500 characters.')
    expect(templateIssues({ ...stock, sections: [] }).general).toEqual(['A template needs at least one section.'])
    expect(templateIssues(stock, [stock.name.toUpperCase()]).name).toMatch(/already exists/)
    expect(templateIssues(stock).count).toBe(0)
  })

  it('routes #/rca/templates to the view and #/rca/new?template= to the form with that template', () => {
    expect(rcaRouteFromHash('#/rca/templates')).toEqual({ kind: 'templates' })
    expect(rcaRouteFromHash('#/rca/templatesx')).toEqual({ kind: 'list' })
    expect(rcaRouteFromHash('#/rca/new?template=7')).toEqual({ kind: 'new', escalationId: null, templateId: 7 })
    expect(rcaRouteFromHash('#/rca/new?escalation=3')).toEqual({ kind: 'new', escalationId: 3 })
  })

  it('keeps an unsaved template draft per workspace until it matches where it began, and refuses torn ones', () => {
    const store = new Map<string, string>()
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    }
    const base = duplicateTemplate(stock, [stock.name])
    const body = {
      ...base,
      name: 'Trust & Safety review',
      sections: [...base.sections, newSection(base.sections, 'text', 'Extra')],
    }
    keepTemplateDraft(storage, 'demo', { editing: null, body, base })
    expect(readTemplateDraft(storage, 'demo')).toEqual({ editing: null, body, base })
    expect(readTemplateDraft(storage, 'other')).toBeNull()
    // Mid-edit drafts are kept as they are (an empty name is only refused when saved).
    keepTemplateDraft(storage, 'demo', { editing: 7, body: { ...body, name: '' }, base })
    expect(readTemplateDraft(storage, 'demo')?.body.name).toBe('')
    expect(readTemplateDraft(storage, 'demo')?.editing).toBe(7)
    // Back to where it began, or no draft at all: forgotten.
    keepTemplateDraft(storage, 'demo', { editing: 7, body: base, base })
    expect(readTemplateDraft(storage, 'demo')).toBeNull()
    keepTemplateDraft(storage, 'demo', { editing: null, body, base })
    keepTemplateDraft(storage, 'demo', null)
    expect(store.size).toBe(0)
    for (const torn of ['{', '{"editing":null,"body":{}}', '{"editing":"7","body":{},"base":{}}', 'null'])
      expect(readTemplateDraft({ getItem: () => torn }, 'demo')).toBeNull()
    const throwing = {
      getItem: () => {
        throw new Error('denied')
      },
      setItem: () => {
        throw new Error('full')
      },
      removeItem: () => {
        throw new Error('denied')
      },
    }
    expect(readTemplateDraft(throwing, 'demo')).toBeNull()
    expect(() => keepTemplateDraft(throwing, 'demo', { editing: null, body, base })).not.toThrow()
  })
})
