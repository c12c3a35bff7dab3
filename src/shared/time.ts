/**
 * Calendar arithmetic in the analyst's time zone (kpis.md: timestamps are stored in UTC; days and weeks are cut in the
 * analyst's chosen zone). Pure functions over Intl, usable in main and the renderer.
 */

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** True when the runtime knows the zone. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone)
    return true
  } catch {
    return false
  }
}

/** Offset of `timeZone` from UTC at `instant`, in ms (positive east of Greenwich). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(instant))
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return asUtc - Math.floor(instant / 1000) * 1000
}

/** The local calendar date (`YYYY-MM-DD`) of an instant in a zone. */
export function localDate(instant: number, timeZone: string): string {
  return isoDate(instant + zoneOffsetMs(instant, timeZone))
}

function isoDate(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 10)
}

/** The instant local midnight starts on `date` (`YYYY-MM-DD`) in a zone; DST-safe. */
export function startOfLocalDay(date: string, timeZone: string): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`)
  let guess = utcMidnight - zoneOffsetMs(utcMidnight, timeZone)
  // The offset at the guess can differ from the offset at UTC midnight across a DST change: settle it.
  for (let i = 0; i < 2; i++) {
    const next = utcMidnight - zoneOffsetMs(guess, timeZone)
    if (next === guess) break
    guess = next
  }
  return guess
}

export function addDays(date: string, days: number): string {
  return isoDate(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000)
}

/** Monday of the ISO week that holds `date`. */
export function weekStart(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  const dow = (d.getUTCDay() + 6) % 7
  return addDays(date, -dow)
}

/**
 * Half-open local buckets [start, end) covering `from`..`to` (instants), by day or ISO week, in a zone.
 * Returns bucket labels (`YYYY-MM-DD` of the bucket's first day) and their starting instants, plus the end of the last.
 */
export function localBuckets(
  from: number,
  to: number,
  grain: 'day' | 'week',
  timeZone: string,
): { labels: string[]; starts: number[]; end: number } {
  let label = localDate(from, timeZone)
  if (grain === 'week') label = weekStart(label)
  const step = grain === 'week' ? 7 : 1
  const labels: string[] = []
  const starts: number[] = []
  let start = startOfLocalDay(label, timeZone)
  // Guard against absurd ranges: at most ~30 years of days.
  for (let i = 0; i < 11_000 && start < to; i++) {
    labels.push(label)
    starts.push(start)
    label = addDays(label, step)
    start = startOfLocalDay(label, timeZone)
  }
  return { labels, starts, end: start }
}

/** Index of the bucket holding `instant` (binary search over ascending starts), or -1 when outside. */
export function bucketIndex(starts: readonly number[], end: number, instant: number): number {
  if (starts.length === 0 || instant < (starts[0] as number) || instant >= end) return -1
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((starts[mid] as number) <= instant) lo = mid
    else hi = mid - 1
  }
  return lo
}
