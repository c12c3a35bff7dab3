/** Typed queries over saved views (analyst-owned). Definitions are validated by the caller before they get here. */
import type { SavedView, ViewDefinition } from '../../../shared/views'
import type { Db } from '../connection'

interface RawView {
  id: number
  name: string
  definition_json: string
  created_at: number
  updated_at: number
}

const COLUMNS = 'id, name, definition_json, created_at, updated_at'

function toView(r: RawView): SavedView {
  return {
    id: r.id,
    name: r.name,
    definition: JSON.parse(r.definition_json) as ViewDefinition,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

export function listViews(db: Db): SavedView[] {
  const rows = db.prepare(`SELECT ${COLUMNS} FROM saved_views ORDER BY name COLLATE NOCASE, id`).all() as RawView[]
  return rows.map(toView)
}

export function getView(db: Db, id: number): SavedView | null {
  const row = db.prepare(`SELECT ${COLUMNS} FROM saved_views WHERE id = ?`).get(id) as RawView | undefined
  return row ? toView(row) : null
}

/** The id of the view called `name` (ignoring case), or null. */
export function viewIdByName(db: Db, name: string): number | null {
  const row = db.prepare('SELECT id FROM saved_views WHERE name = ? COLLATE NOCASE').get(name) as
    { id: number } | undefined
  return row?.id ?? null
}

export function viewNames(db: Db): string[] {
  return (db.prepare('SELECT name FROM saved_views').all() as { name: string }[]).map((r) => r.name)
}

export function insertView(db: Db, name: string, definition: ViewDefinition, now: number): SavedView {
  const info = db
    .prepare('INSERT INTO saved_views (name, definition_json, created_at, updated_at) VALUES (?, ?, ?, ?)')
    .run(name, JSON.stringify(definition), now, now)
  return getView(db, Number(info.lastInsertRowid)) as SavedView
}

/** Changes the name and/or definition; null when there is no such view. */
export function updateView(
  db: Db,
  id: number,
  change: { name?: string; definition?: ViewDefinition },
  now: number,
): SavedView | null {
  const info = db
    .prepare(
      `UPDATE saved_views SET name = coalesce(?, name), definition_json = coalesce(?, definition_json),
        updated_at = ? WHERE id = ?`,
    )
    .run(change.name ?? null, change.definition ? JSON.stringify(change.definition) : null, now, id)
  return info.changes === 0 ? null : getView(db, id)
}

export function deleteView(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM saved_views WHERE id = ?').run(id).changes > 0
}
