import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { detectDateOrder, parseDate, type SlashOrder } from '../../../src/main/ingest/dates'

const utc = (s: string): number => Date.parse(s)

describe('dates in imported files', () => {
  it('reads ISO 8601 with a zone as that instant, and without one in the chosen zone', () => {
    expect(parseDate('2025-01-31T14:05:00Z', null, 'Europe/Dublin')).toBe(utc('2025-01-31T14:05:00Z'))
    expect(parseDate('2025-01-31T14:05:00.250+02:00', null, 'UTC')).toBe(utc('2025-01-31T12:05:00.250Z'))
    expect(parseDate('2024-01-05T10:11:12.000+0000', null, 'Asia/Tokyo')).toBe(utc('2024-01-05T10:11:12Z'))
    expect(parseDate('2025-07-01 09:00', null, 'Europe/Dublin')).toBe(utc('2025-07-01T08:00:00Z'))
    expect(parseDate('2025-01-31', null, 'America/New_York')).toBe(utc('2025-01-31T05:00:00Z'))
  })

  it('reads day-first and month-first dates, with AM/PM', () => {
    expect(parseDate('31/01/2025 14:05', null, 'UTC')).toBe(utc('2025-01-31T14:05:00Z'))
    expect(parseDate('01/31/2025 2:05 PM', null, 'UTC')).toBe(utc('2025-01-31T14:05:00Z'))
    expect(parseDate('12/01/2024 12:00 AM', 'mdy', 'UTC')).toBe(utc('2024-12-01T00:00:00Z'))
    expect(parseDate('03/04/2025', 'dmy', 'UTC')).toBe(utc('2025-04-03T00:00:00Z'))
    expect(parseDate('03/04/2025', 'mdy', 'UTC')).toBe(utc('2025-03-04T00:00:00Z'))
    expect(parseDate('31.01.25 08:00', null, 'UTC')).toBe(utc('2025-01-31T08:00:00Z'))
  })

  it('refuses what it cannot read, saying why', () => {
    expect(parseDate('03/04/2025', null, 'UTC')).toEqual({ error: expect.stringMatching(/day-first or month-first/) })
    expect(parseDate('31/01/2025', 'mdy', 'UTC')).toEqual({ error: expect.stringMatching(/not a month-first date/) })
    expect(parseDate('2025-02-30', null, 'UTC')).toEqual({ error: expect.stringMatching(/not a real date/) })
    // Month lengths and leap years, by both the quick and the general path.
    for (const [text, instant] of [
      ['2024-02-29T10:00:00Z', '2024-02-29T10:00:00Z'],
      ['2000-02-29 10:00:00', '2000-02-29T10:00:00Z'],
      ['2025-12-31T23:59:59.999Z', '2025-12-31T23:59:59.999Z'],
      ['2024-2-29', '2024-02-29T00:00:00Z'],
      ['2025-02-29T10:00:00Z', null],
      ['2100-02-29T10:00:00.000Z', null],
      ['2025-04-31T10:00:00', null],
      ['2025-2-29', null],
      ['31/04/2025', null],
    ] as const) {
      if (instant) expect(parseDate(text, 'dmy', 'UTC'), text).toBe(utc(instant))
      else expect(parseDate(text, 'dmy', 'UTC'), text).toEqual({ error: expect.stringMatching(/not a real date/) })
    }
    expect(parseDate('soon', null, 'UTC')).toEqual({ error: '"soon" is not a date' })
    expect(parseDate('', null, 'UTC')).toBeNull()
  })

  it('reads Unix seconds and milliseconds, spreadsheet serial days and date cells', () => {
    expect(parseDate('1737000000', null, 'UTC')).toBe(1_737_000_000_000)
    expect(parseDate(1737000000123, null, 'UTC')).toBe(1_737_000_000_123)
    expect(parseDate(45688.5, null, 'UTC')).toBe(utc('2025-01-31T12:00:00Z'))
    // A spreadsheet cell holds wall-clock time; the zone chosen in the mapping step places it.
    expect(parseDate(new Date(Date.UTC(2025, 0, 31, 14, 5)), null, 'Europe/Paris')).toBe(utc('2025-01-31T13:05:00Z'))
    expect(parseDate('Jan 31, 2025 2:05 PM', null, 'UTC')).toBe(utc('2025-01-31T14:05:00Z'))
  })

  it('keeps wall-clock times right across a daylight-saving change', () => {
    expect(parseDate('2025-03-30 03:30', null, 'Europe/Berlin')).toBe(utc('2025-03-30T01:30:00Z'))
    expect(parseDate('2025-03-29 03:30', null, 'Europe/Berlin')).toBe(utc('2025-03-29T02:30:00Z'))
  })

  it('decides the date order from every sampled value', () => {
    expect(detectDateOrder(['01/02/2025', '13/02/2025'])).toBe('dmy')
    expect(detectDateOrder(['01/02/2025', '02/13/2025 1:00 PM'])).toBe('mdy')
    expect(detectDateOrder(['01/02/2025', '03/04/2025'])).toBe('ambiguous')
    expect(detectDateOrder(['13/01/2025', '01/13/2025'])).toBe('ambiguous')
    expect(detectDateOrder(['2025-01-01'])).toBeNull()
  })
})

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** The wall-clock parts of an instant seen at a fixed offset from UTC. */
function wallParts(instant: number, offsetMinutes: number) {
  const w = new Date(instant + offsetMinutes * 60_000)
  return {
    y: pad(w.getUTCFullYear(), 4),
    mo: pad(w.getUTCMonth() + 1),
    d: pad(w.getUTCDate()),
    h: w.getUTCHours(),
    mi: pad(w.getUTCMinutes()),
    s: pad(w.getUTCSeconds()),
    ms: pad(w.getUTCMilliseconds(), 3),
  }
}

function zoneSuffix(offsetMinutes: number, colon: boolean): string {
  if (offsetMinutes === 0 && !colon) return 'Z'
  const abs = Math.abs(offsetMinutes)
  return `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}${colon ? ':' : ''}${pad(abs % 60)}`
}

describe('dates in imported files, for any instant', () => {
  // From 1974, so Unix seconds and milliseconds are both past the thresholds that tell them apart.
  const instant = fc.integer({ min: Date.UTC(1974, 0, 1), max: Date.UTC(2199, 11, 31) })
  const offset = fc.integer({ min: -48, max: 56 }).map((q) => q * 15)
  const zone = fc.constantFrom('UTC', 'Europe/Dublin', 'America/New_York', 'Asia/Kolkata')

  it('reads back an instant written as ISO 8601 with an offset or Z, whatever zone the mapping chose', () => {
    fc.assert(
      fc.property(instant, offset, fc.boolean(), fc.constantFrom('T', ' '), zone, (t, off, colon, sep, tz) => {
        const p = wallParts(t, off)
        const text = `${p.y}-${p.mo}-${p.d}${sep}${pad(p.h)}:${p.mi}:${p.s}.${p.ms}${zoneSuffix(off, colon)}`
        expect(parseDate(text, null, tz)).toBe(t)
      }),
      { numRuns: 500 },
    )
  })

  it('reads the common ISO shape by its quick path exactly as the general one reads its variants', () => {
    // `…:09.123` and `…Z` take the quick path; `…:09.1230`, `…:09.0` and `…z` the regular expression. Impossible
    // dates (31 February, second 60) are in range, so both paths must also refuse the same ones.
    const part = (min: number, max: number) => fc.integer({ min, max })
    fc.assert(
      fc.property(
        part(1969, 2201),
        part(1, 12),
        part(1, 31),
        part(0, 23),
        part(0, 59),
        part(0, 60),
        part(0, 999),
        fc.constantFrom('T', ' '),
        zone,
        (y, mo, d, h, mi, sec, ms, sep, tz) => {
          const base = `${pad(y, 4)}-${pad(mo)}-${pad(d)}${sep}${pad(h)}:${pad(mi)}:${pad(sec)}`
          const same = (quick: string, general: string) => {
            const a = parseDate(quick, null, tz)
            const b = parseDate(general, null, tz)
            if (typeof a === 'number' || typeof b === 'number') expect(a).toBe(b)
            else expect([a, b]).toEqual([{ error: expect.any(String) }, { error: expect.any(String) }])
          }
          same(`${base}.${pad(ms, 3)}`, `${base}.${pad(ms, 3)}0`)
          same(base, `${base}.0`)
          same(`${base}Z`, `${base}z`)
          same(`${base}.${pad(ms, 3)}Z`, `${base}.${pad(ms, 3)}+00:00`)
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('reads back Unix seconds and milliseconds, as text or as numbers', () => {
    fc.assert(
      fc.property(instant, zone, (t, tz) => {
        const seconds = Math.floor(t / 1000)
        expect(parseDate(String(seconds), null, tz)).toBe(seconds * 1000)
        expect(parseDate(seconds, null, tz)).toBe(seconds * 1000)
        expect(parseDate(String(t), null, tz)).toBe(t)
        expect(parseDate(t, null, tz)).toBe(t)
      }),
      { numRuns: 500 },
    )
  })

  it('reads back day-first and month-first dates (24-hour or AM/PM) when the day settles the order or it was chosen', () => {
    fc.assert(
      fc.property(
        instant,
        offset,
        fc.constantFrom<SlashOrder>('dmy', 'mdy'),
        fc.constantFrom('/', '.', '-'),
        fc.boolean(),
        (t, off, order, sep, twelveHour) => {
          const p = wallParts(t, off)
          const date = order === 'dmy' ? [p.d, p.mo, p.y].join(sep) : [p.mo, p.d, p.y].join(sep)
          const hour = twelveHour ? `${((p.h + 11) % 12) + 1}` : pad(p.h)
          const ampm = twelveHour ? (p.h < 12 ? ' AM' : ' PM') : ''
          const text = `${date} ${hour}:${p.mi}:${p.s}.${p.ms}${ampm} ${zoneSuffix(off, true)}`
          // A day over 12 proves the order by itself; otherwise the file's order must have been chosen.
          const chosen = Number(p.d) > 12 ? null : order
          expect(parseDate(text, chosen, 'UTC')).toBe(t)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('refuses a JSON object that String() cannot write out, rather than throwing', () => {
    // Found by the property below.
    expect(parseDate({ toString: [] }, 'dmy', 'UTC')).toEqual({ error: '"{"toString":[]}" is not a date' })
  })

  it('never throws on junk: it answers null, an error that says why, or an instant from 1954 (serial day 20,000) to 2200', () => {
    const token = fc.constantFrom(
      ...['2025', '275760', '99999', '31', '12', '0', '-', '/', '.', ':', ' ', 'T', 'Z', '+05:30', 'PM', 'Jan', 'Sep'],
      ...['UTC', 'GMT', ',', '1e3', '9999999999999', '99999999999', 'NaN'],
    )
    const junk = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.array(token, { maxLength: 8 }).map((parts) => parts.join('')),
      fc.double(),
      fc.date({ noInvalidDate: false }),
      fc.anything(),
    )
    fc.assert(
      fc.property(junk, fc.constantFrom<SlashOrder | null>('dmy', 'mdy', null), zone, (value, order, tz) => {
        const result = parseDate(value, order, tz)
        if (result === null || typeof result === 'object') {
          if (result) expect(result.error).toMatch(/^".*" .+/s)
          return
        }
        expect(Number.isInteger(result)).toBe(true)
        expect(result).toBeGreaterThanOrEqual(Date.UTC(1954, 0, 1))
        expect(result).toBeLessThan(Date.UTC(2201, 0, 1))
      }),
      { numRuns: 2000 },
    )
    // Found by the property: dates at the edge of what JavaScript can hold once shifted by the zone.
    for (const edge of ['Sep 13, 275760', new Date(8.64e15), new Date(-8.64e15)])
      expect(parseDate(edge, null, 'America/New_York')).toEqual({ error: expect.any(String) })
  })
})
