/**
 * The sync crash drill: a child process runs the CLI's `sync` against the fake Zendesk server and is killed with
 * SIGKILL at a random moment, again and again; after every kill the workspace must hold exactly the records of the
 * stream up to the committed cursor (no half-applied page, no ticket or comment lost or doubled) and pass
 * `PRAGMA quick_check`. A last run then finishes the sync. Used by tests/integration/syncCrash.test.ts (50 kills) and
 * scripts/crash-sync.mjs (as many as asked).
 */
import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { build } from 'esbuild'
import { createBackend } from '../../src/main/app/backend'
import { decodeCursor, FakeZendesk } from '../fakes/zendeskServer'

const ROOT = path.resolve(__dirname, '../..')

export interface CrashOptions {
  kills: number
  tickets: number
  pageLimit: number
  /** Longest random wait after the child starts syncing before it is killed. */
  maxKillDelayMs: number
  /**
   * Each fake-server response waits this long (default 15 ms). It caps how fast a sync can go whatever the machine,
   * so a run that happens to get both cores to itself cannot sweep the rest of the stream before its kill.
   */
  pageLatencyMs?: number
  seed?: number
  log?: (line: string) => void
}

export interface CrashReport {
  kills: number
  killsMidSync: number
  finalTickets: number
  finalComments: number
}

/** Bundles one entry (TypeScript sources) into a CommonJS file, as the main build does. */
export async function bundleEntry(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    external: ['better-sqlite3', 'electron', 'exceljs'],
    logLevel: 'silent',
  })
  return outfile
}

/** Bundles the CLI once so each child starts in a fraction of a second (tsx would compile on every start). */
export async function bundleCli(dir: string): Promise<string> {
  const out = await bundleEntry(path.join(ROOT, 'src/main/cli.ts'), path.join(dir, 'cli.cjs'))
  // The page writer's worker thread beside it, where the built app keeps it: the drill kills that path too.
  await bundleEntry(path.join(ROOT, 'src/main/syncWorker.ts'), path.join(dir, 'syncWorker.js'))
  return out
}

export function mulberry(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

interface Check {
  position: number
  tickets: number
  comments: number
}

/** Opens the killed child's file, checks it, and closes it again before the next child starts. */
function check(file: string, fake: FakeZendesk): Check {
  const db = new Database(file)
  try {
    const qc = db.pragma('quick_check', { simple: true })
    if (qc !== 'ok') throw new Error(`quick_check after a kill: ${String(qc)}`)
    const state = db.prepare('SELECT cursor FROM sync_state').get() as { cursor: string | null } | undefined
    const position = state?.cursor ? decodeCursor(state.cursor) : 0
    // What the stream holds up to the committed cursor.
    const live = new Map<number, number>()
    for (const e of fake.stream.slice(0, position)) {
      if (e.deleted) live.delete(e.id)
      else live.set(e.id, e.version)
    }
    const rows = db.prepare('SELECT id, external_id AS ext FROM tickets').all() as { id: number; ext: string }[]
    const ids = rows.map((r) => Number(r.ext)).sort((a, b) => a - b)
    const want = [...live.keys()].sort((a, b) => a - b)
    if (ids.length !== want.length || ids.some((id, i) => id !== want[i]))
      throw new Error(
        `after a kill at cursor ${position}: ${ids.length} tickets cached, the committed stream holds ${want.length}`,
      )
    const counts = db
      .prepare(
        `SELECT t.external_id AS ext, count(c.id) AS n, count(DISTINCT c.external_id) AS d
         FROM tickets t LEFT JOIN ticket_comments c ON c.ticket_id = t.id GROUP BY t.id`,
      )
      .all() as { ext: string; n: number; d: number }[]
    let comments = 0
    for (const c of counts) {
      // A ticket deleted upstream later answers 404 for its comments (Zendesk does): it is cached without them until
      // its delete arrives.
      const expected = fake.latest(Number(c.ext))?.deleted ? 0 : fake.options.commentsPer(Number(c.ext))
      if (c.n !== expected || c.d !== expected)
        throw new Error(`ticket ${c.ext} has ${c.n} comments (${c.d} distinct) after a kill; expected ${expected}`)
      comments += c.n
    }
    return { position, tickets: ids.length, comments }
  } finally {
    db.close()
  }
}

function runChild(
  cli: string,
  dataDir: string,
  fake: FakeZendesk,
  killAfterMs: number | null,
): Promise<{ code: number | null; killed: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'sync', '--data-dir', dataDir, '--no-demo', '--allow-loopback'], {
      env: {
        ...process.env,
        NODE_PATH: path.join(ROOT, 'node_modules'),
        WORKBENCH_ZENDESK_EMAIL: fake.options.email,
        WORKBENCH_ZENDESK_TOKEN: fake.options.apiToken,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    let killed = false
    let timer: NodeJS.Timeout | null = null
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString()
      if (killAfterMs !== null && timer === null && stderr.includes('Syncing')) {
        timer = setTimeout(() => {
          killed = child.kill('SIGKILL')
        }, killAfterMs)
      }
    })
    child.on('error', reject)
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer)
      resolve({ code, killed, stderr })
    })
  })
}

export async function runCrashSync(options: CrashOptions): Promise<CrashReport> {
  const log = options.log ?? (() => {})
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'owb-crash-'))
  const fake = new FakeZendesk({
    tickets: options.tickets,
    deleteEvery: 7,
    pageLimit: options.pageLimit,
    latencyMs: options.pageLatencyMs ?? 15,
  })
  await fake.start()
  try {
    const cli = await bundleCli(work)
    const dataDir = path.join(work, 'data')
    const backend = await createBackend({ dataDir, transport: 'cli', noDemo: true, allowLoopback: true })
    const added = await backend.dispatch('sources.add', {
      kind: 'zendesk',
      name: 'Crash Zendesk',
      baseUrl: fake.url,
      scheduleMinutes: 0,
    })
    if (!added.ok) throw new Error(added.error.message)
    const file = backend.manager.require().info.file
    backend.close()

    const random = mulberry(options.seed ?? 20_261_122)
    let killsMidSync = 0
    let lastPosition = 0
    // Paced, not fixed: on a fast machine fixed delays let the sync reach the end within a few runs and the rest of
    // the kills prove nothing; on a slow one they land before the first page. The ceiling follows progress so the
    // cursor moves about 1/kills of the stream per run.
    let ceiling = options.maxKillDelayMs
    for (let i = 0; i < options.kills; i++) {
      const delay = Math.floor(random() * ceiling)
      const r = await runChild(cli, dataDir, fake, delay)
      if (!r.killed && r.code !== 0) throw new Error(`sync child failed (exit ${r.code}): ${r.stderr}`)
      const c = check(file, fake)
      if (c.position < lastPosition) throw new Error(`the cursor went back from ${lastPosition} to ${c.position}`)
      if (r.killed && c.position < fake.stream.length) killsMidSync++
      lastPosition = c.position
      const ahead = c.position / fake.stream.length > (i + 1) / (options.kills + 1)
      ceiling = ahead ? Math.max(20, Math.floor(ceiling * 0.7)) : Math.min(options.maxKillDelayMs * 8, ceiling * 1.25)
      log(
        `kill ${i + 1}/${options.kills} after ${delay} ms: cursor ${c.position}/${fake.stream.length}, ${c.tickets} tickets`,
      )
    }
    const last = await runChild(cli, dataDir, fake, null)
    if (last.code !== 0) throw new Error(`the final sync failed (exit ${last.code}): ${last.stderr}`)
    const final = check(file, fake)
    if (final.position !== fake.stream.length)
      throw new Error(`the final sync stopped at ${final.position} of ${fake.stream.length}`)
    return { kills: options.kills, killsMidSync, finalTickets: final.tickets, finalComments: final.comments }
  } finally {
    await fake.close()
    fs.rmSync(work, { recursive: true, force: true })
  }
}
