/** The command palette's list and its filter, pure so they are tested without a DOM. */
import { BULK_COMMANDS, type BulkCommandId } from '../bulk/bulkCommandList'
import type { TriageAction } from './keymap'

export type CommandId =
  TriageAction | BulkCommandId | 'clearFilters' | 'goCases' | 'goWorkspaces' | 'markSensitive' | 'goWellbeing'

export interface Command {
  id: CommandId
  label: string
  /** The shortcut shown beside it, if any. */
  keys?: string
}

export const COMMANDS: readonly Command[] = [
  { id: 'next', label: 'Next ticket', keys: 'j' },
  { id: 'previous', label: 'Previous ticket', keys: 'k' },
  { id: 'open', label: 'Open ticket', keys: 'Enter' },
  { id: 'close', label: 'Close ticket', keys: 'Esc' },
  { id: 'review.to_review', label: 'Review: to review', keys: '1' },
  { id: 'review.reviewed', label: 'Review: reviewed', keys: '2' },
  { id: 'review.needs_escalation', label: 'Review: needs escalation', keys: '3' },
  { id: 'review.clear', label: 'Review: clear state', keys: '0' },
  { id: 'flag', label: 'Flag or unflag ticket', keys: 'f' },
  { id: 'label', label: 'Add a label', keys: 'l' },
  { id: 'note', label: 'Add a note', keys: 'n' },
  { id: 'reveal', label: 'Reveal or hide sensitive text', keys: 'v' },
  { id: 'markSensitive', label: 'Mark as sensitive (or remove your mark)' },
  ...BULK_COMMANDS,
  { id: 'clearFilters', label: 'Clear filters' },
  { id: 'goCases', label: 'Go to Cases' },
  { id: 'goWorkspaces', label: 'Go to Workspaces' },
  { id: 'goWellbeing', label: 'Go to Wellbeing' },
  { id: 'shortcuts', label: 'Show shortcuts', keys: '?' },
]

/**
 * Commands whose label holds every word of the query (case-insensitive, any order); labels that start with the
 * query come first, otherwise the list keeps its order.
 */
export function filterCommands(commands: readonly Command[], query: string): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...commands]
  const q = words.join(' ')
  const hits = commands.filter((c) => {
    const label = c.label.toLowerCase()
    return words.every((w) => label.includes(w))
  })
  const starts = hits.filter((c) => c.label.toLowerCase().startsWith(q))
  return [...starts, ...hits.filter((c) => !starts.includes(c))]
}
