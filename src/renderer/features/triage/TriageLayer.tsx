import { useCallback, useEffect, useState } from 'react'
import { useRoute } from '../../routes'
import { isBulkCommand } from '../bulk/bulkCommandList'
import { runBulkCommand } from '../bulk/bulkCommands'
import { useStore } from '../../store'
import { CommandPalette } from './CommandPalette'
import type { CommandId } from './commands'
import { cursorTicket, gridRow, moveCursor } from './gridHandle'
import { actionForKey, reviewStateOf } from './keymap'
import { ShortcutsSheet } from './ShortcutsSheet'
import { requestFocus, setReview, toggleFlag } from './triageActions'
import { toggleReveal, toggleSensitiveMark } from '../wellbeing/wellbeingActions'

function isTextField(el: Element | null): boolean {
  if (!(el instanceof HTMLElement)) return false
  if (el.isContentEditable) return true
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true
  if (el instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(el.type)
  return false
}

/** Focus is on the page itself or in the grid, where Enter and the arrows mean rows (not a button or a list). */
function inRowContext(el: Element | null): boolean {
  return !el || el === document.body || !!el.closest('[data-testid="grid"]')
}

/**
 * Keyboard triage and the command palette: one document listener for the whole app, the palette and the shortcuts
 * sheet as modal dialogs. Ticket actions apply to the open ticket, else to the row under the grid's cursor.
 */
export function TriageLayer() {
  const route = useRoute()
  const [dialog, setDialog] = useState<'palette' | 'shortcuts' | null>(null)

  const run = useCallback(
    (id: CommandId): void => {
      const s = useStore.getState()
      if (id === 'palette') return setDialog('palette')
      if (id === 'shortcuts') return setDialog('shortcuts')
      if (id === 'goCases' || id === 'goWorkspaces') {
        window.location.hash = id === 'goCases' ? '#/cases' : '#/workspaces'
        return
      }
      if (id === 'goWellbeing') {
        window.location.hash = '#/wellbeing'
        return
      }
      if (route !== 'cases') return
      if (id === 'clearFilters') return s.clearFilters()
      if (isBulkCommand(id)) return runBulkCommand(id)
      if (id === 'next' || id === 'previous') {
        const ticket = moveCursor(id === 'next' ? 1 : -1, s.selectedId)
        if (ticket !== null && s.selectedId !== null) s.selectTicket(ticket)
        return
      }
      if (id === 'close') return s.selectTicket(null)
      if (id === 'open') {
        const row = cursorTicket(s.selectedId)
        if (row !== null) s.selectTicket(row)
        return
      }
      // Other actions work on the open ticket, else on the row under the cursor.
      const ticket = s.selectedId ?? cursorTicket(null)
      if (ticket === null) return
      if (id === 'reveal') return toggleReveal()
      if (id === 'markSensitive') return void toggleSensitiveMark(ticket)
      const state = reviewStateOf(id)
      if (state !== undefined) return void setReview(ticket, state)
      if (id === 'flag') {
        const flagged =
          s.detail?.id === ticket ? (s.detail.review?.flagged ?? false) : (gridRow(ticket)?.flagged ?? false)
        return void toggleFlag(ticket, flagged)
      }
      if (id === 'label' || id === 'note') {
        if (s.selectedId !== ticket) s.selectTicket(ticket)
        requestFocus(id)
      }
    },
    [route],
  )

  useEffect(() => {
    if (dialog) return
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.isComposing) return
      const target = document.activeElement
      const action = actionForKey({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        inTextField: isTextField(target),
      })
      if (!action) return
      // Another dialog or an open list owns its keys.
      if (target?.closest('dialog, [role="listbox"], [role="menu"]')) return
      const rowKey = e.key === 'Enter' || e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key === ' '
      if (rowKey && !inRowContext(target)) return
      if (route !== 'cases' && !['palette', 'shortcuts'].includes(action)) return
      e.preventDefault()
      e.stopPropagation()
      run(action)
    }
    // Capture: the grid's own arrow and Enter handling would otherwise move a second cursor.
    document.addEventListener('keydown', onKey, true)
    return () => document.removeEventListener('keydown', onKey, true)
  }, [dialog, route, run])

  if (dialog === 'shortcuts') return <ShortcutsSheet onClose={() => setDialog(null)} />
  if (dialog === 'palette')
    return (
      <CommandPalette
        onClose={() => setDialog(null)}
        onRun={(id) => {
          setDialog(null)
          // After the palette has closed and given focus back, so a field the command focuses keeps it.
          setTimeout(() => run(id), 0)
        }}
      />
    )
  return null
}
