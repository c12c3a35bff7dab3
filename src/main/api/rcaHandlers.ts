/** Handlers of the methods in shared/api/methods/rca.ts: RCA documents, evidence, versions, preview and the PDF. */
import fs from 'node:fs'
import path from 'node:path'
import type { rcaMethods } from '../../shared/api/methods/rca'
import { isValidTimeZone, zoneOffsetMs } from '../../shared/time'
import { describeRedactions } from '../../shared/redact'
import { TaskReporter } from '../app/events'
import * as q from '../db/queries/rca'
import { exportsDir } from '../export/exportFiles'
import { buildEvidence, EvidenceError } from '../rca/evidence'
import { exportRcaPdf, packetFor } from '../rca/exportPdf'
import { PdfPrintError } from '../rca/printer'
import * as rca from '../rca/service'
import { MetricsRequestError } from '../metrics/scope'
import type { HandlerContext } from './context'
import { ApiFailure, type Handlers } from './dispatcher'

/** `rca-<id>-<yyyymmdd-hhmm>.pdf` in the analyst's local time, `-2`, `-3`… when taken. */
export function rcaPdfPath(dir: string, id: number, now: number, timeZone: string): string {
  const local = new Date(now + zoneOffsetMs(now, timeZone)).toISOString()
  const base = `rca-${id}-${local.slice(0, 10).replace(/-/g, '')}-${local.slice(11, 16).replace(':', '')}`
  for (let i = 1; ; i++) {
    const file = path.join(dir, `${base}${i === 1 ? '' : `-${i}`}.pdf`)
    if (!fs.existsSync(file)) return file
  }
}

export function createRcaHandlers(ctx: HandlerContext): Pick<Handlers, keyof typeof rcaMethods> {
  const ws = () => ctx.manager.require()
  const db = () => ws().db
  /** Refusals from the service and the evidence builder become the analyst's sentence. */
  const run = <T>(fn: () => T): T => {
    try {
      return fn()
    } catch (err) {
      if (err instanceof rca.RcaRefusal) throw new ApiFailure(err.code, err.message)
      if (err instanceof EvidenceError || err instanceof MetricsRequestError)
        throw new ApiFailure('invalid_input', err.message)
      throw err
    }
  }
  const zone = (timeZone: string) => {
    if (!isValidTimeZone(timeZone)) throw new ApiFailure('invalid_input', `Unknown time zone "${timeZone}".`)
  }
  let printing = 0

  return {
    'rca.templates': () => q.listTemplates(db()),
    'rca.saveTemplate': ({ id, template }) => run(() => rca.saveTemplate(db(), { id, body: template })),
    'rca.deleteTemplate': ({ id }) =>
      run(() => {
        rca.deleteTemplate(db(), id)
        return { deleted: id }
      }),
    'rca.list': () => rca.listRcas(db()),
    'rca.get': ({ id }) => run(() => rca.getRca(db(), id)),
    'rca.create': ({ escalationId, templateId, title }) =>
      run(() => rca.createRca(db(), { escalationId, templateId, title })),
    'rca.save': (input) => run(() => rca.saveRca(db(), input)),
    'rca.delete': ({ id }) => {
      if (!q.deleteDocument(db(), id)) throw new ApiFailure('not_found', `There is no RCA ${id} in this workspace.`)
      return { deleted: id }
    },
    'rca.versions': ({ id }) => run(() => rca.listVersions(db(), id)),
    'rca.saveVersion': ({ id, label }) => run(() => rca.recordVersion(db(), id, 'manual', label)),
    'rca.restore': ({ id, versionId }) => run(() => rca.restoreVersion(db(), id, versionId)),
    'rca.addEvidence': ({ id, evidence, label }) =>
      run(() => {
        if (evidence.kind !== 'tickets' && evidence.kind !== 'view') zone(evidence.timeZone)
        const open = ws()
        rca.getRca(open.db, id)
        const built = buildEvidence(evidence, {
          db: open.db,
          countTickets: (filters) => open.tickets.count(filters),
        })
        return q.insertEvidence(open.db, id, label ?? built.label, built.payload, Date.now())
      }),
    'rca.removeEvidence': ({ id, evidenceId }) =>
      run(() => {
        rca.removeEvidence(db(), id, evidenceId)
        return { removed: evidenceId }
      }),
    'rca.preview': ({ id, timeZone, redaction }) =>
      run(() => {
        zone(timeZone)
        const open = ws()
        const packet = packetFor(open.db, id, { timeZone, redaction, workspaceName: open.info.name })
        return {
          html: packet.html,
          counts: packet.counts,
          summary: describeRedactions(packet.counts),
          sections: packet.sections,
        }
      }),
    'rca.exportPdf': async ({ id, timeZone, redaction }) => {
      zone(timeZone)
      if (printing >= 2) throw new ApiFailure('busy', 'Two PDFs are already being printed; wait for one to finish.')
      const open = ws()
      const doc = run(() => rca.getRca(open.db, id))
      const dir = exportsDir(ctx.manager.dataDir)
      fs.mkdirSync(dir, { recursive: true })
      const file = rcaPdfPath(dir, id, Date.now(), timeZone)
      const reporter = new TaskReporter(ctx.events, 'pdf', `Printing "${doc.title.slice(0, 60)}" to PDF`, 4, 'steps')
      printing++
      try {
        const result = await exportRcaPdf(open.db, id, file, {
          timeZone,
          redaction,
          workspaceName: open.info.name,
          onProgress: (_step, done) => reporter.progress(done),
          via: ctx.transport,
        })
        reporter.task.result = { file: result.file }
        reporter.finish('done')
        return { file: result.file, fileName: path.basename(result.file), bytes: result.bytes, printer: result.printer }
      } catch (err) {
        const message =
          err instanceof PdfPrintError
            ? err.message
            : `The PDF could not be printed (${(err as Error).message.replace(/\.$/, '')}). The RCA itself is saved.`
        if (!(err instanceof PdfPrintError)) ctx.log(`rca pdf failed: ${(err as Error).message}`)
        reporter.finish('failed', message)
        throw new ApiFailure(err instanceof PdfPrintError && err.code === 'timeout' ? 'busy' : 'internal', message)
      } finally {
        printing--
      }
    },
  }
}
