/**
 * Alert evaluation over a workspace: reads the rollups (never `tickets`), runs detection on every segment, keeps the
 * most telling segment of each anomaly, and opens or updates alerts.
 *
 * Segments: the full case type × channel × region combinations come from `alert_rollup` through an in-memory cache
 * that re-reads only the hours written since the last evaluation (comboCache.ts); every coarser segment (the two-field
 * roll-ups, single fields, all tickets) is summed from them while they stream by. One anomaly usually shows at several
 * levels (a surge in LIVE gifts · In-app · SEA also lifts LIVE gifts · SEA): a coarser segment is dropped when a finer
 * one inside it carries most of its excess, and a finer one when a coarser one around it survived (the deviation is
 * spread across it).
 *
 * The first evaluation replays `replayDays` of history, so a workspace opens with the alerts of its recent past; later
 * ones re-check from a day before the last evaluated hour (late tickets and updates move recent hours).
 */
import type { Db } from '../db/connection'
import * as q from '../db/queries/alerts'
import { ALERT_MEASURES } from '../db/queries/alerts'
import {
  DEFAULT_DETECT,
  detectSegment,
  SegmentSeries,
  seriesTotal,
  W as MEASURE_COUNT,
  WEEK_HOURS,
  type Anomaly,
  type DetectConfig,
} from './detect'
import { comboCacheOf } from './comboCache'
import { runSteps, runStepsInSlices, type Steps } from '../lib/steps'
import { compareSegments, depth, SEGMENT_FIELDS, segmentKey, within, type Segment } from './segments'
import { ratioOff, severityOf } from './severity'

export const HOUR_MS = 3_600_000
/** Measures per hour, held in this module: an imported binding read in the hot loops below is a getter call under
 * tsx's CommonJS output (the bench and the CLI), several times slower than a local. */
const W = MEASURE_COUNT
/** An anomaly seen again within this many hours of its last sighting continues its alert. */
export const CONTINUE_GAP_HOURS = 24
export const REPLAY_DAYS = 63
/** Each evaluation re-judges the day before the last one reached: late tickets and updates move recent hours. */
const RECHECK_HOURS = 24

export interface EvaluateOptions {
  minSample?: number
  /** First evaluation hour; default: two days before the last evaluated one, or the replay period. */
  fromHour?: number
  replayDays?: number
  /** Wall-clock time for created/updated stamps. */
  now?: number
  config?: Partial<DetectConfig>
}

export interface EvaluationResult {
  /** Evaluation hours [fromHour, toHour] (epoch hours), null when there was nothing to evaluate. */
  fromHour: number | null
  toHour: number | null
  segments: number
  anomalies: number
  opened: number
  updated: number
  ms: number
  /** High-severity alerts that are new (or newly high) and current: worth a desktop notification. */
  notify: q.AlertRow[]
}

interface Found extends Anomaly {
  segment: Segment
  key: string
}

const STATE_LAST = 'last_evaluated_hour'
const STATE_PRINT = 'fingerprint'
export const STATE_MIN_SAMPLE = 'min_sample'

export function readMinSample(db: Db): number {
  const v = Number(q.readState(db, STATE_MIN_SAMPLE))
  return Number.isInteger(v) && v >= 1 ? v : DEFAULT_DETECT.minSample
}

/** Whether the rollups changed since the last evaluation (or there was none). */
export function isStale(db: Db): boolean {
  return q.readState(db, STATE_PRINT) !== q.dataFingerprint(db)
}

export interface Detection {
  found: Found[]
  segments: number
}

/** Runs detection over every segment for evaluation hours [fromT, toT]. */
export function detectAll(db: Db, fromT: number, toT: number, config: DetectConfig, dataFrom: number): Detection {
  return runSteps(detectSteps(db, fromT, toT, config, dataFrom))
}

/** The same, giving the event loop a turn every `sliceMs` of work (the app's main process keeps serving meanwhile). */
export async function detectAllAsync(
  db: Db,
  fromT: number,
  toT: number,
  config: DetectConfig,
  dataFrom: number,
  sliceMs = SLICE_MS,
): Promise<Detection> {
  return runStepsInSlices(detectSteps(db, fromT, toT, config, dataFrom), sliceMs)
}

/** Longest stretch of detection between two turns of the event loop in the app. */
export const SLICE_MS = 40

/**
 * Detection as steps: it pauses between reads of the rollups and after each segment. A write landing during a pause
 * may or may not be seen; the next evaluation, which its change announces, judges it either way.
 */
function* detectSteps(db: Db, fromT: number, toT: number, config: DetectConfig, dataFrom: number): Steps<Detection> {
  const longest = Math.max(...config.windows.map((w) => w.hours)) + Math.max(config.maturityHours, config.settledHours)
  const loadFrom = fromT - longest - config.weeks * WEEK_HOURS
  const loadTo = toT
  const H = loadTo - loadFrom
  const found: Found[] = []
  let segments = 0
  const run = (segment: Segment, data: ArrayLike<number>) => {
    const series = new SegmentSeries(loadFrom, H, data, dataFrom)
    segments++
    if (seriesTotal(series, 'created') < config.minExcess && seriesTotal(series, 'solved') < config.minExcess) return
    const key = segmentKey(segment)
    for (const a of detectSegment(series, fromT, toT, config, toT - RECHECK_HOURS)) found.push({ ...a, segment, key })
  }

  // Full combinations from the cache, one at a time (its rows are combination-major): each is made dense in one reused
  // buffer and judged, its two-field roll-ups, single fields and the all-tickets total summed on the way (the same
  // sums `rollup_hour` holds).
  const span = yield* comboCacheOf(db).readSteps(db, loadFrom, loadTo)
  const nCombos = span.comboStart.length - 1
  const { comboStart, hour, values } = span
  const pairs = new Map<string, { segment: Segment; data: Float32Array }>()
  const pairOf = (segment: Segment): Float32Array => {
    const k = segmentKey(segment)
    let p = pairs.get(k)
    if (!p) pairs.set(k, (p = { segment, data: new Float32Array(H * W) }))
    return p.data
  }
  const singles = SEGMENT_FIELDS.map(() => new Map<string, Float64Array>())
  const singleOf = (i: number, v: string): Float64Array => {
    const byVal = singles[i] as Map<string, Float64Array>
    let d = byVal.get(v)
    if (!d) byVal.set(v, (d = new Float64Array(H * W)))
    return d
  }
  const everything = new Float64Array(H * W)
  const buf = new Float64Array(H * W)
  // A fixed order (by the fields' values), whatever order the cache met the combinations in.
  const ids: number[] = []
  for (let id = 0; id < nCombos; id++) if ((comboStart[id + 1] as number) > (comboStart[id] as number)) ids.push(id)
  ids.sort((x, y) => compareSegments(span.combos[x] as Segment, span.combos[y] as Segment))
  for (const id of ids) {
    const combo = span.combos[id] as Segment
    const ct = combo.caseType as string
    const ch = combo.channel as string
    const rg = combo.region as string
    const a = pairOf({ caseType: ct, channel: ch, region: null })
    const b = pairOf({ caseType: ct, channel: null, region: rg })
    const c = pairOf({ caseType: null, channel: ch, region: rg })
    const sCt = singleOf(0, ct)
    const sCh = singleOf(1, ch)
    const sRg = singleOf(2, rg)
    buf.fill(0)
    for (let i = comboStart[id] as number, end = comboStart[id + 1] as number; i < end; i++) {
      const base = ((hour[i] as number) - loadFrom) * W
      const from = i * W
      for (let m = 0; m < W; m++) {
        const v = values[from + m] as number
        if (v === 0) continue
        const at = base + m
        buf[at] = v
        a[at] = (a[at] as number) + v
        b[at] = (b[at] as number) + v
        c[at] = (c[at] as number) + v
        sCt[at] = (sCt[at] as number) + v
        sCh[at] = (sCh[at] as number) + v
        sRg[at] = (sRg[at] as number) + v
        everything[at] = (everything[at] as number) + v
      }
    }
    run(combo, buf)
    yield
  }
  for (const p of [...pairs.values()].sort((x, y) => compareSegments(x.segment, y.segment))) {
    run(p.segment, p.data)
    yield
  }
  pairs.clear()
  for (const [i, field] of SEGMENT_FIELDS.entries()) {
    const byVal = singles[i] as Map<string, Float64Array>
    for (const v of [...byVal.keys()].sort()) {
      run(singleSegment(field, v), byVal.get(v) as Float64Array)
      yield
    }
  }
  if (ids.length > 0) run(singleSegment(null, ''), everything)
  return { found: keepTelling(found), segments }
}

function singleSegment(field: keyof Segment | null, val: string): Segment {
  const s: Segment = { caseType: null, channel: null, region: null }
  if (field) s[field] = val
  return s
}

/** Excess in tickets-worth of the KPI's unit, comparable across levels of one KPI. */
function excess(a: { kpi: string; observed: number; expected: number; sample: number }): number {
  const d = a.observed - a.expected
  if (a.kpi === 'volume' || a.kpi === 'solved') return d
  return a.kpi === 'frt' || a.kpi.endsWith('Resolution') ? d * a.sample : (d * a.sample) / 100
}

/** Of the anomalies of one hour, KPI and direction across levels, the segments that tell it best. */
export function keepTelling(found: Found[]): Found[] {
  const groups = new Map<string, Found[]>()
  for (const f of found) {
    const g = `${f.hour}|${f.kpi}|${f.direction}`
    let list = groups.get(g)
    if (!list) groups.set(g, (list = []))
    list.push(f)
  }
  const out: Found[] = []
  for (const list of groups.values()) {
    if (list.length === 1) {
      out.push(list[0] as Found)
      continue
    }
    // A coarse segment goes when one finer segment inside it carries most of its excess.
    const explained = list.filter(
      (p) =>
        !list.some(
          (c) =>
            c !== p &&
            depth(c.segment) > depth(p.segment) &&
            within(c.segment, p.segment) &&
            Math.abs(excess(c)) >= 0.6 * Math.abs(excess(p)),
        ),
    )
    // A fine segment goes when a coarser one around it stayed (the deviation is broader than it).
    for (const c of explained) {
      const covered = explained.some(
        (p) => p !== c && depth(p.segment) < depth(c.segment) && within(c.segment, p.segment),
      )
      if (!covered) out.push(c)
    }
  }
  return out.sort((a, b) => a.hour - b.hour)
}

/** The evaluation hours a run covers: null when the workspace holds too little history. */
function spanOf(
  db: Db,
  options: EvaluateOptions,
  config: DetectConfig,
): { fromT: number; toT: number; dataFrom: number } | null {
  const hours = q.dataHours(db)
  if (!hours) return null
  // The hour holding the newest ticket is still filling: windows end before it.
  const toT = hours.last
  const earliest = hours.first + config.minWeeks * WEEK_HOURS + 24
  const last = Number(q.readState(db, STATE_LAST))
  const replay = toT - (options.replayDays ?? REPLAY_DAYS) * 24
  let fromT = options.fromHour ?? (Number.isInteger(last) && last > 0 ? Math.min(last, toT) - RECHECK_HOURS : replay)
  fromT = Math.max(fromT, earliest)
  return fromT > toT ? null : { fromT, toT, dataFrom: hours.first }
}

interface Pending {
  t0: number
  now: number
  config: DetectConfig
  fingerprint: string
  span: { fromT: number; toT: number; dataFrom: number }
}

/** What an evaluation needs before detection; null (with the fingerprint noted) when there is nothing to judge. */
function begin(db: Db, options: EvaluateOptions): Pending | null {
  const t0 = performance.now()
  const config: DetectConfig = {
    ...DEFAULT_DETECT,
    minSample: options.minSample ?? readMinSample(db),
    ...options.config,
  }
  const fingerprint = q.dataFingerprint(db)
  const span = spanOf(db, options, config)
  if (!span) {
    q.writeState(db, STATE_PRINT, fingerprint)
    return null
  }
  return { t0, now: options.now ?? Date.now(), config, fingerprint, span }
}

const nothing = (t0: number): EvaluationResult => ({
  fromHour: null,
  toHour: null,
  segments: 0,
  anomalies: 0,
  opened: 0,
  updated: 0,
  ms: performance.now() - t0,
  notify: [],
})

/** Writes what detection found, in one transaction. */
function finish(db: Db, p: Pending, { found, segments }: Detection): EvaluationResult {
  const { span: s, now } = p
  const result: EvaluationResult = {
    ...nothing(p.t0),
    fromHour: s.fromT,
    toHour: s.toT,
    segments,
    anomalies: found.length,
  }
  const muted = q.listMutes(db).map((m) => ({ caseType: m.caseType, channel: m.channel, region: m.region }))
  db.transaction(() => {
    for (const f of found) {
      if (muted.some((m) => within(f.segment, m))) continue
      const merged = recordAnomaly(db, f, now)
      if (merged === 'opened') result.opened++
      else result.updated++
    }
    q.writeState(db, STATE_LAST, String(s.toT))
    q.writeState(db, 'evaluated_at', String(now))
    q.writeState(db, STATE_PRINT, p.fingerprint)
    // Only what is happening now is worth interrupting anyone for; a replay of the past is read in the inbox.
    const current = q.takeUnnotified(db)
    result.notify = current.filter((a) => a.lastSeenAt >= (s.toT - CONTINUE_GAP_HOURS) * HOUR_MS)
  })()
  result.ms = performance.now() - p.t0
  return result
}

/** Evaluates and writes alerts in one transaction. */
export function evaluateAlerts(db: Db, options: EvaluateOptions = {}): EvaluationResult {
  const t0 = performance.now()
  const p = begin(db, options)
  if (!p) return nothing(t0)
  return finish(db, p, detectAll(db, p.span.fromT, p.span.toT, p.config, p.span.dataFrom))
}

/**
 * The same without holding the event loop for more than a slice at a time (the app: a 1M-ticket workspace takes
 * seconds to replay). Writes nothing when the connection was closed meanwhile (the analyst switched workspaces).
 */
export async function evaluateAlertsAsync(db: Db, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const t0 = performance.now()
  const p = begin(db, options)
  if (!p) return nothing(t0)
  const detection = await detectAllAsync(db, p.span.fromT, p.span.toT, p.config, p.span.dataFrom)
  if (!db.open) throw new Error('The workspace was closed while its alerts were being evaluated.')
  return finish(db, p, detection)
}

const SEVERITY_RANK = { low: 0, medium: 1, high: 2 } as const

/** Opens an alert for the anomaly, or updates the alert it continues. */
function recordAnomaly(db: Db, f: Found, now: number): 'opened' | 'updated' {
  const seenAt = f.hour * HOUR_MS
  const startedAt = f.windowStart * HOUR_MS
  const existing = q.continuingAlert(db, f.key, f.kpi, f.direction, seenAt - CONTINUE_GAP_HOURS * HOUR_MS)
  if (existing && existing.startedAt <= seenAt) {
    const peak = Math.abs(f.z) > Math.abs(existing.score)
    const lastSeenAt = Math.max(existing.lastSeenAt, seenAt)
    const top = peak ? f : null
    const severity = severityOf({
      kpi: f.kpi,
      z: top ? top.z : existing.score,
      observed: top ? top.observed : existing.observed,
      expected: top ? top.expected : existing.expected,
      hours: (lastSeenAt - existing.detectedAt) / HOUR_MS,
    })
    q.updateAlert(db, existing.id, {
      severity: SEVERITY_RANK[severity] > SEVERITY_RANK[existing.severity] ? severity : existing.severity,
      lastSeenAt,
      windowHours: top ? f.windowEnd - f.windowStart : existing.windowHours,
      observed: top ? f.observed : existing.observed,
      expected: top ? f.expected : existing.expected,
      spread: top ? f.spread : existing.spread,
      score: top ? f.z : existing.score,
      sample: top ? f.sample : existing.sample,
      updatedAt: now,
    })
    return 'updated'
  }
  const related = relatedAlert(db, f, seenAt)
  if (related) {
    q.touchAlert(db, related.id, seenAt, now)
    return 'updated'
  }
  q.insertAlert(db, {
    kpi: f.kpi,
    direction: f.direction,
    segKey: f.key,
    caseType: f.segment.caseType,
    channel: f.segment.channel,
    region: f.segment.region,
    severity: severityOf({ kpi: f.kpi, z: f.z, observed: f.observed, expected: f.expected, hours: 0 }),
    startedAt,
    detectedAt: seenAt,
    lastSeenAt: seenAt,
    windowHours: f.windowEnd - f.windowStart,
    observed: f.observed,
    expected: f.expected,
    spread: f.spread,
    score: f.z,
    sample: f.sample,
    createdAt: now,
    updatedAt: now,
  })
  return 'opened'
}

/** A finer segment is part of a running coarser alert when it is off by at most this many times the alert's ratio. */
const FOLD_RATIO = 1.5

/**
 * Whether an anomaly moves about as much as a running alert: its figure is within FOLD_RATIO of what the alert's ratio
 * predicts for it, with room for Poisson noise on counts (a small segment's ratio is noisy).
 */
function movesAlike(f: Found, a: q.AlertRow): boolean {
  const r = ratioOff(a.observed, a.expected)
  if (f.kpi === 'volume' || f.kpi === 'solved') {
    const predicted = f.direction === 'spike' ? f.expected * r : f.expected / r
    const slack = 4 * Math.sqrt(Math.max(1, predicted))
    return f.direction === 'spike'
      ? f.observed <= FOLD_RATIO * predicted + slack
      : f.observed >= predicted / FOLD_RATIO - slack
  }
  return ratioOff(f.observed, f.expected) <= FOLD_RATIO * r
}

const segmentOf = (a: q.AlertRow): Segment => ({ caseType: a.caseType, channel: a.channel, region: a.region })

/**
 * A running alert this anomaly is part of, seen through another level of the same segments: a finer segment inside
 * a running alert (a broad creep also lifts every region of it, day after day), or a coarser one whose excess a
 * running finer alert already carries. Folding them keeps one incident one alert, as `keepTelling` does within an hour.
 */
function relatedAlert(db: Db, f: Found, seenAt: number): q.AlertRow | undefined {
  const running = q
    .recentAlertsOf(db, f.kpi, f.direction, seenAt - CONTINUE_GAP_HOURS * HOUR_MS)
    .filter((a) => a.startedAt <= seenAt)
  const mine = depth(f.segment)
  // Only when it moves about as much as the running alert: a sharp surge in one corner of a mild, broad rise is news.
  const outer = running.find((a) => depth(segmentOf(a)) < mine && within(f.segment, segmentOf(a)) && movesAlike(f, a))
  if (outer) return outer
  const perHour = Math.abs(excess(f)) / Math.max(1, f.windowEnd - f.windowStart)
  return running.find(
    (a) =>
      depth(segmentOf(a)) > mine &&
      within(segmentOf(a), f.segment) &&
      Math.abs(excess(a)) / Math.max(1, a.windowHours) >= 0.6 * perHour,
  )
}

/** Drops every alert and the evaluator's memory (a new minimum sample, a rebuilt workspace), then evaluates afresh. */
export function reevaluateAll(db: Db, options: EvaluateOptions = {}): EvaluationResult {
  forget(db)
  return evaluateAlerts(db, options)
}

export async function reevaluateAllAsync(db: Db, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  forget(db)
  return evaluateAlertsAsync(db, options)
}

function forget(db: Db): void {
  db.transaction(() => {
    q.deleteAllAlerts(db)
    q.writeState(db, STATE_LAST, '0')
  })()
}

export { ALERT_MEASURES }
