/**
 * Vendor vocabulary onto the workbench's (Zendesk's words, shared/domain.ts): statuses, priorities, channels. These
 * apply after the mapping's own value table, so an analyst's choice always wins; a value nobody knows is kept as
 * written (lower-cased), because an unknown status is still worth seeing.
 */
import { REGIONS } from '../../shared/domain'

const STATUS: Record<string, string> = {
  new: 'new',
  open: 'open',
  pending: 'pending',
  hold: 'hold',
  solved: 'solved',
  closed: 'closed',
  'on hold': 'hold',
  'on-hold': 'hold',
  onhold: 'hold',
  working: 'open',
  'in progress': 'open',
  escalated: 'open',
  waiting: 'pending',
  'waiting on contact': 'pending',
  'waiting on customer': 'pending',
  'waiting on us': 'open',
  resolved: 'solved',
  done: 'solved',
  completed: 'solved',
  answered: 'solved',
  abandoned: 'closed',
}

const PRIORITY: Record<string, string> = {
  urgent: 'urgent',
  high: 'high',
  normal: 'normal',
  low: 'low',
  medium: 'normal',
  critical: 'urgent',
  p1: 'urgent',
  p2: 'high',
  p3: 'normal',
  p4: 'low',
}

/** Zendesk `via.channel`, Salesforce `Origin`, HubSpot `source_type` and the like, onto the intake channels. */
const CHANNEL: Record<string, string> = {
  email: 'email',
  mail: 'email',
  web: 'web_form',
  'web form': 'web_form',
  web_form: 'web_form',
  webform: 'web_form',
  form: 'web_form',
  phone: 'phone',
  voice: 'phone',
  call: 'phone',
  telephone: 'phone',
  chat: 'in_app',
  mobile: 'in_app',
  mobile_sdk: 'in_app',
  native_messaging: 'in_app',
  in_app: 'in_app',
  'in-app': 'in_app',
  app: 'in_app',
  twitter: 'social',
  facebook: 'social',
  instagram: 'social',
  social: 'social',
  creator_portal: 'creator_portal',
  'creator portal': 'creator_portal',
}

function key(value: string): string {
  return value.trim().toLowerCase().replace(/\s+/g, ' ')
}

export function normaliseStatus(value: string): string {
  const k = key(value)
  return STATUS[k] ?? k
}

export function normalisePriority(value: string): string {
  const k = key(value)
  return PRIORITY[k] ?? k
}

export function normaliseChannel(value: string): string {
  const k = key(value)
  return CHANNEL[k] ?? k.replace(/ /g, '_')
}

export function normaliseRegion(value: string): string {
  const up = value.trim().toUpperCase()
  return (REGIONS as readonly string[]).includes(up) ? up : value.trim()
}

export function normaliseLower(value: string): string {
  return key(value).replace(/ /g, '_')
}

/**
 * A cell as text, whatever it holds: JSON records bring arrays and objects (read as their JSON, never String(), which
 * throws on `{"toString": []}`), spreadsheets bring dates. Arrays join with spaces (a tags list).
 */
export function asText(v: unknown): string {
  if (typeof v === 'string') return v
  if (v === null || v === undefined) return ''
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString()
  if (Array.isArray(v)) return v.map(asText).join(' ')
  if (typeof v === 'object') return JSON.stringify(v) ?? ''
  return String(v)
}

/** Zendesk satisfaction (good/bad), stars and percentages onto CSAT 1–5; offered/unoffered mean not rated. */
export function parseCsat(value: unknown): number | null | { error: string } {
  if (value === null || value === undefined || value === '') return null
  if (typeof value === 'number')
    return value >= 1 && value <= 5 ? Math.round(value) : { error: `CSAT ${value} is not 1 to 5` }
  const k = key(asText(value))
  if (k === 'good' || k === 'satisfied') return 5
  if (k === 'bad' || k === 'unsatisfied' || k === 'dissatisfied') return 1
  if (k === 'offered' || k === 'unoffered' || k === 'not offered' || k === '-') return null
  const n = Number(k.replace('%', ''))
  if (Number.isFinite(n) && n >= 1 && n <= 5) return Math.round(n)
  return { error: `"${asText(value).slice(0, 40)}" is not a CSAT score (1 to 5, good or bad)` }
}

/** Whole numbers, accepting "1,234" and "12.0"; a duration may be fractional. */
export function parseNumber(value: unknown): number | null | { error: string } {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return Number.isFinite(value) ? value : { error: `${value} is not a number` }
  if (typeof value === 'boolean') return value ? 1 : 0
  const text = asText(value).trim()
  if (text === '' || text === '-') return null
  // Most cells are plain numbers; the forms below (thousands commas, HH:MM:SS) are NaN to Number, so trying it first
  // changes no result.
  const plain = Number(text)
  if (Number.isFinite(plain)) return plain
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) return Number(text.replace(/,/g, ''))
  // HH:MM:SS durations (HubSpot and Avaya reports write them) become seconds.
  const hms = /^(\d+):(\d{2}):(\d{2})$/.exec(text)
  if (hms) return Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3])
  const n = Number(text)
  return Number.isFinite(n) ? n : { error: `"${text.slice(0, 40)}" is not a number` }
}

export function parseBoolean(value: unknown): boolean | null {
  if (value === null || value === undefined || value === '') return null
  if (typeof value === 'boolean') return value
  if (typeof value === 'number') return value !== 0
  const k = key(asText(value))
  if (['1', 'true', 'yes', 'y', 'escalated'].includes(k)) return true
  if (['0', 'false', 'no', 'n'].includes(k)) return false
  return null
}
