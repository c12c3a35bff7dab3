/**
 * `import.csv_1m`: seconds to import a 1,000,000-ticket CSV (the demo written as a Zendesk-like export, ~400 MB)
 * into a fresh workspace with every index and the full-text index built, beside the sqlite3 shell's own `.import` of
 * the same file into a bare table in the same run (target: ratio <= 1.5). `import.peak_rss_1m`: the importing
 * process's peak resident memory (target < 500 MB), measured in a child process that does nothing else.
 *
 * Also runnable alone: `npx tsx bench/importBench.ts [--tickets N]` prints both figures.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDatabase } from '../src/main/db/connection'
import { leanImportConnection } from '../src/main/db/queries/imports'
import { writeDemoCsv } from '../src/main/ingest/demoCsv'
import { WORKER_HEAP_MB } from '../src/main/ingest/importJob'
import { prepareImport } from '../src/main/ingest/importService'
import { inspectFile } from '../src/main/ingest/inspect'
import { runImport } from '../src/main/ingest/runImport'

const ROOT = path.resolve(__dirname, '..')
const CACHE_DIR = path.join(ROOT, 'bench', '.data')
/** Bump when the demo CSV's shape changes, so an old cached file is not measured. */
const CSV_VERSION = 1

export interface ImportFigures {
  seconds: number
  reference: number
  peakRssMb: number
  rows: number
  megabytes: number
}

function csvFile(tickets: number): string {
  fs.mkdirSync(CACHE_DIR, { recursive: true })
  const file = path.join(CACHE_DIR, `import-${tickets}-v${CSV_VERSION}.csv`)
  if (!fs.existsSync(file)) {
    process.stderr.write(`Writing a ${tickets.toLocaleString('en-US')}-ticket demo CSV…\n`)
    writeDemoCsv(file, { tickets, seed: 7 })
  }
  return file
}

/** The child: one import into a fresh workspace file, then its timing and peak RSS as JSON on stdout. */
async function child(file: string, dbFile: string): Promise<void> {
  const t0 = performance.now()
  const db = openDatabase(dbFile)
  leanImportConnection(db)
  const inspection = await inspectFile(file, path.basename(file))
  const prepared = await prepareImport(db, {
    file,
    fileName: path.basename(file),
    mapping: inspection.mapping,
    presetId: inspection.presetId,
    timeZone: 'UTC',
  })
  const summary = await runImport(
    db,
    { file, fileName: path.basename(file), mapping: inspection.mapping, timeZone: 'UTC', ...prepared },
    { isCancelled: () => false, onProgress: () => {} },
  )
  db.close()
  const seconds = (performance.now() - t0) / 1000
  // maxRSS is in kilobytes.
  const peakRssMb = process.resourceUsage().maxRSS / 1024
  process.stdout.write(JSON.stringify({ seconds, peakRssMb, rows: summary.inserted, rejected: summary.rejected }))
}

/** sqlite3's own CSV import of the same file into a bare table: the floor of what loading this file costs. */
function sqliteReference(file: string, dir: string): number {
  try {
    const t0 = performance.now()
    execFileSync('sqlite3', [path.join(dir, 'ref.sqlite')], {
      input: `.mode csv\n.import '${file.replace(/'/g, "''")}' tickets\n`,
      stdio: ['pipe', 'ignore', 'inherit'],
    })
    return (performance.now() - t0) / 1000
  } catch {
    process.stderr.write('sqlite3 CLI not found: import reference left at 0\n')
    return 0
  }
}

export function importCsvFigures(tickets = 1_000_000): ImportFigures {
  const file = csvFile(tickets)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-import-'))
  try {
    // The same heap bound as the app's import worker (importJob.ts), so the figure is the app's, not a default's.
    const heap = `--max-old-space-size=${WORKER_HEAP_MB}`
    const run = spawnSync(
      process.execPath,
      [heap, '--import', 'tsx', __filename, '--child', file, path.join(dir, 'ws.sqlite')],
      {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 1 << 20,
      },
    )
    if (run.status !== 0) throw new Error(`the import child failed (exit ${run.status})`)
    const result = JSON.parse(run.stdout) as { seconds: number; peakRssMb: number; rows: number; rejected: number }
    if (result.rows !== tickets || result.rejected !== 0)
      throw new Error(`the import wrote ${result.rows} tickets and rejected ${result.rejected}, not ${tickets}`)
    const reference = sqliteReference(file, dir)
    return {
      seconds: result.seconds,
      reference,
      peakRssMb: result.peakRssMb,
      rows: result.rows,
      megabytes: fs.statSync(file).size / 1e6,
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (require.main === module) {
  const argv = process.argv.slice(2)
  if (argv[0] === '--child') {
    child(argv[1] as string, argv[2] as string).catch((err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`)
      process.exit(1)
    })
  } else {
    const at = argv.indexOf('--tickets')
    const tickets = at >= 0 ? Number(argv[at + 1]) : 1_000_000
    const f = importCsvFigures(tickets)
    console.log(JSON.stringify({ ...f, ratio: f.reference > 0 ? f.seconds / f.reference : null }, null, 2))
  }
}
