import { describe, expect, it } from 'vitest'
import { detectDateOrder, parseDate } from '../../../src/main/ingest/dates'

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
