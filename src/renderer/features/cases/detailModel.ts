import type { TicketDetail } from '../../../shared/domain'

/** The same ticket with its text dropped again, as the server sends it before a reveal. */
export function redactDetail(detail: TicketDetail): TicketDetail {
  return {
    ...detail,
    subject: null,
    description: null,
    withheld: true,
    comments: detail.comments.map((c) => ({ ...c, body: null })),
  }
}

/** True while a sensitive ticket's text is hidden: the panel shows placeholders and the reveal button. */
export function isWithheld(detail: TicketDetail): boolean {
  return detail.withheld || (detail.sensitive && detail.description === null)
}
