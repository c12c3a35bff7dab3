/** Bulk commands for the palette and the key handler, as data (no DOM, no store) so the palette's tests load them. */
export type BulkCommandId =
  | 'select.toggle'
  | 'select.allMatching'
  | 'select.clear'
  | 'bulk.label'
  | 'bulk.review'
  | 'bulk.flag'
  | 'bulk.escalation'
  | 'bulk.newEscalation'
  | 'bulk.undo'

export const BULK_COMMANDS: readonly { id: BulkCommandId; label: string; keys?: string }[] = [
  { id: 'select.toggle', label: 'Select or unselect the ticket', keys: 'Space' },
  { id: 'select.allMatching', label: 'Select all matching tickets', keys: 'Shift A' },
  { id: 'select.clear', label: 'Deselect all tickets' },
  { id: 'bulk.label', label: 'Bulk: label selected tickets' },
  { id: 'bulk.review', label: 'Bulk: set review state of selected tickets' },
  { id: 'bulk.flag', label: 'Bulk: flag or unflag selected tickets' },
  { id: 'bulk.escalation', label: 'Bulk: add selected tickets to an escalation' },
  { id: 'bulk.newEscalation', label: 'New escalation from selection' },
  { id: 'bulk.undo', label: 'Undo the last bulk action' },
]

const IDS = new Set<string>(BULK_COMMANDS.map((c) => c.id))

export function isBulkCommand(id: string): id is BulkCommandId {
  return IDS.has(id)
}
