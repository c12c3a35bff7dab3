/**
 * The analyst's search box, parsed. Pure: turns text into a SQLite FTS5 MATCH expression in which every term is a
 * quoted string (so nothing typed is ever FTS syntax of its own), or into one sentence saying what is wrong.
 * The same parse gives the terms the renderer highlights.
 *
 * Syntax: words (all must match), `pay*` (prefix), `"exact phrase"`, `a OR b`, `-word` / `NOT word` (exclude),
 * `AND` (optional), parentheses. Operators are upper case; a lower-case `or` is a word.
 */

/** One thing to find: a word or a phrase, as tokens; `prefix` applies to the last token. */
export interface SearchTerm {
  tokens: string[]
  prefix: boolean
}

export type ParsedSearch =
  /** `match` is null when the text holds nothing to search for (empty, or punctuation only). */
  { ok: true; match: string | null; terms: SearchTerm[] } | { ok: false; message: string }

/** Most terms one search may hold: keeps a pasted paragraph from becoming a very slow query. */
export const MAX_SEARCH_TERMS = 32

/** Longest search accepted, in characters (the API refuses longer text too). */
export const MAX_SEARCH_LENGTH = 500

/** Characters FTS5's unicode61 tokenizer keeps in a token (letters, numbers, private use; marks are folded away). */
const TOKEN = /[\p{L}\p{N}\p{Co}\p{M}]+/gu

const ASCII = /^[^\u0080-\uffff]*$/

/** True when the text is plain ASCII: its folded form is its lower case. */
export function isAscii(text: string): boolean {
  return ASCII.test(text)
}

/** Lower case without diacritics, as `unicode61 remove_diacritics 2` folds a token. */
export function foldToken(token: string): string {
  // Most tokens are ASCII, which has nothing to decompose: skip the Unicode normalisation (a page of excerpts folds
  // tens of thousands of tokens).
  if (ASCII.test(token)) return token.toLowerCase()
  return token.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
}

/** The folded tokens of a piece of text, in order. */
export function searchTokens(text: string): string[] {
  return Array.from(text.matchAll(TOKEN), (m) => foldToken(m[0])).filter((t) => t.length > 0)
}

type Lexeme =
  | { kind: 'term'; term: SearchTerm; raw: string; negated: boolean }
  | { kind: 'op'; op: 'AND' | 'OR' | 'NOT'; raw: string }
  | { kind: 'open'; negated: boolean }
  | { kind: 'close' }

type Node =
  { kind: 'term'; term: SearchTerm } | { kind: 'and'; include: Node[]; exclude: Node[] } | { kind: 'or'; items: Node[] }

class SearchSyntaxError extends Error {}

function shorten(s: string): string {
  const t = s.trim()
  return t.length > 24 ? `${t.slice(0, 24)}…` : t
}

function lex(text: string): Lexeme[] {
  const out: Lexeme[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i] as string
    if (/\s/.test(c)) {
      i++
      continue
    }
    let negated = false
    if (c === '-' && i + 1 < text.length && !/\s/.test(text[i + 1] as string)) {
      negated = true
      i++
    }
    const d = text[i] as string
    if (d === '(') {
      out.push({ kind: 'open', negated })
      i++
    } else if (d === ')') {
      out.push({ kind: 'close' })
      i++
    } else if (d === '"') {
      const end = text.indexOf('"', i + 1)
      if (end < 0) {
        const after = text.slice(0, i).trim()
        throw new SearchSyntaxError(
          after
            ? `Unclosed quote after “${shorten(after.slice(-24))}”: add the closing " or remove it.`
            : `Unclosed quote at the start: add the closing " or remove it.`,
        )
      }
      const inner = text.slice(i + 1, end)
      i = end + 1
      const prefix = text[i] === '*'
      if (prefix) i++
      out.push({ kind: 'term', term: { tokens: searchTokens(inner), prefix }, raw: `"${inner}"`, negated })
    } else {
      let j = i
      while (j < text.length && !/[\s()"]/.test(text[j] as string)) j++
      const raw = text.slice(i, j)
      i = j
      if (!negated && (raw === 'AND' || raw === 'OR' || raw === 'NOT')) {
        out.push({ kind: 'op', op: raw, raw })
        continue
      }
      const prefix = raw.endsWith('*')
      out.push({ kind: 'term', term: { tokens: searchTokens(raw), prefix }, raw, negated })
    }
  }
  return out
}

/** Recursive descent over the lexemes: or := and ('OR' and)*; and := unary ('AND'? unary)*. */
class Parser {
  private pos = 0
  private counted = 0
  readonly terms: SearchTerm[] = []
  constructor(private readonly items: Lexeme[]) {}

  parse(): Node | null {
    if (this.items.length === 0) return null
    const node = this.or()
    const next = this.items[this.pos]
    if (next?.kind === 'close') throw new SearchSyntaxError('Unexpected ")": there is no "(" for it to close.')
    return node
  }

  private or(): Node | null {
    const items: (Node | null)[] = [this.and('OR')]
    while (this.peekOp('OR')) {
      this.pos++
      const next = this.items[this.pos]
      if (!next || next.kind === 'close' || (next.kind === 'op' && next.op !== 'NOT'))
        throw new SearchSyntaxError('"OR" needs a term after it.')
      items.push(this.and('OR'))
    }
    const kept = items.filter((n): n is Node => n !== null)
    if (kept.length === 0) return null
    return kept.length === 1 ? (kept[0] as Node) : { kind: 'or', items: kept }
  }

  private and(context: string): Node | null {
    const include: Node[] = []
    const exclude: Node[] = []
    let seen = 0
    for (;;) {
      const lx = this.items[this.pos]
      if (!lx || lx.kind === 'close' || (lx.kind === 'op' && lx.op === 'OR')) break
      if (lx.kind === 'op' && lx.op === 'AND') {
        if (seen === 0) throw new SearchSyntaxError('"AND" needs a term before it.')
        this.pos++
        if (this.atEnd() || this.peekOp('OR') || this.peekOp('AND'))
          throw new SearchSyntaxError('"AND" needs a term after it.')
        continue
      }
      let negated = false
      if (lx.kind === 'op' && lx.op === 'NOT') {
        this.pos++
        const next = this.items[this.pos]
        if (!next || next.kind === 'close' || next.kind === 'op')
          throw new SearchSyntaxError('"NOT" needs a term after it.')
        negated = true
      }
      const { node, negated: neg } = this.unary()
      seen++
      if (node) (negated || neg ? exclude : include).push(node)
    }
    if (seen === 0) {
      if (this.peekOp('OR')) throw new SearchSyntaxError('"OR" needs a term before it.')
      return null
    }
    if (include.length === 0 && exclude.length > 0) {
      throw new SearchSyntaxError(
        context === 'OR'
          ? 'Add a word to search for: "-word" and NOT only exclude (e.g. refund -chargeback).'
          : 'Add a word to search for inside the parentheses: "-word" and NOT only exclude.',
      )
    }
    if (include.length === 0) return null
    if (include.length === 1 && exclude.length === 0) return include[0] as Node
    return { kind: 'and', include, exclude }
  }

  private unary(): { node: Node | null; negated: boolean } {
    const lx = this.items[this.pos] as Lexeme
    this.pos++
    if (lx.kind === 'term') {
      if (lx.term.tokens.length === 0) return { node: null, negated: lx.negated }
      if (!lx.negated) this.terms.push(lx.term)
      if (++this.counted > MAX_SEARCH_TERMS)
        throw new SearchSyntaxError(`Too many terms: a search may hold up to ${MAX_SEARCH_TERMS}.`)
      return { node: { kind: 'term', term: lx.term }, negated: lx.negated }
    }
    if (lx.kind === 'open') {
      if (this.items[this.pos]?.kind === 'close')
        throw new SearchSyntaxError('Empty parentheses "()": put terms inside.')
      const before = this.terms.length
      const inner = this.or()
      if (this.items[this.pos]?.kind !== 'close') throw new SearchSyntaxError('Missing ")": a "(" is never closed.')
      this.pos++
      // Words inside an excluded group are not highlighted.
      if (lx.negated) this.terms.splice(before)
      return { node: inner, negated: lx.negated }
    }
    // An operator where a term should be ("a OR OR b", "NOT NOT a").
    throw new SearchSyntaxError(`"${lx.kind === 'op' ? lx.op : ')'}" needs a term before it.`)
  }

  private peekOp(op: string): boolean {
    const lx = this.items[this.pos]
    return lx?.kind === 'op' && lx.op === op
  }

  private atEnd(): boolean {
    return this.pos >= this.items.length
  }
}

function quote(term: SearchTerm): string {
  // Tokens are letters and digits only, so the string needs no escaping; joined by spaces it is an FTS5 phrase.
  return `"${term.tokens.join(' ')}"${term.prefix ? '*' : ''}`
}

function render(node: Node): string {
  switch (node.kind) {
    case 'term':
      return quote(node.term)
    case 'or':
      return node.items.map((n) => `(${render(n)})`).join(' OR ')
    case 'and': {
      const inc = node.include.map((n) => `(${render(n)})`).join(' AND ')
      return node.exclude.reduce((acc, n) => `(${acc}) NOT (${render(n)})`, inc)
    }
  }
}

/**
 * Parses the search box. Never throws: a problem comes back as `{ ok: false, message }`. Blank text is no search;
 * text with nothing searchable in it (`*`, `-`, `!!!`) is refused rather than silently showing every ticket.
 */
export function parseSearch(text: string): ParsedSearch {
  if (text.length > MAX_SEARCH_LENGTH) {
    return {
      ok: false,
      message: `This search is ${text.length.toLocaleString('en-US')} characters long: shorten it to ${MAX_SEARCH_LENGTH} or fewer.`,
    }
  }
  try {
    const parser = new Parser(lex(text))
    const node = parser.parse()
    if (node === null && text.trim() !== '') {
      return {
        ok: false,
        message: `Nothing to search for in “${shorten(text)}”: type a word or number (e.g. refund, pay*, "card declined").`,
      }
    }
    return { ok: true, match: node ? render(node) : null, terms: node ? parser.terms : [] }
  } catch (err) {
    if (err instanceof SearchSyntaxError) return { ok: false, message: err.message }
    return { ok: false, message: 'This search could not be read: try simpler terms.' }
  }
}

/** A piece of text, marked when it is part of a match. Renderers turn marked pieces into <mark> elements. */
export interface TextSegment {
  text: string
  match: boolean
}

/** A token of some text: where it lies, and its folded form as the index holds it. */
export interface TextToken {
  start: number
  end: number
  folded: string
}

/** The tokens of a piece of text with their positions, split and folded as FTS5's unicode61 tokenizer does. */
export function textTokens(text: string): TextToken[] {
  return Array.from(text.matchAll(TOKEN), (m) => ({
    start: m.index,
    end: m.index + m[0].length,
    folded: foldToken(m[0]),
  }))
}

/**
 * Which tokens are part of a match: for each token, the index of the first term (in `terms`) it belongs to, or -1.
 * A word matches a whole token (or its start, for a prefix), a phrase matches consecutive tokens.
 */
export function matchTokens(tokens: readonly TextToken[], terms: readonly SearchTerm[]): Int16Array {
  const marked = new Int16Array(tokens.length).fill(-1)
  terms.forEach((term, t) => {
    const n = term.tokens.length
    if (n === 0) return
    for (let i = 0; i + n <= tokens.length; i++) {
      let ok = true
      for (let k = 0; k < n && ok; k++) {
        const have = (tokens[i + k] as TextToken).folded
        const want = term.tokens[k] as string
        ok = term.prefix && k === n - 1 ? have.startsWith(want) : have === want
      }
      if (ok) for (let k = i; k < i + n; k++) if (marked[k] === -1) marked[k] = t
    }
  })
  return marked
}

/**
 * Splits text into plain and matched pieces for the terms of a search, following the tokenizer's rules (see
 * matchTokens). Plain strings only, never HTML.
 */
export function highlightSegments(text: string, terms: readonly SearchTerm[]): TextSegment[] {
  if (terms.length === 0 || text.length === 0) return [{ text, match: false }]
  const tokens = textTokens(text)
  const marked = matchTokens(tokens, terms)
  const out: TextSegment[] = []
  let at = 0
  const push = (s: string, match: boolean): void => {
    if (!s) return
    const last = out[out.length - 1]
    if (last && last.match === match) last.text += s
    else out.push({ text: s, match })
  }
  for (let i = 0; i < tokens.length; i++) {
    if (marked[i] === -1) continue
    const t = tokens[i] as TextToken
    // Join neighbouring marked tokens of a phrase across the space between them.
    const joinPrev = i > 0 && marked[i - 1] !== -1 && at === (tokens[i - 1] as TextToken).end
    push(text.slice(at, t.start), joinPrev)
    push(text.slice(t.start, t.end), true)
    at = t.end
  }
  push(text.slice(at), false)
  return out
}
