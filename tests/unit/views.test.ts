/** The saved-view file format: what is accepted, what is refused and with which sentence, and name clashes. */
import { describe, expect, it } from 'vitest'
import {
  parseViewFile,
  uniqueViewName,
  viewDefinitionSchema,
  viewFileContent,
  viewFileName,
  type ViewDefinition,
} from '../../src/shared/views'

const definition: ViewDefinition = {
  version: 1,
  filters: { priority: ['urgent', null], createdFrom: 0 },
  dateRange: { preset: 'custom', from: '2026-01-01', to: '2026-01-31' },
  sort: { column: 'createdAt', dir: 'asc' },
  columns: [{ key: 'subject' }, { key: 'id', width: 80 }, { key: 'region', hidden: true }],
}
const file = (over: Record<string, unknown> = {}, view: Record<string, unknown> = {}): string =>
  JSON.stringify({
    kind: 'ops-workbench.view',
    version: 1,
    exportedAt: '2026-01-01T00:00:00.000Z',
    view: { name: 'Mine', ...definition, ...view },
    ...over,
  })

describe('view definition schema', () => {
  it('accepts a full definition and one without a date range', () => {
    expect(viewDefinitionSchema.parse(definition)).toEqual(definition)
    const { dateRange: _r, ...noRange } = definition
    expect(viewDefinitionSchema.safeParse(noRange).success).toBe(true)
  })

  it('refuses a repeated column, an unknown sort column, a bad date and a width out of range', () => {
    const bad = (over: Partial<Record<keyof ViewDefinition, unknown>>) =>
      viewDefinitionSchema.safeParse({ ...definition, ...over }).success
    expect(bad({ columns: [{ key: 'id' }, { key: 'id' }] })).toBe(false)
    expect(bad({ sort: { column: 'mood', dir: 'asc' } })).toBe(false)
    expect(bad({ dateRange: { preset: 'custom', from: '1 Jan' } })).toBe(false)
    expect(bad({ columns: [{ key: 'id', width: 5 }] })).toBe(false)
    expect(bad({ filters: { text: '"unclosed' } })).toBe(false)
  })
})

describe('view files', () => {
  it('round-trips through the export text', () => {
    const parsed = parseViewFile(viewFileContent({ name: 'Payout backlog', definition }, Date.UTC(2026, 0, 2)))
    expect(parsed).toEqual({ ok: true, name: 'Payout backlog', definition })
  })

  it.each([
    ['not JSON', 'kind: view', /not valid JSON/],
    ['an array', '[]', /not an Ops Workbench view/],
    ['another kind', file({ kind: 'ops-workbench.rca' }), /not an Ops Workbench view/],
    ['a newer version', file({ version: 7 }), /newer version of Ops Workbench — update to open it/],
    ['an unknown column', file({}, { columns: [{ key: 'mood' }] }), /column this version does not know/],
    ['an unknown field', file({}, { pinned: true }), /field this version does not know \(pinned in view\)/],
    ['an unknown top-level field', file({ extra: 1 }), /field this version does not know \(extra\)/],
    ['a missing sort', file({}, { sort: undefined }), /not valid \(view\.sort/],
    ['a blank name', file({}, { name: ' ' }), /needs a name/],
    ['an oversized file', file({ exportedAt: 'x'.repeat(70_000) }), /larger than 64 KB/],
  ])('refuses %s', (_what, content, message) => {
    const parsed = parseViewFile(content)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.message).toMatch(message)
  })

  it('names the file after the view, without characters a file system rejects', () => {
    expect(viewFileName('Payout backlog')).toBe('Payout backlog.owbview.json')
    expect(viewFileName('a/b:c*?')).toBe('abc.owbview.json')
    expect(viewFileName('///')).toBe('view.owbview.json')
  })
})

describe('unique view names', () => {
  it('keeps a free name and numbers a taken one, ignoring case', () => {
    expect(uniqueViewName('Payouts', ['Other'])).toBe('Payouts')
    expect(uniqueViewName('Payouts', ['payouts'])).toBe('Payouts (2)')
    expect(uniqueViewName('Payouts', ['Payouts', 'Payouts (2)'])).toBe('Payouts (3)')
    expect(uniqueViewName('Payouts (2)', ['Payouts', 'Payouts (2)'])).toBe('Payouts (3)')
  })
})
