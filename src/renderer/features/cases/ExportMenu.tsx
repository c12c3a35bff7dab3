import { useState } from 'react'
import { call } from '../../api/client'
import { Icon } from '../../components/Icon'
import { Popover } from '../../components/Popover'
import { analystTimeZone, plural } from '../../lib/format'
import { useStore } from '../../store'
import { exportColumnOrder } from './caseColumns'
import { filterKey } from './filterModel'

const FORMATS = [
  { format: 'csv', label: 'CSV (.csv)' },
  { format: 'xlsx', label: 'Excel (.xlsx)' },
] as const

/**
 * Exports the current view (filters, sort and visible columns) to a file in the background. Progress, rows per
 * second, time left and Cancel show in the status bar; the finished file is announced with a Download link.
 */
export function ExportMenu() {
  const filters = useStore((s) => s.filters)
  const count = useStore((s) => s.count)
  const [starting, setStarting] = useState(false)
  const matching = count && count.key === filterKey(filters) ? count.value : null

  const start = async (format: 'csv' | 'xlsx', close: () => void): Promise<void> => {
    const s = useStore.getState()
    setStarting(true)
    try {
      await call('export.tickets', {
        filters: s.filters,
        sort: s.sort,
        columns: exportColumnOrder(s.visibleColumns, s.columnLayout),
        format,
        timeZone: analystTimeZone(),
      })
      close()
    } catch (err) {
      s.reportError(err, 'start the export')
    } finally {
      setStarting(false)
    }
  }

  return (
    <Popover
      testId="export-menu"
      title="Export"
      align="right"
      label={
        <>
          <Icon name="download" size={14} />
          <span>Export</span>
        </>
      }
    >
      {(close) => (
        <div className="export-menu">
          {FORMATS.map((f) => (
            <button
              key={f.format}
              type="button"
              className="btn"
              disabled={starting || matching === 0}
              data-testid={`export-${f.format}`}
              onClick={() => void start(f.format, close)}
            >
              {f.label}
            </button>
          ))}
          <p className="export-menu-note">
            {matching === null ? 'Every matching ticket' : plural(matching, 'matching ticket')}, in the grid&apos;s
            order and columns. Formulas are neutralised; sensitive text is withheld.
          </p>
        </div>
      )}
    </Popover>
  )
}
