import { describe, expect, it } from 'vitest'
import { actionPhrase, needsConfirmation, selectionSize, targetOf } from '../../../src/renderer/features/bulk/bulkModel'
import { BULK_COMMANDS, isBulkCommand } from '../../../src/renderer/features/bulk/bulkCommandList'

describe('bulk selection model', () => {
  const all = { key: 'k', filters: { channel: ['email'] }, count: 123_456 }

  it('targets the checked ids, or every matching ticket with the count it was chosen at', () => {
    expect(targetOf({ checkedIds: [3, 1], allMatching: null })).toEqual({ target: { ids: [3, 1] } })
    expect(targetOf({ checkedIds: [3], allMatching: all })).toEqual({
      target: { filters: { channel: ['email'] }, expectedCount: 123_456 },
    })
    expect(selectionSize({ checkedIds: [3], allMatching: all })).toBe(123_456)
    expect(selectionSize({ checkedIds: [3, 4], allMatching: null })).toBe(2)
  })

  it('says why there is no target instead of sending an empty or oversized one', () => {
    expect(targetOf({ checkedIds: [], allMatching: null })).toEqual({
      error: 'Select tickets first (Space, or the checkboxes).',
    })
    const many = Array.from({ length: 10_001 }, (_, i) => i + 1)
    expect(targetOf({ checkedIds: many, allMatching: null })).toEqual({
      error: '10,001 tickets are checked by hand; use "Select all matching" for more than 10,000.',
    })
  })

  it('asks first above 1,000 tickets, naming the action and the count', () => {
    expect(needsConfirmation(1_000)).toBe(false)
    expect(needsConfirmation(1_001)).toBe(true)
    expect(actionPhrase({ kind: 'label.add', label: 'payout-bug' }, 123_456)).toBe('Label 123,456 tickets “payout-bug”')
    expect(actionPhrase({ kind: 'label.remove', label: 'x' }, 1)).toBe('Remove the label “x” from 1 ticket')
    expect(actionPhrase({ kind: 'review.set', state: 'reviewed' }, 2)).toBe('Set 2 tickets to “Reviewed”')
    expect(actionPhrase({ kind: 'review.set', state: null }, 2)).toBe('Clear the review state of 2 tickets')
    expect(actionPhrase({ kind: 'flag.set', flagged: false }, 5_000)).toBe('Unflag 5,000 tickets')
    expect(actionPhrase({ kind: 'escalation.add', escalationId: 1 }, 3, 'Outage')).toBe(
      'Add 3 tickets to the escalation “Outage”',
    )
  })

  it('knows its palette commands by id', () => {
    expect(BULK_COMMANDS.every((c) => isBulkCommand(c.id))).toBe(true)
    expect(isBulkCommand('flag')).toBe(false)
  })
})
