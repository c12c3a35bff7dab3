/**
 * `metrics.*_1m`: every query behind the Trends dashboard on the 1M bench workspace, each timed as the dashboard asks
 * it (last 28 days, New York time, the previous 28 days beside it), p95 over repeated runs with varied cuts.
 *
 * Reference, measured in the same run: the same volume query (tickets created per hour by channel over the period)
 * as a full scan of the same rows by DuckDB (`@duckdb/node-api`, columnar and vectorised: the strongest scan we can
 * compare against). DuckDB is not a dependency: its npm package pulls a native binding per platform, and a clean
 * `npm ci` on a machine whose registry lacks one of them fails. Install it beside the project for a bench run
 * (`npm install --no-save @duckdb/node-api`); without it the reference is SQLite's own full-scan GROUP BY over
 * `tickets`, and the note says so.
 */
import { addDays, localDate } from '../src/shared/time'
import type { MetricCut } from '../src/shared/api/methods/metrics'
import { openDatabase, type Db } from '../src/main/db/connection'
import { MetricsEngine } from '../src/main/metrics/engine'
import type { KpiKey } from '../src/shared/kpis'
import { periodOf } from '../src/main/metrics/scope'

export interface MetricsFigure {
  name: string
  value: number
  unit: string
  reference: number
  note: string
}

/** The part of `@duckdb/node-api` this bench uses (typed here: the package is optional, installed by hand). */
interface DuckModule {
  DuckDBInstance: {
    create(path: string): Promise<{
      connect(): Promise<{
        run(sql: string): Promise<{ getRows(): Promise<unknown[]> }>
        createAppender(table: string): Promise<{
          appendBigInt(v: bigint): void
          appendVarchar(v: string): void
          endRow(): void
          closeSync(): void
        }>
        closeSync(): void
      }>
      closeSync(): void
    }>
  }
}
const DUCKDB_PACKAGE = '@duckdb/node-api'

const TIME_ZONE = 'America/New_York'
const RUNS = 12
const SERIES_KPIS: KpiKey[] = ['volume', 'frt', 'csat', 'slaResolution', 'fullResolution', 'backlog']
const CUTS: MetricCut[] = ['channel', 'caseType', 'region', 'priority', 'assignee', 'group']

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] as number
}

function timed(fn: () => unknown): number {
  const t0 = performance.now()
  fn()
  return performance.now() - t0
}

/** The volume query as a DuckDB full scan over the same tickets; null when DuckDB cannot load here. */
async function duckDbVolume(db: Db, start: number, end: number): Promise<{ ms: number[] } | null> {
  let duck: DuckModule
  try {
    duck = (await import(DUCKDB_PACKAGE)) as DuckModule
  } catch (err) {
    process.stderr.write(`DuckDB could not load (${(err as Error).message}); using SQLite's full scan instead\n`)
    return null
  }
  const instance = await duck.DuckDBInstance.create(':memory:')
  const conn = await instance.connect()
  try {
    await conn.run('CREATE TABLE tickets (created_at BIGINT, channel VARCHAR)')
    const appender = await conn.createAppender('tickets')
    for (const [createdAt, channel] of db
      .prepare('SELECT created_at, channel FROM tickets')
      .raw()
      .iterate() as Iterable<[number, string]>) {
      appender.appendBigInt(BigInt(createdAt))
      appender.appendVarchar(channel)
      appender.endRow()
    }
    appender.closeSync()
    const sql = `SELECT created_at // 3600000 AS h, channel, count(*) FROM tickets
      WHERE created_at >= ${start} AND created_at < ${end} GROUP BY h, channel`
    const ms: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now()
      await (await conn.run(sql)).getRows()
      ms.push(performance.now() - t0)
    }
    return { ms }
  } finally {
    conn.closeSync()
    instance.closeSync()
  }
}

export async function metricsFigures(file: string): Promise<MetricsFigure[]> {
  const db = openDatabase(file)
  try {
    const last = (db.prepare('SELECT max(created_at) AS t FROM tickets').get() as { t: number }).t
    // "Now" is the end of the bench data, so the tiles also measure the open backlog's age, as on a live dashboard.
    const engine = new MetricsEngine(db, () => last)
    const to = localDate(last, TIME_ZONE)
    const from = addDays(to, -27)
    const base = { filters: {}, from, to, timeZone: TIME_ZONE }
    const p = periodOf(from, to, TIME_ZONE)

    const queries: [string, (i: number) => unknown][] = [
      ['tiles', (i) => engine.tiles(i % 2 ? base : { ...base, filters: { channel: ['email'] } })],
      [
        'series',
        (i) =>
          engine.series({
            ...base,
            kpi: SERIES_KPIS[i % SERIES_KPIS.length] as KpiKey,
            groupBy: CUTS[Math.floor(i / SERIES_KPIS.length) % CUTS.length] as MetricCut,
            grain: 'day',
          }),
      ],
      ['flow', (i) => engine.flow({ ...base, grain: i % 2 ? 'day' : 'week' })],
      ['heatmap', () => engine.heatmap(base)],
      ['breakdown', (i) => engine.breakdown({ ...base, groupBy: CUTS[i % CUTS.length] as MetricCut })],
    ]
    // The first look at each query shape packs its hours and builds its day and period blocks (kept by the engine
    // while their hours are unchanged): timed on its own, as the cost of opening a cut for the first time. Every
    // query below then runs as an open dashboard asks it again.
    const shapes = (name: string) => (name === 'series' ? SERIES_KPIS.length * CUTS.length : RUNS)
    const firstReads = queries.map(([name, run]) => {
      let worst = 0
      for (let i = 0; i < shapes(name); i++)
        worst = Math.max(
          worst,
          timed(() => run(i)),
        )
      return { name, ms: worst }
    })
    const slowestFirst = firstReads.reduce((a, b) => (b.ms > a.ms ? b : a))

    const results = queries.map(([name, run]) => {
      const samples: number[] = []
      const n = Math.max(RUNS, shapes(name))
      for (let i = 0; i < n; i++) samples.push(timed(() => run(i)))
      return { name, p95: p95(samples) }
    })

    const duck = await duckDbVolume(db, p.start, p.end)
    const sqliteScan: number[] = []
    for (let i = 0; i < 3; i++) {
      sqliteScan.push(
        timed(() =>
          db
            .prepare(
              `SELECT created_at / 3600000 AS h, channel, count(*) FROM tickets NOT INDEXED
               WHERE created_at >= ? AND created_at < ? GROUP BY h, channel`,
            )
            .all(p.start, p.end),
        ),
      )
    }
    const reference = duck ? p95(duck.ms) : p95(sqliteScan)
    const refNote = duck
      ? `ref: DuckDB full scan, created per hour by channel (SQLite full scan: ${p95(sqliteScan).toFixed(0)} ms)`
      : 'ref: SQLite full-scan GROUP BY (DuckDB did not load)'
    const worst = results.reduce((a, b) => (b.p95 > a.p95 ? b : a))
    return [
      {
        name: 'metrics.dashboard_1m',
        value: worst.p95,
        unit: 'ms',
        reference,
        note: `slowest dashboard query p95 (${worst.name}), 28 days in ${TIME_ZONE} + previous 28; ${refNote}; target < 50 ms`,
      },
      {
        name: 'metrics.first_read_1m',
        value: slowestFirst.ms,
        unit: 'ms',
        reference,
        note: `slowest first read of a query shape (${slowestFirst.name}: packs its hours, builds its blocks, once); ${refNote}`,
      },
      ...results.map((r) => ({
        name: `metrics.${r.name}_1m`,
        value: r.p95,
        unit: 'ms',
        reference,
        note: `p95 of metrics.${r.name} over ${RUNS} runs with varied cuts; ${refNote}; target < 50 ms`,
      })),
    ]
  } finally {
    db.close()
  }
}
