/**
 * Re-sync from the start (migration 19): a changed field mapping reaches the tickets already cached, the cache then
 * equals one synced with the new mapping from the beginning, and a re-sync stopped part-way is finished by the next
 * sync. Older records still never overwrite newer ones.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { FieldMapping, SourceSummary } from '../../src/shared/api/methods/sources'
import type { Db } from '../../src/main/db/connection'
import { upsertTicketPage, type TicketInput } from '../../src/main/db/queries/ticketWrites'
import { snapshot } from '../helpers/rollups'
import { ticketInput } from '../helpers/tickets'
import { syncHarness, syncOnce, type Harness } from '../helpers/syncHarness'

const open: Harness[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()))
})

async function harness(options: Parameters<typeof syncHarness>[0]): Promise<Harness> {
  const h = await syncHarness(options)
  open.push(h)
  return h
}

const db = (h: Harness): Db => h.backend.manager.require().db
const source = async (h: Harness) =>
  (await h.call<SourceSummary[]>('sources.list', {})).find((s) => s.id === h.source.id) as SourceSummary

/** The default mapping with Zendesk's `web` channel read as social and `ct_ban_appeal` as a copyright case. */
async function remapped(h: Harness): Promise<FieldMapping> {
  const { mapping } = await h.call<{ mapping: FieldMapping }>('sources.mapping', { id: h.source.id })
  return {
    ...mapping,
    channelValues: { ...mapping.channelValues, web: 'social' },
    caseTypeValues: { ...mapping.caseTypeValues, ct_ban_appeal: 'copyright' },
  }
}

/** Everything a sync derives from the source's records, without local ids (they differ between workspaces). */
function derived(d: Db) {
  return {
    tickets: d
      .prepare(
        `SELECT external_id, subject, status, priority, type, case_type, channel, tags_json, region, requester,
           assignee, group_name, created_at, updated_at, solved_at, first_reply_minutes, full_resolution_minutes,
           reopens, replies, csat, sensitive, escalated
         FROM tickets ORDER BY CAST(external_id AS INTEGER)`,
      )
      .all(),
    tags: d
      .prepare(
        'SELECT tg.tag, t.external_id FROM ticket_tags tg JOIN tickets t ON t.id = tg.ticket_id ORDER BY 1, CAST(2 AS INTEGER)',
      )
      .all(),
    rollups: snapshot(d),
    alerts: d.prepare('SELECT * FROM alert_rollup ORDER BY 1, 2, 3, 4, 5, 6').all(),
    found: d.prepare(`SELECT count(*) AS n FROM tickets_fts WHERE tickets_fts MATCH 'payout'`).get(),
  }
}

const channels = (h: Harness) =>
  db(h).prepare('SELECT channel, count(*) AS n FROM tickets GROUP BY channel ORDER BY channel').all()

describe('re-sync from the start', () => {
  it('applies a changed mapping to the cached tickets, keeping local ids and analyst work, as a fresh sync with it would', async () => {
    const h = await harness({ tickets: 60, perPage: 8, deleteEvery: 9 })
    await syncOnce(h)
    const idsBefore = db(h).prepare('SELECT id, external_id FROM tickets ORDER BY id').all()
    const web = db(h).prepare(`SELECT id FROM tickets WHERE channel = 'web_form' LIMIT 1`).get() as { id: number }
    await h.call('analyst.addNote', { ticketId: web.id, body: 'checked the payout' })
    const before = channels(h)

    await h.call('sources.setMapping', { id: h.source.id, mapping: await remapped(h) })
    // A plain sync, and even a replay of the whole export, leaves the cached tickets as they were mapped. (The replay
    // writes only the deleted tickets, which come back with their first version and go again with their deletion.)
    expect(await syncOnce(h)).toMatchObject({ outcome: 'done', tickets: 0 })
    db(h).prepare('UPDATE sync_state SET cursor = NULL').run()
    const replay = await syncOnce(h)
    expect(replay).toMatchObject({ outcome: 'done', tickets: 6, deletes: 6 })
    expect(channels(h)).toEqual(before)

    const started = await h.call<{ taskId: string }>('sources.syncNow', { id: h.source.id, fromStart: true })
    expect((await source(h)).resyncing).toBe(true)
    // Joins the run the API started.
    const result = await h.backend.sync.start(h.source.id, 'manual').done
    // Every record is written again: the 54 live tickets and the 6 deleted ones on their way out.
    expect(result).toMatchObject({ outcome: 'done', tickets: 60, deletes: 6 })
    expect(
      h.events.some(
        (e) =>
          e.type === 'task' &&
          e.task.taskId === started.taskId &&
          /Re-syncing Acme Zendesk from the start/.test(e.task.label),
      ),
    ).toBe(true)
    expect(await source(h)).toMatchObject({ resyncing: false, status: 'idle', tickets: 54 })
    const audited = db(h)
      .prepare(`SELECT detail_json AS detail FROM audit_log WHERE action = 'source.sync' ORDER BY id DESC LIMIT 1`)
      .get() as { detail: string }
    expect(JSON.parse(audited.detail)).toMatchObject({ outcome: 'done', fromStart: true })
    expect(db(h).prepare(`SELECT count(*) AS n FROM tickets WHERE channel = 'web_form'`).get()).toEqual({ n: 0 })
    expect(db(h).prepare('SELECT channel FROM tickets WHERE id = ?').get(web.id)).toEqual({ channel: 'social' })
    expect(db(h).prepare('SELECT id, external_id FROM tickets ORDER BY id').all()).toEqual(idsBefore)
    expect(db(h).prepare('SELECT ticket_id FROM analyst_notes').all()).toEqual([{ ticket_id: web.id }])

    // The same source synced into a fresh workspace with the new mapping from the start.
    const fresh = await harness({ tickets: 60, perPage: 8, deleteEvery: 9 })
    await fresh.call('sources.setMapping', { id: fresh.source.id, mapping: await remapped(fresh) })
    await syncOnce(fresh)
    const mine = derived(db(h))
    expect(mine.tickets).toHaveLength(54)
    expect(mine).toEqual(derived(db(fresh)))

    // After it, syncing is incremental again: a replay writes what it wrote before the re-sync, no more.
    db(h).prepare('UPDATE sync_state SET cursor = NULL').run()
    expect(await syncOnce(h)).toMatchObject({ outcome: 'done', tickets: replay.tickets })
  })

  it('is finished by the next sync when it stops part-way, and is refused while a sync of the source runs', async () => {
    const h = await harness({ tickets: 50, perPage: 10, fetchComments: false })
    await syncOnce(h)
    await h.call('sources.setMapping', { id: h.source.id, mapping: await remapped(h) })
    // Pages 1 and 2 are re-read; then the server fails for good.
    h.fake.fail({ on: 'export', status: 500, times: 100, skip: 2 })
    const first = await h.backend.sync.start(h.source.id, 'manual', { fromStart: true }).done
    expect(first).toMatchObject({ outcome: 'error', pages: 2 })
    const webIds = (channel: string) =>
      (
        db(h).prepare('SELECT external_id FROM tickets WHERE channel = ? ORDER BY id').all(channel) as {
          external_id: string
        }[]
      ).map((r) => Number(r.external_id))
    // Zendesk's `web` is every 7th ticket from the 2nd: those of the first 20 are re-mapped, the rest not yet.
    expect(webIds('social').filter((id) => id % 7 === 1)).toEqual([1, 8, 15])
    expect(webIds('web_form')).toEqual([22, 29, 36, 43, 50])
    expect(await source(h)).toMatchObject({ resyncing: true, status: 'error' })

    h.fake.clearFaults()
    // An ordinary sync (the scheduler's) goes on with the re-sync from where it stopped: the 30 tickets left, and the
    // 20th again (each page starts with the last record of the page before).
    expect(await syncOnce(h)).toMatchObject({ outcome: 'done', tickets: 31 })
    expect(webIds('web_form')).toEqual([])
    expect(await source(h)).toMatchObject({ resyncing: false, status: 'idle' })

    // While a sync runs, a re-sync from the start would lose its place: refused with a sentence.
    h.fake.fail({ on: 'export', status: 503, times: 1, retryAfter: '3' })
    db(h).prepare('UPDATE sync_state SET cursor = NULL').run()
    const { taskId, done } = h.backend.sync.start(h.source.id, 'manual')
    const refused = await h.raw('sources.syncNow', { id: h.source.id, fromStart: true })
    expect(refused).toMatchObject({ ok: false, error: { code: 'busy' } })
    expect(refused.error?.message).toMatch(/A sync of Acme Zendesk is running\. Let it finish or cancel it/)
    await h.call('task.cancel', { taskId })
    await done
    expect((await source(h)).resyncing).toBe(false)
  })

  it('still never lets an older record overwrite a newer one, and rewrites the same version only while re-mapping', async () => {
    const h = await harness({ tickets: 3, perPage: 10, fetchComments: false })
    await syncOnce(h)
    const d = db(h)
    const row = d.prepare(`SELECT * FROM tickets WHERE external_id = '2'`).get() as Record<string, unknown>
    const ticket = ticketInput('2', {
      subject: 'Rewritten',
      createdAt: row.created_at as number,
      updatedAt: row.updated_at as number,
    })
    const write = (t: TicketInput, remap: boolean) =>
      d.transaction(() => upsertTicketPage(d, h.source.id, [t], { remap }).length)()
    const subject = () =>
      (d.prepare(`SELECT subject FROM tickets WHERE external_id = '2'`).get() as { subject: string }).subject
    expect(write(ticket, false)).toBe(0)
    expect(subject()).toBe(row.subject)
    expect(write({ ...ticket, updatedAt: ticket.updatedAt - 1 }, true)).toBe(0)
    expect(subject()).toBe(row.subject)
    expect(write(ticket, true)).toBe(1)
    expect(subject()).toBe('Rewritten')
  })
})
