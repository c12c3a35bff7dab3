/** Pure pieces of the Wellbeing place: the list editor's arithmetic, the reminder field, reasons, day bars, keys. */
import { describe, expect, it } from 'vitest'
import type { SensitiveTypeOption } from '../../../src/shared/api/methods/wellbeing'
import { actionForKey } from '../../../src/renderer/features/triage/keymap'
import { COMMANDS, filterCommands } from '../../../src/renderer/features/triage/commands'
import {
  dayBars,
  defaultSensitiveTypes,
  hiddenHeadline,
  listChange,
  parseBreakEvery,
  reasonsSentence,
  sameTypes,
} from '../../../src/renderer/features/wellbeing/wellbeingModel'

const options: SensitiveTypeOption[] = [
  { key: 'self_harm', label: 'Self-harm', builtIn: true, sensitive: true, tickets: 40 },
  { key: 'hate_speech', label: 'Hate speech', builtIn: true, sensitive: false, tickets: 25 },
  { key: 'copyright', label: 'Copyright', builtIn: false, sensitive: true, tickets: 7 },
  { key: 'billing', label: 'billing', builtIn: false, sensitive: false, tickets: 3 },
]

describe('sensitive list editor', () => {
  it('knows the defaults and compares lists in any order', () => {
    expect(defaultSensitiveTypes(options)).toEqual(['self_harm', 'hate_speech'])
    expect(sameTypes(['a', 'b'], ['b', 'a'])).toBe(true)
    expect(sameTypes(['a'], ['a', 'b'])).toBe(false)
    expect(sameTypes(['a', 'c'], ['a', 'b'])).toBe(false)
  })

  it('counts the tickets a change would hide and show again', () => {
    expect(listChange(options, ['self_harm', 'copyright'])).toEqual({ hide: 0, show: 0 })
    expect(listChange(options, ['self_harm', 'hate_speech'])).toEqual({ hide: 25, show: 7 })
    expect(listChange(options, [])).toEqual({ hide: 0, show: 47 })
    expect(listChange(options, ['self_harm', 'copyright', 'billing'])).toEqual({ hide: 3, show: 0 })
  })
})

describe('break reminder field', () => {
  it('accepts whole numbers from 1 to 500', () => {
    expect(parseBreakEvery(' 20 ')).toEqual({ ok: true, every: 20 })
    expect(parseBreakEvery('1')).toEqual({ ok: true, every: 1 })
    expect(parseBreakEvery('500')).toEqual({ ok: true, every: 500 })
  })

  it('says what is wrong with anything else', () => {
    expect(parseBreakEvery('')).toMatchObject({ ok: false, message: expect.stringMatching(/from 1 to 500/) })
    expect(parseBreakEvery('0')).toEqual({ ok: false, message: 'Choose from 1 to 500 reveals (you entered 0).' })
    expect(parseBreakEvery('501')).toEqual({ ok: false, message: 'Choose from 1 to 500 reveals (you entered 501).' })
    expect(parseBreakEvery('2.5')).toMatchObject({ ok: false, message: expect.stringMatching(/not a whole number/) })
    expect(parseBreakEvery('ten')).toMatchObject({ ok: false, message: expect.stringMatching(/“ten”/) })
  })
})

describe('reasons and history', () => {
  it('names every reason a ticket is sensitive', () => {
    const none = { sensitive: false, caseType: false, source: false, analyst: false }
    expect(reasonsSentence(none)).toBeNull()
    expect(reasonsSentence({ ...none, sensitive: true, analyst: true })).toBe('Sensitive because you marked it.')
    expect(reasonsSentence({ sensitive: true, caseType: true, source: true, analyst: true })).toBe(
      'Sensitive because its case type is on your sensitive list, the source system flagged it and you marked it.',
    )
  })

  it('scales day bars to the busiest day and keeps empty days at zero', () => {
    const day = (date: string, total: number) => ({ date, total, byCategory: [] })
    expect(dayBars([day('2026-03-11', 4), day('2026-03-10', 0), day('2026-03-09', 1)])).toEqual([
      { date: '2026-03-11', total: 4, percent: 100 },
      { date: '2026-03-10', total: 0, percent: 0 },
      { date: '2026-03-09', total: 1, percent: 25 },
    ])
    expect(dayBars([day('2026-03-11', 0)])).toEqual([{ date: '2026-03-11', total: 0, percent: 0 }])
  })
})

describe('keyboard and palette', () => {
  const key = (k: string, inTextField = false) =>
    actionForKey({ key: k, ctrlKey: false, metaKey: false, altKey: false, inTextField })

  it('reveals or hides with v, never while typing', () => {
    expect(key('v')).toBe('reveal')
    expect(key('v', true)).toBeNull()
    expect(actionForKey({ key: 'v', ctrlKey: true, metaKey: false, altKey: false, inTextField: false })).toBeNull()
  })

  it('offers "Mark as sensitive" in the palette', () => {
    expect(filterCommands(COMMANDS, 'sensitive').map((c) => c.id)).toEqual(
      expect.arrayContaining(['markSensitive', 'reveal']),
    )
    expect(filterCommands(COMMANDS, 'mark sens')[0]?.id).toBe('markSensitive')
  })
})

describe('hidden ticket headline', () => {
  const r = (caseType: boolean, source: boolean, analyst: boolean) => ({ sensitive: true, caseType, source, analyst })
  it('names the harm category only when the list is why the ticket is hidden', () => {
    expect(hiddenHeadline('Self-harm', r(true, false, true))).toBe(
      'This ticket is in a sensitive category (Self-harm).',
    )
    expect(hiddenHeadline('Shop orders & refunds', r(false, false, true))).toBe('You marked this ticket sensitive.')
    expect(hiddenHeadline('Copyright', r(false, true, true))).toBe('This ticket was flagged sensitive by its source.')
    expect(hiddenHeadline('Copyright', null)).toBe('This ticket is sensitive.')
    expect(hiddenHeadline(null, r(true, false, false))).toBe('This ticket is sensitive.')
  })
})
