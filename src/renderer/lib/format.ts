/**
 * Formatting for the analyst: numbers with separators, times in the analyst's time zone with the zone named, relative
 * times, durations. Pure functions over Intl (no DOM), so column definitions and chart options can use them in tests.
 */

/** The analyst's time zone. Days and weeks are cut in it (kpis.md); every chart names it. */
export function analystTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

const intFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 })

export function formatInt(n: number): string {
  return intFormat.format(n)
}

/** "1 ticket" / "50,000 tickets". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatInt(n)} ${n === 1 ? one : many}`
}

const shortFormats = new Map<string, Intl.DateTimeFormat>()
const longFormats = new Map<string, Intl.DateTimeFormat>()
const fullFormats = new Map<string, Intl.DateTimeFormat>()
const dayFormats = new Map<string, Intl.DateTimeFormat>()

function cached(
  map: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let f = map.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, { ...options, timeZone })
    map.set(timeZone, f)
  }
  return f
}

const yearFormats = new Map<string, Intl.DateTimeFormat>()

/**
 * Compact local time for grids and fields: "Nov 22, 14:05" within the current year, "Nov 22, 2025, 14:05" otherwise.
 * The year is compared in the same zone, so a New Year's Eve ticket is labelled the way the analyst's calendar reads.
 */
export function formatDateTime(ms: number, timeZone = analystTimeZone(), now = Date.now()): string {
  const year = cached(yearFormats, timeZone, { year: 'numeric' })
  const sameYear = year.format(ms) === year.format(now)
  return cached(sameYear ? shortFormats : longFormats, timeZone, {
    ...(sameYear ? {} : { year: 'numeric' as const }),
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms)
}

/** Exact local time with the zone named, for hovers: "Fri, 21 Nov 2025, 14:05:12 GMT+1 (Europe/Dublin)". */
export function formatDateTimeFull(ms: number, timeZone = analystTimeZone()): string {
  const text = cached(fullFormats, timeZone, {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(ms)
  // "… UTC (UTC)" says nothing twice; a named zone beside its abbreviation ("GMT+1 (Europe/Dublin)") does.
  return text.endsWith(timeZone) ? text : `${text} (${timeZone})`
}

/** A local calendar date for labels: "21 Nov 2025". `date` is `YYYY-MM-DD` (already local). */
export function formatLocalDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  const f = cached(dayFormats, 'UTC', { year: 'numeric', month: 'short', day: 'numeric' })
  return f.format(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1))
}

/** The zone with its current offset: "Europe/Dublin (GMT+1)". */
export function zoneLabel(timeZone = analystTimeZone(), at = Date.now()): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'shortOffset' }).formatToParts(at)
  const offset = parts.find((p) => p.type === 'timeZoneName')?.value
  return offset ? `${timeZone} (${offset})` : timeZone
}

/** "just now", "4 min ago", "3 h ago", "2 d ago"; future times read "in 5 min". */
export function formatRelative(ms: number, now: number): string {
  const diff = now - ms
  const abs = Math.abs(diff)
  const minute = 60_000
  let text: string
  if (abs < minute) return 'just now'
  if (abs < 60 * minute) text = `${Math.round(abs / minute)} min`
  else if (abs < 48 * 60 * minute) text = `${Math.round(abs / (60 * minute))} h`
  else if (abs < 60 * 24 * 60 * minute) text = `${Math.round(abs / (24 * 60 * minute))} d`
  else text = `${Math.round(abs / (30 * 24 * 60 * minute))} mo`
  return diff >= 0 ? `${text} ago` : `in ${text}`
}

/** Calendar minutes as "45 min", "3 h 20 min", "2 d 5 h"; `compact` gives "3 h 20 m" for narrow grid cells. */
export function formatMinutes(minutes: number | null | undefined, compact = false): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return ''
  const m = Math.max(0, Math.round(minutes))
  const unit = compact ? 'm' : 'min'
  if (m < 60) return `${m} min`
  const h = Math.floor(m / 60)
  if (h < 24) {
    const rest = m % 60
    return rest ? `${h} h ${rest} ${unit}` : `${h} h`
  }
  const d = Math.floor(h / 24)
  const restH = h % 24
  return restH ? `${d} d ${restH} h` : `${d} d`
}

/** "about 40 s", "about 3 min", "about 1 h 10 min". */
export function formatEta(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000))
  if (s < 60) return `about ${s} s`
  const min = Math.round(s / 60)
  if (min < 60) return `about ${min} min`
  return `about ${Math.floor(min / 60)} h ${min % 60} min`
}
