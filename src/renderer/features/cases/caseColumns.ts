/**
 * Column definitions of the case grid, as a pure function (no DOM, no React) so they can be unit-tested. Column ids
 * are the contract's column keys (TICKET_COLUMNS), so the grid's sort model maps straight onto `tickets.page`.
 * Cell renderers are referenced by name and registered by the grid component (see CELL_RENDERERS).
 */
import type { ColDef, ITooltipParams, SortModelItem, ValueFormatterParams } from 'ag-grid-community'
import { DEFAULT_SORT, type TicketSort } from '../../../shared/api/contract'
import {
  CASE_TYPE_LABELS,
  REGION_LABELS,
  REVIEW_LABELS,
  SORT_COLUMNS,
  TICKET_COLUMNS,
  valueLabel,
  type ReviewState,
  type TicketColumnKey,
  type TicketRow,
} from '../../../shared/domain'
import type { SnippetSource } from '../../../shared/snippet'
import { analystTimeZone, formatDateTime, formatDateTimeFull, formatInt, formatMinutes } from '../../lib/format'

/** Names under which the grid registers its React cell renderers. */
export const CELL_RENDERERS = {
  subject: 'subjectCell',
  pill: 'pillCell',
  review: 'reviewCell',
  flag: 'flagCell',
  match: 'matchCell',
} as const

/** Id of the column that shows, under a search, where each ticket matched (shown only while a search is applied). */
export const MATCH_COLUMN_ID = 'match'

const SNIPPET_FROM: Record<SnippetSource, string> = {
  subject: 'Subject',
  description: 'Description',
  comment: 'Comment',
}

/** Where an excerpt comes from, as the Match cell labels it. */
export function snippetFromLabel(from: SnippetSource): string {
  return SNIPPET_FROM[from]
}

/**
 * The Match column: the excerpt of subject, description or comments around the search's terms (built by the server
 * for the page's rows; never for a sensitive ticket). Hidden until a search is applied; not sortable, not exported.
 */
export function matchColumn(): ColDef<TicketRow> {
  return {
    colId: MATCH_COLUMN_ID,
    headerName: 'Match',
    headerTooltip: 'Where the search matched: subject, description or a comment',
    // Wider than the subject: an excerpt needs room to reach its match.
    flex: 2,
    minWidth: 260,
    sortable: false,
    resizable: true,
    hide: true,
    cellRenderer: CELL_RENDERERS.match,
    valueGetter: (p) => p.data?.snippet?.text ?? '',
    tooltipValueGetter: (p) =>
      p.data?.snippet ? `${snippetFromLabel(p.data.snippet.from)}: ${p.data.snippet.text}` : undefined,
  }
}

/** The grid's columns with the Match column right after the subject. */
export function withMatchColumn(cols: readonly ColDef<TicketRow>[]): ColDef<TicketRow>[] {
  const at = cols.findIndex((c) => c.colId === 'subject') + 1
  return [...cols.slice(0, at), matchColumn(), ...cols.slice(at)]
}

/**
 * Columns of the analyst's own state: review and flag after the subject, labels last. They are not contract columns:
 * not exported, always shown. Review and flag sort (the contract's ANALYST_SORT_COLUMNS); labels, a list, do not.
 */
export const ANALYST_COLUMN_IDS = ['reviewState', 'flagged', 'labels'] as const

function analystColumns(): ColDef<TicketRow>[] {
  return [
    {
      colId: 'reviewState',
      field: 'reviewState',
      headerName: 'Review',
      headerTooltip: 'Your review state (1 to review, 2 reviewed, 3 needs escalation, 0 clears)',
      width: 148,
      sortable: true,
      sortingOrder: ['asc', 'desc'],
      resizable: true,
      cellRenderer: CELL_RENDERERS.review,
      valueFormatter: (p) => (typeof p.value === 'string' ? (REVIEW_LABELS[p.value as ReviewState] ?? '') : ''),
    },
    {
      colId: 'flagged',
      field: 'flagged',
      headerName: 'Flag',
      headerTooltip: 'Flagged by you (f); sorting puts flagged tickets first',
      width: 64,
      sortable: true,
      sortingOrder: ['desc', 'asc'],
      resizable: false,
      cellRenderer: CELL_RENDERERS.flag,
      valueFormatter: (p) => (p.value === true ? 'Flagged' : ''),
    },
  ]
}

/** The analyst's labels, last in the grid: a list of words needs room the triage columns up front do not. */
function labelsColumn(): ColDef<TicketRow> {
  return {
    colId: 'labels',
    field: 'labels',
    headerName: 'Labels',
    headerTooltip: 'Your labels (l adds one)',
    width: 140,
    sortable: false,
    resizable: true,
    valueFormatter: (p) => (Array.isArray(p.value) ? (p.value as string[]).join(', ') : ''),
    tooltipValueGetter: (p) =>
      Array.isArray(p.value) && p.value.length > 0 ? (p.value as string[]).join(', ') : undefined,
  }
}

/** The columns shown until the analyst picks others. */
export const DEFAULT_VISIBLE_COLUMNS: readonly TicketColumnKey[] = [
  'id',
  'subject',
  'status',
  'priority',
  'caseType',
  'channel',
  'region',
  'assignee',
  'createdAt',
  'firstReplyMinutes',
  'fullResolutionMinutes',
  'csat',
]

/** The label a sensitive ticket shows instead of its subject: never text from the ticket itself. */
export function sensitiveLabel(caseType: string | null): string {
  const label = caseType ? (CASE_TYPE_LABELS[caseType] ?? caseType) : 'Sensitive category'
  return `Sensitive · ${label}`
}

/** What the subject cell says for a row: the subject, or the sensitive label when the text is withheld. */
export function subjectText(row: TicketRow | undefined): string {
  if (!row) return ''
  if (row.sensitive || row.subject === null) return sensitiveLabel(row.caseType)
  return row.subject
}

type Formatter = (p: ValueFormatterParams<TicketRow>) => string
type Tooltip = (p: ITooltipParams<TicketRow>) => string | undefined

const dateFormatter =
  (timeZone: string): Formatter =>
  (p) =>
    typeof p.value === 'number' ? formatDateTime(p.value, timeZone) : ''

const dateTooltip =
  (timeZone: string): Tooltip =>
  (p) =>
    typeof p.value === 'number' ? formatDateTimeFull(p.value, timeZone) : undefined

const minutesFormatter: Formatter = (p) => (typeof p.value === 'number' ? formatMinutes(p.value, true) : '')
const minutesTooltip: Tooltip = (p) =>
  typeof p.value === 'number' ? `${formatInt(p.value)} calendar minutes` : undefined

const labelFormatter =
  (field: string): Formatter =>
  (p) =>
    p.value === undefined ? '' : valueLabel(field, p.value as string | null)

const plainFormatter: Formatter = (p) => (p.value === null || p.value === undefined ? '' : String(p.value))

const numberFormatter: Formatter = (p) => (typeof p.value === 'number' ? formatInt(p.value) : '')

/** Per-column settings beyond the shared defaults. */
function columnSpec(key: TicketColumnKey, timeZone: string): Partial<ColDef<TicketRow>> {
  const date: Partial<ColDef<TicketRow>> = {
    width: 120,
    valueFormatter: dateFormatter(timeZone),
    tooltipValueGetter: dateTooltip(timeZone),
    sortingOrder: ['desc', 'asc'],
  }
  const num: Partial<ColDef<TicketRow>> = {
    type: 'rightAligned',
    sortingOrder: ['desc', 'asc'],
    valueFormatter: numberFormatter,
  }
  switch (key) {
    case 'id':
      return {
        width: 80,
        sortingOrder: ['desc', 'asc'],
        valueFormatter: plainFormatter,
        cellClass: 'cell-id',
        headerTooltip: 'Ticket number in this workspace',
      }
    case 'externalId':
      return { width: 130, valueFormatter: plainFormatter, cellClass: 'cell-mono' }
    case 'subject':
      return {
        flex: 1,
        minWidth: 200,
        cellRenderer: CELL_RENDERERS.subject,
        valueFormatter: (p) => subjectText(p.data),
        tooltipValueGetter: (p) =>
          p.data?.sensitive
            ? `Text hidden: ${sensitiveLabel(p.data.caseType).replace('Sensitive · ', '')} is a sensitive category. Open the ticket to choose whether to view it.`
            : (p.data?.subject ?? undefined),
      }
    case 'status':
    case 'priority':
      return {
        width: key === 'status' ? 92 : 88,
        cellRenderer: CELL_RENDERERS.pill,
        cellRendererParams: { field: key },
        valueFormatter: labelFormatter(key),
      }
    case 'caseType':
      return {
        width: 164,
        valueFormatter: labelFormatter(key),
        tooltipValueGetter: (p) => (typeof p.value === 'string' ? valueLabel(key, p.value) : undefined),
      }
    case 'channel':
      return { width: 104, valueFormatter: labelFormatter(key) }
    case 'region':
      return {
        width: 72,
        valueFormatter: plainFormatter,
        tooltipValueGetter: (p) => (typeof p.value === 'string' ? (REGION_LABELS[p.value] ?? p.value) : undefined),
      }
    case 'source':
      return { width: 120, valueFormatter: plainFormatter }
    case 'type':
      return { width: 110, valueFormatter: labelFormatter(key) }
    case 'requester':
      return { width: 170, valueFormatter: plainFormatter }
    case 'assignee':
      return {
        width: 128,
        valueFormatter: (p) => (p.value ? String(p.value) : p.data ? 'Unassigned' : ''),
        cellClassRules: { 'cell-muted': (p) => !!p.data && !p.value },
      }
    case 'group':
      return { width: 150, valueFormatter: plainFormatter }
    case 'createdAt':
    case 'updatedAt':
    case 'solvedAt':
      return date
    case 'firstReplyMinutes':
      return {
        ...num,
        width: 100,
        headerName: 'First reply',
        headerTooltip: 'First public agent reply − created, in calendar time (automated replies do not count)',
        valueFormatter: minutesFormatter,
        tooltipValueGetter: minutesTooltip,
      }
    case 'fullResolutionMinutes':
      return {
        ...num,
        width: 104,
        headerName: 'Resolution',
        headerTooltip: 'Full resolution time: last solve − created, in calendar time',
        valueFormatter: minutesFormatter,
        tooltipValueGetter: minutesTooltip,
      }
    case 'reopens':
    case 'replies':
      return { ...num, width: 96 }
    case 'csat':
      return {
        ...num,
        width: 86,
        headerTooltip: 'Satisfaction rating, 1–5; 4 and 5 count as good',
        valueFormatter: (p) => (typeof p.value === 'number' ? `${p.value} / 5` : ''),
        cellClassRules: {
          'cell-good': (p) => typeof p.value === 'number' && p.value >= 4,
          'cell-bad': (p) => typeof p.value === 'number' && p.value <= 2,
        },
      }
  }
}

/**
 * Every contract column, sortable (with the analyst's review and flag columns after the subject), in the order of TICKET_COLUMNS with the analyst's visible set shown and the rest
 * present but hidden. Created, newest first, is the initial sort (the contract's default).
 */
export function caseColumns(options: { visible?: readonly string[]; timeZone?: string } = {}): ColDef<TicketRow>[] {
  const visible = new Set<string>(options.visible ?? DEFAULT_VISIBLE_COLUMNS)
  const timeZone = options.timeZone ?? analystTimeZone()
  const ordered = [...TICKET_COLUMNS].sort((a, b) => order(a.key) - order(b.key))
  const contractColumns = ordered.map((col): ColDef<TicketRow> => ({
    colId: col.key,
    field: col.key,
    headerName: col.label,
    sortable: true,
    resizable: true,
    hide: !visible.has(col.key),
    sortingOrder: ['asc', 'desc'],
    ...(col.key === 'createdAt' ? { initialSort: 'desc' as const } : {}),
    ...columnSpec(col.key, timeZone),
  }))
  const afterSubject = contractColumns.findIndex((c) => c.colId === 'subject') + 1
  return [
    ...contractColumns.slice(0, afterSubject),
    ...analystColumns(),
    ...contractColumns.slice(afterSubject),
    labelsColumn(),
  ]
}

/** Default columns first, in the order above; the optional ones after them, in contract order. */
function order(key: TicketColumnKey): number {
  const i = DEFAULT_VISIBLE_COLUMNS.indexOf(key)
  return i >= 0 ? i : DEFAULT_VISIBLE_COLUMNS.length + TICKET_COLUMNS.findIndex((c) => c.key === key)
}

/**
 * The visible columns in the grid's order, as an export writes them: the order the analyst dragged them into (the
 * stored column layout) when there is one, else the default order. Columns the layout does not know follow it.
 */
export function exportColumnOrder(
  visible: readonly string[],
  layout: readonly { key: string }[] = [],
): TicketColumnKey[] {
  const shown = new Set(visible)
  const dragged = new Map(layout.map((c, i) => [c.key, i]))
  const rank = (k: TicketColumnKey) => dragged.get(k) ?? layout.length + order(k)
  return TICKET_COLUMNS.map((c) => c.key)
    .filter((k) => shown.has(k))
    .sort((a, b) => rank(a) - rank(b))
}

/** Header label of a column key, for the columns chooser. */
export function columnLabel(key: string): string {
  if (key === 'firstReplyMinutes') return 'First reply'
  if (key === 'fullResolutionMinutes') return 'Resolution'
  return TICKET_COLUMNS.find((c) => c.key === key)?.label ?? key
}

/** The grid's sort model as the contract's single-column sort; no sort (or an unknown column) is the default. */
export function toTicketSort(sortModel: readonly SortModelItem[] | undefined): TicketSort {
  const first = sortModel?.[0]
  if (!first) return DEFAULT_SORT
  const column = SORT_COLUMNS.find((c) => c === first.colId)
  return column ? { column, dir: first.sort === 'asc' ? 'asc' : 'desc' } : DEFAULT_SORT
}
