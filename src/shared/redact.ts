/**
 * The redactor every exported packet goes through: pure, so the RCA screen's preview and the PDF use the very same
 * rules. Emails, phone numbers and @handles are replaced by a bracketed word ("[email]"), chosen terms by
 * "[redacted]". Replacements hold no '@' and no digits, so redacting twice changes nothing.
 *
 * Phone numbers are told from the other numbers an RCA is full of (dates, ticket ids, counts) by shape: a leading '+',
 * or two or more digit groups joined by spaces, dots, dashes or brackets (7–15 digits in all, dates and times
 * excepted), or one bare run of 10–15 digits. A bare id of 7–9 digits is kept.
 */

export interface RedactionRules {
  /** Off: nothing is replaced (the analyst asked for an unredacted copy). */
  enabled: boolean
  emails: boolean
  phones: boolean
  handles: boolean
  /** Extra words or names to hide wherever they occur (case-insensitive), e.g. a creator's real name. */
  terms: readonly string[]
}

export const DEFAULT_REDACTION: RedactionRules = { enabled: true, emails: true, phones: true, handles: true, terms: [] }

export type RedactionKind = 'email' | 'phone' | 'handle' | 'term' | 'field'

export const REDACTION_MARKS: Record<RedactionKind, string> = {
  email: '[email]',
  phone: '[phone]',
  handle: '[handle]',
  term: '[redacted]',
  field: '[redacted]',
}

/** How many of each kind a redaction replaced. */
export type RedactionCounts = Record<RedactionKind, number>

export function emptyCounts(): RedactionCounts {
  return { email: 0, phone: 0, handle: 0, term: 0, field: 0 }
}

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?'
/** RFC 5322 atext in the local part (dots included), then a dotted domain. */
const EMAIL = new RegExp(`[A-Za-z0-9!#$%&'*+/=?^_\`{|}~.-]+@${LABEL}(?:\\.${LABEL})+`, 'g')
/** An @handle not glued to a word or an address (what is left of emails is already replaced). */
const HANDLE = /(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?/g
/** Candidates: a run of digits with phone separators, optionally after '+'; the shape is checked in isPhone. */
const PHONE_CANDIDATE = /(?<![\w+])\+?\(?\d[\d\s().-]{4,24}\d\)?(?![\w])/g
const DATE_LIKE = /^(?:\d{4}-\d{2}-\d{2}(?:\s\d{2}[:.]\d{2})?|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./]\d{2}[./]\d{2})$/

function isPhone(candidate: string): boolean {
  const trimmed = candidate.trim()
  const digits = trimmed.replace(/\D/g, '').length
  if (digits < 7 || digits > 15) return false
  // A date, or a date and hour ("2026-10-18 05" in "2026-10-18 05:00"), is never a phone number.
  if (DATE_LIKE.test(trimmed) || /\d{4}-\d{2}-\d{2}/.test(trimmed)) return false
  if (trimmed.startsWith('+')) return true
  const groups = trimmed.split(/[\s().-]+/).filter((g) => g.length > 0)
  if (groups.length >= 2) {
    // "2026 11 20"-like runs of years and small numbers are dates or figures, not numbers to call.
    const shortGroups = groups.filter((g) => g.length <= 2).length
    if (groups.length >= 3 && shortGroups >= 2 && digits <= 8) return false
    return true
  }
  return digits >= 10
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Replaces what the rules name in one text; adds what it replaced to `counts`. */
export function redactText(text: string, rules: RedactionRules, counts: RedactionCounts = emptyCounts()): string {
  if (!rules.enabled || text.length === 0) return text
  let out = text
  const terms = rules.terms.map((t) => t.trim()).filter((t) => t.length > 0)
  if (terms.length > 0) {
    // Longest first, so "Ana Lima" goes before "Ana".
    const pattern = new RegExp(
      [...terms]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|'),
      'gi',
    )
    out = out.replace(pattern, () => {
      counts.term++
      return REDACTION_MARKS.term
    })
  }
  if (rules.emails)
    out = out.replace(EMAIL, () => {
      counts.email++
      return REDACTION_MARKS.email
    })
  if (rules.handles)
    out = out.replace(HANDLE, () => {
      counts.handle++
      return REDACTION_MARKS.handle
    })
  if (rules.phones)
    out = out.replace(PHONE_CANDIDATE, (m) => {
      if (!isPhone(m)) return m
      counts.phone++
      // Keep the whitespace the candidate swallowed at its edges.
      const lead = /^\s*/.exec(m)?.[0] ?? ''
      const trail = /\s*$/.exec(m)?.[0] ?? ''
      return `${lead}${REDACTION_MARKS.phone}${trail}`
    })
  return out
}

/** A whole field chosen for redaction (a requester, an assignee): replaced as one, whatever it holds. */
export function redactField(value: string | null, redact: boolean, counts: RedactionCounts): string | null {
  if (!redact || value === null || value === '') return value
  counts.field++
  return REDACTION_MARKS.field
}

/** A short sentence of what was hidden, for the preview and the packet's cover. */
export function describeRedactions(counts: RedactionCounts): string {
  const parts: string[] = []
  const add = (n: number, one: string, many: string) => {
    if (n > 0) parts.push(`${n.toLocaleString('en-US')} ${n === 1 ? one : many}`)
  }
  add(counts.email, 'email address', 'email addresses')
  add(counts.phone, 'phone number', 'phone numbers')
  add(counts.handle, 'handle', 'handles')
  add(counts.term, 'chosen term', 'chosen terms')
  add(counts.field, 'chosen field', 'chosen fields')
  return parts.length === 0 ? 'Nothing needed redacting.' : `Redacted: ${parts.join(', ')}.`
}
