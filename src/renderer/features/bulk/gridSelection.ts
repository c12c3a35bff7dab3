/**
 * The glue between AG Grid's row selection (the checkboxes) and the bulk slice. The grid only knows loaded rows, so
 * "all matching" lives in the store and is mirrored onto rows as they load; what the analyst checks by hand flows
 * back as ids.
 */
import type {
  GridApi,
  IRowNode,
  RowClassRules,
  RowClickedEvent,
  RowSelectionOptions,
  SelectionChangedEvent,
  SelectionColumnDef,
} from 'ag-grid-community'
import type { TicketRow } from '../../../shared/domain'
import { call } from '../../api/client'
import { useStore } from '../../store'
import { cursorTicket, gridApi } from '../triage/gridHandle'

/** Checkboxes select rows for bulk actions; a click on a row opens it (the open row is marked by a class instead). */
export const BULK_ROW_SELECTION: RowSelectionOptions<TicketRow> = {
  mode: 'multiRow',
  checkboxes: true,
  // The header box could only check loaded rows; "Select all matching" in the bulk bar means every matching ticket.
  headerCheckbox: false,
  enableClickSelection: false,
}

export const SELECTION_COLUMN_DEF: SelectionColumnDef = {
  width: 40,
  minWidth: 40,
  maxWidth: 40,
  resizable: false,
  suppressMovable: true,
  lockPosition: 'left',
  headerTooltip: 'Check tickets for a bulk action (Space checks the row under the cursor)',
}

/** The open ticket's row. Read at render time, so marking another row only needs those rows re-rendered. */
export const OPEN_ROW_CLASS_RULES: RowClassRules<TicketRow> = {
  'row-open': (p) => p.data !== undefined && p.data.id === useStore.getState().selectedId,
}

/** Re-applies the row classes of the previously and newly open rows (row class rules run when a row is drawn). */
export function markOpenRow(api: GridApi<TicketRow>, previous: number | null, next: number | null): void {
  const rowNodes = [...new Set([previous, next])]
    .map((id) => (id === null ? undefined : api.getRowNode(String(id))))
    .filter((n): n is IRowNode<TicketRow> => !!n?.data)
  if (rowNodes.length > 0) api.redrawRows({ rowNodes })
}

/** A click in the checkbox column selects, it does not open the ticket. */
export function isSelectionCellClick(e: RowClickedEvent<TicketRow>): boolean {
  const target = e.event?.target
  return target instanceof Element && !!target.closest('.ag-selection-checkbox, [col-id="ag-Grid-SelectionColumn"]')
}

/** Checked rows changed. A change the analyst made (not ours, from "all matching") turns it into a plain selection. */
export function onGridSelectionChanged(e: SelectionChangedEvent<TicketRow>): void {
  const ids = e.api
    .getSelectedNodes()
    .map((n) => n.data?.id)
    .filter((id): id is number => id !== undefined)
  useStore.getState().setChecked(ids, e.source === 'api')
}

function selectNodes(api: GridApi<TicketRow>, nodes: IRowNode<TicketRow>[]): void {
  if (nodes.length > 0) api.setNodesSelected({ nodes, newValue: true, source: 'api' })
}

/** Checks every loaded row (after "select all matching"). */
export function selectLoadedRows(): void {
  const api = gridApi()
  if (!api) return
  const nodes: IRowNode<TicketRow>[] = []
  api.forEachNode((n) => {
    if (n.data) nodes.push(n)
  })
  selectNodes(api, nodes)
}

/** Rows just loaded for the filters `key`: checked when "all matching" covers them. */
export function onRowsLoaded(api: GridApi<TicketRow>, key: string, rows: readonly TicketRow[]): void {
  if (useStore.getState().allMatching?.key !== key) return
  const nodes = rows.map((r) => api.getRowNode(String(r.id))).filter((n): n is IRowNode<TicketRow> => !!n)
  selectNodes(api, nodes)
}

export function clearGridSelection(): void {
  const api = gridApi()
  const nodes = api?.getSelectedNodes() ?? []
  if (api && nodes.length > 0) api.setNodesSelected({ nodes, newValue: false, source: 'api' })
}

/** Space: checks or unchecks the row under the cursor. */
export function toggleCursorRow(): void {
  const api = gridApi()
  const id = cursorTicket(useStore.getState().selectedId)
  const node = id === null ? undefined : api?.getRowNode(String(id))
  if (node) node.setSelected(!node.isSelected(), false, 'spaceKey')
}

/**
 * After a bulk write or undo: reload the loaded rows in place (the scroll position stays), recount, and refresh the
 * open ticket's analyst state without hiding text the analyst chose to reveal.
 */
export function afterBulkWrite(): void {
  gridApi()?.refreshInfiniteCache()
  const s = useStore.getState()
  void s.refreshSummary()
  const id = s.selectedId
  if (id === null) return
  call('tickets.get', { id })
    .then((fresh) => {
      const detail = useStore.getState().detail
      if (detail?.id !== id) return
      useStore.setState({
        detail: {
          ...detail,
          labels: fresh.labels,
          review: fresh.review,
          reviewState: fresh.reviewState,
          flagged: fresh.flagged,
        },
      })
    })
    .catch((err: unknown) => useStore.getState().reportError(err, 'refresh the open ticket'))
}
