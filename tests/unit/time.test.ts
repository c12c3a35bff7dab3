import { describe, expect, it } from 'vitest'
import { bucketIndex, localBuckets, localDate, startOfLocalDay, weekStart, zoneOffsetMs } from '../../src/shared/time'

describe('calendar cuts in the analyst time zone', () => {
  it('finds local midnight across daylight-saving changes', () => {
    // New York springs forward on 2026-03-08: that day has 23 hours.
    const d8 = startOfLocalDay('2026-03-08', 'America/New_York')
    const d9 = startOfLocalDay('2026-03-09', 'America/New_York')
    expect(new Date(d8).toISOString()).toBe('2026-03-08T05:00:00.000Z')
    expect(d9 - d8).toBe(23 * 3_600_000)
    expect(localDate(d9 - 1, 'America/New_York')).toBe('2026-03-08')
    expect(localDate(d9, 'America/New_York')).toBe('2026-03-09')
  })

  it('handles zones offset by 30 and 45 minutes', () => {
    expect(zoneOffsetMs(Date.parse('2026-06-01T00:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * 3_600_000)
    expect(zoneOffsetMs(Date.parse('2026-06-01T00:00:00Z'), 'Asia/Kathmandu')).toBe(5.75 * 3_600_000)
    expect(new Date(startOfLocalDay('2026-06-01', 'Asia/Kathmandu')).toISOString()).toBe('2026-05-31T18:15:00.000Z')
  })

  it('makes half-open day and week buckets that cover the range', () => {
    const from = Date.parse('2026-03-06T12:00:00Z')
    const to = Date.parse('2026-03-10T12:00:00Z')
    const days = localBuckets(from, to, 'day', 'America/New_York')
    expect(days.labels).toEqual(['2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10'])
    expect(bucketIndex(days.starts, days.end, startOfLocalDay('2026-03-08', 'America/New_York'))).toBe(2)
    expect(bucketIndex(days.starts, days.end, startOfLocalDay('2026-03-08', 'America/New_York') - 1)).toBe(1)
    expect(bucketIndex(days.starts, days.end, days.end)).toBe(-1)
    const weeks = localBuckets(from, to, 'week', 'UTC')
    expect(weeks.labels).toEqual(['2026-03-02', '2026-03-09'])
    expect(weekStart('2026-03-08')).toBe('2026-03-02')
  })
})
