/**
 * `export-rca <id> <file.pdf>`: the RCA packet printed to a PDF from the terminal, with the same layout, redaction
 * and printer as browser mode. `demo` as the id is the demo workspace's worked example.
 */
import path from 'node:path'
import { DEFAULT_PACKET_REDACTION, type PacketRedaction } from '../../shared/rca'
import { isValidTimeZone } from '../../shared/time'
import { createBackend } from '../app/backend'
import { exampleDocumentId } from '../db/queries/rca'
import { checkFlags, stringFlag, UsageError, type ParsedArgs } from '../cli/args'
import type { CliIo } from '../cli/commands'
import { DEMO_ID } from '../workspace/manager'
import { exportRcaPdf } from './exportPdf'
import { PdfPrintError } from './printer'
import { RcaRefusal } from './service'

export const EXPORT_RCA_HELP = `  export-rca <id|demo> <file.pdf> [--time-zone ZONE] [--no-redact] [--redact-fields requester,subject,owner]
                                                    print an RCA packet to PDF (demo: the demo's worked example)`

const FIELDS = ['requester', 'subject', 'owner'] as const

export async function exportRcaCommand(
  args: ParsedArgs,
  rest: readonly string[],
  dataDir: string,
  io: CliIo,
): Promise<number> {
  checkFlags(args, ['data-dir', 'no-demo', 'time-zone', 'no-redact', 'redact-fields'])
  const [idText, out, extra] = rest
  if (!idText || !out || extra !== undefined)
    throw new UsageError('export-rca needs an RCA id (or demo) and a file name, e.g. export-rca demo out.pdf.')
  if (idText !== 'demo' && !/^[1-9]\d{0,15}$/.test(idText))
    throw new UsageError(`"${idText}" is not an RCA id; use a number from \`api rca.list\`, or demo.`)
  if (!out.toLowerCase().endsWith('.pdf')) throw new UsageError(`The file name should end in .pdf (got "${out}").`)
  const timeZone = stringFlag(args, 'time-zone') ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC')
  if (!isValidTimeZone(timeZone)) throw new UsageError(`Unknown time zone "${timeZone}".`)
  const fieldsText = stringFlag(args, 'redact-fields')
  const fields = fieldsText === undefined ? DEFAULT_PACKET_REDACTION.fields : fieldsText.split(',').map((f) => f.trim())
  const bad = fields.filter((f) => !(FIELDS as readonly string[]).includes(f))
  if (bad.length) throw new UsageError(`--redact-fields takes ${FIELDS.join(', ')} (got "${bad.join(', ')}").`)
  const redaction: PacketRedaction = args.flags.has('no-redact')
    ? { ...DEFAULT_PACKET_REDACTION, enabled: false }
    : { ...DEFAULT_PACKET_REDACTION, fields: fields as PacketRedaction['fields'] }

  const backend = await createBackend({
    dataDir,
    transport: 'cli',
    noDemo: args.flags.has('no-demo'),
    log: (l) => io.err(l),
  })
  try {
    const manager = backend.manager
    if (idText === 'demo' && manager.open?.info.id !== DEMO_ID) {
      if (!manager.list().some((w) => w.id === DEMO_ID))
        throw new Error('There is no demo workspace in this data folder; create it with `npm run cli -- demo`.')
      manager.openWorkspace(DEMO_ID)
    }
    const ws = manager.require()
    const id = idText === 'demo' ? exampleDocumentId(ws.db) : Number(idText)
    if (id === null)
      throw new Error('The demo workspace has no worked example; re-create it with `npm run cli -- demo`.')
    const file = path.resolve(out)
    io.progress('Printing the RCA packet…')
    const result = await exportRcaPdf(ws.db, id, file, {
      timeZone,
      redaction,
      workspaceName: ws.info.name,
      onProgress: (step) => io.progress(`Printing the RCA packet: ${step}…`),
      via: 'cli',
    })
    io.progress('')
    io.out(
      `Exported RCA ${id} (${result.sections.length} sections, ${(result.bytes / 1024).toFixed(0)} KB, ` +
        `redaction ${redaction.enabled ? 'on' : 'OFF'}, dates in ${timeZone})\n${file}`,
    )
    return 0
  } catch (err) {
    io.progress('')
    if (err instanceof RcaRefusal || err instanceof PdfPrintError) throw new Error(err.message)
    throw err
  } finally {
    backend.close()
  }
}
