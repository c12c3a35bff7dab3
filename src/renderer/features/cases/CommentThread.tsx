import type { TicketComment } from '../../../shared/domain'
import type { SearchTerm } from '../../../shared/search'
import { Highlighted } from '../../components/Highlighted'
import { formatDateTime, formatDateTimeFull } from '../../lib/format'
import { SensitivePlaceholder } from './SensitivePlaceholder'

const ROLE_LABELS: Record<TicketComment['authorRole'], string> = {
  requester: 'Requester',
  agent: 'Agent',
  system: 'System',
}

/** The conversation, oldest first. Private notes are marked; withheld bodies are placeholders, never text. */
export function CommentThread({ comments, terms }: { comments: TicketComment[]; terms: readonly SearchTerm[] }) {
  if (comments.length === 0) return <p className="muted">No replies yet.</p>
  return (
    <ol className="thread">
      {comments.map((c) => (
        <li key={c.id} className={`comment comment-${c.authorRole}${c.public ? '' : ' comment-private'}`}>
          <div className="comment-head">
            <span className="comment-author">{c.author ?? ROLE_LABELS[c.authorRole]}</span>
            <span className={`role role-${c.authorRole}`}>{ROLE_LABELS[c.authorRole]}</span>
            {!c.public && <span className="badge badge-private">Private note</span>}
            <time
              className="comment-time"
              dateTime={new Date(c.createdAt).toISOString()}
              title={formatDateTimeFull(c.createdAt)}
            >
              {formatDateTime(c.createdAt)}
            </time>
          </div>
          {c.body === null ? (
            <SensitivePlaceholder lines={2} label="Reply hidden: sensitive ticket" />
          ) : (
            <p className="comment-body">
              <Highlighted text={c.body} terms={terms} />
            </p>
          )}
        </li>
      ))}
    </ol>
  )
}
