/** Workspace metadata: name, demo mark, creation time, stored inside the workspace file itself. */
import type { Db } from '../connection'

export interface WorkspaceMeta {
  name: string
  isDemo: boolean
  createdAt: number
}

export function readMeta(db: Db): WorkspaceMeta {
  const rows = db.prepare('SELECT key, value FROM workspace_meta').all() as { key: string; value: string }[]
  const map = new Map(rows.map((r) => [r.key, r.value]))
  return {
    name: map.get('name') ?? 'Workspace',
    isDemo: map.get('is_demo') === '1',
    createdAt: Number(map.get('created_at') ?? 0),
  }
}

export function writeMeta(db: Db, values: Record<string, string>): void {
  const stmt = db.prepare(
    'INSERT INTO workspace_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  )
  db.transaction(() => {
    for (const [k, v] of Object.entries(values)) stmt.run(k, v)
  })()
}

export function ticketCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n
}
