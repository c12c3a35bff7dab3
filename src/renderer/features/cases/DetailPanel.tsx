import { CASE_TYPE_LABELS, type TicketDetail } from '../../../shared/domain'
import { Highlighted } from '../../components/Highlighted'
import { Icon } from '../../components/Icon'
import { useStore } from '../../store'
import { CommentThread } from './CommentThread'
import { isWithheld } from './detailModel'
import { SensitivePlaceholder } from './SensitivePlaceholder'
import { TicketFields } from './TicketFields'
import { ReviewSection } from '../triage/ReviewSection'
import { RelatedTickets, TicketEscalations } from './RelatedTickets'
import { SensitivityControl } from '../wellbeing/SensitivityControl'
import { hiddenHeadline } from '../wellbeing/wellbeingModel'
import { useSearchTerms } from './useSearchTerms'

function categoryOf(detail: TicketDetail): string {
  return detail.caseType ? (CASE_TYPE_LABELS[detail.caseType] ?? detail.caseType) : 'sensitive'
}

function SensitiveNotice({ detail }: { detail: TicketDetail }) {
  const reveal = useStore((s) => s.reveal)
  const revealing = useStore((s) => s.revealing)
  const why = useStore((s) => (s.sensitiveReasons?.ticketId === detail.id ? s.sensitiveReasons.reasons : null))
  return (
    <div className="sensitive-notice" data-testid="sensitive-notice">
      <Icon name="shield" size={18} className="sensitive-notice-icon" />
      <div>
        <p className="sensitive-notice-text">
          {hiddenHeadline(detail.caseType ? categoryOf(detail) : null, why)} Its text is hidden until you choose to view
          it.
        </p>
        <p className="sensitive-notice-sub">
          Only this ticket’s text is shown, and it is hidden again when you open another ticket.
        </p>
        <button
          type="button"
          className="btn btn-sm"
          data-testid="reveal-button"
          disabled={revealing}
          onClick={() => void reveal()}
        >
          {revealing ? 'Loading text…' : 'Reveal text'}
        </button>
      </div>
    </div>
  )
}

function RevealedBar() {
  const hide = useStore((s) => s.hideRevealed)
  return (
    <div className="revealed-bar" role="status">
      <Icon name="eyeOff" size={14} />
      <span>Showing the text of this sensitive ticket.</span>
      <button type="button" className="btn btn-link" onClick={hide} data-testid="hide-button">
        Hide text
      </button>
    </div>
  )
}

function DetailBody({ detail }: { detail: TicketDetail }) {
  const withheld = isWithheld(detail)
  // Sensitive text is never highlighted, even once revealed: the search could not have matched it.
  const terms = useSearchTerms()
  const shown = detail.sensitive ? [] : terms
  return (
    <>
      {detail.sensitive && (withheld ? <SensitiveNotice detail={detail} /> : <RevealedBar />)}
      <TicketFields detail={detail} />
      <SensitivityControl detail={detail} />
      <ReviewSection detail={detail} />
      <TicketEscalations ticketId={detail.id} />
      <section className="detail-section" aria-labelledby="detail-description">
        <h3 id="detail-description" className="section-title">
          Description
        </h3>
        {withheld || detail.description === null ? (
          <SensitivePlaceholder lines={4} label="Description hidden: sensitive ticket" />
        ) : (
          <p className="description" data-testid="ticket-description">
            <Highlighted text={detail.description} terms={shown} />
          </p>
        )}
      </section>
      <section className="detail-section" aria-labelledby="detail-thread">
        <h3 id="detail-thread" className="section-title">
          Conversation <span className="muted">({detail.comments.length})</span>
        </h3>
        <CommentThread comments={detail.comments} terms={shown} />
      </section>
      <RelatedTickets ticketId={detail.id} />
    </>
  )
}

/** The open ticket beside the grid. Closes with its button or Escape. */
export function DetailPanel() {
  const id = useStore((s) => s.selectedId)
  const detail = useStore((s) => s.detail)
  const loading = useStore((s) => s.detailLoading)
  const close = useStore((s) => s.selectTicket)
  const reload = useStore((s) => s.reloadDetail)
  const terms = useSearchTerms()
  if (id === null) return null
  const withheld = detail ? isWithheld(detail) : false

  return (
    <aside className="detail" aria-label={`Ticket ${id}`} data-testid="detail-panel">
      <header className="detail-header">
        <div className="detail-heading">
          <div className="detail-meta">
            <span className="mono">#{id}</span>
            {detail && (
              <>
                <span aria-hidden="true">·</span>
                <span className="mono" title="ID in the source system">
                  {detail.externalId}
                </span>
                <span aria-hidden="true">·</span>
                <span>{detail.source}</span>
              </>
            )}
          </div>
          {detail ? (
            withheld || detail.subject === null ? (
              <h2 className="detail-subject detail-subject-hidden">
                <span className="redacted-bar redacted-bar-lg" aria-hidden="true" />
                <span className="visually-hidden">Subject hidden: sensitive ticket</span>
              </h2>
            ) : (
              <h2 className="detail-subject">
                <Highlighted text={detail.subject} terms={detail.sensitive ? [] : terms} />
              </h2>
            )
          ) : (
            <h2 className="detail-subject muted">{loading ? 'Opening ticket…' : 'Ticket could not be opened'}</h2>
          )}
        </div>
        <button
          type="button"
          className="btn-icon"
          aria-label="Close ticket"
          title="Close (Esc)"
          data-testid="detail-close"
          onClick={() => close(null)}
        >
          <Icon name="close" />
        </button>
      </header>
      <div className="detail-scroll">
        {detail ? (
          <DetailBody key={detail.id} detail={detail} />
        ) : loading ? (
          <div className="detail-loading" aria-busy="true">
            <span className="skeleton" />
            <span className="skeleton" />
            <span className="skeleton skeleton-short" />
          </div>
        ) : (
          <div className="detail-failed">
            <p>The ticket could not be loaded. The grid and your filters are unchanged.</p>
            <button type="button" className="btn btn-sm" onClick={reload}>
              Try again
            </button>
          </div>
        )}
      </div>
    </aside>
  )
}
