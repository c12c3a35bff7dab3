/** Wellbeing: the sensitive list and the search index, the analyst's mark, exposure counts and the break reminder. */
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate, openDatabase } from '../../src/main/db/connection'
import { generateDemo } from '../../src/main/demo/generator'
import path from 'node:path'
import { MIGRATIONS } from '../../src/main/db/migrations'
import { createBackend, type Backend } from '../../src/main/app/backend'
import { createWellbeingHandlers } from '../../src/main/api/wellbeingHandlers'
import { EventBus } from '../../src/main/app/events'
import { DataChangedHooks } from '../../src/main/app/dataChanged'
import { recordReveal, setSensitiveTypes } from '../../src/main/db/queries/wellbeing'
import { ensureSource, upsertTickets, type TicketInput } from '../../src/main/db/queries/ticketWrites'
import type { MethodName } from '../../src/shared/api/contract'
import type {
  BreakStatus,
  ExposureSummary,
  SensitiveReasons,
  WellbeingSettings,
} from '../../src/shared/api/methods/wellbeing'
import { SENSITIVE_CASE_TYPES, type TicketDetail } from '../../src/shared/domain'
import { randomTickets } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'

let backend: Backend
let sourceId: number

async function ok<T>(method: MethodName, input: unknown): Promise<T> {
  const r = await backend.dispatch(method, input)
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`)
  return r.value as T
}

async function fail(method: MethodName, input: unknown): Promise<{ code: string; message: string }> {
  const r = await backend.dispatch(method, input)
  if (r.ok) throw new Error(`${method} unexpectedly succeeded`)
  return r.error
}

const db = () => backend.manager.require().db
const searchCount = async (text: string) => (await ok<{ count: number }>('tickets.count', { filters: { text } })).count
const stored = (id: number) =>
  db().prepare('SELECT sensitive, source_sensitive FROM tickets WHERE id = ?').get(id) as {
    sensitive: number
    source_sensitive: number
  }
/** Indexed rows must be exactly the tickets that are not sensitive. */
const indexConsistent = () => {
  const indexed = (db().prepare('SELECT count(*) AS n FROM tickets_fts').get() as { n: number }).n
  const open = (db().prepare('SELECT count(*) AS n FROM tickets WHERE sensitive = 0').get() as { n: number }).n
  return indexed === open
}

/** Tickets with words no random ticket has, to search for. */
const marked = (externalId: string, caseType: string | null, word: string, sourceFlag = false): TicketInput => ({
  ...(randomTickets(1, 99)[0] as TicketInput),
  externalId,
  caseType,
  subject: `Report ${externalId}`,
  description: `The ${word} report`,
  sensitive: sourceFlag,
})

const idOf = (externalId: string) =>
  (db().prepare('SELECT id FROM tickets WHERE external_id = ?').get(externalId) as { id: number }).id

beforeAll(async () => {
  backend = await createBackend({ dataDir: tempDir(), transport: 'cli', noDemo: true })
  const { db: d, tickets } = backend.manager.require()
  sourceId = ensureSource(d, 'file', 'Imported')
  upsertTickets(d, sourceId, [
    ...randomTickets(60, 3),
    marked('CR-1', 'copyright', 'zebrafish'),
    marked('CR-2', 'copyright', 'zebrafish'),
    marked('SH-1', 'self_harm', 'quokka'),
    marked('SH-SRC', 'self_harm', 'quokka', true),
    marked('AR-SRC', 'account_recovery', 'axolotl', true),
    marked('NONE', null, 'narwhal'),
  ])
  tickets.invalidate()
})
afterAll(() => backend.close())

describe('the sensitive list', () => {
  it('starts with the built-in sensitive case types and derives each ticket from type, source flag and mark', async () => {
    const s = await ok<WellbeingSettings>('wellbeing.get', {})
    expect(s.sensitiveTypes).toEqual([...SENSITIVE_CASE_TYPES].sort())
    expect(s.options.filter((o) => o.builtIn).map((o) => o.key)).toEqual([...SENSITIVE_CASE_TYPES])
    expect(s.options.find((o) => o.key === 'copyright')).toMatchObject({
      sensitive: false,
      tickets: expect.any(Number),
    })
    expect(s.breakReminder).toEqual({ every: 20 })
    expect(stored(idOf('SH-1'))).toEqual({ sensitive: 1, source_sensitive: 0 })
    expect(stored(idOf('AR-SRC'))).toEqual({ sensitive: 1, source_sensitive: 1 })
    expect(stored(idOf('NONE'))).toEqual({ sensitive: 0, source_sensitive: 0 })
    expect(await searchCount('axolotl')).toBe(0)
    expect(await searchCount('zebrafish')).toBe(2)
    expect(indexConsistent()).toBe(true)
  })

  it('hides a newly listed case type from search at once, and shows it again when removed', async () => {
    const defaults = [...SENSITIVE_CASE_TYPES]
    const added = await ok<WellbeingSettings & { changedTickets: number }>('wellbeing.setSensitiveTypes', {
      caseTypes: [...defaults, 'copyright'],
    })
    const copyright = (
      db().prepare("SELECT count(*) AS n FROM tickets WHERE case_type = 'copyright'").get() as {
        n: number
      }
    ).n
    expect(added.changedTickets).toBe(copyright)
    expect(added.sensitiveTypes).toContain('copyright')
    expect(await searchCount('zebrafish')).toBe(0)
    expect((await ok<TicketDetail>('tickets.get', { id: idOf('CR-1') })).withheld).toBe(true)
    expect(indexConsistent()).toBe(true)

    const removed = await ok<{ changedTickets: number }>('wellbeing.setSensitiveTypes', { caseTypes: defaults })
    expect(removed.changedTickets).toBe(copyright)
    expect(await searchCount('zebrafish')).toBe(2)
    expect(indexConsistent()).toBe(true)
  })

  it("releases a removed type's tickets except those the source flagged", async () => {
    const without = SENSITIVE_CASE_TYPES.filter((t) => t !== 'self_harm')
    await ok('wellbeing.setSensitiveTypes', { caseTypes: without })
    expect(stored(idOf('SH-1')).sensitive).toBe(0)
    expect(stored(idOf('SH-SRC')).sensitive).toBe(1)
    expect(await searchCount('quokka')).toBe(1)
    // Re-import with the type still off the list: the derived value follows the list, not the old flag.
    upsertTickets(db(), sourceId, [{ ...marked('SH-1', 'self_harm', 'quokka'), updatedAt: Date.now() }])
    expect(stored(idOf('SH-1')).sensitive).toBe(0)
    await ok('wellbeing.setSensitiveTypes', { caseTypes: [...SENSITIVE_CASE_TYPES] })
    expect(stored(idOf('SH-1')).sensitive).toBe(1)
    expect(await searchCount('quokka')).toBe(0)
    expect(indexConsistent()).toBe(true)
  })

  it('refuses a list that names a case type twice or an empty name, and keeps the old list', async () => {
    expect((await fail('wellbeing.setSensitiveTypes', { caseTypes: ['self_harm', 'self_harm'] })).message).toMatch(
      /twice/,
    )
    expect((await fail('wellbeing.setSensitiveTypes', { caseTypes: ['  '] })).message).toMatch(/cannot be empty/)
    expect((await ok<WellbeingSettings>('wellbeing.get', {})).sensitiveTypes).toEqual([...SENSITIVE_CASE_TYPES].sort())
  })
})

describe("the analyst's mark", () => {
  it('marks a ticket sensitive, keeps the mark through a re-import, and removes it again', async () => {
    const id = idOf('NONE')
    expect(await ok<SensitiveReasons>('wellbeing.markSensitive', { ticketId: id, sensitive: true })).toEqual({
      sensitive: true,
      caseType: false,
      source: false,
      analyst: true,
    })
    expect(await searchCount('narwhal')).toBe(0)
    upsertTickets(db(), sourceId, [{ ...marked('NONE', null, 'narwhal'), updatedAt: Date.now() + 1000 }])
    expect(stored(id).sensitive).toBe(1)
    expect((await ok<TicketDetail>('tickets.get', { id })).withheld).toBe(true)
    const cleared = await ok<SensitiveReasons>('wellbeing.markSensitive', { ticketId: id, sensitive: false })
    expect(cleared.sensitive).toBe(false)
    expect(await searchCount('narwhal')).toBe(1)
    expect(indexConsistent()).toBe(true)
  })

  it('never exposes a ticket its case type still makes sensitive when the mark is removed', async () => {
    const id = idOf('SH-1')
    const r = await ok<SensitiveReasons>('wellbeing.markSensitive', { ticketId: id, sensitive: false })
    expect(r).toEqual({ sensitive: true, caseType: true, source: false, analyst: false })
  })

  it('says which ticket does not exist', async () => {
    expect(await fail('wellbeing.markSensitive', { ticketId: 999_999, sensitive: true })).toEqual({
      code: 'not_found',
      message: 'Ticket 999999 is not in this workspace.',
    })
  })
})

describe('exposure counts', () => {
  it('counts a reveal of a sensitive ticket under its harm category, and nothing for ordinary tickets', async () => {
    const before = await ok<ExposureSummary>('wellbeing.exposure', { timeZone: 'UTC' })
    await ok('tickets.get', { id: idOf('SH-1'), reveal: true })
    await ok('tickets.get', { id: idOf('SH-1') })
    await ok('tickets.get', { id: idOf('AR-SRC'), reveal: true })
    await ok('tickets.get', { id: idOf('CR-1'), reveal: true })
    const after = await ok<ExposureSummary>('wellbeing.exposure', { timeZone: 'UTC' })
    expect(after.today.total - before.today.total).toBe(2)
    const count = (s: ExposureSummary, c: string) => s.today.byCategory.find((x) => x.category === c)?.count ?? 0
    expect(count(after, 'self_harm') - count(before, 'self_harm')).toBe(1)
    expect(count(after, 'flagged') - count(before, 'flagged')).toBe(1)
    expect(after.today.byCategory.find((x) => x.category === 'flagged')?.label).toBe('Flagged sensitive')
    expect(after.days).toHaveLength(14)
  })

  it("cuts days in the analyst's time zone", () => {
    const ctx = {
      manager: backend.manager,
      events: new EventBus(),
      transport: 'cli' as const,
      version: 't',
      log: () => {},
      dataChanged: new DataChangedHooks(),
    }
    const now = Date.parse('2026-03-11T12:00:00Z')
    const h = createWellbeingHandlers(ctx, () => now)
    db().prepare('DELETE FROM analyst_exposure').run()
    const sh = idOf('SH-1')
    recordReveal(db(), sh, Date.parse('2026-03-10T23:30:00Z'))
    recordReveal(db(), sh, Date.parse('2026-03-11T00:30:00Z'))
    recordReveal(db(), sh, Date.parse('2026-02-01T00:00:00Z'))
    const days = (tz: string) => {
      const s = h['wellbeing.exposure']({ timeZone: tz }) as ExposureSummary
      return s.days.filter((d) => d.total > 0).map((d) => [d.date, d.total])
    }
    expect(days('UTC')).toEqual([
      ['2026-03-11', 1],
      ['2026-03-10', 1],
    ])
    expect(days('America/New_York')).toEqual([['2026-03-10', 2]])
    expect(days('Asia/Tokyo')).toEqual([['2026-03-11', 2]])
    expect(() => h['wellbeing.exposure']({ timeZone: 'Mars/Base' })).toThrow('Unknown time zone "Mars/Base".')
  })
})

describe('the break reminder', () => {
  it('is due after N reveals today, counts again after "later", and stays quiet after "today" until tomorrow', async () => {
    const ctx = {
      manager: backend.manager,
      events: new EventBus(),
      transport: 'cli' as const,
      version: 't',
      log: () => {},
      dataChanged: new DataChangedHooks(),
    }
    let now = Date.parse('2026-05-04T09:00:00Z')
    const h = createWellbeingHandlers(ctx, () => now)
    const tz = 'Europe/Dublin'
    db().prepare('DELETE FROM analyst_exposure').run()
    expect(h['wellbeing.setBreakReminder']({ every: 3 })).toEqual({ every: 3 })
    const status = () => (h['wellbeing.exposure']({ timeZone: tz }) as ExposureSummary).breakStatus
    const reveal = () => {
      now += 60_000
      recordReveal(db(), idOf('SH-1'), now)
    }
    // Yesterday's reveals do not count towards today's reminder.
    recordReveal(db(), idOf('SH-1'), now - 86_400_000)
    reveal()
    reveal()
    expect(status()).toEqual({ every: 3, sinceReminder: 2, due: false })
    reveal()
    expect(status()).toEqual({ every: 3, sinceReminder: 3, due: true })
    now += 1000
    expect(h['wellbeing.answerReminder']({ answer: 'later', timeZone: tz })).toEqual({
      every: 3,
      sinceReminder: 0,
      due: false,
    })
    reveal()
    reveal()
    reveal()
    expect(status().due).toBe(true)
    expect((h['wellbeing.answerReminder']({ answer: 'today', timeZone: tz }) as BreakStatus).due).toBe(false)
    for (let i = 0; i < 5; i++) reveal()
    expect(status()).toEqual({ every: 3, sinceReminder: 5, due: false })
    // Tomorrow (local) starts from zero and may remind again.
    now = Date.parse('2026-05-05T08:00:00Z')
    for (let i = 0; i < 3; i++) reveal()
    expect(status()).toEqual({ every: 3, sinceReminder: 3, due: true })
    expect(h['wellbeing.setBreakReminder']({ every: null })).toEqual({ every: null })
    expect(status()).toEqual({ every: null, sinceReminder: 3, due: false })
  })

  it('refuses a reminder outside 1 to 500 reveals with a sentence', async () => {
    expect((await fail('wellbeing.setBreakReminder', { every: 0 })).message).toMatch(/at least 1 reveal/)
    expect((await fail('wellbeing.setBreakReminder', { every: 501 })).message).toMatch(/at most 500/)
    expect((await fail('wellbeing.setBreakReminder', { every: 2.5 })).message).toMatch(/whole number/)
    expect(await ok('wellbeing.setBreakReminder', { every: 20 })).toEqual({ every: 20 })
  })
})

describe('migration 5', () => {
  it("keeps every ticket's sensitivity and carries source flags outside the default list into source_sensitive", () => {
    const d = new Database(':memory:')
    for (const m of MIGRATIONS.filter((x) => x.version <= 4)) {
      d.exec(m.sql)
      if (m.indexes) d.exec(m.indexes)
    }
    d.pragma('user_version = 4')
    d.prepare("INSERT INTO sources (id, kind, name, created_at) VALUES (1, 'file', 'f', 0)").run()
    const add = d.prepare(
      `INSERT INTO tickets (source_id, external_id, subject, status, case_type, channel, created_at, updated_at,
        sensitive) VALUES (1, ?, 'crocodile', 'open', ?, 'email', 0, 0, ?)`,
    )
    add.run('a', 'self_harm', 1)
    add.run('b', 'copyright', 1)
    add.run('c', null, 1)
    add.run('d', 'copyright', 0)
    migrate(d)
    expect(d.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
    expect(
      d.prepare('SELECT external_id AS id, sensitive, source_sensitive AS src FROM tickets ORDER BY id').all(),
    ).toEqual([
      { id: 'a', sensitive: 1, src: 0 },
      { id: 'b', sensitive: 1, src: 1 },
      { id: 'c', sensitive: 1, src: 1 },
      { id: 'd', sensitive: 0, src: 0 },
    ])
    expect(d.prepare("SELECT count(*) AS n FROM tickets_fts WHERE tickets_fts MATCH 'crocodile'").get()).toEqual({
      n: 1,
    })
    d.close()
  })
})

describe('the demo generator', () => {
  it('writes tickets whose sensitivity is exactly the default list, with no source flag, and a matching index', () => {
    const d = openDatabase(path.join(tempDir(), 'demo.sqlite'))
    generateDemo(d, { tickets: 2000, seed: 5, endAt: Date.parse('2026-06-01T00:00:00Z') })
    const mismatched = d
      .prepare(
        `SELECT count(*) AS n FROM tickets
         WHERE source_sensitive != 0 OR sensitive != coalesce(case_type IN (SELECT case_type FROM sensitive_case_types), 0)`,
      )
      .get() as { n: number }
    expect(mismatched.n).toBe(0)
    const sensitive = (d.prepare('SELECT count(*) AS n FROM tickets WHERE sensitive = 1').get() as { n: number }).n
    expect(sensitive).toBeGreaterThan(0)
    // Taking a type off the list and back changes exactly its tickets each way (none is held by a source flag).
    const selfHarm = (
      d.prepare("SELECT count(*) AS n FROM tickets WHERE case_type = 'self_harm'").get() as { n: number }
    ).n
    expect(selfHarm).toBeGreaterThan(0)
    expect(
      setSensitiveTypes(
        d,
        SENSITIVE_CASE_TYPES.filter((t) => t !== 'self_harm'),
      ),
    ).toBe(selfHarm)
    expect(setSensitiveTypes(d, [...SENSITIVE_CASE_TYPES])).toBe(selfHarm)
    d.close()
  })
})
