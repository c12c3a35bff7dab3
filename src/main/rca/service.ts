/**
 * RCA documents over one workspace connection: create from a template, autosave (a save names the revision it was
 * made from, so a stale window can never overwrite newer words), version history with restore, evidence, and what
 * changed since the last export. Every refusal is an RcaRefusal with the sentence for the analyst; nothing is changed
 * when one is thrown.
 */
import {
  changedParts,
  citedEvidence,
  contentForTemplate,
  contentWords,
  rcaContentSchema,
  rcaTemplateBodySchema,
  type RcaContent,
  type RcaDocument,
  type RcaSummary,
  type RcaTemplateBody,
  type RcaVersion,
} from '../../shared/rca'
import type { Db } from '../db/connection'
import * as q from '../db/queries/rca'

/** Autosave keeps at most one version per this long (every save still updates the document itself). */
export const AUTO_VERSION_EVERY_MS = 10 * 60_000

export class RcaRefusal extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_input' | 'busy',
    message: string,
  ) {
    super(message)
    this.name = 'RcaRefusal'
  }
}

const noRca = (id: number) => new RcaRefusal('not_found', `There is no RCA ${id} in this workspace.`)

function parseTemplate(json: string): RcaTemplateBody {
  return JSON.parse(json) as RcaTemplateBody
}

function parseContent(json: string, template: RcaTemplateBody): RcaContent {
  const parsed = rcaContentSchema.safeParse(JSON.parse(json))
  return contentForTemplate(template, parsed.success ? parsed.data : undefined)
}

function changedSince(row: q.RcaRow, template: RcaTemplateBody, content: RcaContent): string[] {
  if (!row.lastExport) return []
  return changedParts(
    template,
    { title: row.title, content },
    { title: row.lastExport.title, content: parseContent(row.lastExport.contentJson, template) },
  )
}

function summaryOf(row: q.RcaRow): RcaSummary {
  const template = parseTemplate(row.templateJson)
  const content = parseContent(row.contentJson, template)
  return {
    id: row.id,
    title: row.title,
    escalationId: row.escalationId,
    escalationTitle: row.escalationTitle,
    templateName: template.name,
    revision: row.revision,
    updatedAt: row.updatedAt,
    lastExportAt: row.lastExport?.at ?? null,
    changedSinceExport: changedSince(row, template, content),
    example: row.example,
  }
}

export function listRcas(db: Db): RcaSummary[] {
  return q.listDocuments(db).map(summaryOf)
}

export function getRca(db: Db, id: number): RcaDocument {
  const row = q.getDocument(db, id)
  if (!row) throw noRca(id)
  const template = parseTemplate(row.templateJson)
  return {
    ...summaryOf(row),
    template,
    content: parseContent(row.contentJson, template),
    evidence: q.listEvidence(db, id),
    createdAt: row.createdAt,
  }
}

export function createRca(
  db: Db,
  req: { escalationId: number | null; templateId: number; title: string; content?: RcaContent; example?: boolean },
  now = Date.now(),
): RcaDocument {
  const template = q.getTemplate(db, req.templateId)
  if (!template) throw new RcaRefusal('not_found', `There is no RCA template ${req.templateId} in this workspace.`)
  if (req.escalationId !== null && !q.escalationExists(db, req.escalationId))
    throw new RcaRefusal('not_found', `There is no escalation ${req.escalationId} in this workspace.`)
  const body: RcaTemplateBody = { name: template.name, description: template.description, sections: template.sections }
  const id = q.insertDocument(
    db,
    {
      escalationId: req.escalationId,
      title: req.title,
      templateId: template.id,
      template: body,
      content: contentForTemplate(body, req.content),
      example: req.example,
    },
    now,
  )
  return getRca(db, id)
}

/** Sections whose kind does not match the template's, named, so a bad save is refused whole. */
function checkShape(template: RcaTemplateBody, content: RcaContent): void {
  for (const s of template.sections) {
    const sec = content.sections[s.key]
    if (sec && sec.kind !== s.kind)
      throw new RcaRefusal(
        'invalid_input',
        `The section "${s.title}" holds ${sec.kind} content but the template makes it ${s.kind}; nothing was saved.`,
      )
  }
  const known = new Set(template.sections.map((s) => s.key))
  const stray = Object.keys(content.sections).filter((k) => !known.has(k))
  if (stray.length > 0)
    throw new RcaRefusal('invalid_input', `This RCA has no section "${stray[0]}"; nothing was saved.`)
}

function checkCites(db: Db, id: number, template: RcaTemplateBody, content: RcaContent): void {
  const have = new Set(q.listEvidence(db, id).map((e) => e.id))
  const missing = citedEvidence(content, template).filter((e) => !have.has(e))
  if (missing.length > 0)
    throw new RcaRefusal(
      'invalid_input',
      `A claim cites evidence ${missing[0]}, which is not attached to this RCA; nothing was saved. Reload the RCA.`,
    )
}

export interface SaveResult {
  revision: number
  updatedAt: number
  changedSinceExport: string[]
  /** A version was recorded by this save (autosave keeps one every 10 minutes). */
  versioned: boolean
}

export function saveRca(
  db: Db,
  req: { id: number; title: string; content: RcaContent; baseRevision: number },
  now = Date.now(),
): SaveResult {
  return db.transaction((): SaveResult => {
    const row = q.getDocument(db, req.id)
    if (!row) throw noRca(req.id)
    const template = parseTemplate(row.templateJson)
    checkShape(template, req.content)
    checkCites(db, req.id, template, req.content)
    if (row.revision !== req.baseRevision)
      throw new RcaRefusal(
        'busy',
        `This RCA was changed elsewhere (revision ${row.revision}, yours was made from ${req.baseRevision}). ` +
          'Your text is kept as a draft in this window: reload to see the newer version, then paste what you need.',
      )
    const revision = q.saveDocument(db, req.id, req, now)
    if (revision === null) throw noRca(req.id)
    const last = q.lastVersionAt(db, req.id)
    const versioned = last === null || now - last >= AUTO_VERSION_EVERY_MS
    if (versioned)
      q.insertVersion(
        db,
        {
          rcaId: req.id,
          revision,
          kind: 'auto',
          label: '',
          title: req.title,
          contentJson: JSON.stringify(req.content),
          words: contentWords(req.content, template),
        },
        now,
      )
    const saved = q.getDocument(db, req.id) as q.RcaRow
    return { revision, updatedAt: now, changedSinceExport: changedSince(saved, template, req.content), versioned }
  })()
}

/** Records the document as it stands now as a version of `kind`. */
export function recordVersion(
  db: Db,
  id: number,
  kind: 'manual' | 'export' | 'restore',
  label: string,
  now = Date.now(),
): RcaVersion {
  const row = q.getDocument(db, id)
  if (!row) throw noRca(id)
  const template = parseTemplate(row.templateJson)
  const content = parseContent(row.contentJson, template)
  return q.insertVersion(
    db,
    {
      rcaId: id,
      revision: row.revision,
      kind,
      label,
      title: row.title,
      contentJson: JSON.stringify(content),
      words: contentWords(content, template),
    },
    now,
  )
}

export function listVersions(db: Db, id: number): RcaVersion[] {
  if (!q.getDocument(db, id)) throw noRca(id)
  return q.listVersions(db, id)
}

/**
 * Puts a version's text back. The current text is recorded first (kind "restore"), so a restore can itself be undone
 * from the history.
 */
export function restoreVersion(db: Db, id: number, versionId: number, now = Date.now()): RcaDocument {
  return db.transaction(() => {
    const row = q.getDocument(db, id)
    if (!row) throw noRca(id)
    const version = q.getVersionContent(db, id, versionId)
    if (!version) throw new RcaRefusal('not_found', `There is no version ${versionId} of this RCA.`)
    const template = parseTemplate(row.templateJson)
    const content = parseContent(version.contentJson, template)
    // Evidence removed since that version cannot be cited again: its citations are dropped, the words kept.
    const have = new Set(q.listEvidence(db, id).map((e) => e.id))
    const cleaned = stripCites(content, (e) => have.has(e))
    recordVersion(
      db,
      id,
      'restore',
      `Before restoring the version of ${new Date(version.createdAt).toISOString()}`,
      now,
    )
    const revision = q.saveDocument(db, id, { title: version.title, content: cleaned, baseRevision: row.revision }, now)
    if (revision === null) throw noRca(id)
    return getRca(db, id)
  })()
}

function stripCites(content: RcaContent, keep: (id: number) => boolean): RcaContent {
  return JSON.parse(
    JSON.stringify(content, (key, value: unknown) =>
      key === 'cites' && Array.isArray(value) ? value.filter((v) => typeof v === 'number' && keep(v)) : value,
    ),
  ) as RcaContent
}

/** Evidence still cited cannot be removed: the claims that cite it are named instead. */
export function removeEvidence(db: Db, rcaId: number, evidenceId: number): void {
  const doc = getRca(db, rcaId)
  if (!doc.evidence.some((e) => e.id === evidenceId))
    throw new RcaRefusal('not_found', `Evidence ${evidenceId} is not attached to this RCA.`)
  if (citedEvidence(doc.content, doc.template).includes(evidenceId)) {
    const where = doc.template.sections
      .filter((s) => {
        const sec = doc.content.sections[s.key]
        return (
          sec !== undefined && citedEvidence({ sections: { [s.key]: sec } }, { sections: [s] }).includes(evidenceId)
        )
      })
      .map((s) => `"${s.title}"`)
    throw new RcaRefusal(
      'invalid_input',
      `This evidence is cited in ${where.join(', ')}. Remove those citations first; nothing was removed.`,
    )
  }
  q.deleteEvidence(db, rcaId, evidenceId)
}

export function saveTemplate(db: Db, req: { id?: number; body: unknown }, now = Date.now()) {
  const parsed = rcaTemplateBodySchema.safeParse(req.body)
  if (!parsed.success)
    throw new RcaRefusal(
      'invalid_input',
      `${parsed.error.issues[0]?.message ?? 'The template is not valid.'} Nothing was saved.`,
    )
  const other = q.templateIdByName(db, parsed.data.name)
  if (other !== null && other !== req.id)
    throw new RcaRefusal(
      'invalid_input',
      `A template called "${parsed.data.name}" already exists. Choose another name.`,
    )
  if (req.id === undefined) return q.insertTemplate(db, parsed.data, now)
  const updated = q.updateTemplate(db, req.id, parsed.data, now)
  if (!updated) throw new RcaRefusal('not_found', `There is no RCA template ${req.id} in this workspace.`)
  return updated
}

/** A team's own template can go (RCAs made from it keep their copy); a built-in stays, so the stock one is never lost. */
export function deleteTemplate(db: Db, id: number): void {
  const t = q.getTemplate(db, id)
  if (!t) throw new RcaRefusal('not_found', `There is no RCA template ${id} in this workspace.`)
  if (t.builtIn)
    throw new RcaRefusal(
      'invalid_input',
      `"${t.name}" is a built-in template and cannot be deleted. Duplicate it to make your own version.`,
    )
  q.deleteTemplate(db, id)
}
