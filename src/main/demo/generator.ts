/**
 * The deterministic demo workspace: ~180 days of a social video platform's support and trust-and-safety queue, with
 * injected incidents whose ground truth is stored beside the tickets (`demo_incidents`) so detection can be scored.
 * Same (tickets, seed, endAt, days) gives byte-identical tickets and comments on every machine.
 *
 * Speed matters (a million tickets is a bench figure), so the load drops secondary indexes, writes through prepared
 * statements in large transactions with synchronous=OFF, and rebuilds the indexes once at the end.
 */
import { CASE_TYPES, CHANNELS, REGIONS } from '../../shared/domain'
import type { Db } from '../db/connection'
import { BatchInsert, ID_LIMIT, prepareForBulkLoad, TagPairs } from './bulk'
import { Calendar } from './calendar'
import { extraRegion, type Incident, incidentKeys, planIncidents, sampleExtraCreated } from './incidents'
import { TicketBuilder } from './lifecycle'
import { CASE_PROFILES, CASE_TABLE } from './profile'
import { Rng } from './random'
import { REGION_TABLE } from './regions'
import { buildWorkedExample } from '../rca/demoExample'

export interface DemoOptions {
  tickets: number
  seed: number
  /** Exclusive end of the generated period, epoch ms; default: now (to the minute). */
  endAt?: number
  days?: number /* default 180 */
  onProgress?: (done: number, total: number) => void
}

export interface DemoResult {
  tickets: number
  comments: number
  incidents: number
  startAt: number
  endAt: number
  seconds: number
}

export const DEMO_SOURCE_NAME = 'Demo helpdesk'
export const DEFAULT_DAYS = 180
const MIN_DAYS = 60
const MAX_DAYS = 3650
/** Tickets per transaction: big enough to amortise commits, small enough to keep the rollback journal small. */
const CHUNK = 20_000
const STREAM_SKELETON = 5
const CASE_KEYS = CASE_TYPES.map((c) => c.key)

/** Tickets in creation order: what each is about and where it came from, before any detail is drawn. */
interface Skeleton {
  createdAt: Float64Array
  caseType: Uint8Array
  region: Uint8Array
  channel: Uint8Array
  /** Index into the plan's incidents, -1 for an ordinary ticket. */
  incident: Int8Array
}

export function generateDemo(db: Db, options: DemoOptions): DemoResult {
  const started = performance.now()
  const tickets = options.tickets
  const seed = options.seed
  const days = options.days ?? DEFAULT_DAYS
  // Default: now, to the minute. Nothing is dated in the future, so "data as of" reads as the time of generation.
  const endAt = options.endAt ?? Math.floor(Date.now() / 60_000) * 60_000
  if (!Number.isInteger(tickets) || tickets < 1 || tickets >= ID_LIMIT) {
    throw new Error(`The demo needs a whole number of tickets between 1 and ${ID_LIMIT - 1} (got ${tickets}).`)
  }
  if (!Number.isInteger(seed)) throw new Error(`The demo seed must be a whole number (got ${seed}).`)
  if (!Number.isInteger(days) || days < MIN_DAYS || days > MAX_DAYS) {
    throw new Error(`The demo period must be ${MIN_DAYS} to ${MAX_DAYS} days so its incidents fit (got ${days}).`)
  }
  if (!Number.isFinite(endAt)) throw new Error('The demo end time must be a finite epoch-millisecond value.')
  assertEmpty(db)

  const calendar = new Calendar(endAt, days, seed)
  const plan = planIncidents(calendar, tickets, seed)
  const skeleton = layOut(calendar, plan.incidents, plan.baseline, tickets, seed)
  const builder = new TicketBuilder(endAt, seed, plan.incidents, tickets)
  const comments = writeDemo(db, {
    skeleton,
    builder,
    incidents: plan.incidents,
    calendar,
    seed,
    tickets,
    onProgress: options.onProgress,
  })
  // The worked example (an escalation with a complete RCA on the LIVE-gifts surge): analyst tables only.
  buildWorkedExample(
    db,
    plan.incidents.map((inc) => ({
      ...incidentKeys(inc),
      kind: inc.kind,
      title: inc.title,
      startAt: inc.startAt,
      endAt: inc.endAt,
    })),
    endAt,
  )
  options.onProgress?.(tickets, tickets)
  return {
    tickets,
    comments,
    incidents: plan.incidents.length,
    startAt: calendar.startAt,
    endAt,
    seconds: Math.round(performance.now() - started) / 1000,
  }
}

function assertEmpty(db: Db): void {
  const n = (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n
  if (n > 0) {
    throw new Error(
      `This workspace already holds ${n} tickets; the demo can only be generated into an empty workspace.`,
    )
  }
  const source = db.prepare('SELECT 1 FROM sources WHERE name = ?').get(DEMO_SOURCE_NAME)
  if (source) throw new Error(`This workspace already has a "${DEMO_SOURCE_NAME}" source; use an empty workspace.`)
}

/**
 * Draws who and what for every ticket, then orders them by creation time, so ids rise with time as in a helpdesk.
 * Sorting one Float64Array of (seconds since start) * 2^24 + index keeps the sort native and allocation-free.
 */
function layOut(
  calendar: Calendar,
  incidents: readonly Incident[],
  baseline: number,
  total: number,
  seed: number,
): Skeleton {
  const rng = new Rng(seed, STREAM_SKELETON)
  const keys = new Float64Array(total)
  const caseType = new Uint8Array(total)
  const region = new Uint8Array(total)
  const channel = new Uint8Array(total)
  const incident = new Int8Array(total).fill(-1)
  let i = 0
  for (; i < baseline; i++) {
    const r = REGION_TABLE.sample(rng)
    const ct = CASE_TABLE.sample(rng)
    region[i] = r
    caseType[i] = ct
    channel[i] = (CASE_PROFILES[ct] as (typeof CASE_PROFILES)[number]).channel.sample(rng)
    keys[i] = (calendar.sampleCreated(r, rng) - calendar.startAt) / 1000
  }
  incidents.forEach((inc, k) => {
    const profile = CASE_PROFILES[inc.caseType] as (typeof CASE_PROFILES)[number]
    for (let j = 0; j < inc.extra; j++, i++) {
      region[i] = extraRegion(inc, rng)
      caseType[i] = inc.caseType
      channel[i] = inc.channel >= 0 ? inc.channel : profile.channel.sample(rng)
      incident[i] = k
      keys[i] = (sampleExtraCreated(inc, calendar, rng) - calendar.startAt) / 1000
    }
  })
  for (let j = 0; j < total; j++) keys[j] = (keys[j] as number) * ID_LIMIT + j
  keys.sort()
  const out: Skeleton = {
    createdAt: new Float64Array(total),
    caseType: new Uint8Array(total),
    region: new Uint8Array(total),
    channel: new Uint8Array(total),
    incident: new Int8Array(total),
  }
  for (let p = 0; p < total; p++) {
    const key = keys[p] as number
    const j = key % ID_LIMIT
    out.createdAt[p] = calendar.startAt + ((key - j) / ID_LIMIT) * 1000
    out.caseType[p] = caseType[j] as number
    out.region[p] = region[j] as number
    out.channel[p] = channel[j] as number
    out.incident[p] = incident[j] as number
  }
  return out
}

interface LoadInput {
  skeleton: Skeleton
  builder: TicketBuilder
  incidents: readonly Incident[]
  calendar: Calendar
  seed: number
  tickets: number
  onProgress?: (done: number, total: number) => void
}

/** Rows per multi-row INSERT; beyond ~16 the gain flattens. */
const BATCH_ROWS = 64

/** The loader: every write of the demo lives here. Returns the number of comments written. */
function writeDemo(db: Db, input: LoadInput): number {
  const { skeleton, builder, incidents, calendar, tickets } = input
  const insertSource = db.prepare(
    "INSERT INTO sources (kind, name, config_json, enabled, created_at) VALUES ('demo', ?, ?, 1, ?)",
  )
  const ticketRows = new BatchInsert(
    db,
    `INSERT INTO tickets (id, source_id, external_id, subject, description, status, priority, type, case_type,
      channel, tags_json, region, locale, requester, assignee, group_name, created_at, updated_at, first_solved_at,
      solved_at, first_reply_minutes, first_resolution_minutes, full_resolution_minutes, reopens, replies, csat,
      sensitive, escalated)`,
    28,
    BATCH_ROWS,
  )
  const commentRows = new BatchInsert(
    db,
    'INSERT INTO ticket_comments (ticket_id, author, author_role, public, body, created_at)',
    6,
    BATCH_ROWS * 2,
  )
  const tagRows = new BatchInsert(db, 'INSERT INTO ticket_tags (tag, ticket_id)', 2, BATCH_ROWS * 4)
  const insertIncident = db.prepare(
    `INSERT INTO demo_incidents (kind, title, case_type, region, channel, start_at, end_at, magnitude, extra_tickets,
      description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertSync = db.prepare(
    "INSERT INTO sync_state (source_id, status, data_as_of, tickets_synced) VALUES (?, 'idle', ?, ?)",
  )
  const upsertMeta = db.prepare(
    'INSERT INTO workspace_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  )

  const progressStep = Math.max(1, Math.ceil(tickets / 100))
  const tags = new TagPairs(Math.round(tickets * 2))
  let sourceId = 0
  let comments = 0
  let dataAsOf = 0

  const writeTickets = db.transaction((from: number, to: number) => {
    const b = builder
    const tv = ticketRows.values
    const cv = commentRows.values
    for (let p = from; p < to; p++) {
      const id = p + 1
      const ct = skeleton.caseType[p] as number
      const ch = skeleton.channel[p] as number
      const rg = skeleton.region[p] as number
      const k = skeleton.incident[p] as number
      const createdAt = skeleton.createdAt[p] as number
      b.build(createdAt, ct, rg, ch, k >= 0 ? (incidents[k] ?? null) : null)
      let i = ticketRows.pos
      tv[i++] = id
      tv[i++] = sourceId
      tv[i++] = 'DEMO-' + String(id).padStart(6, '0')
      tv[i++] = b.subject
      tv[i++] = b.description
      tv[i++] = b.status
      tv[i++] = b.priority
      tv[i++] = b.type
      tv[i++] = CASE_KEYS[ct] as string
      tv[i++] = CHANNELS[ch] as string
      tv[i++] = b.tagsJson
      tv[i++] = REGIONS[rg] as string
      tv[i++] = b.locale
      tv[i++] = b.requester
      tv[i++] = b.assignee
      tv[i++] = b.group
      tv[i++] = createdAt
      tv[i++] = b.updatedAt
      tv[i++] = b.firstSolvedAt
      tv[i++] = b.solvedAt
      tv[i++] = b.firstReplyMinutes
      tv[i++] = b.firstResolutionMinutes
      tv[i++] = b.fullResolutionMinutes
      tv[i++] = b.reopens
      tv[i++] = b.replies
      tv[i++] = b.csat
      tv[i++] = b.sensitive
      tv[i++] = b.escalated
      ticketRows.pos = i
      ticketRows.next()
      for (let t = 0; t < b.tags.length; t++) tags.add(b.tags[t] as string, id)
      for (let c = 0; c < b.commentCount; c++) {
        let j = commentRows.pos
        cv[j++] = id
        cv[j++] = b.commentAuthor[c] ?? null
        cv[j++] = b.commentRole[c] as string
        cv[j++] = b.commentPublic[c] as number
        cv[j++] = b.commentBody[c] as string
        cv[j++] = b.commentAt[c] as number
        commentRows.pos = j
        commentRows.next()
      }
      comments += b.commentCount
      if (b.updatedAt > dataAsOf) dataAsOf = b.updatedAt
      if (id % progressStep === 0 && id < tickets) input.onProgress?.(id, tickets)
    }
    ticketRows.flush()
    commentRows.flush()
  })

  const writeRest = db.transaction(() => {
    const gv = tagRows.values
    tags.drain((tag, id) => {
      gv[tagRows.pos++] = tag
      gv[tagRows.pos++] = id
      tagRows.next()
    })
    tagRows.flush()
    for (const inc of incidents) {
      const keys = incidentKeys(inc)
      insertIncident.run(
        inc.kind,
        inc.title,
        keys.caseType,
        keys.region,
        keys.channel,
        inc.startAt,
        inc.endAt,
        inc.magnitude,
        inc.extra,
        inc.description,
      )
    }
    insertSync.run(sourceId, dataAsOf, tickets)
    const meta: Record<string, string> = {
      is_demo: '1',
      demo_seed: String(input.seed),
      demo_tickets: String(tickets),
      demo_days: String(calendar.days),
      demo_start_at: String(calendar.startAt),
      demo_end_at: String(calendar.endAt),
      // The one value that is not reproducible: when this copy was made.
      demo_generated_at: String(Date.now()),
    }
    for (const [key, value] of Object.entries(meta)) upsertMeta.run(key, value)
  })

  const restore = prepareForBulkLoad(db)
  try {
    const config = JSON.stringify({ seed: input.seed, tickets, days: calendar.days, endAt: calendar.endAt })
    sourceId = Number(insertSource.run(DEMO_SOURCE_NAME, config, calendar.startAt).lastInsertRowid)
    for (let from = 0; from < tickets; from += CHUNK) writeTickets(from, Math.min(tickets, from + CHUNK))
    writeRest()
  } finally {
    restore()
  }
  return comments
}
