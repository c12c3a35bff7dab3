import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src/main/db/connection'
import { generateDemo, type DemoResult } from '../../src/main/demo/generator'
import { CASE_TYPES, CHANNELS, SENSITIVE_CASE_TYPES } from '../../src/shared/domain'

const END = Date.parse('2026-06-01T00:00:00Z')
const DAY = 86_400_000

const opened: { db: Db; dir: string }[] = []

/** A migrated, empty workspace in its own temporary directory. */
function freshDb(): Db {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'owb-demo-'))
  const db = openDatabase(path.join(dir, 'workspace.sqlite'))
  opened.push({ db, dir })
  return db
}

function closeAll(): void {
  while (opened.length) {
    const { db, dir } = opened.pop() as { db: Db; dir: string }
    if (db.open) db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

function contentHash(db: Db): string {
  const hash = crypto.createHash('sha256')
  for (const sql of [
    'SELECT * FROM tickets ORDER BY id',
    'SELECT * FROM ticket_comments ORDER BY id',
    'SELECT * FROM ticket_tags ORDER BY ticket_id, tag',
    'SELECT * FROM demo_incidents ORDER BY id',
  ]) {
    for (const row of db.prepare(sql).iterate()) hash.update(JSON.stringify(row))
  }
  return hash.digest('hex')
}

const num = (db: Db, sql: string, ...params: unknown[]): number =>
  db
    .prepare(sql)
    .pluck()
    .get(...params) as number

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? 0 : (s[Math.floor(s.length / 2)] as number)
}

describe('demo generator: determinism and guards', () => {
  afterEach(closeAll)

  it('writes byte-identical tickets and comments for the same options, and different ones for another seed', () => {
    const a = freshDb()
    const b = freshDb()
    const c = freshDb()
    generateDemo(a, { tickets: 5000, seed: 7, endAt: END })
    generateDemo(b, { tickets: 5000, seed: 7, endAt: END })
    generateDemo(c, { tickets: 5000, seed: 8, endAt: END })
    expect(contentHash(a)).toBe(contentHash(b))
    expect(contentHash(c)).not.toBe(contentHash(a))
  })

  it('writes exactly the requested number of tickets, incident extras included', () => {
    for (const tickets of [1234, 5000]) {
      const db = freshDb()
      const result = generateDemo(db, { tickets, seed: 3, endAt: END })
      expect(result.tickets).toBe(tickets)
      expect(num(db, 'SELECT count(*) FROM tickets')).toBe(tickets)
      expect(num(db, 'SELECT max(id) FROM tickets')).toBe(tickets)
      expect(num(db, 'SELECT count(*) FROM ticket_comments')).toBe(result.comments)
      const extras = num(db, 'SELECT sum(extra_tickets) FROM demo_incidents')
      expect(extras).toBeGreaterThan(0)
      expect(extras).toBeLessThan(tickets * 0.05)
    }
  })

  it('refuses a workspace that already holds tickets', () => {
    const db = freshDb()
    generateDemo(db, { tickets: 200, seed: 1, endAt: END })
    expect(() => generateDemo(db, { tickets: 200, seed: 1, endAt: END })).toThrow(/already holds 200 tickets/)
    expect(num(db, 'SELECT count(*) FROM tickets')).toBe(200)
  })

  it('rejects options it cannot honour', () => {
    const db = freshDb()
    expect(() => generateDemo(db, { tickets: 0, seed: 1, endAt: END })).toThrow(/whole number of tickets/)
    expect(() => generateDemo(db, { tickets: 100, seed: 1, endAt: END, days: 20 })).toThrow(/60 to 3650 days/)
    expect(num(db, 'SELECT count(*) FROM sources')).toBe(0)
  })

  it('reports progress at most ~100 times, ending with the total', () => {
    const db = freshDb()
    const calls: [number, number][] = []
    generateDemo(db, { tickets: 3000, seed: 2, endAt: END, onProgress: (done, total) => calls.push([done, total]) })
    expect(calls.length).toBeLessThanOrEqual(101)
    expect(calls.at(-1)).toEqual([3000, 3000])
    for (let i = 1; i < calls.length; i++) expect(calls[i]?.[0]).toBeGreaterThan(calls[i - 1]?.[0] ?? 0)
  })
})

describe('demo generator: the generated workspace', () => {
  let db: Db
  let result: DemoResult
  const TICKETS = 40_000

  beforeAll(() => {
    db = freshDb()
    result = generateDemo(db, { tickets: TICKETS, seed: 42, endAt: END })
  })
  afterAll(closeAll)

  it('covers the period ending at endAt, with every channel and case type', () => {
    expect(result.endAt).toBe(END)
    expect(result.startAt).toBe(END - 180 * DAY)
    expect(num(db, 'SELECT min(created_at) FROM tickets')).toBeGreaterThanOrEqual(result.startAt)
    expect(num(db, 'SELECT max(created_at) FROM tickets')).toBeLessThan(END)
    expect(num(db, 'SELECT max(updated_at) FROM tickets')).toBeLessThan(END)
    const channels = db.prepare('SELECT DISTINCT channel FROM tickets').pluck().all()
    expect(new Set(channels)).toEqual(new Set(CHANNELS))
    const caseTypes = db.prepare('SELECT DISTINCT case_type FROM tickets').pluck().all()
    expect(caseTypes.length).toBeGreaterThanOrEqual(15)
    expect(new Set(caseTypes)).toEqual(new Set(CASE_TYPES.map((c) => c.key)))
  })

  it('marks sensitive case types sensitive and gives them placeholder text only', () => {
    const sensitive = [...SENSITIVE_CASE_TYPES]
    const marks = `(${sensitive.map(() => '?').join(', ')})`
    expect(num(db, `SELECT count(*) FROM tickets WHERE case_type IN ${marks} AND sensitive = 0`, ...sensitive)).toBe(0)
    expect(
      num(db, `SELECT count(*) FROM tickets WHERE case_type NOT IN ${marks} AND sensitive = 1`, ...sensitive),
    ).toBe(0)
    expect(num(db, 'SELECT count(*) FROM tickets WHERE sensitive = 1')).toBeGreaterThan(TICKETS * 0.02)
    const placeholder = /^\[[^\]]*withheld in demo data[^\]]*\]$/
    const texts = db
      .prepare(
        `SELECT subject AS text FROM tickets WHERE sensitive = 1
         UNION ALL SELECT description FROM tickets WHERE sensitive = 1
         UNION ALL SELECT c.body FROM ticket_comments c JOIN tickets t ON t.id = c.ticket_id WHERE t.sensitive = 1`,
      )
      .pluck()
      .all() as string[]
    expect(texts.length).toBeGreaterThan(1000)
    expect(texts.filter((t) => !placeholder.test(t))).toEqual([])
    expect(num(db, "SELECT count(*) FROM tickets WHERE sensitive = 0 AND subject LIKE '%withheld in demo data%'")).toBe(
      0,
    )
  })

  it('keeps statuses, times, replies and ratings consistent', () => {
    const violations = (where: string): number => num(db, `SELECT count(*) FROM tickets WHERE ${where}`)
    const solved = "status IN ('solved', 'closed')"
    expect(
      violations(`${solved} AND (solved_at IS NULL OR solved_at < created_at OR first_solved_at > solved_at)`),
    ).toBe(0)
    expect(violations(`${solved} AND NOT full_resolution_minutes >= first_resolution_minutes`)).toBe(0)
    expect(violations(`full_resolution_minutes <> first_resolution_minutes AND reopens = 0`)).toBe(0)
    expect(violations(`${solved} AND full_resolution_minutes <> (solved_at - created_at) / 60000`)).toBe(0)
    expect(violations(`NOT ${solved} AND (solved_at IS NOT NULL OR full_resolution_minutes IS NOT NULL)`)).toBe(0)
    expect(violations(`csat IS NOT NULL AND (NOT ${solved} OR csat NOT BETWEEN 1 AND 5)`)).toBe(0)
    expect(violations(`status = 'new' AND first_reply_minutes IS NOT NULL`)).toBe(0)
    expect(violations(`updated_at < created_at OR updated_at < coalesce(solved_at, 0)`)).toBe(0)
    expect(violations(`external_id NOT GLOB 'DEMO-[0-9][0-9][0-9][0-9][0-9][0-9]*' OR raw_json IS NOT NULL`)).toBe(0)
    expect(violations(`requester NOT GLOB '@user[0-9]*' AND requester NOT GLOB 'user[0-9]*@example.com'`)).toBe(0)
    // Most solved tickets had at least one public agent reply; the rest were merged or closed by automation.
    expect(num(db, `SELECT avg(replies >= 1) FROM tickets WHERE ${solved}`)).toBeGreaterThan(0.95)

    // Threads: 1-6 comments, opened by the requester with the description, agent replies matching the counters.
    const badThreads = db
      .prepare(
        `WITH th AS (
           SELECT t.id, t.created_at, t.updated_at, t.description, t.first_reply_minutes AS fr, t.replies,
             count(c.id) AS n, max(c.created_at) AS last_at, sum(c.author_role = 'agent' AND c.public = 1) AS agent,
             min(CASE WHEN c.author_role = 'agent' AND c.public = 1 THEN c.created_at END) AS first_agent_at
           FROM tickets t LEFT JOIN ticket_comments c ON c.ticket_id = t.id GROUP BY t.id),
         opener AS (SELECT * FROM ticket_comments WHERE id IN (SELECT min(id) FROM ticket_comments GROUP BY ticket_id))
         SELECT th.id FROM th LEFT JOIN opener o ON o.ticket_id = th.id
         WHERE th.n NOT BETWEEN 1 AND 6 OR o.created_at IS NOT th.created_at OR o.author_role IS NOT 'requester'
           OR o.body IS NOT th.description OR th.last_at > th.updated_at OR th.agent <> th.replies
           OR (th.fr IS NULL) <> (th.first_agent_at IS NULL) OR th.first_agent_at <> th.created_at + th.fr * 60000`,
      )
      .pluck()
      .all()
    expect(badThreads).toEqual([])
    // Comments come in time order within a ticket, so ids and times agree.
    expect(
      num(
        db,
        `SELECT count(*) FROM ticket_comments a JOIN ticket_comments b ON b.ticket_id = a.ticket_id AND b.id = a.id + 1
         WHERE b.created_at < a.created_at`,
      ),
    ).toBe(0)
  })

  it('makes recent tickets mostly open and old ones solved, with believable rates', () => {
    const openShare = (from: number, to: number): number =>
      num(
        db,
        `SELECT avg(status IN ('new', 'open', 'pending', 'hold')) FROM tickets
         WHERE created_at >= ? AND created_at < ?`,
        from,
        to,
      )
    expect(openShare(END - DAY, END)).toBeGreaterThan(0.4)
    expect(openShare(END - 180 * DAY, END - 30 * DAY)).toBeLessThan(0.02)
    expect(num(db, "SELECT avg(status = 'closed') FROM tickets WHERE created_at < ?", END - 30 * DAY)).toBeGreaterThan(
      0.95,
    )
    const reopened = num(db, 'SELECT avg(reopens > 0) FROM tickets')
    expect(reopened).toBeGreaterThan(0.03)
    expect(reopened).toBeLessThan(0.1)
    const escalated = num(db, 'SELECT avg(escalated) FROM tickets')
    expect(escalated).toBeGreaterThan(0.015)
    expect(escalated).toBeLessThan(0.05)
    expect(num(db, "SELECT avg(escalated) FROM tickets WHERE priority = 'urgent'")).toBeGreaterThan(escalated * 3)
    const rated = num(db, "SELECT avg(csat IS NOT NULL) FROM tickets WHERE status IN ('solved', 'closed')")
    expect(rated).toBeGreaterThan(0.2)
    expect(rated).toBeLessThan(0.4)
    const appealCsat = num(db, "SELECT avg(csat) FROM tickets WHERE case_type = 'ban_appeal'")
    expect(appealCsat).toBeLessThan(num(db, "SELECT avg(csat) FROM tickets WHERE case_type <> 'ban_appeal'") - 0.5)
    expect(num(db, "SELECT avg(priority = 'urgent') FROM tickets")).toBeLessThan(0.05)
    expect(
      num(
        db,
        "SELECT avg(priority IN ('urgent', 'high')) FROM tickets WHERE case_type IN ('child_safety', 'self_harm')",
      ),
    ).toBeGreaterThan(0.8)
  })

  it('stores tags both as rows and as the tags_json array', () => {
    const rows = db.prepare('SELECT ticket_id, tag FROM ticket_tags ORDER BY ticket_id, tag').all() as {
      ticket_id: number
      tag: string
    }[]
    const byTicket = new Map<number, string[]>()
    for (const r of rows) byTicket.set(r.ticket_id, [...(byTicket.get(r.ticket_id) ?? []), r.tag])
    const tickets = db.prepare('SELECT id, tags_json FROM tickets').all() as { id: number; tags_json: string }[]
    const mismatched = tickets.filter((t) => {
      const json = (JSON.parse(t.tags_json) as string[]).sort()
      return json.length < 1 || json.length > 3 || JSON.stringify(json) !== JSON.stringify(byTicket.get(t.id) ?? [])
    })
    expect(mismatched.map((t) => t.id)).toEqual([])
  })

  it('shows weekly seasonality: fewer tickets at weekends', () => {
    const byWeekday = db
      .prepare("SELECT strftime('%w', created_at / 1000, 'unixepoch') AS dow, count(*) AS n FROM tickets GROUP BY dow")
      .all() as { dow: string; n: number }[]
    const count = (d: string): number => byWeekday.find((r) => r.dow === d)?.n ?? 0
    const weekend = (count('0') + count('6')) / 2
    const weekdays = (count('1') + count('2') + count('3') + count('4') + count('5')) / 5
    expect(weekend).toBeLessThan(weekdays * 0.85)
  })

  it('records the injected incidents within the last 60 days', () => {
    const incidents = db.prepare('SELECT * FROM demo_incidents ORDER BY id').all() as {
      kind: string
      start_at: number
      end_at: number
    }[]
    expect(incidents.length).toBeGreaterThanOrEqual(3)
    expect(new Set(incidents.map((i) => i.kind))).toEqual(new Set(['surge', 'creep', 'resolution_regression']))
    for (const i of incidents) {
      expect(i.start_at).toBeGreaterThanOrEqual(END - 60 * DAY)
      expect(i.end_at).toBeLessThanOrEqual(END)
      expect(i.end_at).toBeGreaterThan(i.start_at)
    }
  })

  it('makes the surge stand out: several times its usual daily volume, with a shared theme', () => {
    const surge = db.prepare("SELECT * FROM demo_incidents WHERE kind = 'surge' AND region IS NOT NULL").get() as {
      case_type: string
      region: string
      channel: string
      start_at: number
      end_at: number
      extra_tickets: number
    }
    const times = db
      .prepare('SELECT created_at FROM tickets WHERE case_type = ? AND region = ? AND channel = ?')
      .pluck()
      .all(surge.case_type, surge.region, surge.channel) as number[]
    const inside = times.filter((t) => t >= surge.start_at && t < surge.end_at).length
    const perDayInside = inside / ((surge.end_at - surge.start_at) / DAY)
    const days = new Map<number, number>()
    for (let d = END - 180 * DAY; d < END; d += DAY) if (d + DAY <= surge.start_at || d >= surge.end_at) days.set(d, 0)
    for (const t of times) {
      const d = END - Math.ceil((END - t) / DAY) * DAY
      if (days.has(d)) days.set(d, (days.get(d) as number) + 1)
    }
    const usual = Math.max(1, median([...days.values()]))
    expect(perDayInside).toBeGreaterThan(usual * 3)
    const themed = num(db, "SELECT count(*) FROM ticket_tags WHERE tag = 'gift_not_delivered'")
    expect(themed).toBe(surge.extra_tickets)
  })

  it('makes the creep rise and the regression slow replies and resolutions without adding volume', () => {
    interface Row {
      case_type: string | null
      region: string | null
      channel: string | null
      start_at: number
      end_at: number
      extra_tickets: number
    }
    // An incident's segment: every field it names; a null field spans all values.
    const where = (i: Row): { sql: string; args: string[] } => {
      const parts: string[] = []
      const args: string[] = []
      for (const [col, v] of [
        ['case_type', i.case_type],
        ['region', i.region],
        ['channel', i.channel],
      ] as const) {
        if (v === null) continue
        parts.push(`${col} = ?`)
        args.push(v)
      }
      return { sql: parts.length ? parts.join(' AND ') : '1', args }
    }
    const creep = db.prepare("SELECT * FROM demo_incidents WHERE kind = 'creep'").get() as Row
    const c = where(creep)
    const segment = (from: number, to: number): number =>
      num(db, `SELECT count(*) FROM tickets WHERE ${c.sql} AND created_at >= ? AND created_at < ?`, ...c.args, from, to)
    const firstWeek = segment(creep.start_at, creep.start_at + 7 * DAY)
    const lastWeek = segment(END - 7 * DAY, END)
    const weeklyBefore = (segment(END - 180 * DAY, creep.start_at) / (creep.start_at - (END - 180 * DAY))) * 7 * DAY
    expect(firstWeek).toBeGreaterThan(weeklyBefore * 2)
    expect(lastWeek).toBeGreaterThan(firstWeek * 1.2)

    const reg = db.prepare("SELECT * FROM demo_incidents WHERE kind = 'resolution_regression'").get() as Row
    expect(reg.extra_tickets).toBe(0)
    const r = where(reg)
    const minutes = (column: string, from: number, to: number): number[] =>
      db
        .prepare(
          `SELECT ${column} FROM tickets WHERE ${r.sql} AND created_at >= ? AND created_at < ?
           AND ${column} IS NOT NULL`,
        )
        .pluck()
        .all(...r.args, from, to) as number[]
    for (const column of ['full_resolution_minutes', 'first_reply_minutes']) {
      const during = median(minutes(column, reg.start_at, reg.end_at))
      const before = median(minutes(column, reg.start_at - 40 * DAY, reg.start_at))
      expect(during, column).toBeGreaterThan(before * 2)
    }
    // Volume is unchanged: the regression's days carry about the usual number of tickets.
    const perDay = (from: number, to: number) =>
      num(
        db,
        `SELECT count(*) FROM tickets WHERE ${r.sql} AND created_at >= ? AND created_at < ?`,
        ...r.args,
        from,
        to,
      ) /
      ((to - from) / DAY)
    const ratio = perDay(reg.start_at, reg.end_at) / perDay(reg.start_at - 28 * DAY, reg.start_at)
    expect(ratio).toBeGreaterThan(0.7)
    expect(ratio).toBeLessThan(1.4)
  })

  it('sets the source, sync state and workspace meta, and restores the connection settings', () => {
    const meta = Object.fromEntries(
      (db.prepare('SELECT key, value FROM workspace_meta').all() as { key: string; value: string }[]).map((r) => [
        r.key,
        r.value,
      ]),
    )
    expect(meta).toMatchObject({
      is_demo: '1',
      demo_seed: '42',
      demo_tickets: String(TICKETS),
      demo_end_at: String(END),
    })
    expect(Number(meta['demo_generated_at'])).toBeGreaterThan(0)
    const sources = db.prepare('SELECT id, kind, name FROM sources').all() as {
      id: number
      kind: string
      name: string
    }[]
    expect(sources).toEqual([{ id: expect.any(Number), kind: 'demo', name: 'Demo helpdesk' }])
    expect(num(db, 'SELECT count(*) FROM tickets WHERE source_id <> ?', sources[0]?.id)).toBe(0)
    expect(num(db, 'SELECT data_as_of FROM sync_state WHERE source_id = ?', sources[0]?.id)).toBe(
      num(db, 'SELECT max(updated_at) FROM tickets'),
    )
    expect(db.pragma('foreign_key_check')).toEqual([])
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(num(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'tickets_created'")).toBe(1)
    expect(num(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'ticket_comments_ticket'")).toBe(
      1,
    )
  })
})

// Opt-in timings for profiling the generator by hand; the measured figure is demo.generate_1m in `npm run bench`.
describe.runIf(process.env['DEMO_SPEED'])('demo generator speed (DEMO_SPEED=1, prints timings)', () => {
  afterEach(closeAll)

  it.each([50_000, 1_000_000])(
    'generates %i tickets',
    (tickets) => {
      const db = freshDb()
      const started = performance.now()
      const result = generateDemo(db, { tickets, seed: 7, endAt: END })
      const seconds = (performance.now() - started) / 1000
      console.log(`demo ${tickets} tickets, ${result.comments} comments: ${seconds.toFixed(1)} s`)
      expect(result.tickets).toBe(tickets)
    },
    300_000,
  )
})
