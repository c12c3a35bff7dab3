import { describe, expect, it } from 'vitest'
import { COMMANDS, filterCommands } from '../../../src/renderer/features/triage/commands'
import { actionForKey, reviewStateOf, SHORTCUTS, type KeyInput } from '../../../src/renderer/features/triage/keymap'

const key = (k: string, over: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  inTextField: false,
  ...over,
})

describe('triage key map', () => {
  it('maps the single keys to their actions', () => {
    expect(
      ['j', 'ArrowDown', 'k', 'ArrowUp', 'Enter', '1', '2', '3', '0', 'f', 'l', 'n', '?'].map((k) =>
        actionForKey(key(k)),
      ),
    ).toEqual([
      'next',
      'next',
      'previous',
      'previous',
      'open',
      'review.to_review',
      'review.reviewed',
      'review.needs_escalation',
      'review.clear',
      'flag',
      'label',
      'note',
      'shortcuts',
    ])
    expect(actionForKey(key('x'))).toBeNull()
    expect(actionForKey(key('Escape'))).toBeNull()
  })

  it('leaves typing alone and never steals modified keys, except the palette', () => {
    expect(actionForKey(key('j', { inTextField: true }))).toBeNull()
    expect(actionForKey(key('2', { inTextField: true }))).toBeNull()
    expect(actionForKey(key('f', { ctrlKey: true }))).toBeNull()
    expect(actionForKey(key('1', { altKey: true }))).toBeNull()
    expect(actionForKey(key('k', { ctrlKey: true }))).toBe('palette')
    expect(actionForKey(key('K', { metaKey: true, inTextField: true }))).toBe('palette')
    expect(actionForKey(key('k', { ctrlKey: true, altKey: true }))).toBeNull()
  })

  it('maps review actions to states and lists every action in the shortcuts sheet', () => {
    expect(reviewStateOf('review.reviewed')).toBe('reviewed')
    expect(reviewStateOf('review.clear')).toBeNull()
    expect(reviewStateOf('flag')).toBeUndefined()
    const listed = new Set(SHORTCUTS.map((s) => s.action))
    for (const c of COMMANDS) {
      // Every command with a key is in the sheet; the rest (navigation, bulk dialogs) are palette-only.
      if (c.keys && !['clearFilters', 'goCases', 'goWorkspaces'].includes(c.id)) expect(listed).toContain(c.id)
    }
  })
})

describe('command palette filter', () => {
  it('offers every command for an empty query, including navigation and clearing filters', () => {
    const labels = filterCommands(COMMANDS, '  ').map((c) => c.label)
    expect(labels).toHaveLength(COMMANDS.length)
    expect(labels).toEqual(
      expect.arrayContaining(['Clear filters', 'Go to Workspaces', 'Go to Cases', 'Show shortcuts']),
    )
  })

  it('matches every word in any order, case-insensitively, prefix matches first', () => {
    expect(filterCommands(COMMANDS, 'clear').map((c) => c.id)).toEqual(['clearFilters', 'review.clear'])
    expect(filterCommands(COMMANDS, 'ESCALATION review').map((c) => c.id)).toEqual(['review.needs_escalation'])
    expect(filterCommands(COMMANDS, 'go work').map((c) => c.id)).toEqual(['goWorkspaces'])
    expect(filterCommands(COMMANDS, 'zzz')).toEqual([])
  })
})
