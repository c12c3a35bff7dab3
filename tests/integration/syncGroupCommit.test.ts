/**
 * The page writer's worker thread (src/main/syncWorker.ts, bundled as the build does): pages that queue while it
 * commits go in one transaction with the last cursor, and a batch that fails is written again page by page, so every
 * page before the bad one still lands and nothing after it does, as when each page was its own transaction.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../../src/main/db/connection'
import { beginRun, commitPages, readSyncState } from '../../src/main/db/queries/syncWrites'
import { ensureSource, type TicketInput } from '../../src/main/db/queries/ticketWrites'
import { pageWriterFor, SYNC_WORKER_ENV, type PageWriter } from '../../src/main/sync/pageWriter'
import { runSync } from '../../src/main/sync/engine'
import type { Connector, SyncPage } from '../../src/main/sync/types'
import { bundleEntry } from '../helpers/crashSync'
import { tempDir } from '../helpers/tmp'

const ROOT = path.resolve(__dirname, '../..')
const T0 = Date.parse('2026-11-02T09:00:00Z')

const ticket = (id: string, minute: number): TicketInput => ({
  externalId: id,
  subject: `Payout missing ${id}`,
  description: 'Creator payout did not arrive.',
  status: 'open',
  priority: 'high',
  type: 'question',
  caseType: 'creator_payouts',
  channel: 'email',
  tags: ['payouts', `t-${id}`],
  region: 'eu',
  locale: 'en-US',
  requester: `req-${id}`,
  assignee: 'Ana',
  group: 'Tier 1',
  createdAt: T0 + minute * 60_000,
  updatedAt: T0 + minute * 60_000,
  firstSolvedAt: null,
  solvedAt: null,
  firstReplyMinutes: 12,
  firstResolutionMinutes: null,
  fullResolutionMinutes: null,
  reopens: 0,
  replies: 1,
  csat: null,
  sensitive: false,
  escalated: false,
})

const page = (n: number, ids: string[], extra: Partial<SyncPage> = {}): SyncPage => ({
  tickets: ids.map((id, i) => ({ ticket: ticket(id, n * 100 + i) })),
  deletes: [],
  quarantined: [],
  cursor: `cursor-${n}`,
  done: false,
  ...extra,
})

interface Setup {
  db: Db
  file: string
  source: number
  run: number
}

function setup(name: string): Setup {
  const file = path.join(tempDir(), `${name}.sqlite`)
  const db = openDatabase(file)
  const source = ensureSource(db, 'zendesk', 'Z')
  return { db, file, source, run: beginRun(db, source, 'manual', T0) }
}

/** Page `n` of 150 tickets: enough in the cache that a reconciliation listing none of them is refused by its guard. */
function cacheOld(s: Setup, n: number): void {
  commitPages(
    s.db,
    s.source,
    s.run,
    [
      page(
        n,
        Array.from({ length: 150 }, (_, i) => `old-${i}`),
      ),
    ],
    T0,
  )
}

const externalIds = (db: Db): string[] =>
  db.prepare('SELECT external_id FROM tickets ORDER BY external_id').pluck().all() as string[]

let writer: PageWriter | null = null
afterEach(async () => {
  await writer?.close()
  writer = null
  const bundle = process.env[SYNC_WORKER_ENV]
  if (bundle) fs.rmSync(bundle, { force: true })
  delete process.env[SYNC_WORKER_ENV]
})

async function workerWriter(s: Setup): Promise<PageWriter> {
  // Inside the project (its git-ignored tmp/), so the bundle resolves better-sqlite3 from node_modules.
  process.env[SYNC_WORKER_ENV] = await bundleEntry(
    path.join(ROOT, 'src/main/syncWorker.ts'),
    path.join(ROOT, 'tmp', `syncWorker-${process.pid}.js`),
  )
  writer = pageWriterFor(s.db, s.file)
  return writer
}

describe('commitPages', () => {
  it('writes several pages and the last cursor in one transaction, or none of them', () => {
    const s = setup('pages')
    const replay: SyncPage = { ...page(3, []), tickets: [{ ticket: ticket('a', 100) }] }
    const counts = commitPages(s.db, s.source, s.run, [page(1, ['a', 'b']), page(2, ['c']), replay], T0)
    // The third page's "a" is the same version as the first's: older-or-equal never overwrites.
    expect(counts).toEqual([
      { written: 2, deleted: 0, quarantined: 0 },
      { written: 1, deleted: 0, quarantined: 0 },
      { written: 0, deleted: 0, quarantined: 0 },
    ])
    expect(readSyncState(s.db, s.source).cursor).toBe('cursor-3')
    expect(externalIds(s.db)).toEqual(['a', 'b', 'c'])
    cacheOld(s, 9)
    const before = externalIds(s.db)
    // A refused reconciliation in the last page takes the pages before it in the same call with it.
    const refused = page(5, ['e'], { liveIds: { ids: [], first: true, last: true } })
    expect(() => commitPages(s.db, s.source, s.run, [page(4, ['d']), refused], T0)).toThrow(/nothing was deleted/)
    expect(readSyncState(s.db, s.source).cursor).toBe('cursor-9')
    expect(externalIds(s.db)).toEqual(before)
    expect(before).not.toContain('d')
    expect(s.db.prepare('SELECT pages, tickets FROM sync_runs WHERE id = ?').get(s.run)).toEqual({
      pages: 4,
      tickets: 153,
    })
    s.db.close()
  })

  it('keeps no vendor record whole, and clears one an older version stored when the ticket is written again', () => {
    const s = setup('raw')
    commitPages(s.db, s.source, s.run, [page(1, ['a', 'b'])], T0)
    // As a cache written before this version holds them.
    s.db.prepare(`UPDATE tickets SET raw_json = '{"id":1,"custom_fields":[]}'`).run()
    commitPages(s.db, s.source, s.run, [page(2, ['a'])], T0)
    expect(s.db.prepare('SELECT external_id AS id, raw_json AS raw FROM tickets ORDER BY 1').all()).toEqual([
      { id: 'a', raw: null },
      // Not written again (the page had no newer version of it): left as it was.
      { id: 'b', raw: '{"id":1,"custom_fields":[]}' },
    ])
    s.db.close()
  })
})

describe('the sync writer thread', () => {
  it('commits queued pages together and in order', async () => {
    const s = setup('worker')
    const w = await workerWriter(s)
    const sent = Array.from({ length: 6 }, (_, n) => w.commit(s.source, s.run, page(n, [`p${n}-1`, `p${n}-2`]), T0))
    const counts = await Promise.all(sent)
    expect(counts.map((c) => c.written)).toEqual([2, 2, 2, 2, 2, 2])
    expect(readSyncState(s.db, s.source).cursor).toBe('cursor-5')
    expect(externalIds(s.db)).toHaveLength(12)
    expect(s.db.prepare('SELECT pages FROM sync_runs WHERE id = ?').pluck().get(s.run)).toBe(6)
    s.db.close()
  })

  it('keeps every page before a failing one when they were queued together, and none after it', async () => {
    const s = setup('fallback')
    cacheOld(s, 0)
    const w = await workerWriter(s)
    const refused = page(2, ['bad'], { liveIds: { ids: [], first: true, last: true } })
    const results = await Promise.allSettled([
      w.commit(s.source, s.run, page(1, ['good-1', 'good-2']), T0),
      w.commit(s.source, s.run, refused, T0),
      w.commit(s.source, s.run, page(3, ['after']), T0),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected'])
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/nothing was deleted/)
    expect(readSyncState(s.db, s.source).cursor).toBe('cursor-1')
    const ids = externalIds(s.db)
    expect(ids).toContain('good-1')
    expect(ids).not.toContain('bad')
    expect(ids).not.toContain('after')
    s.db.close()
  })
})

/** A connector that hands over `pages` as fast as they are asked for. */
const connectorOf = (pages: SyncPage[]): Connector => ({
  kind: 'zendesk',
  test: () => Promise.resolve({ detail: 'ok' }),
  async *pages() {
    for (const p of pages) yield await Promise.resolve(p)
  },
})

describe('a run whose page fails', () => {
  for (const where of ['inline', 'on the writer thread'] as const) {
    it(`writes no later page, so the cursor never skips the failed one (${where})`, async () => {
      const s = setup(`engine-${where === 'inline' ? 'inline' : 'worker'}`)
      cacheOld(s, 0)
      const refused = page(2, ['bad'], { liveIds: { ids: [], first: true, last: true } })
      const pages = [
        page(1, ['one']),
        refused,
        page(3, ['three']),
        page(4, ['four']),
        { ...page(5, ['five']), done: true },
      ]
      const result = await runSync({
        db: s.db,
        sourceId: s.source,
        connector: connectorOf(pages),
        trigger: 'manual',
        signal: new AbortController().signal,
        ...(where === 'inline' ? {} : { writer: await workerWriter(s) }),
      })
      writer = null
      expect(result.outcome).toBe('error')
      expect(result.error).toMatch(/nothing was deleted/)
      expect(readSyncState(s.db, s.source).cursor).toBe('cursor-1')
      const ids = externalIds(s.db)
      expect(ids).toContain('one')
      for (const later of ['bad', 'three', 'four', 'five']) expect(ids).not.toContain(later)
      s.db.close()
    })
  }
})
