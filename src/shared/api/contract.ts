/**
 * The one API contract. Every transport (Electron IPC, browser-mode HTTP, the CLI) and the renderer's client are typed
 * from this table; main validates every input against its schema before a handler runs.
 *
 * Names are `domain.verb`. Inputs are strict objects: unknown keys are rejected, strings are bounded.
 */
import { z } from 'zod'
import { REVIEW_STATES, SORTABLE_COLUMNS } from '../domain'
import {
  empty,
  label,
  method,
  noteBody,
  sortSchema,
  ticketFiltersSchema,
  ticketId,
  ticketQuerySchema,
  timeZone,
  workspaceId,
  type MethodDef,
} from './schemas'
import { bulkMethods } from './methods/bulk'
import { escalationMethods } from './methods/escalations'
import { wellbeingMethods } from './methods/wellbeing'
import { importMethods } from './methods/imports'
import { sourceMethods } from './methods/sources'
import { metricsMethods } from './methods/metrics'
import { alertMethods } from './methods/alerts'
import { clusterMethods } from './methods/clusters'
import { rcaMethods } from './methods/rca'
import { securityMethods } from './methods/security'
import type {
  AppInfo,
  TicketFacets,
  TicketPage,
  TrendSeries,
  WorkspaceInfo,
  WorkspaceStats,
  TaskStarted,
} from './types'
import type { AnalystNote, TicketDetail, TicketReview } from '../domain'
import { MAX_VIEW_FILE_BYTES, viewDefinitionSchema, viewNameSchema, type SavedView } from '../views'

export const contract = {
  'app.info': method<AppInfo>()(empty, 'Version, data directory and the open workspace.'),

  'workspace.list': method<WorkspaceInfo[]>()(empty, 'Workspaces in the data directory.'),
  'workspace.stats': method<WorkspaceStats>()(empty, 'Ticket counts by source, status and channel.'),
  'workspace.open': method<WorkspaceInfo>()(
    z.strictObject({ id: workspaceId }),
    'Switch to another workspace in the data directory.',
  ),
  'workspace.create': method<WorkspaceInfo>()(
    z.strictObject({ name: z.string().trim().min(1).max(80) }),
    'Create an empty workspace and open it.',
  ),
  'workspace.remove': method<{ removed: string }>()(
    z.strictObject({ id: workspaceId }),
    'Delete a workspace file (the demo can always be made again).',
  ),
  'demo.generate': method<TaskStarted>()(
    z.strictObject({
      tickets: z.number().int().min(100).max(2_000_000),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1),
    }),
    'Re-create the demo workspace in the background; progress arrives as task events.',
  ),

  'tickets.page': method<TicketPage>()(
    z.strictObject({
      query: ticketQuerySchema,
      startRow: z.number().int().min(0).max(100_000_000),
      limit: z.number().int().min(1).max(1_000),
    }),
    'One page of tickets for the grid, keyset-paged.',
  ),
  'tickets.count': method<{ count: number }>()(
    z.strictObject({ filters: ticketFiltersSchema }),
    'How many tickets match the filters.',
  ),
  'tickets.facets': method<TicketFacets>()(
    z.strictObject({ filters: ticketFiltersSchema }),
    'Values and counts of the filterable fields, each counted under the other filters.',
  ),
  'tickets.get': method<TicketDetail>()(
    z.strictObject({ id: z.number().int().positive(), reveal: z.boolean().optional() }),
    'One ticket with its comments; text of sensitive tickets only with reveal.',
  ),

  'analyst.setReview': method<{ review: TicketReview | null }>()(
    z.strictObject({ ticketId, state: z.enum(REVIEW_STATES).nullable() }),
    'Set (or with null clear) your review state of a ticket; a flagged ticket stays "to review" at least.',
  ),
  'analyst.setFlag': method<{ review: TicketReview | null }>()(
    z.strictObject({ ticketId, flagged: z.boolean() }),
    'Flag or unflag a ticket.',
  ),
  'analyst.addLabel': method<{ labels: string[] }>()(
    z.strictObject({ ticketId, label }),
    'Add one of your labels to a ticket (adding it twice is a no-op).',
  ),
  'analyst.removeLabel': method<{ labels: string[] }>()(
    z.strictObject({ ticketId, label }),
    'Remove one of your labels from a ticket.',
  ),
  'analyst.addNote': method<AnalystNote>()(z.strictObject({ ticketId, body: noteBody }), 'Add a note to a ticket.'),
  'analyst.updateNote': method<AnalystNote>()(
    z.strictObject({ id: ticketId, body: noteBody }),
    'Change the text of one of your notes.',
  ),
  'analyst.deleteNote': method<{ deleted: number }>()(z.strictObject({ id: ticketId }), 'Delete one of your notes.'),

  'trends.volume': method<TrendSeries>()(
    z.strictObject({
      filters: ticketFiltersSchema,
      groupBy: z.enum(['channel', 'caseType', 'region', 'priority', 'status', 'source']),
      grain: z.enum(['day', 'week']),
      timeZone,
    }),
    'Tickets created per day (or week) in the analyst time zone, one series per group.',
  ),

  'export.tickets': method<TaskStarted>()(
    z.strictObject({
      filters: ticketFiltersSchema,
      sort: sortSchema,
      /** Columns in the order the grid shows them. */
      columns: z.array(z.enum(SORTABLE_COLUMNS)).min(1).max(SORTABLE_COLUMNS.length),
      format: z.enum(['csv', 'xlsx']),
      timeZone,
    }),
    'Export every ticket of a view to CSV or XLSX in the background; the finished task event names the file.',
  ),
  // Saved views. Schemas from shared/views.ts are referenced lazily: that module imports this one.
  'views.list': method<SavedView[]>()(empty, 'Saved views of the open workspace, by name.'),
  'views.save': method<SavedView>()(
    z.lazy(() => z.strictObject({ name: viewNameSchema, definition: viewDefinitionSchema })),
    'Save a new view under a name no other view has (ignoring case).',
  ),
  'views.update': method<SavedView>()(
    z.lazy(() =>
      z.strictObject({
        id: z.number().int().positive(),
        name: viewNameSchema.optional(),
        definition: viewDefinitionSchema.optional(),
      }),
    ),
    'Rename a view, or overwrite what it holds.',
  ),
  'views.duplicate': method<SavedView>()(
    z.strictObject({ id: z.number().int().positive() }),
    'Copy a view under the next free name ("Name (2)").',
  ),
  'views.delete': method<{ deleted: number }>()(
    z.strictObject({ id: z.number().int().positive() }),
    'Delete a saved view.',
  ),
  'views.export': method<{ fileName: string; content: string }>()(
    z.strictObject({ id: z.number().int().positive() }),
    'A view as a small JSON file to share; the renderer offers it as a download.',
  ),
  'views.import': method<SavedView>()(
    z.lazy(() =>
      z.strictObject({
        content: z
          .string()
          .max(MAX_VIEW_FILE_BYTES, 'This file is larger than 64 KB, so it is not a view exported by Ops Workbench.'),
      }),
    ),
    'Save the view in an exported file (refused whole if anything in it is wrong); a taken name becomes "Name (2)".',
  ),
  'export.showInFolder': method<{ shown: true }>()(
    z.strictObject({ file: z.string().min(1).max(200) }),
    'Desktop app only: open the exports folder with this finished export (a plain file name) selected.',
  ),
  'task.cancel': method<{ cancelled: boolean }>()(
    z.strictObject({ taskId: z.string().min(1).max(100) }),
    'Cancel a running background task (an export); false when it has already finished.',
  ),
  ...bulkMethods,
  ...escalationMethods,
  ...wellbeingMethods,
  ...importMethods,
  ...sourceMethods,
  ...metricsMethods,
  ...alertMethods,
  ...clusterMethods,
  ...rcaMethods,
  ...securityMethods,
} as const satisfies Record<string, MethodDef>

export * from './schemas'

export type Contract = typeof contract
export type MethodName = keyof Contract
export type ApiInput<M extends MethodName> = z.input<Contract[M]['input']>
export type ApiParsedInput<M extends MethodName> = z.output<Contract[M]['input']>
export type ApiOutput<M extends MethodName> = NonNullable<Contract[M]['output']>

export const METHOD_NAMES = Object.keys(contract) as MethodName[]

/** The one key the preload adds beside the methods: a subscription to task and workspace events. */
export const EVENT_SUBSCRIBE_KEY = 'onEvent' as const
/** Every key `window.workbench` exposes, in order. */
export const PRELOAD_KEYS = [...METHOD_NAMES, EVENT_SUBSCRIBE_KEY] as const

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name)
}
