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
import { channelOf, decodeCursor, FakeZendesk } from '../fakes/zendeskServer'

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
  /**
   * Drill a re-sync from the start instead: the source is synced whole first, its channel mapping is changed, and the
   * killed runs re-read it (the first with `--from-start`, until one has recorded it; the rest are plain syncs that go
   * on with it). After every kill the tickets re-read so far carry the new mapping and the rest the old one.
   */
  remap?: boolean
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

/** Zendesk's `web` channel, as the default mapping reads it and as the drill's changed mapping does. */
const WEB = { old: 'web_form', remapped: 'social' }

/** A re-sync drill's state: the tickets cached before it, and whether a run has started re-reading yet. */
interface Remap {
  before: ReadonlySet<number>
  started: boolean
}

/**
 * Opens the killed child's file, checks it, and closes it again before the next child starts. In a re-sync drill the
 * cache is what it held before, with the stream replayed over it up to the committed cursor.
 */
function check(file: string, fake: FakeZendesk, remap: Remap | null = null): Check & { remapping: boolean } {
  const db = new Database(file)
  try {
    const qc = db.pragma('quick_check', { simple: true })
    if (qc !== 'ok') throw new Error(`quick_check after a kill: ${String(qc)}`)
    const state = db.prepare('SELECT cursor, remap FROM sync_state').get() as
      { cursor: string | null; remap: number } | undefined
    const position = state?.cursor ? decodeCursor(state.cursor) : 0
    const remapping = state?.remap === 1
    const replayed = remap === null || remap.started || remapping ? position : 0
    // What the stream holds up to the committed cursor (over what a re-sync started from).
    const live = new Map<number, number>([...(remap?.before ?? [])].map((id) => [id, 1]))
    for (const e of fake.stream.slice(0, replayed)) {
      if (e.deleted) live.delete(e.id)
      else live.set(e.id, e.version)
    }
    if (remap) {
      // Ticket n is the stream's n-th record: re-read once the committed cursor is past it.
      const web = db
        .prepare(`SELECT external_id AS ext, channel FROM tickets WHERE channel IN (?, ?)`)
        .all(WEB.old, WEB.remapped) as { ext: string; channel: string }[]
      for (const r of web) {
        // Twitter reads as social whatever the drill does; only Zendesk's `web` moves.
        if (channelOf(Number(r.ext)) !== 'web') continue
        const want = Number(r.ext) <= replayed ? WEB.remapped : WEB.old
        if (r.channel !== want)
          throw new Error(`ticket ${r.ext} reads ${r.channel} at cursor ${position} of a re-sync; expected ${want}`)
      }
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
    return { position, tickets: ids.length, comments, remapping }
  } finally {
    db.close()
  }
}

function runChild(
  cli: string,
  dataDir: string,
  fake: FakeZendesk,
  killAfterMs: number | null,
  extra: readonly string[] = [],
): Promise<{ code: number | null; killed: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const args = [cli, 'sync', '--data-dir', dataDir, '--no-demo', '--allow-loopback', ...extra]
    const child = spawn(process.execPath, args, {
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
      // "Syncing …" or "Re-syncing … from the start".
      if (killAfterMs !== null && timer === null && /[Ss]yncing /.test(stderr)) {
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

    let remap: Remap | null = null
    if (options.remap) {
      const whole = await runChild(cli, dataDir, fake, null)
      if (whole.code !== 0) throw new Error(`the first whole sync failed (exit ${whole.code}): ${whole.stderr}`)
      const before = check(file, fake)
      const again = await createBackend({ dataDir, transport: 'cli', noDemo: true, allowLoopback: true })
      const id = (added.value as { id: number }).id
      const loaded = await again.dispatch('sources.mapping', { id })
      if (!loaded.ok) throw new Error(loaded.error.message)
      const mapping = (loaded.value as { mapping: { channelValues: Record<string, string> } }).mapping
      const set = await again.dispatch('sources.setMapping', {
        id,
        mapping: { ...mapping, channelValues: { ...mapping.channelValues, web: WEB.remapped } },
      })
      again.close()
      if (!set.ok) throw new Error(set.error.message)
      const ids = new Database(file, { readonly: true })
      remap = {
        before: new Set(
          (ids.prepare('SELECT external_id AS ext FROM tickets').all() as { ext: string }[]).map((r) => Number(r.ext)),
        ),
        started: false,
      }
      ids.close()
      log(`whole sync before the re-sync drill: ${before.tickets} tickets`)
    }

    const random = mulberry(options.seed ?? 20_261_122)
    let killsMidSync = 0
    let lastPosition = 0
    // Paced, not fixed: on a fast machine fixed delays let the sync reach the end within a few runs and the rest of
    // the kills prove nothing; on a slow one they land before the first page. The ceiling follows progress so the
    // cursor moves about 1/kills of the stream per run.
    let ceiling = options.maxKillDelayMs
    for (let i = 0; i < options.kills; i++) {
      const delay = Math.floor(random() * ceiling)
      // The re-sync is asked for until a run has recorded it; from then on plain syncs must go on with it.
      const ask = remap !== null && !remap.started ? ['--from-start'] : []
      const r = await runChild(cli, dataDir, fake, delay, ask)
      if (!r.killed && r.code !== 0) throw new Error(`sync child failed (exit ${r.code}): ${r.stderr}`)
      const c = check(file, fake, remap)
      if (remap && !remap.started && (c.remapping || c.position < fake.stream.length)) {
        remap.started = true
        lastPosition = 0
      }
      if (c.position < lastPosition) throw new Error(`the cursor went back from ${lastPosition} to ${c.position}`)
      if (r.killed && c.position < fake.stream.length && (!remap || remap.started)) killsMidSync++
      lastPosition = c.position
      const ahead = c.position / fake.stream.length > (i + 1) / (options.kills + 1)
      ceiling = ahead ? Math.max(20, Math.floor(ceiling * 0.7)) : Math.min(options.maxKillDelayMs * 8, ceiling * 1.25)
      log(
        `kill ${i + 1}/${options.kills} after ${delay} ms: cursor ${c.position}/${fake.stream.length}, ${c.tickets} tickets`,
      )
    }
    const last = await runChild(cli, dataDir, fake, null, remap && !remap.started ? ['--from-start'] : [])
    if (last.code !== 0) throw new Error(`the final sync failed (exit ${last.code}): ${last.stderr}`)
    if (remap) remap.started = true
    const final = check(file, fake, remap)
    if (final.position !== fake.stream.length)
      throw new Error(`the final sync stopped at ${final.position} of ${fake.stream.length}`)
    if (final.remapping) throw new Error('the final sync caught up but the re-sync is still marked unfinished')
    return { kills: options.kills, killsMidSync, finalTickets: final.tickets, finalComments: final.comments }
  } finally {
    await fake.close()
    fs.rmSync(work, { recursive: true, force: true })
  }
}
