/** Moves the grid's column layout and sort to and from the store's shape (AG Grid's column state API). */
import type { GridApi } from 'ag-grid-community'
import type { TicketSort } from '../../../shared/api/contract'
import type { ColumnLayout } from './viewModel'

export const LAYOUT_DEBOUNCE_MS = 300

/** Order of every column, and widths of the fixed-width ones (a flex column's width follows the window). */
export function captureLayout(api: GridApi): ColumnLayout {
  return api
    .getColumnState()
    .map((c) => (c.flex || c.width == null ? { key: c.colId } : { key: c.colId, width: Math.round(c.width) }))
}

/** Applies the stored order and widths; with `withSort`, the stored sort too (a view was opened). */
export function applyLayout(
  api: GridApi,
  state: { columnLayout: ColumnLayout; sort: TicketSort },
  withSort: boolean,
): void {
  const known = state.columnLayout.filter((c) => api.getColumn(c.key))
  if (known.length > 0) {
    api.applyColumnState({
      state: known.map((c) => (c.width === undefined ? { colId: c.key } : { colId: c.key, width: c.width })),
      applyOrder: true,
    })
  }
  if (withSort) {
    api.applyColumnState({
      state: [{ colId: state.sort.column, sort: state.sort.dir }],
      defaultState: { sort: null },
    })
  }
}
