/**
 * The case grid's API, registered by the grid while it is mounted, so keyboard triage can move the row cursor and
 * patch a row in place (a review changes one cell; reloading the page would lose the scroll position).
 */
import type { GridApi } from 'ag-grid-community'
import { TICKET_COLUMNS, type TicketRow } from '../../../shared/domain'

let current: GridApi<TicketRow> | null = null

export function setGridApi(api: GridApi<TicketRow> | null): void {
  current = api
}

/** The mounted grid's API, if any (bulk selection works on its checked rows). */
export function gridApi(): GridApi<TicketRow> | null {
  return current
}

/** Applies a change to the row of this ticket, if it is loaded. */
export function patchGridRow(id: number, patch: Partial<TicketRow>): void {
  const node = current?.getRowNode(String(id))
  if (node?.data) node.setData({ ...node.data, ...patch })
}

/** The loaded grid row of a ticket, if any. */
export function gridRow(id: number): TicketRow | undefined {
  return current?.getRowNode(String(id))?.data
}

/** Index of the row the cursor is on: the focused cell's row, else the selected row, else the first row. */
function cursorIndex(api: GridApi<TicketRow>, selectedId: number | null): number {
  const focused = api.getFocusedCell()
  if (focused && focused.rowPinned == null) return focused.rowIndex
  if (selectedId !== null) {
    const node = api.getRowNode(String(selectedId))
    if (node?.rowIndex != null) return node.rowIndex
  }
  return 0
}

/** The ticket under the cursor, if its row is loaded. */
export function cursorTicket(selectedId: number | null): number | null {
  if (!current) return null
  return current.getDisplayedRowAtIndex(cursorIndex(current, selectedId))?.data?.id ?? null
}

/**
 * Moves the cursor one row down (+1) or up (-1), focuses that row and scrolls it into view. Returns the
 * ticket now under the cursor, or null when there is no loaded row there (end of the list, page still loading).
 */
export function moveCursor(delta: 1 | -1, selectedId: number | null): number | null {
  const api = current
  if (!api) return null
  const from = cursorIndex(api, selectedId)
  const to = Math.max(0, Math.min(api.getDisplayedRowCount() - 1, from + delta))
  const node = api.getDisplayedRowAtIndex(to)
  if (!node?.data) return null
  api.ensureIndexVisible(to)
  const column = api.getFocusedCell()?.column ?? api.getAllDisplayedColumns()[0]
  // The focused cell marks the cursor; row selection is the bulk checkboxes, which moving must not change.
  if (column) api.setFocusedCell(to, column)
  return node.data.id
}

/**
 * Puts every column back to its default width and order, shows exactly `visible`, and keeps the current sort (the
 * view's, not a default).
 */
export function resetGridColumns(visible: readonly string[]): void {
  const api = current
  if (!api) return
  const sorted = api
    .getColumnState()
    .filter((c) => c.sort)
    .map((c) => ({ colId: c.colId, sort: c.sort, sortIndex: c.sortIndex }))
  api.resetColumnState()
  const shown = new Set(visible)
  const keys = TICKET_COLUMNS.map((c) => c.key)
  api.setColumnsVisible(
    keys.filter((k) => shown.has(k)),
    true,
  )
  api.setColumnsVisible(
    keys.filter((k) => !shown.has(k)),
    false,
  )
  api.applyColumnState({ state: sorted, defaultState: { sort: null } })
}
