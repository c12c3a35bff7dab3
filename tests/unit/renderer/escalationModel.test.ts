import { describe, expect, it } from 'vitest'
import {
  cohortInCases,
  countdown,
  escalationHash,
  escalationIdFromHash,
  fromLocalInput,
  toLocalInput,
} from '../../../src/renderer/features/escalations/escalationModel'

const NOW = Date.parse('2026-05-10T12:00:00Z')
const MIN = 60_000

describe('next-update countdown', () => {
  it('counts down, turns amber in the last 30 minutes, and says how overdue', () => {
    expect(countdown({ status: 'open', nextUpdateDue: NOW + 125 * MIN }, NOW)).toEqual({
      state: 'later',
      text: 'in 2 h 5 min',
    })
    expect(countdown({ status: 'monitoring', nextUpdateDue: NOW + 30 * MIN }, NOW)).toEqual({
      state: 'soon',
      text: 'in 30 min',
    })
    expect(countdown({ status: 'open', nextUpdateDue: NOW - 65 * MIN }, NOW)).toEqual({
      state: 'overdue',
      text: 'overdue by 1 h 5 min',
    })
    expect(countdown({ status: 'open', nextUpdateDue: NOW + 50 * 60 * MIN }, NOW).text).toBe('in 2 d 2 h')
  })

  it('owes nothing once resolved, and says when nothing is scheduled', () => {
    expect(countdown({ status: 'resolved', nextUpdateDue: NOW - MIN }, NOW)).toEqual({
      state: 'none',
      text: 'no update owed',
    })
    expect(countdown({ status: 'open', nextUpdateDue: null }, NOW)).toEqual({
      state: 'none',
      text: 'no update scheduled',
    })
  })
})

describe('escalation routes', () => {
  it('reads the open escalation from the hash and writes it back', () => {
    expect(escalationIdFromHash('#/escalations/12')).toBe(12)
    expect(escalationIdFromHash('#/escalations/12?x=1')).toBe(12)
    expect(escalationIdFromHash('#/escalations')).toBeNull()
    expect(escalationIdFromHash('#/escalations/0')).toBeNull()
    expect(escalationIdFromHash('#/escalations/abc')).toBeNull()
    expect(escalationIdFromHash('#/cases/12')).toBeNull()
    expect(escalationHash(7)).toBe('#/escalations/7')
    expect(escalationHash(null)).toBe('#/escalations')
  })
})

describe('datetime inputs', () => {
  it('round-trips through the window zone and refuses what is not a time', () => {
    const t = new Date(2026, 4, 10, 9, 30).getTime()
    expect(toLocalInput(t)).toBe('2026-05-10T09:30')
    expect(fromLocalInput('2026-05-10T09:30')).toBe(t)
    expect(fromLocalInput('')).toBeNull()
    expect(fromLocalInput('tomorrow')).toBeNull()
    expect(toLocalInput(null)).toBe('')
  })
})

describe('cohort filter in Cases', () => {
  it('turns a created range of whole days into the grid’s date range', () => {
    const from = Date.parse('2026-05-01T00:00:00Z')
    const to = Date.parse('2026-05-08T00:00:00Z')
    expect(cohortInCases({ region: ['EU'], createdFrom: from, createdTo: to }, 'UTC')).toEqual({
      filters: { region: ['EU'] },
      range: { preset: 'custom', from: '2026-05-01', to: '2026-05-07' },
      note: null,
    })
  })

  it('widens a range that starts mid-day, and says so', () => {
    const r = cohortInCases({ createdFrom: Date.parse('2026-05-01T13:00:00Z') }, 'UTC')
    expect(r.range).toEqual({ preset: 'custom', from: '2026-05-01' })
    expect(r.note).toContain('whole days')
  })

  it('opens a filter without dates over all time', () => {
    expect(cohortInCases({ caseType: ['creator_payouts'] }, 'UTC')).toEqual({
      filters: { caseType: ['creator_payouts'] },
      range: { preset: 'all' },
      note: null,
    })
  })
})
