/**
 * The "Match" excerpt the grid shows beside a search result: the short stretch of a ticket's subject, description or
 * comments where the search's terms are found. Pure: the full-text index is contentless (FTS5's snippet() has no text
 * to cut), so the excerpt is cut here from the stored text with the same tokenizer rules the highlighter follows.
 * The excerpt is plain text; the renderer marks its matches with the same terms, and because it is cut on token
 * boundaries every word in it is whole and marks exactly as it would in the full text.
 */
import { isAscii, matchTokens, textTokens, type SearchTerm, type TextToken } from './search'

/** Where an excerpt comes from. */
export type SnippetSource = 'subject' | 'description' | 'comment'

/** A short excerpt of a ticket around its search match. `text` is plain text: `…` marks a cut. */
export interface SearchSnippet {
  from: SnippetSource
  text: string
}

/** Longest excerpt, in characters (before the `…` marks): about one line of the Match column. */
export const SNIPPET_CHARS = 140

/** Characters of context kept before the first match: a word or two, so even a narrow cell reaches the match. */
const LEAD = 12

interface Candidate {
  from: SnippetSource
  text: string
  tokens: TextToken[]
  start: number
  end: number
  /** Distinct terms inside the window. */
  score: number
}

/** The best window of one text: the one starting near a match that holds the most distinct terms. */
function bestWindow(
  from: SnippetSource,
  text: string,
  terms: readonly SearchTerm[],
  maxChars: number,
): Candidate | null {
  // Most texts of a hit hold none of the terms (the match is elsewhere): an ASCII text whose lower case does not
  // contain any term's first word cannot match, and is not tokenised at all.
  if (isAscii(text)) {
    const lower = text.toLowerCase()
    if (!terms.some((t) => t.tokens[0] !== undefined && lower.includes(t.tokens[0]))) return null
  }
  const tokens = textTokens(text)
  const marked = matchTokens(tokens, terms)
  let best: Candidate | null = null
  for (let i = 0; i < tokens.length; i++) {
    if (marked[i] === -1 || (i > 0 && marked[i - 1] === marked[i])) continue
    const hit = tokens[i] as TextToken
    // Start a little before the match, on a token's start, so the first word is whole.
    let first = i
    while (first > 0 && hit.start - (tokens[first - 1] as TextToken).start <= LEAD) first--
    const from0 = first === 0 ? 0 : (tokens[first] as TextToken).start
    let last = i
    while (last + 1 < tokens.length && (tokens[last + 1] as TextToken).end - from0 <= maxChars) last++
    const atEnd = last + 1 === tokens.length
    const end = atEnd ? text.length : (tokens[last] as TextToken).end
    // Near the end of the text, spend the unused room on context before the match instead.
    if (atEnd) while (first > 0 && end - (tokens[first - 1] as TextToken).start <= maxChars) first--
    const start = first === 0 ? 0 : (tokens[first] as TextToken).start
    const seen = new Set<number>()
    for (let k = first; k <= last; k++) if (marked[k] !== -1) seen.add(marked[k] as number)
    if (!best || seen.size > best.score) best = { from, text, tokens, start, end, score: seen.size }
    if (seen.size === terms.length) break
  }
  return best
}

/** Runs of whitespace (line breaks in a description) as one space: the excerpt is one line. */
const oneLine = (s: string): string => s.replace(/\s+/g, ' ')

/**
 * The excerpt for one ticket: the window holding the most distinct terms across its texts, or null when no term is
 * found in any of them. Ties go to the description, then the comments in order, then the subject last: the subject
 * has its own column, so the excerpt is most useful when it shows a match the grid does not already show.
 */
export function buildSnippet(
  texts: { subject: string | null; description: string | null; comments: readonly string[] },
  terms: readonly SearchTerm[],
  maxChars = SNIPPET_CHARS,
): SearchSnippet | null {
  if (terms.length === 0) return null
  const sources: [SnippetSource, string | null][] = [
    ['description', texts.description],
    ...texts.comments.map((c): [SnippetSource, string] => ['comment', c]),
    ['subject', texts.subject],
  ]
  let best: Candidate | null = null
  for (const [from, text] of sources) {
    if (!text) continue
    const c = bestWindow(from, text, terms, maxChars)
    if (c && (!best || c.score > best.score)) best = c
    if (best && best.score === terms.length) break
  }
  if (!best) return null
  const body = oneLine(best.text.slice(best.start, best.end)).trim()
  const before = best.start > 0 && best.text.slice(0, best.start).trim() !== '' ? '…' : ''
  const after = best.end < best.text.length && best.text.slice(best.end).trim() !== '' ? '…' : ''
  return { from: best.from, text: `${before}${body}${after}` }
}
