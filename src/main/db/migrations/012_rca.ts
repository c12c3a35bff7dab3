/**
 * Migration 12: RCA templates (seeded, editable, teams add their own), documents (one per RCA, belonging to an
 * escalation), their version history and the evidence their claims cite. Everything here is analyst work: no import
 * or sync writes it, and deleting an escalation keeps its RCA (escalation_id becomes NULL) rather than losing words.
 */
import { DEFAULT_RCA_TEMPLATES } from '../../../shared/rcaTemplates'
import type { Migration } from './types'

/** SQL string literal (the seed is our own constant data, but quoting stays correct whatever it holds). */
const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`

const seed = DEFAULT_RCA_TEMPLATES.map(
  (t) =>
    `INSERT INTO rca_templates (name, description, body_json, built_in, created_at, updated_at)
     VALUES (${lit(t.name)}, ${lit(t.description)}, ${lit(JSON.stringify(t))}, 1, 0, 0);`,
).join('\n')

export const migration012: Migration = {
  version: 12,
  name: 'RCA templates, documents, versions and evidence',
  sql: `
CREATE TABLE rca_templates (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
  description TEXT NOT NULL DEFAULT '',
  -- The whole template (name, description, sections) as validated by rcaTemplateBodySchema.
  body_json TEXT NOT NULL CHECK (json_valid(body_json)),
  built_in INTEGER NOT NULL DEFAULT 0 CHECK (built_in IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE rca_documents (
  id INTEGER PRIMARY KEY,
  escalation_id INTEGER REFERENCES escalations(id) ON DELETE SET NULL,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  template_id INTEGER REFERENCES rca_templates(id) ON DELETE SET NULL,
  -- The template as it was at creation: editing or deleting a template never reshapes an RCA.
  template_json TEXT NOT NULL CHECK (json_valid(template_json)),
  content_json TEXT NOT NULL CHECK (json_valid(content_json)),
  -- Every save adds one; a save names the revision it was made from, so a stale window cannot overwrite newer text.
  revision INTEGER NOT NULL DEFAULT 1,
  -- The demo's worked example (one per demo workspace).
  example INTEGER NOT NULL DEFAULT 0 CHECK (example IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE rca_versions (
  id INTEGER PRIMARY KEY,
  rca_id INTEGER NOT NULL REFERENCES rca_documents(id) ON DELETE CASCADE,
  revision INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('auto', 'manual', 'export', 'restore')),
  label TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  content_json TEXT NOT NULL CHECK (json_valid(content_json)),
  words INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE rca_evidence (
  id INTEGER PRIMARY KEY,
  rca_id INTEGER NOT NULL REFERENCES rca_documents(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('tickets', 'chart', 'view', 'metric')),
  label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  -- What was cited, frozen when it was cited (EvidencePayload).
  payload_json TEXT NOT NULL CHECK (json_valid(payload_json)),
  created_at INTEGER NOT NULL
) STRICT;

${seed}
`,
  indexes: `
CREATE INDEX rca_documents_escalation ON rca_documents (escalation_id);
CREATE INDEX rca_versions_doc ON rca_versions (rca_id, created_at);
CREATE INDEX rca_evidence_doc ON rca_evidence (rca_id);
`,
}
