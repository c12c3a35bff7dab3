/**
 * The shape every connector (Zendesk, Salesforce, HubSpot) fills and the sync engine drives. A connector only talks
 * HTTP and maps vendor records; the engine owns the database: it writes each page and the connector's new cursor in
 * one transaction, applies deletes, quarantines unreadable records, and reports progress.
 */
import type { TicketInput } from '../db/queries/ticketWrites'

export type ConnectorKind = 'zendesk' | 'salesforce' | 'hubspot'

/** A comment as a connector hands it over (ids are the vendor's). */
export interface CommentInput {
  externalId: string
  author: string | null
  authorRole: 'requester' | 'agent' | 'system'
  public: boolean
  body: string
  createdAt: number
}

/** A ticket with its comments, mapped onto the workbench's fields. */
export interface SyncedTicket {
  ticket: TicketInput
  /** Undefined when the connector did not fetch comments for this ticket (the cached ones are kept). */
  comments?: CommentInput[]
}

/** A record the connector could not read: kept aside with the reason, never silently dropped. */
export interface QuarantinedRecord {
  externalId: string | null
  reason: string
  /** The record as received, truncated to a few KB. */
  raw: string
}

/** One page of changes; the engine commits all of it and `cursor` together, or none of it. */
export interface SyncPage {
  tickets: SyncedTicket[]
  /** External ids deleted (or archived) upstream. */
  deletes: string[]
  quarantined: QuarantinedRecord[]
  /** Opaque connector state to resume from once this page is committed (a cursor, or a watermark as JSON). */
  cursor: string
  /** True on the last page of this run. */
  done: boolean
  /** Total records the run expects, when the vendor says (for the progress bar). */
  totalHint?: number
  /**
   * A slice of a full id reconciliation: every id the source holds, listed over several pages. `first` starts a new
   * list; on `last` the engine deletes the source's cached tickets that were not listed (deletes the vendor no longer
   * reports, such as Salesforce's older than its deleted-records window).
   */
  liveIds?: { ids: string[]; first: boolean; last: boolean }
}

/** Why a connector stopped: the engine turns these into a source status the analyst can act on. */
export class ConnectorError extends Error {
  constructor(
    readonly kind: 'auth' | 'rate_limited' | 'server' | 'network' | 'protocol' | 'config',
    message: string,
  ) {
    super(message)
    this.name = 'ConnectorError'
  }
}

export interface ConnectorRunOptions {
  /** The cursor committed with the last page of the previous run; null on the first sync. */
  cursor: string | null
  signal: AbortSignal
}

export interface Connector {
  readonly kind: ConnectorKind
  /** Checks the base URL and credentials with one cheap request; throws ConnectorError with a sentence. */
  test(signal: AbortSignal): Promise<{ detail: string }>
  /** Pages of changes since `cursor`, oldest first. */
  pages(options: ConnectorRunOptions): AsyncIterable<SyncPage>
}
