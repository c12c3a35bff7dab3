/**
 * Saved views in the renderer as pure functions: the definition of what the grid shows now, applying a definition
 * back (a relative date preset is resolved again as of the moment it is opened), and whether the two differ.
 */
import { DEFAULT_SORT, type TicketFilters, type TicketSort } from '../../../shared/api/contract'
import { TICKET_COLUMNS } from '../../../shared/domain'
import { VIEW_VERSION, type ViewColumn, type ViewDefinition } from '../../../shared/views'
import { DEFAULT_VISIBLE_COLUMNS } from '../cases/caseColumns'
import {
  ALL_TIME,
  hasActiveFilters,
  normalizeFilters,
  presetRange,
  withRange,
  type DateRange,
} from '../cases/filterModel'

/** Order and widths of the grid's columns as the analyst left them (visibility lives in `visibleColumns`). */
export type ColumnLayout = { key: string; width?: number }[]

export interface GridView {
  filters: TicketFilters
  dateRange: DateRange
  sort: TicketSort
  visibleColumns: readonly string[]
  columnLayout: ColumnLayout
}

const KNOWN = new Set<string>(TICKET_COLUMNS.map((c) => c.key))

/** Every known column once, in the layout's order first, then the rest in their default order. */
function orderedKeys(layout: ColumnLayout): string[] {
  const keys = layout.map((c) => c.key).filter((k) => KNOWN.has(k))
  const seen = new Set(keys)
  return [...new Set(keys), ...TICKET_COLUMNS.map((c) => c.key).filter((k) => !seen.has(k))]
}

export function currentDefinition(view: GridView): ViewDefinition {
  const widths = new Map(view.columnLayout.map((c) => [c.key, c.width]))
  const shown = new Set(view.visibleColumns)
  const columns = orderedKeys(view.columnLayout).map((key) => {
    const col: ViewColumn = { key: key as ViewColumn['key'] }
    const width = widths.get(key)
    if (width !== undefined) col.width = Math.min(2_000, Math.max(20, Math.round(width)))
    if (!shown.has(key)) col.hidden = true
    return col
  })
  const def: ViewDefinition = { version: VIEW_VERSION, filters: view.filters, sort: view.sort, columns }
  if (view.dateRange.preset !== 'all') def.dateRange = { ...view.dateRange }
  return def
}

/** Columns a view shows: the grid's defaults for a view that names none; the id and subject always. */
function shownColumns(def: ViewDefinition): string[] {
  if (def.columns.length === 0) return [...DEFAULT_VISIBLE_COLUMNS]
  const shown = def.columns.filter((c) => !c.hidden).map((c) => c.key as string)
  return [...ALWAYS_SHOWN.filter((k) => !shown.includes(k)), ...shown]
}

const ALWAYS_SHOWN = ['id', 'subject']

/** The grid state a definition stands for, as of `now` in `timeZone`. */
export function applyDefinition(def: ViewDefinition, timeZone: string, now: number): GridView {
  const stored = def.dateRange ?? ALL_TIME
  const dateRange: DateRange =
    stored.preset === 'custom'
      ? { ...stored }
      : stored.preset === 'all'
        ? ALL_TIME
        : presetRange(stored.preset, timeZone, now)
  return {
    filters: withRange(def.filters, dateRange, timeZone),
    dateRange,
    sort: def.sort,
    visibleColumns: shownColumns(def),
    columnLayout: def.columns.map((c) => (c.width === undefined ? { key: c.key } : { key: c.key, width: c.width })),
  }
}

/** A key equal for definitions that show the same thing (a preset compares by name, not by its dates). */
export function definitionKey(def: ViewDefinition): string {
  const { createdFrom: _f, createdTo: _t, ...filters } = normalizeFilters(def.filters)
  const range = def.dateRange ?? ALL_TIME
  return JSON.stringify({
    filters,
    range: range.preset === 'custom' ? [range.from ?? null, range.to ?? null] : range.preset,
    sort: [def.sort.column, def.sort.dir],
    columns: def.columns.map((c) => [c.key, c.width ?? null, c.hidden ?? false]),
  })
}

/** The grid shows every ticket in the default order (column layout aside). */
export function isDefaultView(view: Pick<GridView, 'filters' | 'sort'>): boolean {
  return (
    !hasActiveFilters(view.filters) && view.sort.column === DEFAULT_SORT.column && view.sort.dir === DEFAULT_SORT.dir
  )
}
