/**
 * `npm run bench [-- --only PREFIX]`: speed figures, each beside a reference measured in the same run, printed as a
 * table and written to bench/results.json as [{name, value, unit, reference, ratio}] (ratio = value / reference).
 * Targets are printed for reading; nothing here asserts, so a slow machine never fails the suite.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_SORT, type TicketFilters, type TicketQuery } from '../src/shared/api/contract'
import crypto from 'node:crypto'
import { openDatabase, type Db } from '../src/main/db/connection'
import { MIGRATIONS } from '../src/main/db/migrations'
import { TicketQueries } from '../src/main/db/queries/tickets'
import { sortKey, whereClause } from '../src/main/db/queries/ticketSql'
import { WorkspaceManager } from '../src/main/workspace/manager'
import { exportCsvFigure } from './exportBench'
import { syncZendeskFigure } from './syncBench'
import { importCsvFigures } from './importBench'
import { metricsFigures } from './metricsBench'
import { clustersFigure } from './clustersBench'
import { escalationFigures } from './escalationsBench'
import { alertFigures } from './alertsBench'
import { bulkFigures } from './bulkBench'
import { scrollFigures } from './scrollBench'
import { rcaPdfFigure } from './rcaBench'
import { highlightSegments, parseSearch } from '../src/shared/search'

interface Figure {
  name: string
  value: number
  unit: string
  reference: number
  ratio: number
  /** What the reference is, and the target, for the printed table. */
  note: string
}

const BENCH_END = Date.parse('2026-11-01T00:00:00Z')
const ROOT = path.resolve(__dirname, '..')
const CACHE_DIR = path.join(ROOT, 'bench', '.data')

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] as number
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now()
  const v = fn()
  return [v, performance.now() - t0]
}

const round = (n: number, d = 2): number => Math.round(n * 10 ** d) / 10 ** d

function figure(name: string, value: number, unit: string, reference: number, note: string): Figure {
  return {
    name,
    value: round(value),
    unit,
    reference: round(reference),
    ratio: round(reference > 0 ? value / reference : 0, 3),
    note,
  }
}

/** 1M tickets, generated once per machine into bench/.data and reused by the query figures. */
function millionDb(figures: Figure[], measure: boolean): string {
  // Keyed by the schema, so a new index or column is never measured against an old file.
  const schema = crypto.createHash('sha256').update(JSON.stringify(MIGRATIONS)).digest('hex').slice(0, 12)
  const dir = path.join(CACHE_DIR, `demo-1m-${schema}`)
  const manager = new WorkspaceManager(dir)
  const file = manager.fileOf('demo')
  if (!measure && fs.existsSync(file)) return file
  fs.rmSync(dir, { recursive: true, force: true })
  manager.start({ noDemo: true })
  process.stderr.write('Generating 1,000,000 demo tickets…\n')
  const [, ms] = time(() => manager.createDemo({ tickets: 1_000_000, seed: 7, endAt: BENCH_END }))
  manager.close()
  if (measure)
    figures.push(
      figure(
        'demo.generate_1m',
        ms / 1000,
        's',
        sqliteReference(),
        'ref: sqlite3 CLI inserting 1M synthetic rows + 3 indexes; target well under 60 s',
      ),
    )
  return file
}

/** The sqlite3 shell writing 1M generated rows of similar width into a bare table with three indexes. */
function sqliteReference(): number {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ref-'))
  const sql = `PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;
CREATE TABLE t(id INTEGER PRIMARY KEY, subject TEXT, description TEXT, status TEXT, channel TEXT, created_at INTEGER, a INTEGER, b INTEGER);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 1000000)
INSERT INTO t SELECT i, 'Subject number ' || i, printf('%.200c', 'x'), 'open', 'email', 1700000000000 + i * 1000, i % 97, i % 13 FROM c;
CREATE INDEX t1 ON t(created_at); CREATE INDEX t2 ON t(status, created_at); CREATE INDEX t3 ON t(channel, created_at);`
  try {
    const t0 = performance.now()
    execFileSync('sqlite3', [path.join(tmp, 'ref.db')], { input: sql, stdio: ['pipe', 'ignore', 'inherit'] })
    return (performance.now() - t0) / 1000
  } catch {
    process.stderr.write('sqlite3 CLI not found: reference left at 0\n')
    return 0
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

const QUERIES: TicketQuery[] = [
  { filters: {}, sort: DEFAULT_SORT },
  { filters: { channel: ['in_app'] }, sort: DEFAULT_SORT },
  { filters: { status: ['open', 'pending'] }, sort: { column: 'priority', dir: 'asc' } },
  { filters: { caseType: ['creator_payouts'] }, sort: { column: 'fullResolutionMinutes', dir: 'desc' } },
  { filters: { region: ['EU'] }, sort: { column: 'csat', dir: 'asc' } },
  { filters: { priority: ['urgent'] }, sort: { column: 'updatedAt', dir: 'desc' } },
  { filters: { channel: ['email'], region: ['NA'], status: ['solved', 'closed'] }, sort: DEFAULT_SORT },
  {
    filters: { channel: ['social', 'phone'], caseType: ['account_recovery'], createdFrom: BENCH_END - 90 * 86_400_000 },
    sort: { column: 'assignee', dir: 'asc' },
  },
  // Filters over the whole cache (issue 3): people, tags, numeric ranges and the analyst's own tables (seeded below).
  { filters: { assignee: ['Chen Wei'] }, sort: DEFAULT_SORT },
  { filters: { group: ['Tier 1 Support'] }, sort: { column: 'firstReplyMinutes', dir: 'asc' } },
  { filters: { tags: ['vip_creator'] }, sort: { column: 'priority', dir: 'desc' } },
  { filters: { csat: { min: 1, max: 2 } }, sort: DEFAULT_SORT },
  { filters: { firstReplyMinutes: { min: 60, max: 240 } }, sort: { column: 'assignee', dir: 'asc' } },
  { filters: { fullResolutionMinutes: { empty: true } }, sort: { column: 'csat', dir: 'desc' } },
  { filters: { reopens: { min: 1 } }, sort: { column: 'reviewState', dir: 'desc' } },
  { filters: { reviewState: ['to_review', 'needs_escalation'] }, sort: { column: 'updatedAt', dir: 'desc' } },
  { filters: { reviewState: [null] }, sort: { column: 'reviewState', dir: 'asc' } },
  { filters: { flagged: true }, sort: DEFAULT_SORT },
  { filters: { labels: ['payout wave'] }, sort: { column: 'flagged', dir: 'desc' } },
  { filters: {}, sort: { column: 'reviewState', dir: 'asc' } },
  { filters: { channel: ['email'] }, sort: { column: 'flagged', dir: 'desc' } },
  {
    filters: { assignee: ['Chen Wei', 'Eva Lindqvist'], channel: ['email'], csat: { min: 4 } },
    sort: { column: 'fullResolutionMinutes', dir: 'desc' },
  },
  { filters: { tags: ['repeat_contact'], region: ['EU'], reviewState: [null] }, sort: DEFAULT_SORT },
  {
    filters: { group: ['Tier 1 Support'], status: ['open', 'pending'], firstReplyMinutes: { max: 30 } },
    sort: DEFAULT_SORT,
  },
]

/**
 * The analyst's own state on a sliver of the cache (a review on 1 ticket in 200, a flag on 1 in 1,400, a label on 1
 * in 1,000), as after weeks of triage. Idempotent, so the cached file is seeded once.
 */
function seedAnalystState(db: Db): void {
  db.exec(`
INSERT OR IGNORE INTO analyst_review (ticket_id, state, flagged, updated_at)
  SELECT id, CASE id % 3 WHEN 0 THEN 'to_review' WHEN 1 THEN 'reviewed' ELSE 'needs_escalation' END,
    id % 1400 = 0, ${BENCH_END} FROM tickets WHERE id % 200 = 0;
INSERT OR IGNORE INTO analyst_labels (ticket_id, label, created_at)
  SELECT id, 'payout wave', ${BENCH_END} FROM tickets WHERE id % 1000 = 0;`)
}

/** The naive way: the same WHERE and ORDER BY with LIMIT/OFFSET. */
function offsetPage(db: Db, q: TicketQuery, startRow: number): void {
  const w = whereClause(q.filters)
  const { first, rest } = sortKey(q.sort)
  const dir = q.sort.dir.toUpperCase()
  const order = [first.expr, ...rest].map((c) => `${c} ${dir}`).join(', ')
  db.prepare(`SELECT * FROM tickets WHERE ${w.sql} ORDER BY ${order} LIMIT 100 OFFSET ?`).all(...w.params, startRow)
}

function gridFigures(file: string, figures: Figure[], only: string | undefined): void {
  const db = openDatabase(file)
  try {
    seedAnalystState(db)
    if (!only || 'grid.page_1m'.startsWith(only) || only.startsWith('grid.page')) {
      const queries = new TicketQueries(db)
      const samples: number[] = []
      const refSamples: number[] = []
      for (const q of QUERIES) {
        // A scroll through the first 30 pages: each page after the first is a keyset seek from its anchor.
        for (let page = 0; page < 30; page++) {
          samples.push(time(() => queries.page(q, page * 100, 100))[1])
          refSamples.push(time(() => offsetPage(db, q, page * 100))[1])
        }
      }
      figures.push(
        figure(
          'grid.page_1m',
          p95(samples),
          'ms',
          p95(refSamples),
          `p95 page of 100, ${QUERIES.length} filter/sort combos; ref: LIMIT/OFFSET; target < 20 ms`,
        ),
      )
    }
    if (!only || 'grid.deep_page_1m'.startsWith(only) || 'grid.deep_page_cold_1m'.startsWith(only)) {
      // Row 900,000 of the whole table under three sorts. The first jump walks the sort index once, leaving an
      // anchor every 100 rows (reported on its own as the cold figure); pages around it are then seeks.
      const sorts: TicketQuery['sort'][] = [
        DEFAULT_SORT,
        { column: 'csat', dir: 'desc' },
        { column: 'assignee', dir: 'asc' },
      ]
      const cold: number[] = []
      const warm: number[] = []
      const refSamples: number[] = []
      for (const sort of sorts) {
        const q: TicketQuery = { filters: {}, sort }
        const queries = new TicketQueries(db)
        cold.push(time(() => queries.page(q, 900_000, 100))[1])
        for (let k = -10; k <= 10; k++) warm.push(time(() => queries.page(q, 900_000 + k * 100, 100))[1])
        refSamples.push(time(() => offsetPage(db, q, 900_000))[1])
      }
      figures.push(
        figure(
          'grid.deep_page_1m',
          p95(warm),
          'ms',
          p95(refSamples),
          'p95 page of 100 around row 900,000, 3 sorts, after the first jump; ref: OFFSET 900000; target < 20 ms',
        ),
        figure(
          'grid.deep_page_cold_1m',
          Math.max(...cold),
          'ms',
          p95(refSamples),
          'worst first jump to row 900,000 (skipped inside SQLite from the nearest anchor); ref: OFFSET 900000',
        ),
      )
    }
    if (!only || 'grid.count_1m'.startsWith(only) || only.startsWith('grid.count')) {
      const samples: number[] = []
      const refSamples: number[] = []
      const filters: TicketFilters[] = QUERIES.map((q) => q.filters)
      for (let round = 0; round < 5; round++) {
        for (const f of filters) {
          const queries = new TicketQueries(db)
          samples.push(time(() => queries.count(f))[1])
          const w = whereClause(f)
          refSamples.push(
            time(() => db.prepare(`SELECT count(*) FROM tickets NOT INDEXED WHERE ${w.sql}`).get(...w.params))[1],
          )
        }
      }
      figures.push(
        figure(
          'grid.count_1m',
          p95(samples),
          'ms',
          p95(refSamples),
          `p95 uncached count, ${QUERIES.length} filters; ref: full table scan; target < 100 ms`,
        ),
      )
    }
  } finally {
    db.close()
  }
}

/** Two-term searches from common to rare in the demo vocabulary (the first matches about a fifth of all tickets). */
const SEARCHES: [string, string][] = [
  ['account', 'review'],
  ['refund', 'card'],
  ['password', 'reset'],
  ['video', 'sound'],
]

/**
 * The grid's first pages for a two-term search with every subject highlighted (and the server's match excerpts), on a
 * cold query cache. Reference: the same page with LIKE '%a%' AND LIKE '%b%' on subject + description. The grid asks
 * for the total in its own request (`tickets.count`), measured on its own as search.count_1m.
 */
function searchFigures(file: string, figures: Figure[]): void {
  const db = openDatabase(file)
  try {
    const samples: number[] = []
    const refSamples: number[] = []
    const countSamples: number[] = []
    const countRefSamples: number[] = []
    for (let round = 0; round < 5; round++) {
      for (const [a, b] of SEARCHES) {
        const text = `${a} ${b}`
        const queries = new TicketQueries(db)
        const parsed = parseSearch(text)
        const terms = parsed.ok ? parsed.terms : []
        for (let page = 0; page < 3; page++) {
          samples.push(
            time(() => {
              const { rows } = queries.page({ filters: { text }, sort: DEFAULT_SORT }, page * 100, 100)
              for (const r of rows) if (r.subject !== null) highlightSegments(r.subject, terms)
            })[1],
          )
        }
        countSamples.push(time(() => new TicketQueries(db).count({ text }))[1])
        if (round === 0) {
          const like = (s: string): string => `%${s}%`
          countRefSamples.push(
            time(() =>
              db
                .prepare(
                  `SELECT count(*) FROM tickets WHERE sensitive = 0 AND (subject LIKE ? OR description LIKE ?)
                   AND (subject LIKE ? OR description LIKE ?)`,
                )
                .get(like(a), like(a), like(b), like(b)),
            )[1],
          )
          refSamples.push(
            time(() =>
              db
                .prepare(
                  `SELECT id, subject FROM tickets WHERE sensitive = 0 AND (subject LIKE ? OR description LIKE ?)
                   AND (subject LIKE ? OR description LIKE ?) ORDER BY created_at DESC, id DESC LIMIT 100`,
                )
                .all(like(a), like(a), like(b), like(b)),
            )[1],
          )
        }
      }
    }
    figures.push(
      figure(
        'search.fts_1m',
        p95(samples),
        'ms',
        p95(refSamples),
        'p95 first 3 pages of 100 + highlights, 4 two-term searches, cold cache; ref: LIKE on subject+description; target < 50 ms',
      ),
      figure(
        'search.count_1m',
        p95(countSamples),
        'ms',
        p95(countRefSamples),
        'p95 uncached total of a two-term search (the grid’s own request beside the page); ref: LIKE count',
      ),
    )
  } finally {
    db.close()
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const onlyAt = argv.indexOf('--only')
  const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined
  if (onlyAt >= 0 && !only) {
    process.stderr.write('--only needs a prefix, e.g. --only grid\n')
    process.exit(2)
  }
  const wants = (name: string): boolean => !only || name.startsWith(only)
  const figures: Figure[] = []
  if (wants('rca')) {
    const r = await rcaPdfFigure()
    figures.push(
      figure(
        'rca.pdf_20p',
        r.seconds,
        's',
        r.reference,
        `RCA packet of ${r.pages} pages with ${r.charts} charts to PDF (assembly, SVG charts, Chromium print, atomic write); ref: the same Chromium printing ${r.referencePages} pages of plain text; target < 3 s`,
      ),
    )
  }
  // The RCA, import and sync figures need no 1M workspace (they make their own): do not build one just for them.
  const own = ['rca', 'import', 'sync'].some((prefix) => only?.startsWith(prefix))
  const file = own ? '' : millionDb(figures, wants('demo.generate_1m'))
  if (wants('grid')) gridFigures(file, figures, only)
  if (wants('search')) searchFigures(file, figures)
  if (wants('grid.scroll_1m') || wants('grid.first_page_1m')) {
    // Browser mode on the same cached workspace (its data folder is two levels above the file).
    const s = await scrollFigures(path.dirname(path.dirname(file)))
    figures.push(
      figure(
        'grid.first_page_1m',
        s.firstPageMs,
        'ms',
        s.firstPageApiMs,
        'opening the app to the first rows drawn in the grid (Chromium, browser mode); ref: tickets.page over HTTP',
      ),
      figure(
        'grid.scroll_1m',
        s.maxLongTaskMs,
        'ms',
        100,
        `longest task scrolling top to bottom + jumps (${s.longTasks} tasks over 50 ms, ${s.overBudget} over 100 ms, worst: ${s.worstDuring}); ref: the 100 ms budget`,
      ),
      figure(
        'grid.scroll_heap_1m',
        s.peakHeapMb,
        'MB',
        300,
        'peak renderer JS heap during that scroll; ref: the 300 MB budget',
      ),
    )
  }
  if (wants('bulk')) {
    const b = bulkFigures(file)
    const n = b.tickets.toLocaleString('en-US')
    figures.push(
      figure(
        'bulk.label_all_1m',
        b.labelS,
        's',
        b.refLabelS,
        `label ${n} tickets (one channel), logged for undo, one transaction; ref: bare INSERT … SELECT; target a few s`,
      ),
      figure('bulk.undo_1m', b.undoS, 's', b.refUndoS, 'undo of that label from the log; ref: bare DELETE by label'),
    )
  }
  if (wants('export')) {
    const { seconds, reference, rows } = await exportCsvFigure(file)
    figures.push(
      figure(
        'export.csv_100k',
        seconds,
        's',
        reference,
        `CSV of ${rows.toLocaleString('en-US')} matching rows, all columns; ref: sqlite3 -csv, same query; target < 3 s`,
      ),
    )
  }

  if (wants('import')) {
    const im = importCsvFigures()
    const size = `${Math.round(im.megabytes)} MB`
    figures.push(
      figure(
        'import.csv_1m',
        im.seconds,
        's',
        im.reference,
        `import a ${size} CSV of ${im.rows.toLocaleString('en-US')} tickets into a fresh workspace, every index built; ref: sqlite3 .import into a bare table; target ratio <= 1.5`,
      ),
      figure(
        'import.peak_rss_1m',
        im.peakRssMb,
        'MB',
        500,
        'peak RSS of the importing process; ref: the 500 MB budget',
      ),
    )
  }
  if (wants('metrics')) {
    for (const m of await metricsFigures(file)) figures.push(figure(m.name, m.value, m.unit, m.reference, m.note))
  }
  if (wants('clusters')) {
    const c = await clustersFigure(file)
    figures.push(
      figure(
        'clusters.recent_50k',
        c.seconds,
        's',
        c.reference,
        `group the newest ${c.read.toLocaleString('en-US')} tickets by wording (${c.clusters} groups, ${c.grouped.toLocaleString('en-US')} tickets grouped); ref: reading and splitting their text alone; target < 10 s`,
      ),
    )
  }

  if (wants('alerts')) {
    const a = await alertFigures(file)
    figures.push(
      figure(
        'alerts.evaluate_1m',
        a.evaluateMs / 1000,
        's',
        a.referenceMs / 1000,
        `alert evaluation after a sync page, median of 3 (${a.segments.toLocaleString('en-US')} segments × 9 KPIs × 4 windows, from a day before the last evaluated hour); ref: the aggregates it reads, by a GROUP BY scan of tickets; target < 2 s`,
      ),
      figure(
        'alerts.evaluate_block_1m',
        a.blockMs,
        'ms',
        0,
        'longest event-loop block in those evaluations, which yield between reads and segments as the app runs them',
      ),
      figure(
        'alerts.evaluate_cold_1m',
        a.coldMs / 1000,
        's',
        a.referenceMs / 1000,
        'the same after another sync page with the in-memory rollups dropped (the first evaluation after a workspace opens); ref: as above',
      ),
      figure(
        'alerts.evaluate_cold_block_1m',
        a.coldBlockMs,
        'ms',
        0,
        'longest event-loop block of the cold evaluation (it reads the rollups a day at a time)',
      ),
      figure(
        'alerts.replay_1m',
        a.replayMs / 1000,
        's',
        a.referenceMs / 1000,
        `first evaluation of the workspace: replays the last ${Math.round(a.replayDays)} days so the inbox opens with its recent alerts; ref: as above`,
      ),
    )
  }
  if (wants('escalations')) {
    const e = await escalationFigures(file)
    figures.push(
      figure(
        'escalations.after_sync_1m',
        e.afterSyncMs,
        'ms',
        e.afterSyncRefMs,
        'after a sync: 5 cohort filters take in new tickets, 10 success metrics (14 days) re-checked; ref: counting what those 15 filters match',
      ),
      figure(
        'escalations.after_sync_block_1m',
        e.afterSyncBlockMs,
        'ms',
        100,
        'longest event-loop block of that work (cohorts, then one metric per turn); ref: the 100 ms budget',
      ),
      figure(
        'escalations.impact_1m',
        e.impactMs,
        'ms',
        e.impactRefMs,
        `impact of a ${e.cohort.toLocaleString('en-US')}-ticket cohort (counts, breakdowns, 9 KPIs vs a 28-day baseline); ref: the grid's count of that cohort`,
      ),
    )
  }

  if (wants('sync')) {
    const sy = await syncZendeskFigure()
    figures.push(
      figure(
        'sync.zendesk_100k',
        sy.ticketsPerSecond,
        'tickets/s',
        sy.referencePerSecond,
        `sync ${sy.tickets.toLocaleString('en-US')} tickets from the loopback Zendesk (1,000 a page, comments off) into a fresh workspace; ref: the same pages fetched and parsed, nothing written; target > 10,000/s`,
      ),
      figure(
        'sync.zendesk_100k_block',
        sy.maxBlockMs,
        'ms',
        100,
        'longest event-loop block during that sync (a page and its cursor are one synchronous transaction); ref: the 100 ms budget',
      ),
    )
  }

  const rows = figures.map((f) => [f.name, String(f.value), f.unit, String(f.reference), String(f.ratio), f.note])
  const head = ['name', 'value', 'unit', 'reference', 'ratio', 'about']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)))
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ')
  console.log(line(head))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const r of rows) console.log(line(r))

  const out = path.join(ROOT, 'bench', 'results.json')
  const previous: Figure[] = fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as Figure[]) : []
  const merged = [...previous.filter((p) => !figures.some((f) => f.name === p.name)), ...figures]
  fs.writeFileSync(
    out,
    JSON.stringify(
      merged.map(({ name, value, unit, reference, ratio }) => ({ name, value, unit, reference, ratio })),
      null,
      2,
    ) + '\n',
  )
  console.log(`\nwrote ${path.relative(process.cwd(), out)}`)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
