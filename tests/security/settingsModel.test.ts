/** The Settings place's pure helpers: audit lines read as sentences, never raw JSON or ticket text. */
import { describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../src/shared/api/methods/security'
import {
  actionLabel,
  detailLine,
  formatBytes,
  kindLabel,
  parseKeepDays,
} from '../../src/renderer/features/settings/settingsModel'

const entry = (action: string, detail: Record<string, unknown>): AuditEntry => ({
  id: 1,
  at: 0,
  actor: 'alice (electron)',
  action,
  target: 'x',
  detail,
})

describe('settings model', () => {
  it('names every action the app records, and passes unknown ones through', () => {
    for (const a of [
      'export.csv',
      'export.xlsx',
      'export.pdf',
      'export.view',
      'ticket.reveal',
      'source.sync',
      'backup.create',
      'backup.restore',
      'purge.ticket',
      'audit.export',
    ])
      expect(actionLabel(a)).not.toBe(a)
    expect(actionLabel('alerts.mute')).toBe('alerts.mute')
  })

  it('sums up details in words', () => {
    expect(detailLine(entry('export.csv', { rows: 1234, filters: { channel: ['email'] }, columns: 3 }))).toBe(
      '1,234 rows · filtered by channel',
    )
    expect(detailLine(entry('export.xlsx', { rows: 5, filters: {} }))).toBe('5 rows · all tickets')
    expect(
      detailLine(entry('source.sync', { outcome: 'error', tickets: 0, deletes: 0, error: 'The token was refused.' })),
    ).toBe('error · 0 tickets · The token was refused.')
    expect(detailLine(entry('ticket.reveal', {}))).toBe('')
    expect(detailLine(entry('purge.ticket', { backupsCleaned: 1, backupsNotCleaned: [] }))).toBe('1 backup cleaned')
    expect(detailLine(entry('purge.source', { tickets: 30, backupsCleaned: 2, backupsNotCleaned: ['a.sqlite'] }))).toBe(
      '30 tickets · 2 backups cleaned · 1 could not be cleaned',
    )
  })

  it('formats sizes and kinds, and reads the kept days strictly', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(8_790_016)).toBe('8.4 MB')
    expect(kindLabel('auto')).toBe('Daily')
    expect(parseKeepDays('14')).toBe(14)
    for (const bad of ['0', '366', '1.5', '-3', 'seven', '', '1e2']) expect(parseKeepDays(bad)).toBeNull()
  })
})
