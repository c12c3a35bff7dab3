/**
 * `sync.zendesk_100k`: tickets per second syncing 100,000 tickets from the fake Zendesk server on 127.0.0.1 (1,000 a
 * page, rate limit off, comments off: one request per ticket would measure the server, not the sync) into a fresh
 * workspace, through the real engine: HTTP, parsing, mapping, one transaction per page with its cursor.
 * Reference: the same pages fetched and parsed with nothing written (the floor the network and JSON set).
 * `sync.zendesk_100k_block`: the longest the event loop was blocked meanwhile. Pages are written as the built app
 * writes them, by the page writer's worker thread (src/main/syncWorker.ts, bundled here the way the build does).
 *
 * The server runs in a child process so its work never counts as blocking, and it renders each page once (a warm-up
 * pass before either measure): on this machine's two cores, a server generating JSON for every request would take
 * CPU from the sync it serves, which the real Zendesk, on its own machines, does not.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { build } from 'esbuild'
import { createBackend } from '../src/main/app/backend'
import { SYNC_WORKER_ENV } from '../src/main/sync/pageWriter'

const TICKETS = Number(process.env.BENCH_SYNC_TICKETS) || 100_000
const ROOT = path.resolve(__dirname, '..')

const SERVER = `
const { FakeZendesk } = (await import('./tests/fakes/zendeskServer.ts')).default
const fake = new FakeZendesk({ tickets: ${TICKETS}, renderOnce: true })
process.stdout.write(JSON.stringify({ url: await fake.start(), email: fake.options.email, token: fake.options.apiToken }) + '\\n')
`

async function startServer(): Promise<{ proc: ChildProcess; url: string; email: string; token: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SERVER], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const info = await new Promise<{ url: string; email: string; token: string }>((resolve, reject) => {
    let out = ''
    proc.stdout?.on('data', (c: Buffer) => {
      out += c.toString()
      if (out.includes('\n')) resolve(JSON.parse(out) as { url: string; email: string; token: string })
    })
    proc.on('exit', (code) => reject(new Error(`fake Zendesk exited ${code}`)))
  })
  return { proc, ...info }
}

export interface SyncFigure {
  ticketsPerSecond: number
  referencePerSecond: number
  maxBlockMs: number
  tickets: number
}

/** The page writer's worker, bundled beside the bench's cache so it resolves better-sqlite3 from node_modules. */
async function buildSyncWorker(): Promise<string> {
  const out = path.join(ROOT, 'bench', '.data', 'syncWorker.js')
  await build({
    entryPoints: [path.join(ROOT, 'src/main/syncWorker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: out,
    external: ['better-sqlite3', 'electron', 'exceljs'],
    logLevel: 'silent',
  })
  return out
}

export async function syncZendeskFigure(): Promise<SyncFigure> {
  process.env[SYNC_WORKER_ENV] = await buildSyncWorker()
  const server = await startServer()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-sync-'))
  try {
    const auth = `Basic ${Buffer.from(`${server.email}/token:${server.token}`).toString('base64')}`
    // Every page fetched and parsed, nothing written: once to have the server render them, then timed as the reference.
    const fetchAll = async (): Promise<number> => {
      let cursor: string | null = null
      let seen = 0
      for (;;) {
        const qs: string = cursor ? `cursor=${cursor}` : 'start_time=0'
        const res = await fetch(
          `${server.url}/api/v2/incremental/tickets/cursor.json?${qs}&per_page=1000&include=users,groups,metric_sets`,
          { headers: { authorization: auth } },
        )
        const body = (await res.json()) as { tickets: unknown[]; after_cursor: string; end_of_stream: boolean }
        seen += body.tickets.length
        cursor = body.after_cursor
        if (body.end_of_stream) return seen
      }
    }
    await fetchAll()
    const r0 = performance.now()
    const seen = await fetchAll()
    const referencePerSecond = seen / ((performance.now() - r0) / 1000)

    const backend = await createBackend({ dataDir, transport: 'cli', noDemo: true, allowLoopback: true })
    const added = await backend.dispatch('sources.add', {
      kind: 'zendesk',
      name: 'Bench Zendesk',
      baseUrl: server.url,
      fetchComments: false,
      scheduleMinutes: 0,
      credentials: { email: server.email, apiToken: server.token },
      acceptPlainText: true,
    })
    if (!added.ok) throw new Error(added.error.message)
    const id = (added.value as { id: number }).id
    const delay = monitorEventLoopDelay({ resolution: 5 })
    delay.enable()
    const t0 = performance.now()
    const result = await backend.sync.start(id, 'cli').done
    const seconds = (performance.now() - t0) / 1000
    delay.disable()
    backend.close()
    if (result.outcome !== 'done') throw new Error(`bench sync ended ${result.outcome}: ${result.error}`)
    return {
      ticketsPerSecond: result.tickets / seconds,
      referencePerSecond,
      maxBlockMs: delay.max / 1e6,
      tickets: result.tickets,
    }
  } finally {
    server.proc.kill()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

// `npx tsx bench/syncBench.ts` measures this figure alone.
if (require.main === module) {
  syncZendeskFigure().then(
    (f) => console.log(JSON.stringify(f, null, 2)),
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    },
  )
}
