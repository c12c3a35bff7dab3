/** Runs a bulk command from the keyboard or the palette. */
import { useStore } from '../../store'
import type { BulkCommandId } from './bulkCommandList'
import { toggleCursorRow } from './gridSelection'

export function runBulkCommand(id: BulkCommandId): void {
  const s = useStore.getState()
  switch (id) {
    case 'select.toggle':
      return toggleCursorRow()
    case 'select.allMatching':
      return s.selectAllMatching()
    case 'select.clear':
      return s.clearSelection()
    case 'bulk.label':
      return s.openBulkDialog('label')
    case 'bulk.review':
      return s.openBulkDialog('review')
    case 'bulk.flag':
      return s.openBulkDialog('flag')
    case 'bulk.escalation':
      return s.openBulkDialog('escalation')
    case 'bulk.newEscalation':
      if (s.checkedIds.length === 0 && !s.allMatching)
        return s.notify(
          'info',
          'Select tickets first (Space, or the checkboxes), then open a new escalation from them.',
        )
      return s.openNewEscalation(true)
    case 'bulk.undo':
      if (!s.lastBulk) return s.notify('info', 'There is no bulk action to undo.')
      return void s.undoLastBulk()
  }
}
