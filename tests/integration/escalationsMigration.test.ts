/** Migration 11: escalations' origin and narrative, timeline, cohort snapshots and remediation actions. */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/db/connection'
import { ensureSource, upsertTickets } from '../../src/main/db/queries/ticketWrites'
import { randomTickets } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'

function fresh() {
  const db = openDatabase(path.join(tempDir(), 'm.sqlite'))
  upsertTickets(db, ensureSource(db, 'file', 'Imported'), randomTickets(5, 3))
  return db
}

describe('migration 11 (escalations)', () => {
  it('gives escalations made the old way (migration 4 columns only) a manual origin and empty narrative', () => {
    const db = fresh()
    db.prepare("INSERT INTO escalations (title, priority, created_at, updated_at) VALUES ('Old', 'P2', 1, 1)").run()
    expect(
      db
        .prepare(
          'SELECT origin_kind, origin_ref, origin_description, summary, next_steps, cohort_checked_id FROM escalations',
        )
        .get(),
    ).toEqual({
      origin_kind: 'manual',
      origin_ref: null,
      origin_description: '',
      summary: '',
      next_steps: '',
      cohort_checked_id: 0,
    })
    db.close()
  })

  it('refuses values outside the schema', () => {
    const db = fresh()
    db.prepare(
      "INSERT INTO escalations (id, title, priority, created_at, updated_at) VALUES (1, 'E', 'P1', 1, 1)",
    ).run()
    const bad = [
      "UPDATE escalations SET origin_kind = 'email' WHERE id = 1",
      "INSERT INTO escalation_timeline (escalation_id, at, source, kind, body) VALUES (1, 1, 'robot', 'note', 'x')",
      "INSERT INTO escalation_timeline (escalation_id, at, source, kind, body) VALUES (1, 1, 'analyst', 'gossip', 'x')",
      "INSERT INTO escalation_timeline (escalation_id, at, source, kind, body) VALUES (1, 1, 'analyst', 'note', '')",
      "INSERT INTO escalation_snapshots (escalation_id, taken_at, reason, tickets, impact_json) VALUES (1, 1, 'whim', 0, '{}')",
      "INSERT INTO escalation_snapshots (escalation_id, taken_at, reason, tickets, impact_json) VALUES (1, 1, 'manual', 0, 'nope')",
      "INSERT INTO remediation_actions (escalation_id, title, owner_team, status, created_at, updated_at) VALUES (1, 'a', 't', 'maybe', 1, 1)",
      "INSERT INTO remediation_actions (escalation_id, title, owner_team, check_outcome, created_at, updated_at) VALUES (1, 'a', 't', 'meh', 1, 1)",
    ]
    for (const sql of bad) expect(() => db.prepare(sql).run(), sql).toThrow(/CHECK constraint failed|malformed JSON/)
    db.close()
  })

  it('keeps a snapshot’s frozen ids when a ticket leaves, and drops everything with its escalation', () => {
    const db = fresh()
    db.prepare(
      "INSERT INTO escalations (id, title, priority, created_at, updated_at) VALUES (1, 'E', 'P1', 1, 1)",
    ).run()
    db.prepare(
      "INSERT INTO escalation_timeline (escalation_id, at, source, kind, body) VALUES (1, 1, 'analyst', 'note', 'x')",
    ).run()
    db.prepare(
      "INSERT INTO escalation_snapshots (id, escalation_id, taken_at, reason, tickets, impact_json) VALUES (7, 1, 1, 'manual', 2, '{}')",
    ).run()
    db.prepare('INSERT INTO escalation_snapshot_tickets (snapshot_id, ticket_id) VALUES (7, 1), (7, 2)').run()
    db.prepare(
      "INSERT INTO remediation_actions (escalation_id, title, owner_team, created_at, updated_at) VALUES (1, 'a', 't', 1, 1)",
    ).run()
    db.prepare('DELETE FROM tickets WHERE id = 1').run()
    expect(db.prepare('SELECT ticket_id FROM escalation_snapshot_tickets ORDER BY 1').pluck().all()).toEqual([1, 2])
    db.prepare('DELETE FROM escalations WHERE id = 1').run()
    for (const t of [
      'escalation_timeline',
      'escalation_snapshots',
      'escalation_snapshot_tickets',
      'remediation_actions',
    ])
      expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0)
    db.close()
  })
})
