/**
 * The keyboard map of triage, as pure data and functions (no DOM), so the sheet, the palette and the key handler
 * all read one table and it can be unit-tested.
 */
import type { ReviewState } from '../../../shared/domain'

export type TriageAction =
  | 'next'
  | 'previous'
  | 'open'
  | 'close'
  | 'review.to_review'
  | 'review.reviewed'
  | 'review.needs_escalation'
  | 'review.clear'
  | 'flag'
  | 'label'
  | 'note'
  | 'reveal'
  | 'shortcuts'
  | 'palette'
  | 'select.toggle'
  | 'select.allMatching'

/** Every shortcut as the sheet lists it: keys as shown, and what they do. */
export const SHORTCUTS: readonly { action: TriageAction; keys: readonly string[]; label: string }[] = [
  { action: 'next', keys: ['j', '↓'], label: 'Next ticket' },
  { action: 'previous', keys: ['k', '↑'], label: 'Previous ticket' },
  { action: 'open', keys: ['Enter'], label: 'Open the ticket' },
  { action: 'close', keys: ['Esc'], label: 'Close the ticket (or a dialog)' },
  { action: 'review.to_review', keys: ['1'], label: 'Review: to review' },
  { action: 'review.reviewed', keys: ['2'], label: 'Review: reviewed' },
  { action: 'review.needs_escalation', keys: ['3'], label: 'Review: needs escalation' },
  { action: 'review.clear', keys: ['0'], label: 'Clear the review state' },
  { action: 'flag', keys: ['f'], label: 'Flag or unflag' },
  { action: 'label', keys: ['l'], label: 'Add a label' },
  { action: 'note', keys: ['n'], label: 'Add a note' },
  { action: 'reveal', keys: ['v'], label: 'Reveal or hide the text of a sensitive ticket' },
  { action: 'select.toggle', keys: ['Space'], label: 'Select or unselect the ticket for a bulk action' },
  { action: 'select.allMatching', keys: ['Shift A'], label: 'Select all matching tickets' },
  { action: 'shortcuts', keys: ['?'], label: 'Show shortcuts' },
  { action: 'palette', keys: ['Ctrl K', '⌘ K'], label: 'Command palette' },
]

/** The review state a review action sets (null clears). */
export function reviewStateOf(action: TriageAction): ReviewState | null | undefined {
  switch (action) {
    case 'review.to_review':
      return 'to_review'
    case 'review.reviewed':
      return 'reviewed'
    case 'review.needs_escalation':
      return 'needs_escalation'
    case 'review.clear':
      return null
    default:
      return undefined
  }
}

/** The parts of a key event the map looks at. */
export interface KeyInput {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  /** Focus is in something that takes typing (input, textarea, select, contenteditable). */
  inTextField: boolean
}

/**
 * The action a key press asks for, or null. Only the palette works while typing in a field; single keys never fire
 * with Ctrl, Cmd or Alt held, so the browser's and the system's shortcuts keep working. Escape is left to whoever
 * owns it (dialogs, fields, the detail panel).
 */
export function actionForKey(e: KeyInput): TriageAction | null {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') return 'palette'
  if (e.inTextField || e.ctrlKey || e.metaKey || e.altKey) return null
  switch (e.key) {
    case 'j':
    case 'ArrowDown':
      return 'next'
    case 'k':
    case 'ArrowUp':
      return 'previous'
    case 'Enter':
      return 'open'
    case '1':
      return 'review.to_review'
    case '2':
      return 'review.reviewed'
    case '3':
      return 'review.needs_escalation'
    case '0':
      return 'review.clear'
    case 'f':
      return 'flag'
    case 'l':
      return 'label'
    case 'n':
      return 'note'
    case 'v':
      return 'reveal'
    case '?':
      return 'shortcuts'
    case ' ':
      return 'select.toggle'
    // Shift+A arrives as "A"; Ctrl+Shift+A is left to the browser (tab search in Chromium).
    case 'A':
      return 'select.allMatching'
    default:
      return null
  }
}
