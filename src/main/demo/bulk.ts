/**
 * Mechanics of writing a million tickets quickly into SQLite: multi-row INSERT batches, tag rows written in key
 * order, and the connection settings for one big load. The SQL of what is written stays in the generator's loader.
 *
 * Measured at 1M tickets on a 2-core machine: batching saves ~20% of the insert time, writing tags sorted by
 * (tag, ticket) ~3 s, the MEMORY journal ~3 s over WAL + checkpoint, and a large mmap ~1.5 s of the index rebuild.
 * Keeping even append-only indexes during the load cost more than rebuilding them, so all are dropped.
 */
import type { Statement } from 'better-sqlite3'
import { createSecondaryIndexes, dropSecondaryIndexes, type Db } from '../db/connection'

export type Value = string | number | null

/**
 * Rows collected into `values` and written `rows` at a time through one multi-row INSERT: a statement run costs
 * about as much as binding a dozen values. Callers fill `values` from `pos` and call `next()` after each row.
 */
export class BatchInsert {
  readonly values: Value[]
  pos = 0
  private readonly many: Statement
  private readonly one: Statement

  constructor(
    db: Db,
    /** `INSERT INTO table (columns)`, without VALUES. */
    head: string,
    private readonly width: number,
    rows: number,
  ) {
    const tuple = `(${new Array<string>(width).fill('?').join(', ')})`
    this.values = new Array<Value>(width * rows).fill(null)
    this.many = db.prepare(`${head} VALUES ${new Array<string>(rows).fill(tuple).join(', ')}`)
    this.one = db.prepare(`${head} VALUES ${tuple}`)
  }

  /** Writes the batch once it is full. */
  next(): void {
    if (this.pos === this.values.length) {
      this.many.run(this.values)
      this.pos = 0
    }
  }

  /** Writes a partial batch, one row at a time. */
  flush(): void {
    for (let i = 0; i < this.pos; i += this.width) this.one.run(this.values.slice(i, i + this.width))
    this.pos = 0
  }
}

/** Ticket ids stay below this, so (tag code, ticket id) packs into one float and sorts natively. */
export const ID_LIMIT = 2 ** 24

/**
 * (tag, ticket) pairs held back until the end and handed out sorted, so every row lands at the end of the
 * (tag, ticket_id) primary key instead of at one of a hundred insertion points.
 */
export class TagPairs {
  private readonly codes = new Map<string, number>()
  private readonly names: string[] = []
  private keys: Float64Array
  private count = 0

  constructor(expected: number) {
    this.keys = new Float64Array(Math.max(1024, expected))
  }

  add(tag: string, id: number): void {
    let code = this.codes.get(tag)
    if (code === undefined) {
      code = this.names.length
      this.codes.set(tag, code)
      this.names.push(tag)
    }
    if (this.count === this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2)
      grown.set(this.keys)
      this.keys = grown
    }
    this.keys[this.count++] = code * ID_LIMIT + id
  }

  /** Calls `write` for every pair in (tag, id) order; tags are ASCII, so JS order is SQLite's BINARY order. */
  drain(write: (tag: string, id: number) => void): void {
    const byName = this.names
      .map((_, i) => i)
      .sort((a, b) => ((this.names[a] as string) < (this.names[b] as string) ? -1 : 1))
    const rank = new Float64Array(byName.length)
    byName.forEach((code, r) => (rank[code] = r))
    const sorted = this.keys.subarray(0, this.count)
    for (let i = 0; i < sorted.length; i++) {
      const key = sorted[i] as number
      const id = key % ID_LIMIT
      sorted[i] = (rank[(key - id) / ID_LIMIT] as number) * ID_LIMIT + id
    }
    sorted.sort()
    for (let i = 0; i < sorted.length; i++) {
      const key = sorted[i] as number
      const id = key % ID_LIMIT
      write(this.names[byName[(key - id) / ID_LIMIT] as number] as string, id)
    }
    this.count = 0
  }
}

/** SQLite's own ceiling on mmap_size in better-sqlite3's build (SQLITE_MAX_MMAP_SIZE); larger values are clamped. */
const LOAD_MMAP = 0x7fff0000

/**
 * Settings for one big write into a still-empty workspace; returns the function that rebuilds indexes and puts
 * every setting back (call it in `finally`, so even a failed load leaves the full schema).
 * - synchronous=OFF and a MEMORY rollback journal: pages are written once instead of to the WAL and again at the
 *   checkpoint. A crash part-way can only damage this half-written workspace, which was empty to begin with (the
 *   workspace manager generates into a temporary file and renames it when done).
 * - foreign keys off: rows are batched per table, so a comment may reach SQLite before its ticket; the loader makes
 *   the ids right by construction.
 * - a large mmap: rebuilding 22 indexes scans the tickets table 22 times.
 */
export function prepareForBulkLoad(db: Db): () => void {
  const synchronous = db.pragma('synchronous', { simple: true }) as number
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number
  const journal = db.pragma('journal_mode', { simple: true }) as string
  const mmap = db.pragma('mmap_size', { simple: true }) as number
  db.pragma('synchronous = OFF')
  db.pragma('foreign_keys = OFF')
  try {
    db.pragma('journal_mode = MEMORY')
  } catch {
    // Another connection has the file open, so it stays in WAL: the load is only slower.
  }
  db.pragma(`mmap_size = ${LOAD_MMAP}`)
  dropSecondaryIndexes(db)
  return () => {
    try {
      createSecondaryIndexes(db)
    } finally {
      db.pragma(`journal_mode = ${journal}`)
      db.pragma(`mmap_size = ${mmap}`)
      db.pragma(`foreign_keys = ${foreignKeys}`)
      db.pragma(`synchronous = ${synchronous}`)
    }
  }
}
