/**
 * Full-text search over subject, description and comments (FTS5). One row per ticket, rowid = tickets.id, with
 * `body` = description + every comment body. Contentless (`content=''`): the text already lives in `tickets` and
 * `ticket_comments`, so the index holds only tokens; matches are highlighted from the parsed search terms instead of
 * with FTS5's highlight(). `contentless_delete=1` lets the triggers replace a ticket's row.
 *
 * Sensitive tickets are never indexed: a search must not be an oracle for text the grid withholds ("does the hidden
 * ticket contain 'password'?"). They are still found by every other filter.
 *
 * Triggers keep the index in step with any writer (upserts, syncs, imports). A bulk load drops them and rebuilds the
 * index in one statement afterwards (`bulkLoad`), which is far faster than a trigger per row.
 */
import type { Migration } from './types'

/** The indexed text of the tickets matched by `cond` (an SQL condition on `t`). */
export function ticketDocs(cond: string): string {
  return `SELECT t.id, t.subject, t.description || coalesce((SELECT ' ' || group_concat(c.body, ' ')
    FROM ticket_comments c WHERE c.ticket_id = t.id), '')
  FROM tickets t WHERE t.sensitive = 0 AND ${cond}`
}

const reindex = (idExpr: string): string => `
  DELETE FROM tickets_fts WHERE rowid = ${idExpr};
  INSERT INTO tickets_fts (rowid, subject, body) ${ticketDocs(`t.id = ${idExpr}`)};`

export const TRIGGERS = `
CREATE TRIGGER IF NOT EXISTS tickets_fts_insert AFTER INSERT ON tickets BEGIN ${reindex('new.id')} END;
CREATE TRIGGER IF NOT EXISTS tickets_fts_update AFTER UPDATE OF subject, description, sensitive ON tickets BEGIN
  ${reindex('new.id')}
END;
CREATE TRIGGER IF NOT EXISTS tickets_fts_delete AFTER DELETE ON tickets BEGIN
  DELETE FROM tickets_fts WHERE rowid = old.id;
END;
CREATE TRIGGER IF NOT EXISTS ticket_comments_fts_insert AFTER INSERT ON ticket_comments BEGIN
  ${reindex('new.ticket_id')}
END;
CREATE TRIGGER IF NOT EXISTS ticket_comments_fts_update AFTER UPDATE OF body, ticket_id ON ticket_comments BEGIN
  ${reindex('old.ticket_id')} ${reindex('new.ticket_id')}
END;
CREATE TRIGGER IF NOT EXISTS ticket_comments_fts_delete AFTER DELETE ON ticket_comments BEGIN
  ${reindex('old.ticket_id')}
END;
`

export const TRIGGER_NAMES = [
  'tickets_fts_insert',
  'tickets_fts_update',
  'tickets_fts_delete',
  'ticket_comments_fts_insert',
  'ticket_comments_fts_update',
  'ticket_comments_fts_delete',
]

/** Every ticket's document, in rowid order (FTS5 appends fastest in rowid order). */
const POPULATE = `
INSERT INTO tickets_fts (tickets_fts) VALUES ('delete-all');
INSERT INTO tickets_fts (rowid, subject, body) ${ticketDocs('1')} ORDER BY t.id;`

export const migration002: Migration = {
  version: 2,
  name: 'full-text search',
  sql: `
CREATE VIRTUAL TABLE tickets_fts USING fts5(
  subject, body,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);
${POPULATE}
${TRIGGERS}
`,
  bulkLoad: {
    before: `${TRIGGER_NAMES.map((n) => `DROP TRIGGER IF EXISTS ${n};`).join('\n')}
INSERT INTO tickets_fts (tickets_fts) VALUES ('delete-all');`,
    after: `${POPULATE}\n${TRIGGERS}`,
  },
}
