/** Typed queries over RCA templates, documents, versions and evidence (migration 012). Callers validate content. */
import type {
  EvidencePayload,
  RcaContent,
  RcaEvidence,
  RcaTemplate,
  RcaTemplateBody,
  RcaVersion,
  RcaVersionKind,
} from '../../../shared/rca'
import type { CitedTicket } from '../../../shared/rca'
import type { Db } from '../connection'

// ---------------------------------------------------------------------------------------------------------------
// Templates

interface RawTemplate {
  id: number
  body_json: string
  built_in: number
  updated_at: number
}

const toTemplate = (r: RawTemplate): RcaTemplate => ({
  ...(JSON.parse(r.body_json) as RcaTemplateBody),
  id: r.id,
  builtIn: r.built_in === 1,
  updatedAt: r.updated_at,
})

export function listTemplates(db: Db): RcaTemplate[] {
  return (
    db
      .prepare(
        `SELECT id, body_json, built_in, updated_at FROM rca_templates
         ORDER BY built_in DESC, CASE built_in WHEN 1 THEN id ELSE 0 END, name COLLATE NOCASE, id`,
      )
      .all() as RawTemplate[]
  ).map(toTemplate)
}

export function getTemplate(db: Db, id: number): RcaTemplate | null {
  const r = db.prepare('SELECT id, body_json, built_in, updated_at FROM rca_templates WHERE id = ?').get(id) as
    RawTemplate | undefined
  return r ? toTemplate(r) : null
}

export function templateIdByName(db: Db, name: string): number | null {
  const r = db.prepare('SELECT id FROM rca_templates WHERE name = ? COLLATE NOCASE').get(name) as
    { id: number } | undefined
  return r?.id ?? null
}

export function insertTemplate(db: Db, body: RcaTemplateBody, now: number): RcaTemplate {
  const id = Number(
    db
      .prepare(
        `INSERT INTO rca_templates (name, description, body_json, built_in, created_at, updated_at)
         VALUES (?, ?, ?, 0, ?, ?)`,
      )
      .run(body.name, body.description, JSON.stringify(body), now, now).lastInsertRowid,
  )
  return getTemplate(db, id) as RcaTemplate
}

export function updateTemplate(db: Db, id: number, body: RcaTemplateBody, now: number): RcaTemplate | null {
  const info = db
    .prepare('UPDATE rca_templates SET name = ?, description = ?, body_json = ?, updated_at = ? WHERE id = ?')
    .run(body.name, body.description, JSON.stringify(body), now, id)
  return info.changes === 0 ? null : getTemplate(db, id)
}

export function deleteTemplate(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM rca_templates WHERE id = ?').run(id).changes > 0
}

// ---------------------------------------------------------------------------------------------------------------
// Documents

export interface RcaRow {
  id: number
  escalationId: number | null
  escalationTitle: string | null
  title: string
  templateJson: string
  contentJson: string
  revision: number
  example: boolean
  createdAt: number
  updatedAt: number
  /** The newest export version: when, and the content it printed. */
  lastExport: { at: number; title: string; contentJson: string } | null
}

interface RawDoc {
  id: number
  escalation_id: number | null
  escalation_title: string | null
  title: string
  template_json: string
  content_json: string
  revision: number
  example: number
  created_at: number
  updated_at: number
  export_at: number | null
  export_title: string | null
  export_content: string | null
}

const DOC_SELECT = `SELECT d.id, d.escalation_id, e.title AS escalation_title, d.title, d.template_json, d.content_json,
  d.revision, d.example, d.created_at, d.updated_at, x.created_at AS export_at, x.title AS export_title,
  x.content_json AS export_content
FROM rca_documents d
LEFT JOIN escalations e ON e.id = d.escalation_id
LEFT JOIN rca_versions x ON x.id = (
  SELECT v.id FROM rca_versions v WHERE v.rca_id = d.id AND v.kind = 'export' ORDER BY v.created_at DESC, v.id DESC LIMIT 1
)`

const toRow = (r: RawDoc): RcaRow => ({
  id: r.id,
  escalationId: r.escalation_id,
  escalationTitle: r.escalation_title,
  title: r.title,
  templateJson: r.template_json,
  contentJson: r.content_json,
  revision: r.revision,
  example: r.example === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastExport:
    r.export_at === null
      ? null
      : { at: r.export_at, title: r.export_title ?? '', contentJson: r.export_content ?? '{}' },
})

export function listDocuments(db: Db): RcaRow[] {
  return (db.prepare(`${DOC_SELECT} ORDER BY d.updated_at DESC, d.id DESC`).all() as RawDoc[]).map(toRow)
}

export function getDocument(db: Db, id: number): RcaRow | null {
  const r = db.prepare(`${DOC_SELECT} WHERE d.id = ?`).get(id) as RawDoc | undefined
  return r ? toRow(r) : null
}

export function exampleDocumentId(db: Db): number | null {
  const r = db.prepare('SELECT id FROM rca_documents WHERE example = 1 ORDER BY id LIMIT 1').get() as
    { id: number } | undefined
  return r?.id ?? null
}

export function insertDocument(
  db: Db,
  doc: {
    escalationId: number | null
    title: string
    templateId: number | null
    template: RcaTemplateBody
    content: RcaContent
    example?: boolean
  },
  now: number,
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO rca_documents (escalation_id, title, template_id, template_json, content_json, revision, example,
          created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)`,
      )
      .run(
        doc.escalationId,
        doc.title,
        doc.templateId,
        JSON.stringify(doc.template),
        JSON.stringify(doc.content),
        doc.example ? 1 : 0,
        now,
        now,
      ).lastInsertRowid,
  )
}

/**
 * Writes new content if the document is still at `baseRevision`; returns the new revision, or null when another save
 * got there first (the caller keeps the text and says so).
 */
export function saveDocument(
  db: Db,
  id: number,
  change: { title: string; content: RcaContent; baseRevision: number },
  now: number,
): number | null {
  const info = db
    .prepare(
      `UPDATE rca_documents SET title = ?, content_json = ?, revision = revision + 1, updated_at = ?
       WHERE id = ? AND revision = ?`,
    )
    .run(change.title, JSON.stringify(change.content), now, id, change.baseRevision)
  return info.changes === 0 ? null : change.baseRevision + 1
}

export function documentRevision(db: Db, id: number): number | null {
  const r = db.prepare('SELECT revision FROM rca_documents WHERE id = ?').get(id) as { revision: number } | undefined
  return r?.revision ?? null
}

export function deleteDocument(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM rca_documents WHERE id = ?').run(id).changes > 0
}

// ---------------------------------------------------------------------------------------------------------------
// Versions

interface RawVersion {
  id: number
  rca_id: number
  revision: number
  kind: RcaVersionKind
  label: string
  title: string
  words: number
  created_at: number
}

const toVersion = (r: RawVersion): RcaVersion => ({
  id: r.id,
  rcaId: r.rca_id,
  revision: r.revision,
  kind: r.kind,
  label: r.label,
  title: r.title,
  words: r.words,
  createdAt: r.created_at,
})

export function insertVersion(
  db: Db,
  v: {
    rcaId: number
    revision: number
    kind: RcaVersionKind
    label: string
    title: string
    contentJson: string
    words: number
  },
  now: number,
): RcaVersion {
  const id = Number(
    db
      .prepare(
        `INSERT INTO rca_versions (rca_id, revision, kind, label, title, content_json, words, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(v.rcaId, v.revision, v.kind, v.label, v.title, v.contentJson, v.words, now).lastInsertRowid,
  )
  return toVersion(
    db
      .prepare('SELECT id, rca_id, revision, kind, label, title, words, created_at FROM rca_versions WHERE id = ?')
      .get(id) as RawVersion,
  )
}

export function listVersions(db: Db, rcaId: number): RcaVersion[] {
  return (
    db
      .prepare(
        `SELECT id, rca_id, revision, kind, label, title, words, created_at FROM rca_versions WHERE rca_id = ?
         ORDER BY created_at DESC, id DESC LIMIT 500`,
      )
      .all(rcaId) as RawVersion[]
  ).map(toVersion)
}

export function getVersionContent(
  db: Db,
  rcaId: number,
  versionId: number,
): { title: string; contentJson: string; revision: number; createdAt: number } | null {
  const r = db
    .prepare('SELECT title, content_json, revision, created_at FROM rca_versions WHERE id = ? AND rca_id = ?')
    .get(versionId, rcaId) as { title: string; content_json: string; revision: number; created_at: number } | undefined
  return r ? { title: r.title, contentJson: r.content_json, revision: r.revision, createdAt: r.created_at } : null
}

/** When the newest version of an RCA was recorded (autosave keeps one every few minutes, not one per keystroke). */
export function lastVersionAt(db: Db, rcaId: number): number | null {
  const r = db.prepare('SELECT max(created_at) AS at FROM rca_versions WHERE rca_id = ?').get(rcaId) as {
    at: number | null
  }
  return r.at
}

// ---------------------------------------------------------------------------------------------------------------
// Evidence

interface RawEvidence {
  id: number
  rca_id: number
  label: string
  payload_json: string
  created_at: number
}

const toEvidence = (r: RawEvidence): RcaEvidence => ({
  id: r.id,
  rcaId: r.rca_id,
  label: r.label,
  createdAt: r.created_at,
  payload: JSON.parse(r.payload_json) as EvidencePayload,
})

export function listEvidence(db: Db, rcaId: number): RcaEvidence[] {
  return (
    db
      .prepare('SELECT id, rca_id, label, payload_json, created_at FROM rca_evidence WHERE rca_id = ? ORDER BY id')
      .all(rcaId) as RawEvidence[]
  ).map(toEvidence)
}

export function insertEvidence(
  db: Db,
  rcaId: number,
  label: string,
  payload: EvidencePayload,
  now: number,
): RcaEvidence {
  const id = Number(
    db
      .prepare('INSERT INTO rca_evidence (rca_id, kind, label, payload_json, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(rcaId, payload.kind, label, JSON.stringify(payload), now).lastInsertRowid,
  )
  return toEvidence(
    db
      .prepare('SELECT id, rca_id, label, payload_json, created_at FROM rca_evidence WHERE id = ?')
      .get(id) as RawEvidence,
  )
}

export function deleteEvidence(db: Db, rcaId: number, id: number): boolean {
  return db.prepare('DELETE FROM rca_evidence WHERE id = ? AND rca_id = ?').run(id, rcaId).changes > 0
}

// ---------------------------------------------------------------------------------------------------------------
// What evidence reads from the tickets

interface RawCited {
  id: number
  external_id: string | null
  subject: string | null
  status: string
  case_type: string | null
  channel: string | null
  region: string | null
  requester: string | null
  created_at: number
  sensitive: number
}

/** Tickets to cite, in the order asked, frozen as they are now; sensitive tickets keep no subject. */
export function citedTickets(db: Db, ids: readonly number[]): CitedTicket[] {
  const stmt = db.prepare(
    `SELECT id, external_id, subject, status, case_type, channel, region, requester, created_at, sensitive
     FROM tickets WHERE id = ?`,
  )
  const out: CitedTicket[] = []
  for (const id of ids) {
    const r = stmt.get(id) as RawCited | undefined
    if (!r) continue
    out.push({
      id: r.id,
      externalId: r.external_id,
      subject: r.sensitive ? null : r.subject,
      status: r.status,
      caseType: r.case_type,
      channel: r.channel,
      region: r.region,
      requester: r.requester,
      createdAt: r.created_at,
      sensitive: r.sensitive === 1,
    })
  }
  return out
}

/** Ticket ids of an escalation, oldest first (the cohort the RCA is about). */
export function escalationTicketIds(db: Db, escalationId: number, limit: number): number[] {
  return (
    db
      .prepare(`SELECT ticket_id FROM escalation_tickets WHERE escalation_id = ? ORDER BY ticket_id LIMIT ?`)
      .all(escalationId, limit) as { ticket_id: number }[]
  ).map((r) => r.ticket_id)
}

export function escalationExists(db: Db, id: number): boolean {
  return db.prepare('SELECT 1 FROM escalations WHERE id = ?').get(id) !== undefined
}
