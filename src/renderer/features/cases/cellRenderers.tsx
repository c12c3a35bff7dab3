import type { CustomCellRendererProps } from 'ag-grid-react'
import { REVIEW_LABELS, type TicketRow } from '../../../shared/domain'
import { Highlighted } from '../../components/Highlighted'
import { Icon } from '../../components/Icon'
import { Pill } from '../../components/Pill'
import { sensitiveLabel, snippetFromLabel } from './caseColumns'
import { useSearchTerms } from './useSearchTerms'

/**
 * The subject, or for a sensitive ticket a grey placeholder bar and its category: lists never carry harmful text
 * (the server sends `subject: null`), and this cell never tries to show any.
 */
export function SubjectCell({ data }: CustomCellRendererProps<TicketRow>) {
  const terms = useSearchTerms()
  if (!data) return null
  if (data.sensitive || data.subject === null) {
    return (
      <span className="subject-sensitive" data-testid="sensitive-subject">
        <span className="redacted-bar" aria-hidden="true" />
        <span className="sensitive-label">{sensitiveLabel(data.caseType)}</span>
      </span>
    )
  }
  return (
    <span className="subject-text">
      <Highlighted text={data.subject} terms={terms} />
    </span>
  )
}

/** Under a search, the excerpt where the ticket matched, its terms marked; empty for a sensitive ticket. */
export function MatchCell({ data }: CustomCellRendererProps<TicketRow>) {
  const terms = useSearchTerms()
  const snippet = data && !data.sensitive ? data.snippet : null
  if (!snippet) return null
  return (
    <span className="match-text" data-testid="match-snippet">
      <span className="match-from">{snippetFromLabel(snippet.from)}</span>
      <Highlighted text={snippet.text} terms={terms} />
    </span>
  )
}

export function PillCell(props: CustomCellRendererProps<TicketRow> & { field: 'status' | 'priority' }) {
  if (!props.data) return null
  return <Pill field={props.field} value={(props.value as string | null | undefined) ?? null} />
}

/** The analyst's review state as a small pill; nothing when the ticket has none. */
export function ReviewCell({ data }: CustomCellRendererProps<TicketRow>) {
  if (!data?.reviewState) return null
  return (
    <span className={`pill pill-review pill-review-${data.reviewState}`} data-testid="review-cell">
      {REVIEW_LABELS[data.reviewState]}
    </span>
  )
}

export function FlagCell({ data }: CustomCellRendererProps<TicketRow>) {
  if (!data?.flagged) return null
  return (
    <span className="cell-flag" data-testid="flag-cell" title="Flagged by you">
      <Icon name="flag" size={14} />
      <span className="visually-hidden">Flagged</span>
    </span>
  )
}
