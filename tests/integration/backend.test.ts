import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createBackend } from '../../src/main/app/backend'
import type { AppInfo, WorkbenchEvent, WorkspaceInfo } from '../../src/shared/api/types'
import { tempDir } from '../helpers/tmp'

async function value<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  return r.value as T
}

describe('the backend behind every front door', () => {
  it('creates the demo workspace on a first launch and reopens it on the next', async () => {
    const dataDir = tempDir()
    const first = await createBackend({ dataDir, transport: 'cli', demoTickets: 1500 })
    const info = await value<AppInfo>(first.dispatch('app.info', {}))
    expect(info.workspace).toMatchObject({ id: 'demo', isDemo: true, tickets: 1500 })
    expect(info.dataAsOf[0]?.asOf).toBeGreaterThan(0)
    first.close()
    const second = await createBackend({ dataDir, transport: 'cli', demoTickets: 999 })
    const again = await value<AppInfo>(second.dispatch('app.info', {}))
    expect(again.workspace).toMatchObject({ id: 'demo', tickets: 1500, createdAt: info.workspace?.createdAt })
    second.close()
  })

  it('starts empty with noDemo', async () => {
    const backend = await createBackend({ dataDir: tempDir(), transport: 'web', noDemo: true })
    const info = await value<AppInfo>(backend.dispatch('app.info', {}))
    expect(info.workspace).toMatchObject({ isDemo: false, tickets: 0, name: 'My workspace' })
    backend.close()
  })

  it('stays up when the workspace file is damaged, says so, leaves it untouched and lets the analyst carry on', async () => {
    const dataDir = tempDir()
    const b1 = await createBackend({ dataDir, transport: 'web', demoTickets: 300 })
    b1.close()
    const file = path.join(dataDir, 'workspaces', 'demo.sqlite')
    const damaged = Buffer.from(fs.readFileSync(file))
    damaged.fill(0x5a, 100, damaged.length)
    fs.writeFileSync(file, damaged)
    const b2 = await createBackend({ dataDir, transport: 'web' })
    const info = await value<AppInfo>(b2.dispatch('app.info', {}))
    expect(info.workspace).toBeNull()
    expect(info.workspaceProblem).toMatch(/demo\.sqlite .*(damaged|integrity)/)
    const count = await b2.dispatch('tickets.count', { filters: {} })
    expect(count).toMatchObject({ ok: false, error: { code: 'workspace_corrupt' } })
    // Set aside byte for byte (reliability.md: a damaged file is moved aside, never opened again in a loop, never destroyed).
    expect(fs.existsSync(file)).toBe(false)
    const aside = fs
      .readdirSync(path.dirname(file))
      .filter((f) => f.startsWith('demo.sqlite.damaged-') && !/-(wal|shm)$/.test(f))
    expect(aside).toHaveLength(1)
    expect(fs.readFileSync(path.join(path.dirname(file), aside[0] as string)).equals(damaged)).toBe(true)
    expect(info.workspaceProblem).toMatch(/moved aside .*Settings → Backups/)
    const created = await value<WorkspaceInfo>(b2.dispatch('workspace.create', { name: 'Incident 42' }))
    expect(created).toMatchObject({ id: 'incident-42', name: 'Incident 42', tickets: 0 })
    expect(await value<{ count: number }>(b2.dispatch('tickets.count', { filters: {} }))).toEqual({ count: 0 })
    b2.close()
  })

  it('re-creates the demo in the background with progress events, then removes it on request', async () => {
    const backend = await createBackend({ dataDir: tempDir(), transport: 'web', noDemo: true })
    const events: WorkbenchEvent[] = []
    backend.onEvent((e) => events.push(e))
    const done = new Promise<void>((resolve) => backend.onEvent((e) => e.type === 'workspace.changed' && resolve()))
    const started = await value<{ taskId: string }>(backend.dispatch('demo.generate', { tickets: 800, seed: 5 }))
    expect(await backend.dispatch('demo.generate', { tickets: 800, seed: 5 })).toMatchObject({
      ok: false,
      error: { code: 'busy' },
    })
    await done
    const tasks = events.flatMap((e) => (e.type === 'task' ? [e.task] : []))
    expect(tasks[0]).toMatchObject({ taskId: started.taskId, state: 'running', total: 800 })
    expect(tasks.at(-1)).toMatchObject({ taskId: started.taskId, state: 'done', done: 800 })
    const list = await value<WorkspaceInfo[]>(backend.dispatch('workspace.list', {}))
    expect(list.map((w) => [w.id, w.isDemo, w.tickets])).toEqual([
      ['demo', true, 800],
      ['my-workspace', false, 0],
    ])
    await value(backend.dispatch('workspace.remove', { id: 'demo' }))
    expect((await value<WorkspaceInfo[]>(backend.dispatch('workspace.list', {}))).map((w) => w.id)).toEqual([
      'my-workspace',
    ])
    expect(await backend.dispatch('workspace.open', { id: '../etc' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
    backend.close()
  })
})

describe('the demo workspace made on a first launch', () => {
  it('dates nothing in the future, so "data as of" is the time it was made', async () => {
    const before = Date.now()
    const backend = await createBackend({ dataDir: tempDir(), transport: 'web', demoTickets: 500 })
    const info = await value<AppInfo>(backend.dispatch('app.info', {}))
    const asOf = info.dataAsOf[0]?.asOf as number
    expect(asOf).toBeLessThanOrEqual(Date.now())
    expect(asOf).toBeGreaterThan(before - 3 * 86_400_000)
    backend.close()
  })
})

describe('show an export in its folder (desktop app)', () => {
  it('asks the shell to show only files of the exports folder, and says what to do in browser mode', async () => {
    const dataDir = tempDir()
    const shown: string[] = []
    const desktop = await createBackend({
      dataDir,
      transport: 'electron',
      noDemo: true,
      desktop: { showInFolder: (file) => shown.push(file) },
    })
    fs.mkdirSync(path.join(dataDir, 'exports'), { recursive: true })
    fs.writeFileSync(path.join(dataDir, 'exports', 'my-workspace-20261122-0914.csv'), 'ID\r\n')
    await value(desktop.dispatch('export.showInFolder', { file: 'my-workspace-20261122-0914.csv' }))
    expect(shown).toEqual([fs.realpathSync(path.join(dataDir, 'exports', 'my-workspace-20261122-0914.csv'))])

    for (const file of ['../settings.json', 'workspaces/my-workspace.sqlite', 'nope-20261122-0914.csv']) {
      const r = await desktop.dispatch('export.showInFolder', { file })
      expect(r.ok ? null : r.error.code, file).toBe('not_found')
    }
    expect(shown).toHaveLength(1)
    desktop.close()

    const web = await createBackend({ dataDir, transport: 'web', noDemo: true })
    const r = await web.dispatch('export.showInFolder', { file: 'my-workspace-20261122-0914.csv' })
    expect(r.ok ? null : r.error.message).toMatch(/desktop app/)
    web.close()
  })
})
