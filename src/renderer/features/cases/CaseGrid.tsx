import './gridSetup'
import type {
  CellKeyDownEvent,
  ColumnMovedEvent,
  ColumnResizedEvent,
  GridApi,
  IDatasource,
  RowClickedEvent,
} from 'ag-grid-community'
import { AgGridReact } from 'ag-grid-react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { call } from '../../api/client'
import type { TicketFilters } from '../../../shared/api/contract'
import { TICKET_COLUMNS, type TicketRow } from '../../../shared/domain'
import { useColorScheme } from '../../lib/useColorScheme'
import { useStore } from '../../store'
import { caseColumns, CELL_RENDERERS, MATCH_COLUMN_ID, toTicketSort, withMatchColumn } from './caseColumns'
import { FlagCell, MatchCell, PillCell, ReviewCell, SubjectCell } from './cellRenderers'
import { setGridApi } from '../triage/gridHandle'
import { BulkArea } from '../bulk/BulkArea'
import {
  BULK_ROW_SELECTION,
  isSelectionCellClick,
  markOpenRow,
  onGridSelectionChanged,
  onRowsLoaded,
  OPEN_ROW_CLASS_RULES,
  SELECTION_COLUMN_DEF,
} from '../bulk/gridSelection'
import { filterKey } from './filterModel'
import { GRID_THEMES } from './gridTheme'
import { applyLayout, captureLayout, LAYOUT_DEBOUNCE_MS } from '../views/gridLayout'

const PAGE_SIZE = 100

/**
 * A datasource over `tickets.page` for one set of filters. A new one is made whenever the filters change, which
 * makes the grid drop its cache and start from the first row. The total comes from `tickets.count` for the same
 * filters, so the scrollbar is right from the first page.
 */
function createDatasource(filters: TicketFilters, onPageFailed: (err: unknown) => void): IDatasource {
  const key = filterKey(filters)
  return {
    getRows(params) {
      const sort = toTicketSort(params.sortModel)
      call('tickets.page', {
        query: { filters, sort },
        startRow: params.startRow,
        limit: Math.min(params.endRow - params.startRow, 1_000),
      })
        .then((page) => {
          const known = useStore.getState().count
          const lastRow = page.last ? page.startRow + page.rows.length : known?.key === key ? known.value : undefined
          params.successCallback(page.rows, lastRow)
          onRowsLoaded(params.api, key, page.rows)
        })
        .catch((err: unknown) => {
          params.failCallback()
          onPageFailed(err)
        })
    },
  }
}

const components = {
  [CELL_RENDERERS.subject]: SubjectCell,
  [CELL_RENDERERS.pill]: PillCell,
  [CELL_RENDERERS.review]: ReviewCell,
  [CELL_RENDERERS.flag]: FlagCell,
  [CELL_RENDERERS.match]: MatchCell,
}

export function CaseGrid() {
  const scheme = useColorScheme()
  const filters = useStore((s) => s.filters)
  const dataVersion = useStore((s) => s.dataVersion)
  const count = useStore((s) => s.count)
  const selectedId = useStore((s) => s.selectedId)
  const visibleColumns = useStore((s) => s.visibleColumns)
  const selectTicket = useStore((s) => s.selectTicket)
  const reportError = useStore((s) => s.reportError)
  const setSort = useStore((s) => s.setSort)
  const [api, setApi] = useState<GridApi<TicketRow> | null>(null)
  const [pageFailed, setPageFailed] = useState(false)
  const viewApplied = useStore((s) => s.viewApplied)
  const setColumnLayout = useStore((s) => s.setColumnLayout)
  const layoutTimer = useRef<ReturnType<typeof setTimeout> | null>(null)
  // Column definitions are made once; later visibility changes go through the API so widths the analyst dragged stay.
  const [columnDefs] = useState(() => withMatchColumn(caseColumns({ visible: useStore.getState().visibleColumns })))

  const onPageFailed = useCallback(
    (err: unknown) => {
      setPageFailed(true)
      reportError(err, 'load these tickets')
    },
    [reportError],
  )

  useEffect(() => {
    if (!api) return
    // Checked rows belong to the previous filters: a bulk action must never reach tickets no longer shown.
    useStore.getState().clearSelection()
    api.setGridOption('datasource', createDatasource(filters, onPageFailed))
    api.ensureIndexVisible(0, 'top')
  }, [api, filters, dataVersion, onPageFailed])

  useEffect(() => {
    if (!api || !count || count.key !== filterKey(filters)) return
    if (api.getDisplayedRowCount() !== count.value) api.setRowCount(count.value, true)
  }, [api, count, filters])

  const openRow = useRef<number | null>(null)
  useEffect(() => {
    if (!api) return
    markOpenRow(api, openRow.current, selectedId)
    openRow.current = selectedId
  }, [api, selectedId])

  // The saved column order and widths on start, and a view's layout and sort when one is opened.
  useEffect(() => {
    if (api) applyLayout(api, useStore.getState(), viewApplied > 0)
  }, [api, viewApplied])

  useEffect(() => () => void (layoutTimer.current && clearTimeout(layoutTimer.current)), [])

  /** Order and widths the analyst dragged are kept (debounced: a drag fires many events). */
  const onLayoutChanged = useCallback(
    (e: ColumnMovedEvent<TicketRow> | ColumnResizedEvent<TicketRow>) => {
      if (!e.finished || e.source === 'api' || e.source === 'flex' || e.source === 'gridInitializing') return
      if (layoutTimer.current) clearTimeout(layoutTimer.current)
      layoutTimer.current = setTimeout(() => setColumnLayout(captureLayout(e.api)), LAYOUT_DEBOUNCE_MS)
    },
    [setColumnLayout],
  )

  useEffect(() => {
    if (!api) return
    const shown = new Set(visibleColumns)
    const keys = TICKET_COLUMNS.map((c) => c.key)
    api.setColumnsVisible(
      keys.filter((k) => shown.has(k)),
      true,
    )
    api.setColumnsVisible(
      keys.filter((k) => !shown.has(k)),
      false,
    )
  }, [api, visibleColumns])

  // The Match column is there while a search is applied (its rows carry an excerpt), and gone otherwise.
  const searching = Boolean(filters.text)
  useEffect(() => {
    api?.setColumnsVisible([MATCH_COLUMN_ID], searching)
  }, [api, searching])

  return (
    <div className="grid-wrap" data-testid="grid">
      {pageFailed && (
        <div className="inline-alert" role="alert">
          Some rows could not be loaded.
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => {
              setPageFailed(false)
              api?.refreshInfiniteCache()
            }}
          >
            Try again
          </button>
        </div>
      )}
      <BulkArea />
      <AgGridReact<TicketRow>
        theme={GRID_THEMES[scheme]}
        columnDefs={columnDefs}
        components={components}
        rowModelType="infinite"
        cacheBlockSize={PAGE_SIZE}
        maxBlocksInCache={50}
        maxConcurrentDatasourceRequests={2}
        blockLoadDebounceMillis={60}
        // At a million rows a drag of the scrollbar crosses thousands of blocks: draw where it stops, not every row
        // on the way, skip row animations, and keep fewer off-screen rows (AG Grid React renders every cell with
        // React, and a jump draws each row twice: placeholder, then data), so no frame blocks for long.
        debounceVerticalScrollbar
        animateRows={false}
        rowBuffer={4}
        infiniteInitialRowCount={PAGE_SIZE}
        getRowId={(p) => String(p.data.id)}
        rowSelection={BULK_ROW_SELECTION}
        selectionColumnDef={SELECTION_COLUMN_DEF}
        rowClassRules={OPEN_ROW_CLASS_RULES}
        onSelectionChanged={onGridSelectionChanged}
        suppressMultiSort
        enableBrowserTooltips
        suppressCellFocus={false}
        onGridReady={(e) => {
          setApi(e.api)
          setGridApi(e.api)
        }}
        onGridPreDestroyed={() => setGridApi(null)}
        onSortChanged={(e) =>
          setSort(
            toTicketSort(
              e.api
                .getColumnState()
                .filter((c) => c.sort)
                .map((c) => ({ colId: c.colId, sort: c.sort as 'asc' | 'desc' })),
            ),
          )
        }
        onColumnMoved={onLayoutChanged}
        onColumnResized={onLayoutChanged}
        onRowClicked={(e: RowClickedEvent<TicketRow>) => {
          if (e.data && !isSelectionCellClick(e)) selectTicket(e.data.id)
        }}
        onCellKeyDown={(e: CellKeyDownEvent<TicketRow>) => {
          const key = (e.event as KeyboardEvent | null)?.key
          if (key === 'Enter' && e.data) selectTicket(e.data.id)
        }}
      />
    </div>
  )
}
