/**
 * Issue 7 part 6: the audit log records who exported what (CSV, XLSX, view file; PDF in the RCA tests), who revealed
 * which sensitive ticket, which sources synced, backups, restores and purges; it is viewable in pages and exportable
 * for a security review, and never holds ticket text.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { AuditPage } from '../../src/shared/api/methods/security'
import type { WorkbenchEvent } from '../../src/shared/api/types'
import { syncHarness, type Harness } from '../helpers/syncHarness'
import { CANARY, seededBackend, type Seeded } from './seed'

let s: Seeded | null = null
let h: Harness | null = null
afterEach(async () => {
  s?.backend.close()
  await h?.close()
  s = null
  h = null
})

async function finished(x: Seeded, taskId: string): Promise<void> {
  await new Promise<void>((resolve) => {
    const off = x.backend.onEvent((e: WorkbenchEvent) => {
      if (e.type === 'task' && e.task.taskId === taskId && e.task.state !== 'running') {
        off()
        resolve()
      }
    })
  })
}

describe('the audit log', () => {
  it('records reveals of sensitive tickets only, exports with row counts, and view files', async () => {
    s = await seededBackend(150, { canaryAt: 2 })
    const db = s.backend.manager.require().db
    const sensitive = (db.prepare('SELECT id FROM tickets WHERE sensitive = 1 LIMIT 1').get() as { id: number }).id
    const ordinary = (db.prepare('SELECT id FROM tickets WHERE sensitive = 0 LIMIT 1').get() as { id: number }).id
    await s.call('tickets.get', { id: sensitive })
    await s.call('tickets.get', { id: ordinary, reveal: true })
    expect((await s.call<AuditPage>('audit.list', {})).total).toBe(0)
    await s.call('tickets.get', { id: sensitive, reveal: true })
    const view = await s.call<{ id: number }>('views.save', {
      name: 'Payout queue',
      definition: {
        version: 1,
        filters: { channel: ['email'] },
        sort: { column: 'createdAt', dir: 'desc' },
        columns: [],
      },
    })
    await s.call('views.export', { id: view.id })
    const t = await s.call<{ taskId: string }>('export.tickets', {
      filters: { text: CANARY, channel: ['email', 'in_app', 'phone'] },
      sort: { column: 'createdAt', dir: 'desc' },
      columns: ['id', 'subject'],
      format: 'csv',
      timeZone: 'UTC',
    })
    await finished(s, t.taskId)
    const page = await s.call<AuditPage>('audit.list', {})
    expect(page.entries.map((e) => [e.action, e.target])).toEqual([
      ['export.csv', expect.stringMatching(/^my-workspace-\d{8}-\d{4}\.csv$/)],
      ['export.view', 'Payout queue.owbview.json'],
      ['ticket.reveal', `ticket ${sensitive}`],
    ])
    const csv = page.entries[0]
    expect(csv?.actor).toMatch(/ \(cli\)$/)
    expect(csv?.detail).toMatchObject({ rows: 1, columns: 2, filters: { channel: ['email', 'in_app', 'phone'] } })
    // The search text is ticket content the analyst typed: only its length is kept.
    expect(JSON.stringify(page)).not.toContain(CANARY)
    expect(csv?.detail.filters).toMatchObject({ textSearch: `${CANARY.length} characters` })
  })

  it('pages back in time and exports itself as CSV and JSON, logging the export', async () => {
    s = await seededBackend(5)
    const db = s.backend.manager.require().db
    const id = (db.prepare('SELECT id FROM tickets WHERE sensitive = 1 LIMIT 1').get() as { id: number } | undefined)
      ?.id
    db.prepare('UPDATE tickets SET sensitive = 1, source_sensitive = 1 WHERE id = ?').run(id ?? s.ids[0])
    for (let i = 0; i < 25; i++) await s.call('tickets.get', { id: id ?? s.ids[0], reveal: true })
    const first = await s.call<AuditPage>('audit.list', { limit: 10 })
    expect(first.total).toBe(25)
    const second = await s.call<AuditPage>('audit.list', { limit: 10, beforeId: first.entries.at(-1)?.id })
    expect(second.entries).toHaveLength(10)
    expect(Math.max(...second.entries.map((e) => e.id))).toBeLessThan(Math.min(...first.entries.map((e) => e.id)))
    const csv = await s.call<{ fileName: string; content: string; entries: number }>('audit.export', { format: 'csv' })
    expect(csv.fileName).toMatch(/^my-workspace-audit-\d{4}-\d{2}-\d{2}\.csv$/)
    expect(csv.entries).toBe(25)
    const lines = csv.content
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(lines[0]).toBe('id,time (UTC),who,action,target,detail')
    expect(lines).toHaveLength(26)
    const json = await s.call<{ content: string }>('audit.export', { format: 'json', actions: ['audit.'] })
    const parsed = JSON.parse(json.content) as { kind: string; version: number; entries: { action: string }[] }
    expect(parsed).toMatchObject({ kind: 'ops-workbench.audit', version: 1 })
    expect(parsed.entries.map((e) => e.action)).toEqual(['audit.export'])
  })

  it('records which sources synced, with counts, but not the quiet scheduled checks', async () => {
    h = await syncHarness({ tickets: 14, perPage: 5 })
    await h.backend.sync.start(h.source.id, 'manual').done
    await h.backend.sync.start(h.source.id, 'schedule').done
    const page = await h.call<AuditPage>('audit.list', { actions: ['source.sync'] })
    expect(page.entries).toHaveLength(1)
    expect(page.entries[0]).toMatchObject({
      action: 'source.sync',
      target: 'source Acme Zendesk',
      detail: { outcome: 'done', tickets: 14, deletes: 0 },
    })
    expect(page.entries[0]?.actor).toMatch(/ \(manual\)$/)
  })
})
