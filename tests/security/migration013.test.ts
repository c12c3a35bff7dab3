/**
 * Migration 13 (audit log, backup settings) and reliability.md's "Migrations run in one transaction after a backup".
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/db/connection'
import { LATEST_VERSION } from '../../src/main/db/migrations'
import { listAudit, readBackupSettings, recordAudit, writeBackupSettings } from '../../src/main/db/queries/audit'
import { tempDir } from '../helpers/tmp'
import { buildSchemaOne } from './crashMigration'

describe('migration 13', () => {
  it('creates a STRICT audit log and one row of backup settings (daily, 7 days)', () => {
    const db = openDatabase(path.join(tempDir(), 'w.sqlite'))
    const sql = (name: string) =>
      (db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(name) as { sql: string } | undefined)?.sql ?? ''
    expect(sql('audit_log')).toMatch(/\) STRICT$/)
    expect(sql('backup_settings')).toMatch(/\) STRICT$/)
    expect(sql('audit_log_at')).toMatch(/ON audit_log \(at\)/)
    expect(readBackupSettings(db)).toEqual({ autoDaily: true, keepDays: 7 })
    expect(() => db.prepare('INSERT INTO backup_settings (id) VALUES (2)').run()).toThrow(/CHECK/)
    expect(() => db.prepare('UPDATE backup_settings SET keep_days = 0').run()).toThrow(/CHECK/)
    expect(() => db.prepare("INSERT INTO audit_log (at, actor, action) VALUES (1, '', 'x')").run()).toThrow(/CHECK/)
    expect(() => db.prepare("INSERT INTO audit_log (at, actor, action) VALUES ('soon', 'a', 'x')").run()).toThrow()
    expect(writeBackupSettings(db, { keepDays: 30 })).toEqual({ autoDaily: true, keepDays: 30 })
    db.close()
  })

  it('records entries with the OS user and front door, cuts oversized ones to fit, and filters by prefix', () => {
    const db = openDatabase(path.join(tempDir(), 'w.sqlite'))
    recordAudit(db, { action: 'export.csv', target: 'a.csv', via: 'web', at: 10, detail: { rows: 3 } })
    recordAudit(db, { action: 'ticket.reveal', target: 'ticket 9', actor: 'alice', via: 'electron', at: 20 })
    recordAudit(db, { action: 'export.view', target: 'x'.repeat(5000), detail: { blob: 'y'.repeat(50_000) }, at: 30 })
    const all = listAudit(db)
    expect(all.map((e) => e.action)).toEqual(['export.view', 'ticket.reveal', 'export.csv'])
    expect(all[1]?.actor).toBe('alice (electron)')
    expect(all[2]?.actor).toMatch(/^.+ \(web\)$/)
    expect(all[0]?.target.length).toBe(500)
    expect(all[0]?.detail).toEqual({ truncated: true, keys: ['blob'] })
    expect(listAudit(db, { actions: ['export.'] }).map((e) => e.action)).toEqual(['export.view', 'export.csv'])
    // A LIKE wildcard in a filter is a literal, not a pattern.
    expect(listAudit(db, { actions: ['%.'] })).toEqual([])
    expect(listAudit(db, { from: 15, to: 30 }).map((e) => e.at)).toEqual([20])
    db.close()
  })

  it('an older workspace is backed up before its migrations run, and the backup is the old file, whole', () => {
    const dir = tempDir()
    const file = path.join(dir, 'old.sqlite')
    buildSchemaOne(file, 2_000)
    const db = openDatabase(file)
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION)
    db.close()
    const bak = path.join(dir, 'old.sqlite.v1.bak')
    expect(fs.existsSync(bak)).toBe(true)
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([])
    const old = new Database(bak, { readonly: true })
    expect(old.pragma('user_version', { simple: true })).toBe(1)
    expect(old.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(old.prepare('SELECT count(*) AS n FROM tickets').get()).toEqual({ n: 2_000 })
    expect(old.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'audit_log'").get()).toEqual({ n: 0 })
    old.close()
  })
})
