/**
 * When baseline tickets arrive: a gentle growth trend, fewer contacts at weekends and an hour-of-day curve, all in
 * the requester's local time, so a region's peak lands at its own evening. The same model answers "how many tickets
 * would this segment normally get in this hour", which sizes the injected incidents.
 */
import { hash01, type Rng, WeightedTable } from './random'
import { GROWTH, HOUR_WEIGHTS, REGION_PROFILES, REGION_TABLE, WEEKDAY_WEIGHTS } from './regions'

export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000

/** Day-to-day wobble (±6%), so the weekly pattern is visible but not a ruler. */
const NOISE = 0.12

interface ZoneDays {
  offsetMs: number
  /** Local epoch day of the first local day that can overlap the period. */
  baseDay: number
  table: WeightedTable
}

export class Calendar {
  readonly startAt: number
  private readonly hours = new WeightedTable(HOUR_WEIGHTS)
  /** One day table per (region, UTC offset), indexed by regionZone[region] + offset index. */
  private readonly zones: ZoneDays[] = []
  private readonly regionZone: number[] = []

  constructor(
    readonly endAt: number,
    readonly days: number,
    seed: number,
  ) {
    this.startAt = endAt - days * DAY
    const periodMs = days * DAY
    for (const region of REGION_PROFILES) {
      this.regionZone.push(this.zones.length)
      for (const offsetMs of region.offsetsMs) {
        const baseDay = Math.floor((this.startAt + offsetMs) / DAY)
        const weights: number[] = []
        // days + 1 local days can overlap the period when the zone is not aligned with UTC.
        for (let d = 0; d <= days; d++) {
          const epochDay = baseDay + d
          const progress = Math.min(1, Math.max(0, (epochDay * DAY - offsetMs - this.startAt) / periodMs))
          // 1970-01-01 was a Thursday: +4 makes Sunday 0.
          const weekday = WEEKDAY_WEIGHTS[(((epochDay + 4) % 7) + 7) % 7] ?? 1
          const noise = 1 + NOISE * (hash01(seed, epochDay) - 0.5)
          weights.push((1 + GROWTH * progress) * weekday * noise)
        }
        this.zones.push({ offsetMs, baseDay, table: new WeightedTable(weights) })
      }
    }
  }

  /** A creation time (whole seconds after startAt) for a baseline ticket from `region`. */
  sampleCreated(region: number, rng: Rng): number {
    const profile = REGION_PROFILES[region]
    const first = this.regionZone[region]
    if (!profile || first === undefined) throw new Error(`No region ${region}.`)
    const zone = this.zones[first + profile.offset.sample(rng)] as ZoneDays
    for (;;) {
      const day = zone.baseDay + zone.table.sample(rng)
      const t = day * DAY - zone.offsetMs + this.hours.sample(rng) * HOUR + rng.int(3600) * 1000
      // Local days at the edges stick out of the period; drawing again keeps the shape inside it.
      if (t >= this.startAt && t < this.endAt) return this.startAt + Math.floor((t - this.startAt) / 1000) * 1000
    }
  }

  /** Probability that a baseline ticket from `region` is created in the UTC hour starting at `t`. */
  hourProbability(region: number, t: number): number {
    const profile = REGION_PROFILES[region]
    const first = this.regionZone[region]
    if (!profile || first === undefined || t < this.startAt || t >= this.endAt) return 0
    let p = 0
    for (let i = 0; i < profile.offsetsMs.length; i++) {
      const zone = this.zones[first + i] as ZoneDays
      const local = t + zone.offsetMs
      const day = Math.floor(local / DAY)
      const hour = Math.floor((local - day * DAY) / HOUR)
      p += profile.offset.probability(i) * zone.table.probability(day - zone.baseDay) * this.hours.probability(hour)
    }
    return p
  }

  /** Same, for a ticket from any region (regions drawn by their usual shares). */
  hourProbabilityAll(t: number): number {
    let p = 0
    for (let r = 0; r < REGION_PROFILES.length; r++) p += REGION_TABLE.probability(r) * this.hourProbability(r, t)
    return p
  }
}
