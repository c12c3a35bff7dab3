import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { highlightSegments, parseSearch, type SearchTerm } from '../../src/shared/search'
import { buildSnippet, SNIPPET_CHARS } from '../../src/shared/snippet'

function terms(text: string): SearchTerm[] {
  const p = parseSearch(text)
  if (!p.ok) throw new Error(p.message)
  return p.terms
}

const marks = (text: string, t: readonly SearchTerm[]): string[] =>
  highlightSegments(text, t)
    .filter((s) => s.match)
    .map((s) => s.text)

const LONG_DESCRIPTION =
  'Hello team, I have been trying for three days to get somebody to look at this. ' +
  'My channel was flagged last week and since then nothing works as it should, the dashboard is slow. ' +
  'Could you please run an account review so that my payouts resume? Thanks a lot for any help you can give. ' +
  'I have attached the screenshots of the errors, the emails I received and the list of videos that were affected.'

describe('buildSnippet', () => {
  it('cuts the window holding the search’s terms out of a long description, on word boundaries', () => {
    const t = terms('account review')
    const s = buildSnippet({ subject: 'Payouts stopped', description: LONG_DESCRIPTION, comments: [] }, t)
    expect(s?.from).toBe('description')
    const text = s?.text ?? ''
    expect(text.startsWith('…')).toBe(true)
    expect(text.endsWith('…')).toBe(true)
    expect(text.length).toBeLessThanOrEqual(SNIPPET_CHARS + 2)
    expect(text).toContain('run an account review so that')
    // Whole words at both cuts: each end is a word of the description.
    const words = new Set(LONG_DESCRIPTION.split(/\W+/))
    const inner = text.slice(1, -1).split(/\W+/).filter(Boolean)
    expect(words.has(inner[0] as string) && words.has(inner[inner.length - 1] as string)).toBe(true)
    expect(marks(text, t)).toEqual(['account review'])
  })

  it('prefers the text holding more of the terms, and on a tie a match the subject column does not show', () => {
    const t = terms('refund card')
    const both = buildSnippet(
      { subject: 'Refund please', description: 'My card was charged twice, I want a refund.', comments: [] },
      t,
    )
    expect(both).toEqual({ from: 'description', text: 'My card was charged twice, I want a refund.' })
    const subjectBest = buildSnippet({ subject: 'Refund to my card', description: 'refund', comments: [] }, t)
    expect(subjectBest).toEqual({ from: 'subject', text: 'Refund to my card' })
    const tie = buildSnippet({ subject: 'Refund please', description: 'Where is my refund?', comments: [] }, t)
    expect(tie).toEqual({ from: 'description', text: 'Where is my refund?' })
    const onlySubject = buildSnippet({ subject: 'Refund please', description: 'Hello', comments: ['Thanks'] }, t)
    expect(onlySubject).toEqual({ from: 'subject', text: 'Refund please' })
  })

  it('finds matches in comments, in order, and marks prefixes and phrases as the highlighter does', () => {
    const t = terms('pay* "card declined"')
    const s = buildSnippet(
      {
        subject: 'Help',
        description: 'Nothing relevant here.',
        comments: ['First reply.', 'The payment failed:\n\ncard   declined by the bank.', 'payday card declined'],
      },
      t,
    )
    expect(s).toEqual({ from: 'comment', text: 'The payment failed: card declined by the bank.' })
    expect(marks(s?.text ?? '', t)).toEqual(['payment', 'card declined'])
  })

  it('folds case and accents like the index', () => {
    const s = buildSnippet({ subject: null, description: 'Le CAFÉ est fermé', comments: [] }, terms('cafe'))
    expect(s?.text).toBe('Le CAFÉ est fermé')
    expect(marks(s?.text ?? '', terms('cafe'))).toEqual(['CAFÉ'])
  })

  it('is null without terms, or when no text holds one', () => {
    expect(buildSnippet({ subject: 'refund', description: null, comments: [] }, [])).toBeNull()
    expect(buildSnippet({ subject: 'hello', description: 'world', comments: ['again'] }, terms('refund'))).toBeNull()
    // A phrase needs its words together.
    expect(
      buildSnippet({ subject: 'card was declined', description: null, comments: [] }, terms('"card declined"')),
    ).toBeNull()
  })

  it('spends unused room before a match near the end of the text', () => {
    const s = buildSnippet(
      { subject: null, description: LONG_DESCRIPTION.slice(0, LONG_DESCRIPTION.indexOf('give.') + 5), comments: [] },
      terms('help'),
    )
    expect(s?.text.startsWith('…')).toBe(true)
    expect(s?.text.endsWith('help you can give.')).toBe(true)
    expect((s?.text.length ?? 0) - 1).toBeGreaterThan(SNIPPET_CHARS - 20)
  })

  it('keeps a single very long word whole', () => {
    const word = `refund${'x'.repeat(300)}`
    const s = buildSnippet({ subject: `a ${word} b`, description: null, comments: [] }, terms('refund*'))
    expect(s?.text).toBe(`a ${word}…`)
  })

  it('always holds a marked match and never more than the limit plus its cut marks', () => {
    const word = fc.constantFrom('refund', 'card', 'payout', 'the', 'a', 'Zoë', 'x-y', '42', '\n', '  ', ',')
    const text = fc.array(word, { minLength: 1, maxLength: 200 }).map((ws) => ws.join(' '))
    fc.assert(
      fc.property(text, text, (subject, description) => {
        const t = terms('refund OR payout')
        const s = buildSnippet({ subject, description, comments: [] }, t)
        const found = /\b(refund|payout)\b/i.test(subject) || /\b(refund|payout)\b/i.test(description)
        expect(s !== null).toBe(found)
        if (s) {
          expect(marks(s.text, t).length).toBeGreaterThan(0)
          expect(s.text.replace(/^…|…$/g, '').length).toBeLessThanOrEqual(SNIPPET_CHARS)
          expect(s.text).not.toMatch(/\s\s|\n/)
        }
      }),
      { numRuns: 500 },
    )
  })
})
