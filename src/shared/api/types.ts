/** Result and event types of the API contract, shared by every transport. */
import type { TicketRow, ValueFilterField } from '../domain'

export type ErrorCode =
  | 'invalid_input'
  | 'unknown_method'
  | 'not_found'
  | 'workspace_unavailable'
  | 'workspace_newer'
  | 'workspace_corrupt'
  | 'busy'
  | 'unauthorized'
  | 'internal'

export interface ApiErrorBody {
  code: ErrorCode
  /** A sentence for the analyst: what happened, what was kept safe, what to do next. */
  message: string
}

/** Every answer of every transport. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody }

export interface WorkspaceInfo {
  id: string
  name: string
  isDemo: boolean
  /** Absolute path of the workspace's SQLite file. */
  file: string
  tickets: number
  createdAt: number
}

export interface AppInfo {
  name: string
  version: string
  dataDir: string
  transport: 'electron' | 'web' | 'cli'
  workspace: WorkspaceInfo | null
  /** Why no workspace is open, when none is (a message for the analyst). */
  workspaceProblem: string | null
  /** Per source: the newest time the cache holds data for. */
  dataAsOf: { source: string; kind: string; asOf: number | null }[]
}

export interface CountByValue {
  value: string | null
  count: number
}

export interface WorkspaceStats {
  tickets: number
  comments: number
  bySource: CountByValue[]
  byStatus: CountByValue[]
  byChannel: CountByValue[]
  createdRange: { from: number | null; to: number | null }
}

/**
 * Values of every multi-select filter with how many tickets each would match under the other filters. Fields with
 * many values (assignee, group, tags, labels) list the 200 most frequent, plus "(none)" when it occurs.
 */
export type TicketFacets = Record<ValueFilterField, CountByValue[]> & {
  /** Tickets flagged / not flagged under the other filters. */
  flagged: { flagged: number; unflagged: number }
}

export interface TicketPage {
  rows: TicketRow[]
  startRow: number
  /** True when no row follows this page. */
  last: boolean
}

export interface TrendSeries {
  timeZone: string
  grain: 'day' | 'week'
  /** Bucket starts as local dates, `YYYY-MM-DD`. */
  buckets: string[]
  series: { key: string | null; name: string; data: number[] }[]
  total: number
}

export interface TaskStarted {
  taskId: string
}

export interface TaskProgress {
  taskId: string
  kind: 'demo' | 'import' | 'sync' | 'export' | 'pdf'
  label: string
  done: number
  total: number | null
  unit: string
  startedAt: number
  state: 'running' | 'done' | 'failed' | 'cancelled'
  /**
   * A later stage of a running task that is measured in its own units (an import rebuilding its indexes after it has
   * read every row): what it is doing now, and when the stage began. While it is set, `done` and `total` count the
   * stage's work, and its rate and time left are reckoned from `startedAt`.
   */
  stage?: { label: string; startedAt: number }
  error?: string
  /** What a finished task made: an export's file (absolute path; its plain name is what browser mode serves). */
  result?: { file: string }
}

/** Pushed from main to every connected client. */
export type WorkbenchEvent =
  | { type: 'task'; task: TaskProgress }
  | { type: 'workspace.changed'; workspace: WorkspaceInfo | null }
  /** A connector source changed (added, synced a page, failed, paused): the Sources screen refetches its list. */
  | { type: 'sources.changed' }
  /**
   * Alerts were (re-)evaluated or their state changed: the inbox refetches. `notify` lists new high-severity alerts
   * that are happening now, for a desktop notification (Electron) or an in-app notice (browser mode).
   */
  | { type: 'alerts.changed'; opened: number; notify: { id: number; title: string; segment: string }[] }
