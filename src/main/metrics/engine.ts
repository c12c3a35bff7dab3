/**
 * The KPI engine: every dashboard figure from the rollups (migration 10), never from the tickets table. Requests name
 * a period of local days in the analyst's zone; hours are summed into cells (see scope.ts for 30/45-minute zones).
 */
import type {
  BreakdownRow,
  MetricCut,
  MetricsBreakdown,
  MetricsFlow,
  MetricsFrame,
  MetricsHeatmap,
  MetricsSeries,
  MetricsTiles,
  SeriesLine,
} from '../../shared/api/methods/metrics'
import type { TicketFilters } from '../../shared/api/schemas'
import { valueLabel } from '../../shared/domain'
import { DEFAULT_MIN_SAMPLE, KPI_KEYS, type KpiKey, type SlaPolicy } from '../../shared/kpis'
import type { Db } from '../db/connection'
import {
  backlogChangeFrom,
  backlogRows,
  readSlaPolicy,
  rollupVersion,
  sourceNames,
  type MinuteMetric,
} from '../db/queries/metrics'
import {
  BlockCache,
  SumsCache,
  cellDuration,
  cellMeasures,
  M,
  SegmentDictionary,
  sumHours,
  sumMinutes,
  WIDTH,
  type Layout,
  type MinuteCells,
} from './aggregate'
import { DURATION_OF, figureOf, type CellData, type Stat } from './figures'
import { backlogAge, openMinutesBy, type OpenMinutes } from './backlogAge'
import { localHeatmap } from './heatmap'
import {
  boundaryNote,
  bucketSpans,
  hourBuckets,
  periodOf,
  previousPeriod,
  resolveScope,
  type Period,
  type Scope,
} from './scope'

export interface PeriodRequest {
  filters: TicketFilters
  from: string
  to: string
  timeZone: string
  minSample?: number
}

/** Which histograms a set of KPIs needs, and whether as percentiles or only SLA counts. */
function minuteNeeds(kpis: readonly KpiKey[], stat: Stat): Map<MinuteMetric, { hist: boolean; sla: boolean }> {
  const needs = new Map<MinuteMetric, { hist: boolean; sla: boolean }>()
  const need = (m: MinuteMetric, what: 'hist' | 'sla') => {
    const n = needs.get(m) ?? { hist: false, sla: false }
    n[what] = true
    needs.set(m, n)
  }
  for (const k of kpis) {
    const d = DURATION_OF[k]
    if (d && stat !== 'mean') need(d, 'hist')
    if (k === 'slaFirstReply') need('frt', 'sla')
    if (k === 'slaResolution') need('fullResolution', 'sla')
  }
  return needs
}

interface Gathered {
  totals: Map<string, Float64Array>
  minutes: Map<MinuteMetric, Map<string, MinuteCells>>
  /** Metrics read as histograms (the others only for SLA counts). */
  histograms: Set<MinuteMetric>
}

export class MetricsEngine {
  private readonly segments: SegmentDictionary
  /** Durations of the days, weeks and periods asked for, kept while their hours are unchanged. */
  private readonly blocks = new BlockCache()
  /** Counts and sums of the same spans, kept while their hours are unchanged. */
  private readonly sums = new SumsCache()
  private openRows: {
    version: string
    rows: [number, number, number][]
    byDim: Map<string, Map<string, number>>
    minutes: Map<string, OpenMinutes>
  } | null = null

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.segments = new SegmentDictionary(db)
  }

  slaPolicy(): SlaPolicy {
    return readSlaPolicy(this.db)
  }

  private scope(filters: TicketFilters, groupBy: MetricCut | null): Scope {
    const names = sourceNames(this.db)
    const ids = new Map([...names].map(([id, name]) => [name, id]))
    return resolveScope(filters, groupBy, (name) => ids.get(name))
  }

  private frame(req: PeriodRequest, p: Period): MetricsFrame {
    return {
      timeZone: req.timeZone,
      period: { from: p.from, to: p.to, start: p.start, end: p.end },
      boundaryNote: boundaryNote(p, req.timeZone),
      minSample: req.minSample ?? DEFAULT_MIN_SAMPLE,
    }
  }

  private gather(scope: Scope, layout: Layout, kpis: readonly KpiKey[], stat: Stat): Gathered {
    const totals = sumHours(this.db, scope, this.segments, layout, this.sums)
    const minutes = new Map<MinuteMetric, Map<string, MinuteCells>>()
    const histograms = new Set<MinuteMetric>()
    const policy = this.slaPolicy()
    for (const [metric, need] of minuteNeeds(kpis, stat)) {
      if (need.hist) histograms.add(metric)
      const sla = need.sla
        ? { policy, target: metric === 'frt' ? ('firstReplyMinutes' as const) : ('resolutionMinutes' as const) }
        : null
      minutes.set(
        metric,
        sumMinutes(this.db, metric, scope, this.segments, layout, this.blocks, { hist: need.hist, sla }),
      )
    }
    return { totals, minutes, histograms }
  }

  /** A cell's data for one group ('' = everything in scope). */
  private cell(g: Gathered, group: string, cell: number, minSample: number, backlog?: number): CellData {
    const durations: CellData['durations'] = {}
    for (const metric of g.histograms)
      durations[metric] = cellDuration(g.minutes.get(metric)?.get(group), cell, minSample)
    const frt = g.minutes.get('frt')?.get(group)
    const res = g.minutes.get('fullResolution')?.get(group)
    return {
      t: cellMeasures(g.totals.get(group), cell),
      durations,
      sla: {
        firstReply: { met: frt?.met[cell] ?? 0, breached: frt?.breached[cell] ?? 0 },
        resolution: { met: res?.met[cell] ?? 0, breached: res?.breached[cell] ?? 0 },
      },
      backlog,
    }
  }

  /** The open backlog's rows (migration 14), read again only after a write moved any rollup. */
  private openState(): NonNullable<MetricsEngine['openRows']> {
    const version = rollupVersion(this.db)
    if (this.openRows?.version !== version)
      this.openRows = { version, rows: backlogRows(this.db), byDim: new Map(), minutes: new Map() }
    return this.openRows
  }

  /** Open tickets' creation minutes per value of a field, by priority. */
  private openMinutes(dim: Scope['dim']): OpenMinutes {
    const state = this.openState()
    let m = state.minutes.get(dim)
    if (!m) state.minutes.set(dim, (m = openMinutesBy(state.rows, this.segments, dim)))
    return m
  }

  /** Open tickets now per value of a field. */
  private openBy(dim: Scope['dim']): Map<string, number> {
    const state = this.openState()
    let per = state.byDim.get(dim)
    if (!per) {
      this.segments.refresh()
      per = new Map()
      for (const [seg, , n] of state.rows) {
        const v = this.segments.valueOf(seg, dim)
        per.set(v, (per.get(v) ?? 0) + n)
      }
      state.byDim.set(dim, per)
    }
    return per
  }

  /**
   * Backlog just before `hour`, summed over the scope's values (or per value when cut): the open backlog now (migration
   * 14) minus what was created since plus what left since. The same figure as everything created before `hour` minus
   * everything that left before it (every ticket not solved or closed is open now), read from the recent hours a
   * dashboard looks at rather than from the field's whole history.
   */
  private backlogAt(scope: Scope, hour: number): Map<string, number> {
    if (scope.filter && scope.filter.vals.length === 0) return new Map()
    const vals = scope.filter?.vals ?? this.segments.values(scope.dim)
    const since = backlogChangeFrom(this.db, scope.dim, vals, hour)
    const per = new Map<string, number>()
    const open = this.openBy(scope.dim)
    for (const v of vals) {
      const n = open.get(v)
      if (n) per.set(v, n)
    }
    for (const [v, change] of since) per.set(v, (per.get(v) ?? 0) - change)
    for (const [v, n] of per) if (n === 0) per.delete(v)
    if (scope.groupBy) return per
    let sum = 0
    for (const v of per.values()) sum += v
    return new Map([['', sum]])
  }

  tiles(req: PeriodRequest): MetricsTiles {
    const minSample = req.minSample ?? DEFAULT_MIN_SAMPLE
    const scope = this.scope(req.filters, null)
    const p = periodOf(req.from, req.to, req.timeZone)
    const q = previousPeriod(p, req.timeZone)
    const days = hourBuckets(p, 'day', req.timeZone)
    // Days of both periods, each its own span: a current day counts in the period and its sparkline cell, a
    // previous day in the previous period.
    const spans = [
      ...bucketSpans(q, hourBuckets(q, 'day', req.timeZone), () => [1]),
      ...bucketSpans(p, days, (d) => [0, 2 + d]),
    ]
    const g = this.gather(scope, { cells: 2 + days.labels.length, spans }, KPI_KEYS, 'median')
    // Backlog at the end of each day: the backlog before the previous period plus every later day's net change.
    const before = this.backlogAt(scope, q.fromHour).get('') ?? 0
    const t = g.totals.get('')
    const change = (cell: number) =>
      t ? (t[cell * WIDTH + M.created] as number) - (t[cell * WIDTH + M.exited] as number) : 0
    const endPrev = before + change(1)
    const dayEnds: number[] = []
    let running = endPrev
    for (let i = 0; i < days.labels.length; i++) dayEnds.push((running += change(2 + i)))
    const endCur = endPrev + change(0)
    // Each cell's histograms are sorted once, then every KPI reads the same cell.
    const cur0 = this.cell(g, '', 0, minSample, endCur)
    const prev0 = this.cell(g, '', 1, minSample, endPrev)
    const dayCells = days.labels.map((_, i) => this.cell(g, '', 2 + i, minSample, dayEnds[i]))
    const tiles = KPI_KEYS.map((key) => {
      const cur = figureOf(key, cur0, 'median', minSample)
      const prev = figureOf(key, prev0, 'median', minSample)
      const spark = dayCells.map((d) => figureOf(key, d, 'median', minSample).value)
      return {
        key,
        value: cur.value,
        n: cur.n,
        small: cur.small,
        ...(cur.p90 !== undefined ? { p90: cur.p90 } : {}),
        ...(cur.mean !== undefined ? { mean: cur.mean } : {}),
        previous: { value: prev.value, n: prev.n, small: prev.small },
        spark,
      }
    })
    // Today's open tickets say how old the backlog is only when the period ends today (or is still running).
    const now = this.now()
    const age =
      now >= p.start && now < p.end && !(scope.filter && scope.filter.vals.length === 0)
        ? backlogAge(this.openMinutes(scope.filter?.field ?? 'all'), scope, this.slaPolicy(), now)
        : null
    return {
      ...this.frame(req, p),
      previousPeriod: { from: q.from, to: q.to, start: q.start, end: q.end },
      days: days.labels,
      tiles,
      backlogAge: age,
    }
  }

  series(
    req: PeriodRequest & {
      kpi: KpiKey
      stat?: Stat
      groupBy: MetricCut | null
      grain: 'hour' | 'day' | 'week'
      top?: number
    },
  ): MetricsSeries {
    const minSample = req.minSample ?? DEFAULT_MIN_SAMPLE
    const stat = req.stat ?? 'median'
    const scope = this.scope(req.filters, req.groupBy)
    const p = periodOf(req.from, req.to, req.timeZone)
    const buckets = hourBuckets(p, req.grain, req.timeZone)
    const n = buckets.labels.length
    const g = this.gather(scope, { cells: n, spans: bucketSpans(p, buckets) }, [req.kpi], stat)
    const starts = req.kpi === 'backlog' ? this.backlogAt(scope, p.fromHour) : new Map<string, number>()
    const groups = this.rankGroups(g, n, scope)
    const lineOf = (group: string): SeriesLine => {
      const t = g.totals.get(group)
      let running = starts.get(group) ?? 0
      const figures = buckets.labels.map((_, i) => {
        if (t) running += (t[i * WIDTH + M.created] as number) - (t[i * WIDTH + M.exited] as number)
        return figureOf(req.kpi, this.cell(g, group, i, minSample, running), stat, minSample)
      })
      return {
        ...this.naming(scope, group),
        data: figures.map((f) => f.value),
        n: figures.map((f) => f.n),
        small: figures.map((f) => f.small),
      }
    }
    const top = req.top ?? 8
    const shown = scope.groupBy ? groups.slice(0, top) : ['']
    const lines = shown.map(lineOf)
    const rest = scope.groupBy ? groups.slice(top) : []
    const additive = req.kpi === 'volume' || req.kpi === 'solved' || req.kpi === 'netFlow' || req.kpi === 'backlog'
    if (additive && rest.length > 0) {
      const others = rest.map(lineOf)
      lines.push({
        key: null,
        name: `Other (${rest.length})`,
        data: buckets.labels.map((_, i) => others.reduce((a, l) => a + ((l.data[i] as number | null) ?? 0), 0)),
        n: buckets.labels.map((_, i) => others.reduce((a, l) => a + (l.n[i] as number), 0)),
        small: buckets.labels.map(() => false),
        other: true,
      })
    }
    return {
      ...this.frame(req, p),
      kpi: req.kpi,
      stat,
      grain: req.grain,
      buckets: buckets.labels,
      bucketStarts: buckets.starts,
      bucketEnd: buckets.end,
      lines,
      targets: this.targets(req.kpi, scope, shown),
      omitted: additive ? 0 : rest.length,
    }
  }

  /** Groups by tickets created in the period, most first. */
  private rankGroups(g: Gathered, cells: number, scope: Scope): string[] {
    if (!scope.groupBy) return ['']
    const volume = (group: string): number => {
      const t = g.totals.get(group)
      let sum = 0
      // Created first; solved only breaks ties (a value with no new tickets still shows when it solved some).
      if (t)
        for (let i = 0; i < cells; i++)
          sum += (t[i * WIDTH + M.created] as number) * 1e6 + (t[i * WIDTH + M.solved] as number)
      return sum
    }
    const keys = new Set<string>(g.totals.keys())
    for (const byGroup of g.minutes.values()) for (const k of byGroup.keys()) keys.add(k)
    return [...keys].sort((a, b) => volume(b) - volume(a) || a.localeCompare(b))
  }

  /** The API key and label of a group: the value as the grid filters by it. */
  private naming(scope: Scope, group: string): { key: string | null; name: string } {
    const field = scope.groupBy ?? scope.filter?.field ?? null
    if (!scope.groupBy) {
      if (!scope.filter) return { key: '', name: 'All tickets' }
      const names = scope.filter.vals.map(
        (v) => this.naming({ ...scope, groupBy: scope.filter?.field ?? null }, v).name,
      )
      return { key: '', name: names.join(', ') || 'Nothing matches' }
    }
    if (group === '') return { key: null, name: valueLabel(field as string, null) }
    if (field === 'source') {
      const name = sourceNames(this.db).get(group) ?? `source ${group}`
      return { key: name, name }
    }
    return { key: group, name: valueLabel(field as string, group) }
  }

  /** SLA targets for duration KPIs, for each priority in view (cut or filtered by priority). */
  private targets(kpi: KpiKey, scope: Scope, shown: string[]): { name: string; minutes: number }[] {
    const which =
      kpi === 'frt'
        ? 'firstReplyMinutes'
        : kpi === 'firstResolution' || kpi === 'fullResolution'
          ? 'resolutionMinutes'
          : null
    if (!which) return []
    const priorities =
      scope.groupBy === 'priority' ? shown : scope.filter?.field === 'priority' ? scope.filter.vals : []
    const policy = this.slaPolicy()
    return priorities
      .filter((pr): pr is keyof SlaPolicy => pr in policy)
      .map((pr) => ({ name: `${valueLabel('priority', pr)} target`, minutes: policy[pr][which] }))
  }

  flow(req: PeriodRequest & { grain: 'day' | 'week' }): MetricsFlow {
    const scope = this.scope(req.filters, null)
    const p = periodOf(req.from, req.to, req.timeZone)
    const buckets = hourBuckets(p, req.grain, req.timeZone)
    const n = buckets.labels.length
    const t = sumHours(this.db, scope, this.segments, { cells: n, spans: bucketSpans(p, buckets) }, this.sums).get('')
    const at = (i: number, m: number) => (t ? (t[i * WIDTH + m] as number) : 0)
    let running = this.backlogAt(scope, p.fromHour).get('') ?? 0
    return {
      ...this.frame(req, p),
      grain: req.grain,
      buckets: buckets.labels,
      bucketStarts: buckets.starts,
      bucketEnd: buckets.end,
      created: buckets.labels.map((_, i) => at(i, M.created)),
      solved: buckets.labels.map((_, i) => at(i, M.solved)),
      backlog: buckets.labels.map((_, i) => (running += at(i, M.created) - at(i, M.exited))),
    }
  }

  heatmap(req: PeriodRequest): MetricsHeatmap {
    const scope = this.scope(req.filters, null)
    const p = periodOf(req.from, req.to, req.timeZone)
    const hours = p.toHour - p.fromHour
    const spans = Array.from({ length: Math.max(0, hours) }, (_, i) => ({
      from: p.fromHour + i,
      to: p.fromHour + i + 1,
      cells: [i],
    }))
    const t = sumHours(this.db, scope, this.segments, { cells: hours, spans }, this.sums).get('')
    const created = new Float64Array(hours)
    if (t) for (let i = 0; i < hours; i++) created[i] = t[i * WIDTH + M.created] as number
    return { ...this.frame(req, p), ...localHeatmap(p, created, req.timeZone) }
  }

  breakdown(req: PeriodRequest & { groupBy: MetricCut; limit?: number }): MetricsBreakdown {
    const minSample = req.minSample ?? DEFAULT_MIN_SAMPLE
    const scope = this.scope(req.filters, req.groupBy)
    const p = periodOf(req.from, req.to, req.timeZone)
    const whole = p.toHour > p.fromHour ? [{ from: p.fromHour, to: p.toHour, cells: [0] }] : []
    const g = this.gather(scope, { cells: 1, spans: whole }, KPI_KEYS, 'median')
    const ends = this.backlogAt(scope, p.toHour)
    const groups = this.rankGroups(g, 1, scope).filter((k) => g.totals.has(k) || (ends.get(k) ?? 0) !== 0)
    for (const [k, v] of ends) if (v !== 0 && !groups.includes(k)) groups.push(k)
    const rowOf = (group: string, data: CellData): BreakdownRow => ({
      ...this.naming(scope, group),
      values: Object.fromEntries(
        KPI_KEYS.map((k) => {
          const f = figureOf(k, data, 'median', minSample)
          return [k, { value: f.value, n: f.n, small: f.small }]
        }),
      ) as BreakdownRow['values'],
    })
    const rows = groups.slice(0, req.limit ?? 100).map((k) => rowOf(k, this.cell(g, k, 0, minSample, ends.get(k) ?? 0)))
    return {
      ...this.frame(req, p),
      groupBy: req.groupBy,
      rows,
      total: { ...rowOf('', this.mergedTotal(g, groups, minSample, ends)), key: '', name: 'All in view' },
    }
  }

  /** One cell over every group: sums add, histograms merge minute by minute (so the total's median stays exact). */
  private mergedTotal(g: Gathered, groups: string[], minSample: number, ends: Map<string, number>): CellData {
    const merged: Gathered = { totals: new Map(), minutes: new Map(), histograms: g.histograms }
    const t = new Float64Array(WIDTH)
    for (const tot of g.totals.values()) for (let m = 0; m < WIDTH; m++) t[m] = (t[m] as number) + (tot[m] as number)
    merged.totals.set('', t)
    for (const [metric, byGroup] of g.minutes) {
      const acc: MinuteCells = { hist: [[]], met: new Float64Array(1), breached: new Float64Array(1) }
      for (const cells of byGroup.values()) {
        for (const run of cells.hist?.[0] ?? []) acc.hist?.[0]?.push(run)
        acc.met[0] = (acc.met[0] as number) + (cells.met[0] as number)
        acc.breached[0] = (acc.breached[0] as number) + (cells.breached[0] as number)
      }
      merged.minutes.set(metric, new Map([['', acc]]))
    }
    let backlog = 0
    for (const k of groups) backlog += ends.get(k) ?? 0
    return this.cell(merged, '', 0, minSample, backlog)
  }
}
