/**
 * Severity from the size and the duration of a deviation. Size is both how unlikely it is (|z| against the robust
 * spread) and how large (observed ÷ expected): a rare wobble of 10 % is not an incident, a doubling that lasts is.
 */
import type { AlertKpi } from './detect'

export type Severity = 'low' | 'medium' | 'high'

export interface SeverityInput {
  kpi: AlertKpi
  z: number
  observed: number
  expected: number
  /** How long the deviation has been seen so far (since it was first detected), in hours. */
  hours: number
}

/** observed ÷ expected, or its inverse for a drop: ≥ 1, how many times off the baseline. */
export function ratioOff(observed: number, expected: number): number {
  const hi = Math.max(observed, expected)
  const lo = Math.min(observed, expected)
  if (lo <= 0) return hi > 0 ? Infinity : 1
  return hi / lo
}

export const HIGH = { z: 7, ratio: 2, hours: 6 }
export const MEDIUM = { z: 5.5, ratio: 1.5, hours: 24 }

export function severityOf(a: SeverityInput): Severity {
  const z = Math.abs(a.z)
  const ratio = ratioOff(a.observed, a.expected)
  if (z >= HIGH.z && ratio >= HIGH.ratio && a.hours >= HIGH.hours) return 'high'
  if ((z >= MEDIUM.z && ratio >= MEDIUM.ratio) || (a.hours >= MEDIUM.hours && ratio >= MEDIUM.ratio)) return 'medium'
  return 'low'
}
