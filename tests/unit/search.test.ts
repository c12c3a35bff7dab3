import Database from 'better-sqlite3'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import {
  highlightSegments,
  MAX_SEARCH_LENGTH,
  MAX_SEARCH_TERMS,
  parseSearch,
  searchTokens,
} from '../../src/shared/search'

function match(text: string): string | null {
  const p = parseSearch(text)
  if (!p.ok) throw new Error(`expected ${text} to parse: ${p.message}`)
  return p.match
}

function message(text: string): string {
  const p = parseSearch(text)
  if (p.ok) throw new Error(`expected ${text} to be rejected, got ${p.match}`)
  return p.message
}

describe('parseSearch', () => {
  it('quotes every term and ANDs bare words', () => {
    expect(match('payout delayed')).toBe('("payout") AND ("delayed")')
    expect(match('pay*')).toBe('"pay"*')
    expect(match('"card declined"')).toBe('"card declined"')
    expect(match('Café')).toBe('"cafe"')
  })

  it('reads OR, NOT, -word, AND and parentheses', () => {
    expect(match('refund OR chargeback')).toBe('("refund") OR ("chargeback")')
    expect(match('refund -chargeback')).toBe('(("refund")) NOT ("chargeback")')
    expect(match('refund NOT chargeback')).toBe('(("refund")) NOT ("chargeback")')
    expect(match('a AND b')).toBe('("a") AND ("b")')
    expect(match('(login OR password) reset')).toBe('(("login") OR ("password")) AND ("reset")')
    expect(match('x -(y OR z)')).toBe('(("x")) NOT (("y") OR ("z"))')
  })

  it('treats FTS syntax typed by the analyst as words', () => {
    expect(match('subject:foo')).toBe('"subject foo"')
    expect(match('NEAR(a b)')).toBe('("near") AND (("a") AND ("b"))')
    expect(match('^start')).toBe('"start"')
    expect(match('or and not')).toBe('("or") AND ("and") AND ("not")')
  })

  it('treats blank input as no search, and refuses input with nothing searchable', () => {
    expect(match('')).toBeNull()
    expect(match('   ')).toBeNull()
    for (const text of ['*', '-', '!!! -', '""', '- -'])
      expect(message(text)).toMatch(/^Nothing to search for in “.+”: type a word or number/)
    // Punctuation beside real words is simply not searched for.
    expect(match('refund !!! *')).toBe('"refund"')
  })

  it('refuses very long input with its length', () => {
    expect(message('a'.repeat(MAX_SEARCH_LENGTH + 1))).toBe(
      `This search is 501 characters long: shorten it to ${MAX_SEARCH_LENGTH} or fewer.`,
    )
    expect(match('a'.repeat(MAX_SEARCH_LENGTH))).toBe(`"${'a'.repeat(MAX_SEARCH_LENGTH)}"`)
  })

  it('explains bare operators and unbalanced input', () => {
    expect(message('"account review')).toMatch(/^Unclosed quote at the start/)
    expect(message('AND')).toBe('"AND" needs a term before it.')
    expect(message('NOT')).toBe('"NOT" needs a term after it.')
    expect(message('OR')).toBe('"OR" needs a term before it.')
    expect(message('(foo')).toBe('Missing ")": a "(" is never closed.')
    expect(message('foo)')).toMatch(/^Unexpected "\)"/)
  })

  it('says what is wrong', () => {
    expect(message('refund "card declined')).toBe('Unclosed quote after “refund”: add the closing " or remove it.')
    expect(message('"unclosed')).toMatch(/^Unclosed quote at the start/)
    expect(message('(a OR b')).toMatch(/Missing "\)"/)
    expect(message('a OR b)')).toMatch(/Unexpected "\)"/)
    expect(message('a OR')).toBe('"OR" needs a term after it.')
    expect(message('OR a')).toBe('"OR" needs a term before it.')
    expect(message('a AND')).toBe('"AND" needs a term after it.')
    expect(message('a NOT')).toBe('"NOT" needs a term after it.')
    expect(message('-refund')).toMatch(/^Add a word to search for/)
    expect(message('a OR -b')).toMatch(/^Add a word to search for/)
    expect(message('()')).toMatch(/Empty parentheses/)
    expect(message(Array.from({ length: MAX_SEARCH_TERMS + 1 }, (_, i) => `w${i}`).join(' '))).toMatch(/Too many/)
  })

  it('returns the terms to highlight, not the excluded ones', () => {
    const p = parseSearch('"card declined" pay* -spam')
    expect(p.ok && p.terms).toEqual([
      { tokens: ['card', 'declined'], prefix: false },
      { tokens: ['pay'], prefix: true },
    ])
  })
})

describe('highlightSegments', () => {
  it('marks whole tokens, prefixes and phrases, folding case and accents', () => {
    const p = parseSearch('pay* "card declined" cafe')
    if (!p.ok) throw new Error(p.message)
    const segs = highlightSegments('Payout failed: Card declined at the Café; repay later', p.terms)
    expect(segs.filter((s) => s.match).map((s) => s.text)).toEqual(['Payout', 'Card declined', 'Café'])
    expect(segs.map((s) => s.text).join('')).toBe('Payout failed: Card declined at the Café; repay later')
  })

  it('leaves text alone without terms', () => {
    expect(highlightSegments('<b>x</b>', [])).toEqual([{ text: '<b>x</b>', match: false }])
  })
})

describe('any input against a real FTS5 table', () => {
  const db = new Database(':memory:')
  db.exec(`CREATE VIRTUAL TABLE f USING fts5(subject, body, content='', contentless_delete=1,
    tokenize='unicode61 remove_diacritics 2')`)
  const ins = db.prepare('INSERT INTO f (rowid, subject, body) VALUES (?, ?, ?)')
  ;['pay refund "quoted" card', 'NOT OR AND near', 'Zoë Ångström 李雷 DROP TABLE'].forEach((t, i) =>
    ins.run(i + 1, t, t),
  )
  const query = db.prepare('SELECT rowid FROM f WHERE f MATCH ?')
  afterAll(() => db.close())

  const alphabet = fc.constantFrom(
    ...'ab ()"*-:^+.,NOTANDOR near{}[]\\\'\u0000é李 \t'.split(''),
    'OR',
    'AND',
    'NOT',
    'NEAR',
    ' ',
  )
  const searchText = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.array(alphabet, { maxLength: 30 }).map((xs) => xs.join('')),
  )

  it('either parses to an expression SQLite accepts or gives a message; never throws', () => {
    fc.assert(
      fc.property(searchText, (text) => {
        const p = parseSearch(text)
        if (p.ok) {
          if (p.match !== null) expect(() => query.all(p.match)).not.toThrow()
          for (const t of p.terms) expect(t.tokens.length).toBeGreaterThan(0)
        } else {
          expect(p.message.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: 3000 },
    )
  })

  it('finds what a bare word names in the tokenizer’s own terms', () => {
    fc.assert(
      fc.property(fc.constantFrom('pay', 'REFUND', 'quoted', 'zoe', 'angstrom', '李雷', 'drop'), (word) => {
        const p = parseSearch(word)
        expect(p.ok && query.all(p.match).length).toBeGreaterThan(0)
        expect(searchTokens(word).length).toBe(1)
      }),
    )
  })
})
