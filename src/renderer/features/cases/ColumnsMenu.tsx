import { TICKET_COLUMNS } from '../../../shared/domain'
import { Icon } from '../../components/Icon'
import { Popover } from '../../components/Popover'
import { useStore } from '../../store'
import { resetGridColumns } from '../triage/gridHandle'
import { columnLabel, DEFAULT_VISIBLE_COLUMNS } from './caseColumns'

/** Shows or hides grid columns (AG Grid's column chooser is not in Community). The choice is kept across launches. */
export function ColumnsMenu() {
  const visible = useStore((s) => s.visibleColumns)
  const setVisible = useStore((s) => s.setColumnVisible)
  const setColumnLayout = useStore((s) => s.setColumnLayout)
  const shown = new Set(visible)
  return (
    <Popover
      testId="columns-menu"
      title="Columns"
      align="right"
      label={
        <>
          <Icon name="columns" size={14} />
          <span>Columns</span>
        </>
      }
    >
      {() => (
        <div className="multiselect">
          <fieldset className="multiselect-list">
            <legend className="visually-hidden">Columns shown</legend>
            {TICKET_COLUMNS.map((c) => (
              <label key={c.key} className="multiselect-option">
                <input
                  type="checkbox"
                  checked={shown.has(c.key)}
                  disabled={c.key === 'id' || c.key === 'subject'}
                  onChange={(e) => setVisible(c.key, e.target.checked)}
                />
                <span className="multiselect-label">{columnLabel(c.key)}</span>
              </label>
            ))}
          </fieldset>
          <div className="multiselect-footer">
            <button
              type="button"
              className="btn btn-link"
              data-testid="columns-reset"
              onClick={() => {
                for (const c of TICKET_COLUMNS) setVisible(c.key, DEFAULT_VISIBLE_COLUMNS.includes(c.key))
                setColumnLayout([])
                resetGridColumns(DEFAULT_VISIBLE_COLUMNS)
              }}
            >
              Reset columns, order and widths
            </button>
          </div>
        </div>
      )}
    </Popover>
  )
}
