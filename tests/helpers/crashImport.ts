/**
 * The import crash drill: a child process imports a CSV (the bulk path into one transaction, or the batched path,
 * chosen at random each time) and is killed with SIGKILL at a random moment, again and again. After every kill the
 * workspace must pass `PRAGMA quick_check`, hold exactly the tickets its committed runs counted (no half-applied
 * batch), each once, with every derived structure (tags, full-text index, rollups) agreeing with the tickets. A last
 * run then finishes the file: every row present once, as written. Used by tests/integration/importCrash.test.ts and
 * scripts/crash-import.mjs.
 */
import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDatabase } from '../../src/main/db/connection'
import { writeDemoCsv } from '../../src/main/ingest/demoCsv'
import { bundleEntry, mulberry } from './crashSync'

const ROOT = path.resolve(__dirname, '../..')

export interface ImportCrashOptions {
  kills: number
  tickets: number
  /** Longest random wait after rows start flowing before a batched import is killed (a third for a bulk one). */
  maxKillDelayMs: number
  seed?: number
  log?: (line: string) => void
}

export interface ImportCrashReport {
  kills: number
  /** Kills that landed while the child was still importing (not after it finished). */
  killsMidImport: number
  bulkRuns: number
  finalTickets: number
}

const bundleChild = (dir: string): Promise<string> =>
  bundleEntry(path.join(__dirname, 'importChild.ts'), path.join(dir, 'importChild.cjs'))

const one = (db: Database.Database, sql: string): number => (db.prepare(sql).get() as { n: number }).n

/** Checks the killed child's file; returns how many tickets it holds. */
function check(file: string): number {
  const db = new Database(file)
  try {
    const qc = db.pragma('quick_check', { simple: true })
    if (qc !== 'ok') throw new Error(`quick_check after a kill: ${String(qc)}`)
    const tickets = one(db, 'SELECT count(*) AS n FROM tickets')
    const counted = one(db, 'SELECT coalesce(sum(inserted), 0) AS n FROM import_runs')
    if (tickets !== counted)
      throw new Error(`${tickets} tickets cached but the committed import runs counted ${counted} new ones`)
    const distinct = one(db, 'SELECT count(DISTINCT external_id) AS n FROM tickets')
    if (distinct !== tickets) throw new Error(`${tickets - distinct} tickets are doubled`)
    const indexes = one(db, "SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name = 'tickets_created'")
    if (indexes !== 1) throw new Error('the secondary indexes are missing after a kill')
    const tags = one(db, 'SELECT count(*) AS n FROM ticket_tags')
    const tagsWanted = one(
      db,
      'SELECT count(*) AS n FROM (SELECT DISTINCT t.id, j.value FROM tickets t, json_each(t.tags_json) j)',
    )
    if (tags !== tagsWanted) throw new Error(`${tags} tag rows, the tickets carry ${tagsWanted}`)
    const fts = one(db, 'SELECT count(*) AS n FROM (SELECT rowid FROM tickets_fts)')
    const searchable = one(db, 'SELECT count(*) AS n FROM tickets WHERE sensitive = 0')
    if (fts !== searchable) throw new Error(`${fts} tickets in the full-text index, ${searchable} searchable`)
    const rolled = one(db, "SELECT coalesce(sum(created), 0) AS n FROM rollup_hour WHERE dim = 'all'")
    if (rolled !== tickets) throw new Error(`the rollups count ${rolled} created tickets, the cache holds ${tickets}`)
    return tickets
  } finally {
    db.close()
  }
}

function runChild(
  child: string,
  dbFile: string,
  csv: string,
  mode: 'bulk' | 'batched',
  killAfterMs: number | null,
): Promise<{ code: number | null; killed: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, dbFile, csv, mode], {
      env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    let killed = false
    let timer: NodeJS.Timeout | null = null
    proc.stderr.on('data', (c: Buffer) => {
      stderr += c.toString()
      if (killAfterMs !== null && timer === null && stderr.includes('Importing'))
        timer = setTimeout(() => (killed = proc.kill('SIGKILL')), killAfterMs)
    })
    proc.on('error', reject)
    proc.on('exit', (code) => {
      if (timer) clearTimeout(timer)
      resolve({ code, killed: killed && code === null, stderr })
    })
  })
}

export async function runCrashImport(options: ImportCrashOptions): Promise<ImportCrashReport> {
  const log = options.log ?? (() => {})
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'owb-crash-import-'))
  try {
    const csv = path.join(work, 'tickets.csv')
    writeDemoCsv(csv, { tickets: options.tickets, seed: 11 })
    const child = await bundleChild(work)
    const dbFile = path.join(work, 'ws.sqlite')
    openDatabase(dbFile).close()
    const random = mulberry(options.seed ?? 20_261_202)
    let killsMidImport = 0
    let bulkRuns = 0
    // Each path keeps its own ceiling, which shrinks after a run that finished before its kill: the machine's speed
    // decides how long an import takes, and a kill after the end proves nothing. The bulk path is several times
    // faster, so it starts at a third.
    const ceiling = { bulk: options.maxKillDelayMs / 3, batched: options.maxKillDelayMs }
    for (let i = 0; i < options.kills; i++) {
      const mode = random() < 0.5 ? 'bulk' : 'batched'
      const delay = Math.floor(random() * ceiling[mode])
      if (mode === 'bulk') bulkRuns++
      const r = await runChild(child, dbFile, csv, mode, delay)
      if (!r.killed && r.code !== 0) throw new Error(`import child failed (exit ${r.code}): ${r.stderr}`)
      if (r.killed) killsMidImport++
      else ceiling[mode] = Math.max(20, ceiling[mode] * 0.7)
      const tickets = check(dbFile)
      log(`kill ${i + 1}/${options.kills} (${mode}) after ${delay} ms: ${tickets} tickets`)
    }
    const last = await runChild(child, dbFile, csv, 'batched', null)
    if (last.code !== 0) throw new Error(`the final import failed (exit ${last.code}): ${last.stderr}`)
    const finalTickets = check(dbFile)
    if (finalTickets !== options.tickets)
      throw new Error(`the final import left ${finalTickets} tickets of the file's ${options.tickets}`)
    return { kills: options.kills, killsMidImport, bulkRuns, finalTickets }
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
  }
}
