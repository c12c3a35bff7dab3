/**
 * Sensitive-ticket actions from the detail panel, the keyboard (`v`) and the command palette. Marking a ticket
 * sensitive hides its text at once (before the answer is even shown); removing a mark loads the ticket again from
 * main, which decides whether its text may be shown.
 */
import { call } from '../../api/client'
import { useStore } from '../../store'
import { redactDetail } from '../cases/detailModel'
import { patchGridRow } from '../triage/gridHandle'
import { reasonsSentence } from './wellbeingModel'

/** `v`: reveal the open sensitive ticket's text, or hide it again. Other tickets' text is never kept. */
export function toggleReveal(): void {
  const s = useStore.getState()
  if (!s.detail || s.detail.id !== s.selectedId || !s.detail.sensitive || s.revealing) return
  if (s.revealed) s.hideRevealed()
  else void s.reveal()
}

export async function markSensitive(ticketId: number, sensitive: boolean): Promise<void> {
  const store = useStore.getState()
  let reasons
  try {
    reasons = await call('wellbeing.markSensitive', { ticketId, sensitive })
  } catch (err) {
    store.reportError(err, sensitive ? 'mark the ticket sensitive' : 'remove your sensitive mark')
    return
  }
  useStore.setState({ sensitiveReasons: { ticketId, reasons } })
  const { detail } = useStore.getState()
  const open = detail?.id === ticketId ? detail : null
  if (reasons.sensitive) {
    patchGridRow(ticketId, { sensitive: true, subject: null })
    // Text that was on screen because the ticket was not sensitive goes away now; a ticket the analyst already
    // revealed on purpose stays as it is.
    if (open && !open.sensitive)
      useStore.setState({ detail: redactDetail({ ...open, sensitive: true }), revealed: false })
    store.notify(
      'success',
      sensitive
        ? `Ticket ${ticketId} is marked sensitive: its text stays hidden until you reveal it.`
        : `Your mark was removed. ${reasonsSentence(reasons) ?? ''} Its text stays hidden.`,
    )
    return
  }
  store.notify('success', `Your mark was removed: ticket ${ticketId} is no longer sensitive.`)
  try {
    const fresh = await call('tickets.get', { id: ticketId })
    if (useStore.getState().selectedId === ticketId) useStore.setState({ detail: fresh, revealed: false })
    patchGridRow(ticketId, { sensitive: false, subject: fresh.subject })
  } catch (err) {
    store.reportError(err, 'load the ticket again')
  }
}

/** The palette's "Mark as sensitive": marks the ticket, or removes the analyst's own mark when it has one. */
export async function toggleSensitiveMark(ticketId: number): Promise<void> {
  const s = useStore.getState()
  const known = s.sensitiveReasons?.ticketId === ticketId ? s.sensitiveReasons.reasons : null
  const openNotSensitive = s.detail?.id === ticketId && !s.detail.sensitive
  const reasons = known ?? (openNotSensitive ? null : await s.loadSensitiveReasons(ticketId))
  await markSensitive(ticketId, !(reasons?.analyst ?? false))
}
