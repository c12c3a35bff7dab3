/**
 * From an RCA to a PDF file: assemble the packet (the RCA, its escalation's bundle, its evidence), print it with the
 * registered printer (Electron) or Chromium, check the bytes are a PDF, write them atomically, and record the export
 * as a version so the RCA screen can mark what changed since.
 */
import path from 'node:path'
import type { PacketRedaction } from '../../shared/rca'
import type { Db } from '../db/connection'
import { bundleOf } from '../escalations/service'
import { buildPacket, type Packet } from './packetHtml'
import { createChromiumPrinter } from './pdfChromium'
import { assertPdf, registeredPdfPrinter, writeFileAtomic, type PdfPrinter } from './printer'
import { getRca, recordVersion } from './service'
import { safeAudit } from '../security/auditHooks'

export const PDF_TIMEOUT_MS = 60_000

export interface PacketOptions {
  timeZone: string
  redaction: PacketRedaction
  workspaceName: string
  now?: number
}

export function packetFor(db: Db, id: number, options: PacketOptions): Packet {
  const doc = getRca(db, id)
  const now = options.now ?? Date.now()
  let escalation: ReturnType<typeof bundleOf> = null
  let escalationProblem: string | null = null
  if (doc.escalationId !== null) {
    try {
      escalation = bundleOf(db, doc.escalationId, now)
    } catch (err) {
      // The RCA still prints; the cover says what is missing and why, rather than no packet at all.
      escalationProblem = `The escalation's own record (timeline, impact, tracked actions) could not be read: ${(err as Error).message}.`
    }
  }
  return buildPacket({
    doc,
    escalation,
    escalationProblem,
    workspaceName: options.workspaceName,
    generatedAt: now,
    timeZone: options.timeZone,
    redaction: options.redaction,
  })
}

export interface ExportResult {
  file: string
  bytes: number
  sections: string[]
  printer: PdfPrinter['name']
}

export async function exportRcaPdf(
  db: Db,
  id: number,
  file: string,
  options: PacketOptions & {
    printer?: PdfPrinter
    timeoutMs?: number
    onProgress?: (step: 'packet' | 'layout' | 'print' | 'write', done: number) => void
    /** The front door that asked, for the audit log. */
    via?: string
  },
): Promise<ExportResult> {
  options.onProgress?.('packet', 0)
  const packet = packetFor(db, id, options)
  const printer = options.printer ?? registeredPdfPrinter() ?? createChromiumPrinter()
  const pdf = await printer.print({
    html: packet.html,
    headerTemplate: packet.headerTemplate,
    footerTemplate: packet.footerTemplate,
    timeZone: options.timeZone,
    timeoutMs: options.timeoutMs ?? PDF_TIMEOUT_MS,
    onProgress: (step) => options.onProgress?.(step, step === 'layout' ? 1 : 2),
  })
  assertPdf(pdf)
  options.onProgress?.('write', 3)
  writeFileAtomic(file, pdf)
  recordVersion(db, id, 'export', `Exported to ${path.basename(file)}`, options.now ?? Date.now())
  // Who exported what (issue 7's audit log): the file, the RCA and whether redaction was on, never its text.
  safeAudit(db, {
    action: 'export.pdf',
    target: path.basename(file),
    via: options.via,
    detail: { rca: id, bytes: pdf.length, redaction: options.redaction.enabled, printer: printer.name },
  })
  return { file, bytes: pdf.length, sections: packet.sections, printer: printer.name }
}
