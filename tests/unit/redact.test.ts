/** The packet redactor: what it hides (property-based) and what it must leave alone (dates, ids, counts). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_REDACTION, describeRedactions, emptyCounts, redactField, redactText } from '../../src/shared/redact'

/** Words that hold no '@', no digit and no '+': text the redactor must never change. */
const plainWord = fc.stringMatching(/^[A-Za-z][A-Za-z,;:!?'"()-]{0,11}$/)
const plainText = fc.array(plainWord, { maxLength: 12 }).map((w) => w.join(' '))

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''))
/** Phone numbers in the shapes people write them. */
const phone = fc.oneof(
  fc
    .tuple(fc.integer({ min: 1, max: 998 }), digits(3), digits(3), digits(4))
    .map(([cc, a, b, c]) => `+${cc} ${a} ${b} ${c}`),
  fc.tuple(digits(3), digits(3), digits(4)).map(([a, b, c]) => `(${a}) ${b}-${c}`),
  fc.tuple(digits(3), digits(3), digits(4)).map(([a, b, c]) => `${a}-${b}-${c}`),
  fc.tuple(digits(3), digits(3), digits(4)).map(([a, b, c]) => `${a}.${b}.${c}`),
  fc.tuple(fc.integer({ min: 1, max: 99 }), digits(4), digits(4)).map(([cc, a, b]) => `+${cc}${a}${b}`),
  digits(11).map((d) => `0${d.slice(1)}`),
)
const handle = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.]{0,12}[A-Za-z0-9_]$/).map((h) => `@${h}`)

describe('redactText', () => {
  it('removes every email address, whatever text surrounds it', () => {
    fc.assert(
      fc.property(plainText, fc.emailAddress(), plainText, (a, email, b) => {
        const out = redactText(`${a} ${email} ${b}`, DEFAULT_REDACTION)
        expect(out).not.toContain(email)
        expect(out).toContain('[email]')
        expect(out.startsWith(a)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })

  it('removes every phone number in the usual shapes', () => {
    fc.assert(
      fc.property(plainText, phone, plainText, (a, p, b) => {
        const counts = emptyCounts()
        const out = redactText(`${a} ${p}, ${b}`, DEFAULT_REDACTION, counts)
        expect(out).not.toContain(p)
        expect(out.replace(/\D/g, '')).toBe('')
        expect(counts.phone).toBe(1)
      }),
      { numRuns: 300 },
    )
  })

  it('removes @handles but not the domain of an address it already replaced', () => {
    fc.assert(
      fc.property(plainText, handle, (a, h) => {
        const out = redactText(`${a} (${h}) said so`, DEFAULT_REDACTION)
        expect(out).not.toContain(h)
        expect(out).toContain('([handle]) said so')
      }),
      { numRuns: 200 },
    )
  })

  it('is idempotent and leaves text without personal data unchanged', () => {
    fc.assert(
      fc.property(plainText, fc.emailAddress(), phone, handle, (text, email, p, h) => {
        expect(redactText(text, DEFAULT_REDACTION)).toBe(text)
        const once = redactText(`${text} ${email} ${p} ${h}`, { ...DEFAULT_REDACTION, terms: ['Lima'] })
        expect(redactText(once, { ...DEFAULT_REDACTION, terms: ['Lima'] })).toBe(once)
      }),
      { numRuns: 200 },
    )
  })

  it('hides chosen terms in any case, longest first', () => {
    const counts = emptyCounts()
    const out = redactText(
      'Ana Lima wrote to ana; LIMA replied.',
      { ...DEFAULT_REDACTION, terms: ['Ana', 'Ana Lima', 'lima'] },
      counts,
    )
    expect(out).toBe('[redacted] wrote to [redacted]; [redacted] replied.')
    expect(counts.term).toBe(3)
  })

  it('keeps dates, times, ticket ids and counts that look numeric but are not phone numbers', () => {
    const text =
      'Created: from 2026-10-18 05:00 before 2026-10-21 17:00; ticket 4812345 and DEMO-000123; 12,400 tickets; 18/10/2026; release 42.3.0; 99.5%'
    expect(redactText(text, DEFAULT_REDACTION)).toBe(text)
  })

  it('does nothing when redaction is off, and only what is switched on', () => {
    const text = 'Mail a@b.example or call +44 20 7946 0958, @creator'
    expect(redactText(text, { ...DEFAULT_REDACTION, enabled: false })).toBe(text)
    expect(redactText(text, { ...DEFAULT_REDACTION, phones: false, handles: false })).toBe(
      'Mail [email] or call +44 20 7946 0958, @creator',
    )
  })
})

describe('redactField and describeRedactions', () => {
  it('replaces a chosen field whole and counts it', () => {
    const counts = emptyCounts()
    expect(redactField('Jamie Doe', true, counts)).toBe('[redacted]')
    expect(redactField('Jamie Doe', false, counts)).toBe('Jamie Doe')
    expect(redactField(null, true, counts)).toBeNull()
    expect(counts.field).toBe(1)
    expect(describeRedactions(counts)).toBe('Redacted: 1 chosen field.')
    expect(describeRedactions(emptyCounts())).toBe('Nothing needed redacting.')
  })
})
