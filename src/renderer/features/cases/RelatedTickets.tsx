/**
 * The detail panel's "Escalations" (which ones this ticket is in) and "Related tickets" (same requester; same case
 * type within half an hour). Sensitive tickets are listed by category only, as in the grid.
 */
import { useEffect, useState } from 'react'
import type { RelatedGroup, RelatedTicket, RelatedTickets as Related } from '../../../shared/api/methods/bulk'
import { ESCALATION_STATUS_LABELS, type TicketEscalation } from '../../../shared/api/methods/escalations'
import { CASE_TYPE_LABELS, valueLabel } from '../../../shared/domain'
import { call } from '../../api/client'
import { analystMessage } from '../../lib/errors'
import { formatDateTime, formatDateTimeFull, formatInt } from '../../lib/format'
import { useStore } from '../../store'

/** Loads `load()` for a ticket, again after every bulk write; answers for another ticket are dropped. */
function useTicketData<T>(ticketId: number, load: () => Promise<T>, doing: string) {
  const version = useStore((s) => s.analystVersion)
  const [state, setState] = useState<{ id: number; value: T | null; error: string | null } | null>(null)
  useEffect(() => {
    let live = true
    load()
      .then((value) => live && setState({ id: ticketId, value, error: null }))
      .catch((err: unknown) => live && setState({ id: ticketId, value: null, error: analystMessage(err, doing) }))
    return () => {
      live = false
    }
    // `load` is a fresh closure each render; the ticket and the data version are what it depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ticketId, version])
  return state?.id === ticketId ? state : null
}

export function TicketEscalations({ ticketId }: { ticketId: number }) {
  const data = useTicketData<TicketEscalation[]>(
    ticketId,
    () => call('escalations.forTicket', { ticketId }),
    'list the ticket’s escalations',
  )
  return (
    <section className="detail-section" aria-labelledby="detail-escalations" data-testid="ticket-escalations">
      <h3 id="detail-escalations" className="section-title">
        Escalations
      </h3>
      {!data ? (
        <p className="muted small">Loading…</p>
      ) : data.error ? (
        <p className="field-error">{data.error}</p>
      ) : data.value?.length ? (
        <ul className="escalation-chips">
          {data.value.map((e) => (
            <li key={e.id} className="escalation-chip" title={`Added ${formatDateTimeFull(e.addedAt)}`}>
              <span className={`esc-priority esc-priority-${e.priority}`}>{e.priority}</span>
              <span className="escalation-chip-title">{e.title}</span>
              <span className={`esc-status esc-status-${e.status}`}>{ESCALATION_STATUS_LABELS[e.status]}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">Not in any escalation.</p>
      )}
    </section>
  )
}

function relatedText(t: RelatedTicket): string {
  if (t.sensitive || t.subject === null) {
    const category = t.caseType ? (CASE_TYPE_LABELS[t.caseType] ?? t.caseType) : 'sensitive category'
    return `Sensitive ticket · ${category}`
  }
  return t.subject || '(no subject)'
}

function Group({ title, group, empty }: { title: string; group: RelatedGroup; empty: string }) {
  const open = useStore((s) => s.selectTicket)
  return (
    <div className="related-group">
      <h4 className="related-title">
        {title} <span className="muted">({formatInt(group.total)})</span>
      </h4>
      {group.tickets.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <ul className="related-list">
          {group.tickets.map((t) => (
            <li key={t.id}>
              <button
                type="button"
                className={`related-item${t.sensitive ? ' is-sensitive' : ''}`}
                data-testid="related-ticket"
                onClick={() => open(t.id)}
              >
                <span className="mono muted">#{t.id}</span>
                <span className="related-subject truncate">{relatedText(t)}</span>
                <span className="related-meta muted" title={formatDateTimeFull(t.createdAt)}>
                  {valueLabel('status', t.status)} · {formatDateTime(t.createdAt)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {group.total > group.tickets.length && (
        <p className="muted small">
          Showing the newest {formatInt(group.tickets.length)} of {formatInt(group.total)}.
        </p>
      )}
    </div>
  )
}

export function RelatedTickets({ ticketId }: { ticketId: number }) {
  const data = useTicketData<Related>(ticketId, () => call('tickets.related', { id: ticketId }), 'find related tickets')
  return (
    <section className="detail-section" aria-labelledby="detail-related" data-testid="related-tickets">
      <h3 id="detail-related" className="section-title">
        Related tickets
      </h3>
      {!data ? (
        <p className="muted small">Loading…</p>
      ) : data.error || !data.value ? (
        <p className="field-error">{data.error}</p>
      ) : (
        <>
          <Group
            title="Same requester"
            group={data.value.sameRequester}
            empty="No other tickets from this requester."
          />
          <Group
            title="Same case type, within 30 minutes"
            group={data.value.sameCaseTypeHour}
            empty="No other tickets of this case type around that time."
          />
        </>
      )}
    </section>
  )
}
