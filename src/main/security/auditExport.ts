/** The audit log as a file for a security review: CSV (spreadsheet-safe cells) or JSON. Never holds ticket text. */
import { csvRow } from '../../shared/csvSafe'
import { AUDIT_EXPORT_MAX, type AuditEntry } from '../../shared/api/methods/security'
import { iterateAudit, type AuditQuery } from '../db/queries/audit'
import type { Db } from '../db/connection'

export function auditFileName(workspaceId: string, format: 'csv' | 'json', now: number): string {
  const day = new Date(now).toISOString().slice(0, 10)
  return `${workspaceId}-audit-${day}.${format}`
}

/** Oldest first, at most AUDIT_EXPORT_MAX entries (the newest ones when there are more). */
export function auditFileContent(
  db: Db,
  query: AuditQuery,
  format: 'csv' | 'json',
  meta: { workspace: string; exportedBy: string; now: number },
): { content: string; entries: number } {
  const all: AuditEntry[] = []
  for (const e of iterateAudit(db, query)) {
    all.push(e)
    if (all.length > AUDIT_EXPORT_MAX) all.shift()
  }
  if (format === 'json') {
    const content = JSON.stringify(
      {
        kind: 'ops-workbench.audit',
        version: 1,
        workspace: meta.workspace,
        exportedBy: meta.exportedBy,
        exportedAt: new Date(meta.now).toISOString(),
        entries: all.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
      },
      null,
      2,
    )
    return { content, entries: all.length }
  }
  let content = '\uFEFF' + csvRow(['id', 'time (UTC)', 'who', 'action', 'target', 'detail'])
  for (const e of all)
    content += csvRow([e.id, new Date(e.at).toISOString(), e.actor, e.action, e.target, JSON.stringify(e.detail)])
  return { content, entries: all.length }
}
