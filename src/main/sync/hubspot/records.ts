/**
 * Reading HubSpot ticket records (`{id, properties, createdAt, updatedAt, archived}`; every property value is a
 * string or null). A record that cannot be read (no id, a date that does not parse, a property of the wrong type)
 * becomes a quarantined record with the reason while the rest of the page goes on.
 */
import type { TicketInput } from '../../db/queries/ticketWrites'
import { caseTypeOf, slug } from '../salesforce/mapping'
import { isObj, mapped, rawExcerpt, type OnUnmapped } from '../salesforce/records'
import type { QuarantinedRecord } from '../types'
import type { HubSpotMapping } from './mapping'

export { isObj }

/** A pipeline stage as GET /crm/v3/pipelines/tickets describes it. */
export interface Stage {
  label: string
  isClosed: boolean
}

export type MappedHubSpotTicket =
  | { kind: 'ticket'; id: string; modified: number; ticket: TicketInput }
  | { kind: 'quarantine'; record: QuarantinedRecord }

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/
const DAY = /^\d{4}-\d{2}-\d{2}$/

/** Epoch ms of a HubSpot date property: ISO-8601 (`2024-01-05T10:11:12.345Z`), a date, or epoch ms as a string. */
export function parseHubSpotDate(value: unknown): number | null {
  if (typeof value !== 'string') return null
  const v = value.trim()
  if (/^\d{10,16}$/.test(v)) return Number(v)
  if (!ISO.test(v) && !DAY.test(v)) return null
  const t = Date.parse(v)
  return Number.isFinite(t) ? t : null
}

class Unreadable extends Error {}

function prop(props: Record<string, unknown>, name: string): string | null {
  const v = props[name]
  if (v === null || v === undefined || v === '') return null
  if (typeof v !== 'string')
    throw new Unreadable(`${name} should be a string but is ${JSON.stringify(v)?.slice(0, 60)}.`)
  return v
}

function date(props: Record<string, unknown>, name: string, fallback: unknown, required: boolean): number | null {
  const v = prop(props, name)
  if (v === null) {
    const f = parseHubSpotDate(fallback)
    if (f === null && required) throw new Unreadable(`${name} is missing.`)
    return f
  }
  const t = parseHubSpotDate(v)
  if (t === null) throw new Unreadable(`${name} is not a date (${JSON.stringify(v)}).`)
  return t
}

/** A millisecond duration property as whole minutes (kpis.md measures times in minutes). */
function minutes(props: Record<string, unknown>, name: string): number | null {
  const v = prop(props, name)
  if (v === null) return null
  const n = Number(v)
  if (!Number.isFinite(n) || n < 0) throw new Unreadable(`${name} should be milliseconds but is ${JSON.stringify(v)}.`)
  return Math.round(n / 60_000)
}

/** The status of a stage: the mapping by id, then by label, then the pipeline's closed flag. */
function status(
  mapping: HubSpotMapping,
  stageId: string | null,
  stages: ReadonlyMap<string, Stage>,
  onUnmapped?: OnUnmapped,
): { status: string; closed: boolean } {
  if (!stageId) throw new Unreadable('hs_pipeline_stage is empty.')
  const stage = stages.get(stageId)
  const byMap = mapping.stageValues[stageId] ?? (stage ? mapping.stageValues[stage.label] : undefined)
  if (byMap) return { status: byMap, closed: stage?.isClosed ?? (byMap === 'closed' || byMap === 'solved') }
  if (stage) return { status: stage.isClosed ? 'closed' : 'open', closed: stage.isClosed }
  // A stage the pipelines do not list (deleted since, or another object's): keep its id, visible and mappable.
  onUnmapped?.('hs_pipeline_stage', stageId)
  return { status: stageId, closed: false }
}

/** One ticket onto the workbench's fields, or a quarantine entry with the reason. */
export function mapHubSpotTicket(
  raw: unknown,
  mapping: HubSpotMapping,
  stages: ReadonlyMap<string, Stage>,
  onUnmapped?: OnUnmapped,
): MappedHubSpotTicket {
  if (!isObj(raw)) return quarantine(raw, null, 'The record is not a JSON object.')
  const id = typeof raw.id === 'string' && /^\d{1,20}$/.test(raw.id) ? raw.id : null
  if (!id) return quarantine(raw, typeof raw.id === 'string' && raw.id ? raw.id : null, 'The ticket has no numeric id.')
  if (!isObj(raw.properties)) return quarantine(raw, id, 'The ticket has no properties object.')
  const props = raw.properties
  try {
    const createdAt = date(props, 'createdate', raw.createdAt, true) as number
    const modified = date(props, 'hs_lastmodifieddate', raw.updatedAt, true) as number
    const closedDate = date(props, 'closed_date', null, false)
    const st = status(mapping, prop(props, 'hs_pipeline_stage'), stages, onUnmapped)
    const categories = (prop(props, mapping.caseTypeProperty) ?? '')
      .split(';')
      .map((c) => c.trim())
      .filter(Boolean)
    let caseType: string | null = null
    if (categories[0]) {
      const ct = caseTypeOf(mapping.caseTypeValues, categories[0])
      if (!ct.mapped) onUnmapped?.('caseType', categories[0])
      caseType = ct.value
    }
    const priority = prop(props, 'hs_ticket_priority')
    const source = prop(props, 'source_type')
    const region = mapping.regionProperty ? prop(props, mapping.regionProperty) : null
    const timeToClose = minutes(props, 'time_to_close')
    const solvedAt = st.closed
      ? (closedDate ?? (timeToClose !== null ? createdAt + timeToClose * 60_000 : modified))
      : null
    const resolution =
      timeToClose ?? (solvedAt !== null ? Math.max(0, Math.round((solvedAt - createdAt) / 60_000)) : null)
    const ticket: TicketInput = {
      externalId: id,
      subject: prop(props, 'subject') ?? '',
      description: prop(props, 'content') ?? '',
      status: st.status,
      priority: priority ? mapped(mapping.priorityValues, priority, 'hs_ticket_priority', onUnmapped) : null,
      type: null,
      caseType,
      channel: source ? mapped(mapping.channelValues, source, 'source_type', onUnmapped) : 'unknown',
      // Every category becomes a tag (multi-select): the case type takes the first, the tags keep them all.
      tags: [...new Set(categories.map(slug).filter(Boolean))],
      region: region ? (mapping.regionValues[region] ?? region) : null,
      locale: null,
      requester: null,
      assignee: prop(props, 'hubspot_owner_id'),
      group: null,
      createdAt,
      updatedAt: modified,
      // HubSpot keeps no reopen history on tickets: the first solve is the close that is there.
      firstSolvedAt: solvedAt,
      solvedAt,
      firstReplyMinutes: minutes(props, 'time_to_first_agent_reply'),
      firstResolutionMinutes: st.closed ? resolution : null,
      fullResolutionMinutes: st.closed ? resolution : null,
      reopens: 0,
      replies: 0,
      csat: mapping.csatProperty ? csat(prop(props, mapping.csatProperty)) : null,
      sensitive: false,
      escalated: false,
    }
    return { kind: 'ticket', id, modified, ticket }
  } catch (err) {
    if (err instanceof Unreadable) return quarantine(raw, id, err.message)
    throw err
  }
}

function csat(v: string | null): number | null {
  const n = v === null ? NaN : Number(v)
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : null
}

function quarantine(raw: unknown, id: string | null, reason: string): MappedHubSpotTicket {
  return { kind: 'quarantine', record: { externalId: id, reason, raw: rawExcerpt(raw) } }
}
