/**
 * `bulk.label_all_1m` and `bulk.undo_1m`: seconds to label every ticket of one channel of the 1M bench workspace
 * (a third of it) through the bulk path (recording each changed ticket for undo, in one transaction), then to undo it.
 * Reference: the bare set-based INSERT ... SELECT of the same labels with no log, and its DELETE.
 */
import { openDatabase } from '../src/main/db/connection'
import { applyBulk, filterScope, undoBulk } from '../src/main/db/queries/bulk'

const LABEL = 'bench-bulk'
const FILTERS = { channel: ['in_app'] }

export function bulkFigures(dbFile: string): {
  labelS: number
  undoS: number
  refLabelS: number
  refUndoS: number
  tickets: number
} {
  const db = openDatabase(dbFile)
  try {
    // A run killed half-way leaves nothing behind: each step is one transaction, and leftovers are cleared here.
    db.prepare('DELETE FROM analyst_labels WHERE label = ?').run(LABEL)
    const r0 = performance.now()
    db.prepare(
      `INSERT INTO analyst_labels (ticket_id, label, created_at) SELECT id, ?, 0 FROM tickets WHERE channel = ?`,
    ).run(LABEL, 'in_app')
    const refLabelS = (performance.now() - r0) / 1000
    const r1 = performance.now()
    db.prepare('DELETE FROM analyst_labels WHERE label = ?').run(LABEL)
    const refUndoS = (performance.now() - r1) / 1000

    const t0 = performance.now()
    const outcome = applyBulk(db, {
      scope: filterScope(FILTERS),
      action: { kind: 'label.add', label: LABEL },
      target: { filters: FILTERS },
      describe: (affected) => `Labelled ${affected} tickets “${LABEL}” (bench)`,
    })
    const labelS = (performance.now() - t0) / 1000
    const t1 = performance.now()
    undoBulk(db, outcome.bulkId ?? undefined)
    const undoS = (performance.now() - t1) / 1000
    return { labelS, undoS, refLabelS, refUndoS, tickets: outcome.affected }
  } finally {
    db.close()
  }
}
