/**
 * Dates as exports write them, to epoch milliseconds UTC: ISO 8601 with or without a zone (Salesforce's `+0000`
 * too), day-first and month-first (`31/01/2025 14:05`, `01/31/2025 2:05 PM`, dots or dashes), Unix seconds and
 * milliseconds, Excel serial days, spreadsheet date cells, and month names (`Jan 31, 2025 2:05 PM`). A date without a
 * zone is read as wall-clock time in the zone chosen in the mapping step.
 */
import { zoneOffsetMs } from '../../shared/time'
import { asText } from './values'

export type SlashOrder = 'dmy' | 'mdy'

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i
const SLASHED =
  /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp]\.?[Mm]\.?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/
const UNIX = /^\d{9,13}(?:\.\d+)?$/
/** Spreadsheet serial days from 1955 to 2064: a number in that range in a date column is an Excel date. */
const EXCEL_MIN = 20_000
const EXCEL_MAX = 60_000
const EXCEL_EPOCH = Date.UTC(1899, 11, 30)
const MIN_YEAR = 1970
const MAX_YEAR = 2200
/** Past the last year a date may name: also keeps the zone arithmetic inside what a JavaScript Date can hold. */
const END_OF_MAX_YEAR = Date.UTC(MAX_YEAR + 1, 0, 1)

/** Zone offsets by half hour of the instant, per zone: Intl is slow and a million rows share a few hundred. */
const offsetCache = new Map<string, Map<number, number>>()

function offsetAt(instant: number, timeZone: string): number {
  let byZone = offsetCache.get(timeZone)
  if (!byZone) {
    byZone = new Map()
    offsetCache.set(timeZone, byZone)
  }
  const key = Math.floor(instant / 1_800_000)
  let offset = byZone.get(key)
  if (offset === undefined) {
    offset = zoneOffsetMs(instant, timeZone)
    if (byZone.size > 100_000) byZone.clear()
    byZone.set(key, offset)
  }
  return offset
}

/** The instant a wall-clock time in `timeZone` names (DST-safe: the offset is settled at the result). */
export function wallToEpoch(wallAsUtc: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return wallAsUtc
  let guess = wallAsUtc - offsetAt(wallAsUtc, timeZone)
  const settled = wallAsUtc - offsetAt(guess, timeZone)
  if (settled !== guess) guess = settled
  return guess
}

function zoneMs(zone: string): number {
  const z = zone.toUpperCase()
  if (z === 'Z' || z === 'UTC' || z === 'GMT') return 0
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)
  if (!m) return NaN
  const mins = Number(m[2]) * 60 + Number(m[3] ?? 0)
  return (m[1] === '-' ? -1 : 1) * mins * 60_000
}

function fraction(digits: string | undefined): number {
  return digits ? Math.round(Number(`0.${digits}`) * 1000) : 0
}

/** Date.UTC of the parts, or NaN when a part is out of range (31 February, hour 25). */
function utcOf(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  // Written so that NaN parts fail too.
  if (!(y >= MIN_YEAR && y <= MAX_YEAR && mo >= 1 && mo <= 12 && d >= 1 && h <= 23 && mi <= 59 && s <= 60)) return NaN
  if (d > 28 && d > daysIn(y, mo)) return NaN
  return Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms)
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function daysIn(y: number, mo: number): number {
  if (mo !== 2) return DAYS_IN_MONTH[mo - 1] as number
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28
}

export type DateResult = number | { error: string }

const digit = (text: string, i: number): number => {
  const d = text.charCodeAt(i) - 48
  return d >= 0 && d <= 9 ? d : NaN
}
const two = (text: string, i: number): number => digit(text, i) * 10 + digit(text, i + 1)

/**
 * The shape nearly every export writes, `2025-01-31T14:05:09`, optionally with `.123` and a trailing `Z`, read
 * without a regular expression: a million rows carry three of them each. NaN for anything else (or an impossible
 * date), which then goes the general way and gets its sentence there.
 */
function fastIso(text: string, timeZone: string): number {
  const n = text.length
  if (n < 19 || n > 24 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NaN
  const sep = text.charCodeAt(10)
  if ((sep !== 84 && sep !== 32) || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return NaN
  let end = n
  const zulu = text.charCodeAt(n - 1) === 90
  if (zulu) end--
  let ms = 0
  if (end === 23) {
    if (text.charCodeAt(19) !== 46) return NaN
    ms = digit(text, 20) * 100 + digit(text, 21) * 10 + digit(text, 22)
  } else if (end !== 19) return NaN
  const y = two(text, 0) * 100 + two(text, 2)
  const wall = utcOf(y, two(text, 5), two(text, 8), two(text, 11), two(text, 14), two(text, 17), ms)
  if (Number.isNaN(wall)) return NaN
  return zulu ? wall : wallToEpoch(wall, timeZone)
}

const bad = (text: string, why = 'is not a date'): { error: string } => ({ error: `"${text.slice(0, 60)}" ${why}` })

/**
 * Parses one value. `order` settles slashed dates whose first two numbers are both 12 or less; null means the file
 * has not proved an order, so such a value is refused with a sentence that says how to settle it.
 */
export function parseDate(value: unknown, order: SlashOrder | null, timeZone: string): DateResult | null {
  if (value === null || value === undefined) return null
  if (value instanceof Date) {
    // Spreadsheet date cells carry the wall-clock time as if it were UTC.
    const t = value.getTime()
    if (Number.isNaN(t)) return bad(String(value))
    return inYears(t) ? wallToEpoch(t, timeZone) : bad(String(value), 'is outside the years 1970 to 2200')
  }
  if (typeof value === 'number') return fromNumber(value, String(value), timeZone)
  const text = asText(value).trim()
  if (text === '') return null
  const fast = fastIso(text, timeZone)
  if (!Number.isNaN(fast)) return fast
  if (UNIX.test(text)) return fromNumber(Number(text), text, timeZone)
  let m = ISO.exec(text)
  if (m) {
    const wall = utcOf(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), fraction(m[7]))
    if (Number.isNaN(wall)) return bad(text, 'is not a real date')
    if (!m[8]) return wallToEpoch(wall, timeZone)
    const off = zoneMs(m[8])
    return Number.isNaN(off) ? bad(text, 'has a time zone offset that cannot be read') : wall - off
  }
  m = SLASHED.exec(text)
  if (m) {
    const a = +m[1]!
    const b = +m[2]!
    let use: SlashOrder | null = order
    if (a > 12 && b <= 12) {
      if (order === 'mdy') return bad(text, 'is not a month-first date (the date order chosen for this file)')
      use = 'dmy'
    } else if (b > 12 && a <= 12) {
      if (order === 'dmy') return bad(text, 'is not a day-first date (the date order chosen for this file)')
      use = 'mdy'
    } else if (a > 12 && b > 12) return bad(text, 'is not a real date')
    if (!use) return bad(text, 'could be day-first or month-first: choose the date order in the mapping step')
    const day = use === 'dmy' ? a : b
    const month = use === 'dmy' ? b : a
    let year = +m[3]!
    if (m[3]!.length === 2) year += 2000
    let hour = +(m[4] ?? 0)
    const ampm = m[8]?.toLowerCase()[0]
    if (ampm) {
      if (hour < 1 || hour > 12) return bad(text, 'has an hour that does not fit AM/PM')
      hour = (hour % 12) + (ampm === 'p' ? 12 : 0)
    }
    const wall = utcOf(year, month, day, hour, +(m[5] ?? 0), +(m[6] ?? 0), fraction(m[7]))
    if (Number.isNaN(wall)) return bad(text, 'is not a real date')
    if (!m[9]) return wallToEpoch(wall, timeZone)
    const off = zoneMs(m[9])
    return Number.isNaN(off) ? bad(text) : wall - off
  }
  // Month names ("Jan 31, 2025 2:05 PM", "31 January 2025"): read as wall-clock time, never in the process's zone.
  if (/[A-Za-z]{3}/.test(text) && !/(?:GMT|UTC|Z|[+-]\d{4})$/i.test(text)) {
    const wall = Date.parse(`${text} UTC`)
    if (inYears(wall)) return wallToEpoch(wall, timeZone)
  } else if (/[A-Za-z]{3}/.test(text)) {
    const t = Date.parse(text)
    if (inYears(t)) return t
  }
  return bad(text)
}

/** A wall-clock or UTC time from 1970 through 2200 (false for NaN). */
function inYears(t: number): boolean {
  return t >= Date.UTC(MIN_YEAR, 0, 1) && t < END_OF_MAX_YEAR
}

function fromNumber(n: number, text: string, timeZone: string): DateResult {
  if (!Number.isFinite(n)) return bad(text)
  // Unix milliseconds (after 1973), else Unix seconds.
  const unix = n >= 1e11 ? Math.round(n) : n >= 1e8 ? Math.round(n * 1000) : NaN
  if (!Number.isNaN(unix)) return unix < END_OF_MAX_YEAR ? unix : bad(text, 'is outside the years 1970 to 2200')
  if (n >= EXCEL_MIN && n <= EXCEL_MAX) return wallToEpoch(Math.round(EXCEL_EPOCH + n * 86_400_000), timeZone)
  return bad(text, 'is a number that is neither Unix time nor a spreadsheet date')
}

/**
 * What the sampled values prove about slashed dates: `dmy` when some first number is over 12, `mdy` when some
 * second one is, `ambiguous` when none proves it (or the values contradict each other), null with no slashed dates.
 */
export function detectDateOrder(values: readonly unknown[]): SlashOrder | 'ambiguous' | null {
  let slashed = 0
  let dmy = false
  let mdy = false
  for (const v of values) {
    if (typeof v !== 'string') continue
    const m = SLASHED.exec(v.trim())
    if (!m) continue
    slashed++
    const a = +m[1]!
    const b = +m[2]!
    if (a > 12 && b <= 12) dmy = true
    if (b > 12 && a <= 12) mdy = true
  }
  if (slashed === 0) return null
  if (dmy === mdy) return 'ambiguous'
  return dmy ? 'dmy' : 'mdy'
}
