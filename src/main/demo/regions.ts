/**
 * Where and when contacts come from: regional shares, the UTC offsets and locales inside each region, the local
 * hour-of-day and weekday curves, and the growth trend.
 */
import { REGIONS, type Region } from '../../shared/domain'
import { WeightedChoice, WeightedTable } from './random'

interface RegionSpec {
  weight: number
  /** UTC offsets in hours with their share of the region's contacts: NA spans four zones, India sits at +5:30. */
  offsets: readonly (readonly [number, number])[]
  locales: Record<string, number>
}

const REGION_SPECS: Record<Region, RegionSpec> = {
  NA: {
    weight: 22,
    offsets: [
      [-5, 45],
      [-6, 25],
      [-7, 8],
      [-8, 22],
    ],
    locales: { 'en-US': 88, 'es-MX': 12 },
  },
  LATAM: {
    weight: 13,
    offsets: [
      [-3, 45],
      [-5, 20],
      [-6, 35],
    ],
    locales: { 'es-MX': 58, 'pt-BR': 42 },
  },
  EU: {
    weight: 16,
    offsets: [
      [1, 85],
      [2, 15],
    ],
    locales: { 'de-DE': 40, 'fr-FR': 38, 'en-GB': 22 },
  },
  UK: { weight: 6, offsets: [[0, 100]], locales: { 'en-GB': 100 } },
  MENA: {
    weight: 7,
    offsets: [
      [3, 50],
      [4, 20],
      [2, 15],
      [1, 15],
    ],
    locales: { 'ar-SA': 78, 'en-GB': 12, 'fr-FR': 10 },
  },
  SSA: {
    weight: 4,
    offsets: [
      [1, 45],
      [2, 25],
      [3, 30],
    ],
    locales: { 'en-GB': 55, 'fr-FR': 25, 'en-US': 20 },
  },
  IN: { weight: 8, offsets: [[5.5, 100]], locales: { 'hi-IN': 60, 'en-GB': 40 } },
  SEA: {
    weight: 14,
    offsets: [
      [7, 55],
      [8, 45],
    ],
    locales: { 'id-ID': 55, 'en-US': 45 },
  },
  JP: { weight: 4, offsets: [[9, 100]], locales: { 'ja-JP': 100 } },
  KR: { weight: 3, offsets: [[9, 100]], locales: { 'ko-KR': 100 } },
  ANZ: {
    weight: 3,
    offsets: [
      [10, 80],
      [12, 20],
    ],
    locales: { 'en-AU': 100 },
  },
}

export interface RegionProfile {
  key: Region
  /** Offsets in ms, and the table choosing among them. */
  offsetsMs: readonly number[]
  offset: WeightedTable
  locale: WeightedChoice<string>
}

export const REGION_PROFILES: readonly RegionProfile[] = REGIONS.map((r) => {
  const spec = REGION_SPECS[r]
  return {
    key: r,
    offsetsMs: spec.offsets.map((o) => o[0] * 3_600_000),
    offset: new WeightedTable(spec.offsets.map((o) => o[1])),
    locale: WeightedChoice.of(spec.locales),
  }
})

export const REGION_TABLE = new WeightedTable(REGIONS.map((r) => REGION_SPECS[r].weight))

/** Contacts by local hour: quiet overnight, a working-day plateau, and an evening peak when people use the app most. */
export const HOUR_WEIGHTS: readonly number[] = [
  3, 2, 1.4, 1, 0.9, 1.1, 1.8, 2.8, 4, 5, 5.6, 6, 6.4, 6.4, 6.3, 6.4, 6.8, 7.4, 8, 8.6, 8.8, 8.2, 6.6, 4.6,
]

/** By local weekday, Sunday first: fewer people write in at weekends. */
export const WEEKDAY_WEIGHTS: readonly number[] = [0.7, 1.06, 1.05, 1.02, 1, 0.95, 0.72]

/** Growth over the whole period: the last day sees this much more than the first. */
export const GROWTH = 0.25

export function regionIndex(region: Region): number {
  return REGIONS.indexOf(region)
}
