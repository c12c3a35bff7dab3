/** Workspaces with known content for the security tests: random tickets, comments, notes, and an optional canary. */
import { createBackend, type Backend } from '../../src/main/app/backend'
import type { Db } from '../../src/main/db/connection'
import { ensureSource, upsertTickets } from '../../src/main/db/queries/ticketWrites'
import { randomTickets } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'

/** A string that appears nowhere but where a test puts it. */
export const CANARY = 'CanaryQx7Zk4Lm9Vp2'

export function seedTickets(db: Db, n: number, options: { canaryAt?: number; seed?: number } = {}): number[] {
  const sourceId = ensureSource(db, 'file', 'Seeded export')
  const tickets = randomTickets(n, options.seed ?? 3)
  const ids: number[] = []
  upsertTickets(db, sourceId, tickets, (_i, id) => ids.push(id))
  const comment = db.prepare(
    "INSERT INTO ticket_comments (ticket_id, author, author_role, body, created_at) VALUES (?, 'Requester', 'requester', ?, ?)",
  )
  db.transaction(() => {
    for (const [i, id] of ids.entries()) comment.run(id, `Comment on ticket ${i}: still waiting`, Date.now())
  })()
  if (options.canaryAt !== undefined) {
    const id = ids[options.canaryAt] as number
    db.prepare('UPDATE tickets SET subject = ?, description = ?, requester = ? WHERE id = ?').run(
      `Payout ${CANARY} missing`,
      `My bank ${CANARY} never got it. Call me.`,
      `${CANARY}@example.com`,
      id,
    )
    comment.run(id, `Reply ${CANARY} from the requester`, Date.now())
  }
  return ids
}

export interface Seeded {
  backend: Backend
  dataDir: string
  ids: number[]
  logs: string[]
  call<T>(method: string, input: unknown): Promise<T>
  raw(
    method: string,
    input: unknown,
  ): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>
}

export async function seededBackend(
  n = 200,
  options: { canaryAt?: number; dataDir?: string; transport?: 'cli' | 'web' } = {},
): Promise<Seeded> {
  const dataDir = options.dataDir ?? tempDir('owb-sec-')
  const logs: string[] = []
  const backend = await createBackend({
    dataDir,
    transport: options.transport ?? 'cli',
    noDemo: true,
    log: (l) => logs.push(l),
  })
  const ws = backend.manager.require()
  const ids = seedTickets(ws.db, n, options)
  ws.tickets.invalidate()
  const raw = (method: string, input: unknown) =>
    backend.dispatch(method, input) as Promise<{
      ok: boolean
      value?: unknown
      error?: { code: string; message: string }
    }>
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await raw(method, input)
    if (!r.ok) throw new Error(`${method}: ${r.error?.code} ${r.error?.message}`)
    return r.value as T
  }
  return { backend, dataDir, ids, logs, call, raw }
}
