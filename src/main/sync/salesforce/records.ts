/**
 * Reading Salesforce Case records. Vendor JSON is untrusted: every field is checked, and a record that cannot be read
 * (no Id, a date that does not parse, a field of the wrong type) becomes a quarantined record with the reason while
 * the rest of the page goes on.
 */
import type { TicketInput } from '../../db/queries/ticketWrites'
import type { CommentInput, QuarantinedRecord } from '../types'
import { caseTypeOf, type SalesforceMapping } from './mapping'

type Obj = Record<string, unknown>
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The mapped fields a value had no entry for, so the Sources screen can offer to map it. */
export type UnmappedField = 'Status' | 'Priority' | 'Origin' | 'caseType'
export type OnUnmapped = (field: UnmappedField | string, value: string) => void

export type MappedCase =
  | { kind: 'ticket'; id: string; modstamp: number; ticket: TicketInput }
  | { kind: 'quarantine'; record: QuarantinedRecord }

const RAW_LIMIT = 4_096
export function rawExcerpt(raw: unknown): string {
  let text: string
  try {
    text = JSON.stringify(raw) ?? String(raw)
  } catch {
    text = String(raw)
  }
  return text.length > RAW_LIMIT ? `${text.slice(0, RAW_LIMIT)}…` : text
}

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3})\d*)?(Z|[+-]\d{2}:?\d{2})$/

/**
 * Epoch ms of a Salesforce datetime (`2024-01-05T10:11:12.000+0000`; also `Z` and `+01:00`), or null. Parsed by hand
 * because `Date.parse` accepts many loose forms, and a record whose date is not what the API promises is quarantined
 * rather than guessed at.
 */
export function parseSalesforceDate(value: unknown): number | null {
  if (typeof value !== 'string') return null
  const m = DATETIME.exec(value)
  if (!m) return null
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as string[]
  const ms = frac ? Number(frac.padEnd(3, '0')) : 0
  let offset = 0
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000
  }
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms) - offset
  const check = new Date(t + offset)
  // Date.UTC rolls 2024-02-30 over into March: refuse dates that do not exist.
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return null
  return Number.isFinite(t) ? t : null
}

/** A SOQL datetime literal (unquoted ISO, second precision: SOQL has no fractional-second literal). */
export function soqlDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

const ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/

class Unreadable extends Error {}

function str(raw: Obj, field: string): string | null {
  const v = raw[field]
  if (v === null || v === undefined) return null
  if (typeof v !== 'string') throw new Unreadable(`${field} should be text but is ${JSON.stringify(v)?.slice(0, 60)}.`)
  return v
}

function bool(raw: Obj, field: string): boolean {
  const v = raw[field]
  if (v === null || v === undefined) return false
  if (typeof v !== 'boolean') throw new Unreadable(`${field} should be true or false but is ${JSON.stringify(v)}.`)
  return v
}

function date(raw: Obj, field: string, required: boolean): number | null {
  const v = raw[field]
  if ((v === null || v === undefined) && !required) return null
  const t = parseSalesforceDate(v)
  if (t === null)
    throw new Unreadable(`${field} is ${v === undefined ? 'missing' : `not a date (${JSON.stringify(v)})`}.`)
  return t
}

/** A picklist value through its value map; an unmapped value is kept as written and reported. Shared with HubSpot. */
export function mapped(
  values: Readonly<Record<string, string>>,
  value: string,
  field: string,
  onUnmapped?: OnUnmapped,
): string {
  const m = values[value]
  if (m !== undefined) return m
  onUnmapped?.(field, value)
  return value
}

function csat(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : null
}

/** One Case record onto the workbench's ticket fields, or a quarantine entry with the reason. */
export function mapCase(raw: unknown, mapping: SalesforceMapping, onUnmapped?: OnUnmapped): MappedCase {
  if (!isObj(raw)) return quarantine(raw, null, 'The record is not a JSON object.')
  const rawId = raw.Id
  if (typeof rawId !== 'string' || !ID.test(rawId))
    return quarantine(
      raw,
      typeof rawId === 'string' && rawId ? rawId : null,
      'The case has no valid Id (15 or 18 letters and digits).',
    )
  try {
    const createdAt = date(raw, 'CreatedDate', true) as number
    const modstamp = date(raw, 'SystemModstamp', true) as number
    const lastModified = date(raw, 'LastModifiedDate', false)
    const closedAt = date(raw, 'ClosedDate', false)
    const statusRaw = str(raw, 'Status')
    if (!statusRaw) throw new Unreadable('Status is empty.')
    const status = mapped(mapping.statusValues, statusRaw, 'Status', onUnmapped)
    const priorityRaw = str(raw, 'Priority')
    const originRaw = str(raw, 'Origin')
    const caseTypeRaw = str(raw, mapping.caseTypeField)
    let caseType: string | null = null
    if (caseTypeRaw) {
      const ct = caseTypeOf(mapping.caseTypeValues, caseTypeRaw)
      if (!ct.mapped) onUnmapped?.('caseType', caseTypeRaw)
      caseType = ct.value
    }
    const regionRaw = mapping.regionField ? str(raw, mapping.regionField) : null
    const isClosed = bool(raw, 'IsClosed') || closedAt !== null
    const solvedAt = isClosed ? (closedAt ?? modstamp) : null
    const resolution = solvedAt !== null ? Math.max(0, Math.round((solvedAt - createdAt) / 60_000)) : null
    const ownerId = str(raw, 'OwnerId')
    const type = str(raw, 'Type')
    const ticket: TicketInput = {
      externalId: rawId,
      subject: str(raw, 'Subject') ?? '',
      description: str(raw, 'Description') ?? '',
      status,
      priority: priorityRaw ? mapped(mapping.priorityValues, priorityRaw, 'Priority', onUnmapped) : null,
      type: type ? type.toLowerCase() : null,
      caseType,
      channel: originRaw ? mapped(mapping.channelValues, originRaw, 'Origin', onUnmapped) : 'unknown',
      tags: [],
      region: regionRaw ? (mapping.regionValues[regionRaw] ?? regionRaw) : null,
      locale: null,
      requester: str(raw, 'SuppliedEmail') ?? str(raw, 'ContactId'),
      // OwnerId is a user (005…) or a queue (00G…): a queue is the case's group, not its assignee.
      assignee: ownerId && !ownerId.startsWith('00G') ? ownerId : null,
      group: ownerId?.startsWith('00G') ? ownerId : null,
      createdAt,
      // SystemModstamp moves on every change (LastModifiedDate only on user edits): it is what "newer" means here.
      updatedAt: Math.max(modstamp, lastModified ?? 0),
      // Salesforce keeps no reopen history on Case: the first solve is the close that is there.
      firstSolvedAt: solvedAt,
      solvedAt,
      firstReplyMinutes: null,
      firstResolutionMinutes: resolution,
      fullResolutionMinutes: resolution,
      reopens: 0,
      replies: 0,
      csat: mapping.csatField ? csat(raw[mapping.csatField]) : null,
      sensitive: false,
      escalated: bool(raw, 'IsEscalated') || mapping.escalatedStatuses.includes(statusRaw),
    }
    return { kind: 'ticket', id: rawId, modstamp, ticket }
  } catch (err) {
    if (err instanceof Unreadable) return quarantine(raw, rawId, err.message)
    throw err
  }
}

/** The child relationships a case query selects (mapping.ts caseCommentQueries): the thread of the case. */
export const CHILD_RELATIONSHIPS = ['CaseComments', 'EmailMessages'] as const
export type ChildRelationship = (typeof CHILD_RELATIONSHIPS)[number]

/**
 * The first batch of a parent-to-child subquery on a case record (`{totalSize, done, records, nextRecordsUrl?}`, or
 * null when the case has none); `next` is the address of the rest when Salesforce split it.
 */
export function childBatch(raw: unknown, rel: ChildRelationship): { records: unknown[]; next: string | null } {
  const v = isObj(raw) ? raw[rel] : null
  if (!isObj(v) || !Array.isArray(v.records)) return { records: [], next: null }
  const next = v.done === false && typeof v.nextRecordsUrl === 'string' ? v.nextRecordsUrl : null
  return { records: v.records, next }
}

/**
 * A CaseComment (internal or published note) or an EmailMessage (incoming from the customer, or an agent's reply)
 * as a thread entry; null when it cannot be read (the others are kept). Ids are prefixed by kind, since both objects
 * share the thread.
 */
export function mapCaseChild(rel: ChildRelationship, raw: unknown): CommentInput | null {
  if (!isObj(raw) || typeof raw.Id !== 'string' || !raw.Id) return null
  if (rel === 'CaseComments') {
    const createdAt = parseSalesforceDate(raw.CreatedDate)
    const body = typeof raw.CommentBody === 'string' ? raw.CommentBody : null
    if (createdAt === null || body === null) return null
    return {
      externalId: `CaseComment:${raw.Id}`,
      author: typeof raw.CreatedById === 'string' ? raw.CreatedById : null,
      authorRole: 'agent',
      public: raw.IsPublished === true,
      body,
      createdAt,
    }
  }
  const createdAt = parseSalesforceDate(raw.MessageDate) ?? parseSalesforceDate(raw.CreatedDate)
  const body =
    typeof raw.TextBody === 'string' && raw.TextBody
      ? raw.TextBody
      : typeof raw.Subject === 'string'
        ? raw.Subject
        : null
  if (createdAt === null || body === null) return null
  return {
    externalId: `EmailMessage:${raw.Id}`,
    author: typeof raw.FromAddress === 'string' ? raw.FromAddress : null,
    authorRole: raw.Incoming === true ? 'requester' : 'agent',
    public: true,
    body,
    createdAt,
  }
}

function quarantine(raw: unknown, id: string | null, reason: string): MappedCase {
  return { kind: 'quarantine', record: { externalId: id, reason, raw: rawExcerpt(raw) } }
}
