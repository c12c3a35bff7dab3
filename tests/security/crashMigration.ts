/**
 * The migration crash drill (reliability.md, Local data: "a kill during a migration leaves the old schema usable").
 * A workspace at schema 1 with tens of thousands of tickets, notes and labels is opened by a child process (the CLI's
 * `stats`, which backs the file up and then applies every migration in one transaction) and killed with SIGKILL at a
 * random moment. After each kill the file must pass quick_check and be either wholly at schema 1 with every row, or
 * wholly migrated with every row: never in between. Any backup taken before the migration must be whole too. A last
 * run completes the migration. Used by tests/security/crashMigration.test.ts and scripts/crash-migrate.mjs.
 */
import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { build } from 'esbuild'
import { LATEST_VERSION, MIGRATIONS } from '../../src/main/db/migrations'

const ROOT = path.resolve(__dirname, '../..')

export interface MigrationCrashOptions {
  kills: number
  tickets: number
  maxKillDelayMs: number
  seed?: number
  log?: (line: string) => void
}

export interface MigrationCrashReport {
  kills: number
  /** Kills that landed before the migration committed (the file was still at schema 1). */
  killsMidMigration: number
  /** Of those, kills after the pre-migration backup was in place, i.e. inside the migration transaction. */
  killsInsideTransaction: number
  /** Kills after which the file was fully migrated. */
  killsAfterCommit: number
  finalVersion: number
  tickets: number
}

function mulberry(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A workspace file at schema 1 (as the first release wrote it), with `tickets` tickets, notes and labels. */
export function buildSchemaOne(file: string, tickets: number): { notes: number; labels: number } {
  const db = new Database(file)
  try {
    db.pragma('journal_mode = WAL')
    const m1 = MIGRATIONS[0]
    if (!m1) throw new Error('no migrations')
    db.exec(m1.sql)
    if (m1.indexes) db.exec(m1.indexes)
    db.pragma('user_version = 1')
    db.exec(`
      INSERT INTO workspace_meta (key, value) VALUES ('name', 'Crash drill'), ('is_demo', '0'), ('created_at', '1');
      INSERT INTO sources (id, kind, name, created_at) VALUES (1, 'file', 'Old export', 1);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${tickets})
      INSERT INTO tickets (source_id, external_id, subject, description, status, priority, case_type, channel,
        created_at, updated_at, assignee, group_name, first_reply_minutes, full_resolution_minutes, solved_at, sensitive)
      SELECT 1, 'T-' || i, 'Payout missing ' || i, 'The creator says the payout for ' || i || ' never arrived.',
        CASE i % 4 WHEN 0 THEN 'open' WHEN 1 THEN 'solved' WHEN 2 THEN 'pending' ELSE 'closed' END,
        CASE i % 3 WHEN 0 THEN 'high' WHEN 1 THEN 'normal' ELSE 'low' END,
        CASE i % 5 WHEN 0 THEN 'self_harm' WHEN 1 THEN 'creator_payouts' ELSE 'account_recovery' END,
        CASE i % 2 WHEN 0 THEN 'email' ELSE 'in_app' END,
        1767225600000 + i * 60000, 1767225600000 + i * 60000 + 5000, 'Agent ' || (i % 17), 'Tier ' || (i % 3),
        i % 90, CASE i % 4 WHEN 1 THEN i % 900 ELSE NULL END, CASE i % 4 WHEN 1 THEN 1767225600000 + i * 60000 + 9000 END,
        CASE i % 5 WHEN 0 THEN 1 ELSE 0 END
      FROM n;
    `)
    const notes = db
      .prepare(
        "INSERT INTO analyst_notes (ticket_id, body, created_at, updated_at) SELECT id, 'Called back about ' || id, 1, 1 FROM tickets WHERE id % 50 = 0",
      )
      .run().changes
    const labels = db
      .prepare(
        "INSERT INTO analyst_labels (ticket_id, label, created_at) SELECT id, 'payout', 1 FROM tickets WHERE id % 20 = 0",
      )
      .run().changes
    db.pragma('wal_checkpoint(TRUNCATE)')
    return { notes, labels }
  } finally {
    db.close()
  }
}

/** Bundles the CLI once so each child starts in a fraction of a second. */
export async function bundleCliForDrill(dir: string): Promise<string> {
  const out = path.join(dir, 'cli.cjs')
  await build({
    entryPoints: [path.join(ROOT, 'src/main/cli.ts')],
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

/**
 * Runs the CLI once. The kill timer starts at spawn, or (anchor `backup`) once the pre-migration backup is in place,
 * so that half the kills land inside the migration transaction however slow the machine is.
 */
function runChild(
  cli: string,
  dataDir: string,
  killAfterMs: number | null,
  anchor: 'spawn' | 'backup' = 'spawn',
): Promise<{ code: number | null; killed: boolean; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'stats', '--json', '--data-dir', dataDir, '--no-demo'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
    })
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.stdout.resume()
    let killed = false
    let timer: NodeJS.Timeout | null = null
    let poll: NodeJS.Timeout | null = null
    const arm = () => (timer = setTimeout(() => (killed = child.kill('SIGKILL')), killAfterMs ?? 0))
    if (killAfterMs !== null && anchor === 'spawn') arm()
    if (killAfterMs !== null && anchor === 'backup') {
      const wsDir = path.join(dataDir, 'workspaces')
      poll = setInterval(() => {
        if (fs.readdirSync(wsDir).some((n) => /\.v1\.bak$/.test(n))) {
          if (poll) clearInterval(poll)
          poll = null
          arm()
        }
      }, 5)
    }
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer)
      if (poll) clearInterval(poll)
      resolve({ code, killed, stderr })
    })
  })
}

interface FileState {
  version: number
  tickets: number
  notes: number
  labels: number
}

function inspect(file: string): FileState {
  const db = new Database(file)
  try {
    const qc = db.pragma('quick_check', { simple: true })
    if (qc !== 'ok') throw new Error(`quick_check of ${path.basename(file)} after a kill: ${String(qc)}`)
    const version = db.pragma('user_version', { simple: true }) as number
    const n = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n
    const hasFts = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'tickets_fts'").get() !== undefined
    const hasAudit = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'audit_log'").get() !== undefined
    // The schema matches the version: a migration is never half applied.
    if (version === 1 && (hasFts || hasAudit)) throw new Error('schema 1 file holds tables of later migrations')
    if (version === LATEST_VERSION && !(hasFts && hasAudit)) throw new Error('migrated file lacks migrated tables')
    if (version !== 1 && version !== LATEST_VERSION)
      throw new Error(`file left at schema ${version}, between 1 and ${LATEST_VERSION}`)
    return { version, tickets: n('tickets'), notes: n('analyst_notes'), labels: n('analyst_labels') }
  } finally {
    db.close()
  }
}

export async function runMigrationCrash(options: MigrationCrashOptions): Promise<MigrationCrashReport> {
  const log = options.log ?? (() => {})
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'owb-crash-migrate-'))
  try {
    const template = path.join(work, 'template.sqlite')
    const expected = { tickets: options.tickets, ...buildSchemaOne(template, options.tickets) }
    const cli = await bundleCliForDrill(work)
    const dataDir = path.join(work, 'data')
    const wsDir = path.join(dataDir, 'workspaces')
    const file = path.join(wsDir, 'drill.sqlite')
    const reset = () => {
      fs.rmSync(dataDir, { recursive: true, force: true })
      fs.mkdirSync(wsDir, { recursive: true })
      fs.copyFileSync(template, file)
      fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ currentWorkspace: 'drill' }))
    }
    reset()
    const random = mulberry(options.seed ?? 20_261_202)
    let killsMidMigration = 0
    let killsAfterCommit = 0
    let killsInsideTransaction = 0
    for (let i = 0; i < options.kills; i++) {
      const delay = Math.floor(random() * options.maxKillDelayMs)
      // Each run takes its own backup first; clearing the last one tells whether this kill came after it.
      for (const f of fs.readdirSync(wsDir).filter((n) => n.includes('.v1.bak'))) fs.rmSync(path.join(wsDir, f))
      // Odd kills count from the backup (inside the migration), even ones from the start (anywhere).
      const anchor = i % 2 === 1 ? 'backup' : 'spawn'
      const r = await runChild(cli, dataDir, anchor === 'backup' ? Math.floor(delay / 2) : delay, anchor)
      if (!r.killed && r.code !== 0) throw new Error(`migration child failed (exit ${r.code}): ${r.stderr}`)
      const state = inspect(file)
      for (const k of ['tickets', 'notes', 'labels'] as const) {
        if (state[k] !== expected[k])
          throw new Error(
            `after a kill at ${delay} ms: ${state[k]} ${k}, ${expected[k]} expected (schema ${state.version})`,
          )
      }
      // A backup beside the file is only ever whole (VACUUM INTO a temporary name, then rename).
      for (const f of fs.readdirSync(wsDir).filter((n) => /\.v1\.bak$/.test(n))) {
        const b = inspect(path.join(wsDir, f))
        if (b.version !== 1 || b.tickets !== expected.tickets)
          throw new Error(`backup ${f} is not the whole schema-1 file`)
      }
      if (state.version === 1) {
        killsMidMigration++
        if (fs.readdirSync(wsDir).some((n) => /\.v1\.bak$/.test(n))) killsInsideTransaction++
      } else killsAfterCommit++
      log(`kill ${i + 1}/${options.kills} after ${delay} ms: schema ${state.version}, ${state.tickets} tickets`)
      // Next kill starts from schema 1 again; a file still at 1 is used as it is (the killed run's leftovers included).
      if (state.version !== 1) reset()
    }
    const last = await runChild(cli, dataDir, null)
    if (last.code !== 0) throw new Error(`the last run did not finish: ${last.stderr}`)
    const final = inspect(file)
    if (final.version !== LATEST_VERSION || final.tickets !== expected.tickets || final.notes !== expected.notes)
      throw new Error(`after the last run: schema ${final.version}, ${final.tickets} tickets, ${final.notes} notes`)
    return {
      kills: options.kills,
      killsMidMigration,
      killsInsideTransaction,
      killsAfterCommit,
      finalVersion: final.version,
      tickets: final.tickets,
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}
