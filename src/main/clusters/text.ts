/**
 * Words of a ticket as emerging-issue grouping reads them: the search index's own tokens (shared/search.ts folds
 * case and diacritics the way FTS5 does), so a word chosen for a saved view's search is one the search can find.
 * Greetings, sign-offs and function words are dropped: two tickets that both say "Hi, please help" are not about
 * the same problem. Numbers are dropped too (amounts, counts, order numbers make similar tickets look different).
 */
import { searchTokens } from '../../shared/search'

const STOPWORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both ' +
    'but by can cannot could did do does doing down during each few for from further had has have having he her ' +
    'here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not ' +
    'now of off on once only or other our ours ourselves out over own same she should so some such than that the ' +
    'their theirs them themselves then there these they this those through to too under until up very was we ' +
    'were what when where which while who whom why will with would you your yours yourself yourselves ' +
    'also still even ever get got im ive dont didnt doesnt cant isnt wont s t d ll m re ve ' +
    'hi hello hey dear thanks thank please kindly regards team support someone anyone look looking ' +
    'help urgent asap advance already contacted attached screenshot'
  ).split(/\s+/),
)

const DIGITS = /^\d+$/

/** The content words of a text, in order. */
export function contentWords(text: string): string[] {
  const out: string[] = []
  for (const t of searchTokens(text)) {
    if (t.length < 2 || STOPWORDS.has(t) || DIGITS.test(t)) continue
    out.push(t)
  }
  return out
}

/** Unigrams and bigrams (adjacent content words, joined by a space) of a text, each once. */
export function wordFeatures(text: string): string[] {
  const words = contentWords(text)
  const seen = new Set<string>(words)
  for (let i = 1; i < words.length; i++) seen.add(`${words[i - 1] as string} ${words[i] as string}`)
  return [...seen]
}
