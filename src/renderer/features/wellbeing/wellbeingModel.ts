/** Pure pieces of the Wellbeing place and the sensitive-ticket controls, tested without a DOM. */
import type { ExposureDay, SensitiveReasons, SensitiveTypeOption } from '../../../shared/api/methods/wellbeing'
import { MAX_BREAK_EVERY } from '../../../shared/api/methods/wellbeing'

/** The built-in default list, as keys. */
export function defaultSensitiveTypes(options: readonly SensitiveTypeOption[]): string[] {
  return options.filter((o) => o.builtIn).map((o) => o.key)
}

/** True when both lists hold the same case types, in any order. */
export function sameTypes(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  const set = new Set(a)
  return b.every((k) => set.has(k))
}

/** How many tickets a change of the list would hide and show again (from the per-type counts). */
export function listChange(
  options: readonly SensitiveTypeOption[],
  chosen: readonly string[],
): { hide: number; show: number } {
  const next = new Set(chosen)
  let hide = 0
  let show = 0
  for (const o of options) {
    if (!o.sensitive && next.has(o.key)) hide += o.tickets
    if (o.sensitive && !next.has(o.key)) show += o.tickets
  }
  return { hide, show }
}

export type ParsedEvery = { ok: true; every: number } | { ok: false; message: string }

/** The "remind me after N reveals" field, checked before it is sent. */
export function parseBreakEvery(text: string): ParsedEvery {
  const t = text.trim()
  if (t === '') return { ok: false, message: 'Enter how many reveals to allow before a break, from 1 to 500.' }
  if (!/^\d+$/.test(t)) return { ok: false, message: `“${t}” is not a whole number of reveals. Use 1 to 500.` }
  const n = Number(t)
  if (n < 1 || n > MAX_BREAK_EVERY)
    return { ok: false, message: `Choose from 1 to ${MAX_BREAK_EVERY} reveals (you entered ${n}).` }
  return { ok: true, every: n }
}

/** Why a ticket is sensitive, as a sentence; null when it is not. */
export function reasonsSentence(r: SensitiveReasons): string | null {
  if (!r.sensitive) return null
  const parts: string[] = []
  if (r.caseType) parts.push('its case type is on your sensitive list')
  if (r.source) parts.push('the source system flagged it')
  if (r.analyst) parts.push('you marked it')
  if (parts.length === 0) return 'Sensitive.'
  const last = parts.pop() as string
  const list = parts.length ? `${parts.join(', ')} and ${last}` : last
  return `Sensitive because ${list}.`
}

/**
 * The first sentence of the detail panel's notice on a hidden ticket: its harm category when the sensitive list is
 * why it is hidden, otherwise that it was flagged (by the source or by the analyst). `reasons` may not be loaded yet.
 */
export function hiddenHeadline(caseTypeLabel: string | null, reasons: SensitiveReasons | null): string {
  if (reasons && !reasons.caseType)
    return reasons.analyst && !reasons.source
      ? 'You marked this ticket sensitive.'
      : 'This ticket was flagged sensitive by its source.'
  if (!reasons || caseTypeLabel === null) return 'This ticket is sensitive.'
  return `This ticket is in a sensitive category (${caseTypeLabel}).`
}

/** Bar lengths (0–100) for the days of the exposure history, scaled to the busiest day. */
export function dayBars(days: readonly ExposureDay[]): { date: string; total: number; percent: number }[] {
  const max = Math.max(1, ...days.map((d) => d.total))
  return days.map((d) => ({ date: d.date, total: d.total, percent: Math.round((d.total / max) * 100) }))
}
