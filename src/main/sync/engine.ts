/**
 * The sync engine: drives one connector for one source. Each page is committed with its cursor in one transaction
 * (db/queries/syncWrites.ts), so a kill at any moment leaves the cache at a page boundary and the next run resumes
 * from the last committed cursor. Failures become a source status the analyst can act on:
 * - refused credentials pause the source until they are entered again;
 * - rate limits, server errors, network trouble and unreadable answers end the run with a sentence and leave every
 *   committed page (and the rest of the cache) as it was, usable.
 *
 * Runs on the main process's event loop; the page writes go to a PageWriter (pageWriter.ts): a worker thread in the
 * built app, so the next pages are fetched while one is written and the window never waits on SQLite. Up to
 * MAX_IN_FLIGHT pages wait for the writer (it commits those that queued up together), and pages are committed in order.
 */
import type { Db } from '../db/connection'
import { beginRun, finishRun, readSyncState, type PageCounts, type RunTrigger } from '../db/queries/syncWrites'
import { inlinePageWriter, MAX_IN_FLIGHT, type PageWriter } from './pageWriter'
import { ConnectorError, type Connector } from './types'

export const CREDENTIALS_REFUSED = 'Credentials were refused: enter them again.'
const KEPT = 'Nothing was lost: the cache stays usable and the next sync resumes where this one stopped.'

export interface SyncTotals {
  pages: number
  tickets: number
  deletes: number
  quarantined: number
}

export interface SyncResult extends SyncTotals {
  outcome: 'done' | 'error' | 'paused' | 'cancelled'
  /** The sentence for the analyst when the run did not finish. */
  error: string | null
  errorKind: ConnectorError['kind'] | 'internal' | null
}

export interface RunSyncOptions {
  db: Db
  sourceId: number
  connector: Connector
  trigger: RunTrigger
  signal: AbortSignal
  /** After every committed page, with the run's totals so far. */
  onPage?: (totals: SyncTotals) => void
  now?: () => number
  log?: (line: string) => void
  /** Where pages are written; inline on `db` by default. Closed by the run. */
  writer?: PageWriter
}

/** What the analyst reads for a failure, by kind. */
export function failureSentence(err: unknown): { sentence: string; kind: SyncResult['errorKind'] } {
  if (err instanceof ConnectorError) {
    if (err.kind === 'auth') return { sentence: `${CREDENTIALS_REFUSED} ${err.message}`, kind: 'auth' }
    return { sentence: `${err.message.replace(/\.?$/, '.')} ${KEPT}`, kind: err.kind }
  }
  return {
    sentence: `The sync stopped unexpectedly (${(err as Error).message ?? String(err)}). ${KEPT}`,
    kind: 'internal',
  }
}

export async function runSync(options: RunSyncOptions): Promise<SyncResult> {
  const { db, sourceId, connector, signal } = options
  const now = options.now ?? Date.now
  const log = options.log ?? (() => {})
  const startedAt = now()
  const totals: SyncTotals = { pages: 0, tickets: 0, deletes: 0, quarantined: 0 }
  const runId = beginRun(db, sourceId, options.trigger, startedAt)
  const { cursor } = readSyncState(db, sourceId)
  const writer = options.writer ?? inlinePageWriter(db)
  let failure: unknown = null
  const account = (counts: PageCounts): void => {
    totals.pages++
    totals.tickets += counts.written
    totals.deletes += counts.deleted
    totals.quarantined += counts.quarantined
    options.onPage?.({ ...totals })
  }
  // Writes overlap the fetches of the next pages; a failed write stops the run before another page is queued.
  const inFlight: Promise<PageCounts>[] = []
  // Set as soon as any write fails: no later page may be written, or its cursor would skip the failed page's records.
  let writeFailed = false
  try {
    for await (const page of connector.pages({ cursor, signal })) {
      signal.throwIfAborted()
      while (inFlight.length >= MAX_IN_FLIGHT) account(await (inFlight.shift() as Promise<PageCounts>))
      signal.throwIfAborted()
      if (writeFailed) break
      const write = writer.commit(sourceId, runId, page, now())
      // The rejection itself is taken where the write is awaited, in order.
      write.catch(() => {
        writeFailed = true
      })
      inFlight.push(write)
      if (page.done) break
    }
  } catch (err) {
    failure = err
  }
  for (const write of inFlight) {
    try {
      account(await write)
    } catch (err) {
      failure ??= err
      break
    }
  }
  await writer.close().catch(() => undefined)

  // The workspace was closed under the run (switched, removed): nothing more can be written to it.
  if (!db.open) return { ...totals, outcome: 'cancelled', error: null, errorKind: null }
  const end = now()
  if (failure === null) {
    finishRun(
      db,
      sourceId,
      runId,
      { outcome: 'done', status: 'idle', error: null, errorKind: null, dataAsOf: startedAt },
      end,
    )
    return { ...totals, outcome: 'done', error: null, errorKind: null }
  }
  if (signal.aborted) {
    finishRun(
      db,
      sourceId,
      runId,
      { outcome: 'cancelled', status: 'idle', error: null, errorKind: null, dataAsOf: null },
      end,
    )
    return { ...totals, outcome: 'cancelled', error: null, errorKind: null }
  }
  const { sentence, kind } = failureSentence(failure)
  if (kind === 'internal') log(`sync of source ${sourceId} failed: ${(failure as Error).stack ?? String(failure)}`)
  const paused = kind === 'auth'
  finishRun(
    db,
    sourceId,
    runId,
    {
      outcome: paused ? 'paused' : 'error',
      status: paused ? 'paused' : 'error',
      error: sentence,
      errorKind: kind,
      dataAsOf: null,
    },
    end,
  )
  return { ...totals, outcome: paused ? 'paused' : 'error', error: sentence, errorKind: kind }
}
