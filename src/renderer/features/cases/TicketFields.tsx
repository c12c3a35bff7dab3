import type { ReactNode } from 'react'
import { REGION_LABELS, valueLabel, type TicketDetail } from '../../../shared/domain'
import { Pill } from '../../components/Pill'
import { formatDateTime, formatDateTimeFull, formatMinutes } from '../../lib/format'

function When({ ms }: { ms: number | null }) {
  if (ms === null) return <span className="muted">—</span>
  return (
    <time dateTime={new Date(ms).toISOString()} title={formatDateTimeFull(ms)}>
      {formatDateTime(ms)}
    </time>
  )
}

function Duration({ minutes, what }: { minutes: number | null; what: string }) {
  if (minutes === null) return <span className="muted">—</span>
  return <span title={`${what}: ${minutes.toLocaleString()} calendar minutes`}>{formatMinutes(minutes)}</span>
}

const text = (v: string | null): ReactNode => (v ? v : <span className="muted">—</span>)

/** The ticket's fields as a compact two-column list. */
export function TicketFields({ detail }: { detail: TicketDetail }) {
  const rows: [string, ReactNode][] = [
    ['Status', <Pill key="s" field="status" value={detail.status} />],
    ['Priority', <Pill key="p" field="priority" value={detail.priority} />],
    ['Type', detail.type ? valueLabel('type', detail.type) : text(null)],
    ['Case type', detail.caseType ? valueLabel('caseType', detail.caseType) : text(null)],
    ['Channel', valueLabel('channel', detail.channel)],
    ['Region', detail.region ? (REGION_LABELS[detail.region] ?? detail.region) : text(null)],
    ['Locale', text(detail.locale)],
    ['Requester', text(detail.requester)],
    ['Assignee', detail.assignee ?? <span className="muted">Unassigned</span>],
    ['Group', text(detail.group)],
    ['Created', <When key="c" ms={detail.createdAt} />],
    ['Updated', <When key="u" ms={detail.updatedAt} />],
    ['Solved', <When key="sv" ms={detail.solvedAt} />],
    ['First reply', <Duration key="fr" minutes={detail.firstReplyMinutes} what="First public agent reply − created" />],
    ['First resolution', <Duration key="fres" minutes={detail.firstResolutionMinutes} what="First solve − created" />],
    ['Full resolution', <Duration key="full" minutes={detail.fullResolutionMinutes} what="Last solve − created" />],
    ['Reopens', String(detail.reopens)],
    ['Replies', String(detail.replies)],
    [
      'CSAT',
      detail.csat === null ? (
        <span className="muted">Not rated</span>
      ) : (
        <span className={detail.csat >= 4 ? 'text-good' : detail.csat <= 2 ? 'text-bad' : undefined}>
          {detail.csat} / 5{detail.csat >= 4 ? ' · good' : detail.csat <= 2 ? ' · bad' : ''}
        </span>
      ),
    ],
    ['Escalated', detail.escalated ? <span className="badge badge-warn">Escalated</span> : 'No'],
  ]
  return (
    <>
      <dl className="fields">
        {rows.map(([label, value]) => (
          <div key={label} className="field-row">
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {detail.tags.length > 0 && (
        <ul className="tags" aria-label="Tags">
          {detail.tags.map((t) => (
            <li key={t} className="tag">
              {t}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}
