/**
 * `import <file>`: a CSV, TSV, JSON, NDJSON or XLSX file into the open workspace, with a progress line on stderr;
 * Ctrl-C cancels (batches already written stay). `demo-csv <out>`: the demo tickets as a Zendesk-like CSV.
 */
import path from 'node:path'
import { BUILT_IN_PRESET_IDS, type ImportMapping } from '../../shared/importMapping'
import { isValidTimeZone } from '../../shared/time'
import { createBackend } from '../app/backend'
import { listSavedPresets } from '../db/queries/imports'
import { writeDemoCsv } from '../ingest/demoCsv'
import { ImportRequestError, launchImport, prepareImport } from '../ingest/importService'
import { inspectFile } from '../ingest/inspect'
import { mappingFor } from '../ingest/presets'
import { ImportFileError } from '../ingest/reader'
import { DEFAULT_DEMO_SEED } from '../workspace/manager'
import { checkFlags, intFlag, stringFlag, UsageError, type ParsedArgs } from './args'
import type { CliIo } from './commands'

export const IMPORT_HELP = `  import <file> [--preset ID|NAME] [--source NAME] [--time-zone ZONE] [--date-order dmy|mdy] [--json]
                                                    import a CSV/TSV/JSON/NDJSON/XLSX file (Ctrl-C cancels); presets:
                                                    ${BUILT_IN_PRESET_IDS.join(', ')} or a saved one's name
  demo-csv <out.csv> [--tickets N] [--seed S]       write the demo tickets as a Zendesk-like CSV export`

const fmt = (n: number): string => n.toLocaleString('en-US')

function eta(ms: number): string {
  const s = Math.round(ms / 1000)
  return s < 90 ? `${s} s` : `${Math.round(s / 60)} min`
}

export async function importCommand(args: ParsedArgs, rest: string[], dataDir: string, io: CliIo): Promise<number> {
  checkFlags(args, ['data-dir', 'no-demo', 'json', 'preset', 'source', 'time-zone', 'date-order'])
  const [fileArg, extra] = rest
  if (!fileArg) throw new UsageError('import needs a file: npm run cli -- import tickets.csv')
  if (extra !== undefined) throw new UsageError(`import takes one file (got "${extra}" too).`)
  const file = path.resolve(fileArg)
  const timeZone = stringFlag(args, 'time-zone') ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC')
  if (!isValidTimeZone(timeZone)) throw new UsageError(`Unknown time zone "${timeZone}".`)
  const dateOrder = stringFlag(args, 'date-order')
  if (dateOrder !== undefined && dateOrder !== 'dmy' && dateOrder !== 'mdy')
    throw new UsageError(`--date-order must be dmy or mdy (got "${dateOrder}").`)
  const presetArg = stringFlag(args, 'preset')

  const backend = await createBackend({ dataDir, transport: 'cli', noDemo: args.flags.has('no-demo') })
  const controller = new AbortController()
  const onSigint = (): void => controller.abort()
  process.once('SIGINT', onSigint)
  try {
    const ws = backend.manager.require()
    let inspection
    try {
      inspection = await inspectFile(file, path.basename(file))
    } catch (err) {
      if (err instanceof ImportFileError) throw new Error(err.message)
      throw err
    }
    let mapping: ImportMapping = inspection.mapping
    let presetId: string = inspection.presetId
    if (presetArg !== undefined) {
      const saved = listSavedPresets(ws.db).find((p) => p.name.toLowerCase() === presetArg.toLowerCase())
      if ((BUILT_IN_PRESET_IDS as readonly string[]).includes(presetArg)) {
        mapping = mappingFor(presetArg, inspection.columns)
        presetId = presetArg
      } else if (saved) {
        mapping = saved.mapping
        presetId = `saved-${saved.id}`
      } else
        throw new UsageError(
          `Unknown preset "${presetArg}". Built in: ${BUILT_IN_PRESET_IDS.join(', ')}; or a saved preset's name.`,
        )
      if (inspection.dateOrder === 'dmy' || inspection.dateOrder === 'mdy') mapping.dateOrder = inspection.dateOrder
    }
    if (dateOrder) mapping = { ...mapping, dateOrder }
    else if (inspection.dateOrder === 'ambiguous' && mapping.dateOrder === 'auto')
      throw new UsageError(
        'The dates in this file could be day-first or month-first (like 03/04/2025); say which with --date-order dmy or --date-order mdy.',
      )
    let prepared
    try {
      prepared = await prepareImport(ws.db, {
        file,
        fileName: path.basename(file),
        mapping,
        presetId,
        sourceName: stringFlag(args, 'source'),
        timeZone,
      })
    } catch (err) {
      if (err instanceof ImportRequestError) throw new UsageError(err.message)
      throw err
    }
    const started = Date.now()
    const job = launchImport(
      ws.info.file,
      prepared,
      { file, fileName: path.basename(file), mapping, timeZone },
      (p) => {
        if (p.phase === 'indexing') {
          const step = p.indexing
          const pct = step && step.total > 0 ? ` (${Math.floor((step.done / step.total) * 100)}%)` : ''
          return io.progress(`Imported ${fmt(p.rows)} rows; ${step ? step.label.toLowerCase() : 'indexing'}…${pct}`)
        }
        const secs = (Date.now() - started) / 1000
        const rate = secs > 0 ? p.rows / secs : 0
        const left = p.bytesRead > 0 && rate > 0 ? ((p.size - p.bytesRead) / p.bytesRead) * secs * 1000 : null
        const pct = p.size > 0 ? Math.floor((p.bytesRead / p.size) * 100) : 0
        io.progress(
          `Importing ${path.basename(file)}: ${fmt(p.rows)} rows (${pct}%, ${fmt(Math.round(rate))} rows/s${left === null ? '' : `, about ${eta(left)} left`})`,
        )
      },
    )
    controller.signal.addEventListener('abort', () => job.cancel())
    const summary = await job.done
    io.progress('')
    const seconds = Math.round((Date.now() - started) / 100) / 10
    if (args.flags.has('json')) io.out(JSON.stringify({ ...summary, seconds }, null, 2))
    else {
      io.out(
        `${summary.state === 'done' ? 'Imported' : summary.state === 'cancelled' ? 'Cancelled after' : 'Stopped after'} ` +
          `${fmt(summary.rows)} rows from ${summary.fileName} into source "${summary.sourceName}" in ${seconds} s: ` +
          `${fmt(summary.inserted)} new, ${fmt(summary.updated)} updated, ${fmt(summary.unchanged)} unchanged, ${fmt(summary.rejected)} rejected.`,
      )
      if (summary.rejected > 0)
        io.out(`Rejected rows (line and reason): npm run cli -- api import.report '{"id":${summary.id}}'`)
    }
    if (summary.state === 'failed')
      io.err(`Error: ${summary.error ?? 'the import failed'}. Rows imported before that were kept.`)
    if (summary.state === 'cancelled')
      io.err('Import cancelled; the rows counted above were kept. Run it again to finish.')
    return summary.state === 'done' ? 0 : 1
  } finally {
    process.off('SIGINT', onSigint)
    backend.close()
  }
}

export function demoCsvCommand(args: ParsedArgs, rest: string[], io: CliIo): number {
  checkFlags(args, ['data-dir', 'tickets', 'seed', 'no-demo', 'json'])
  const [out] = rest
  if (!out) throw new UsageError('demo-csv needs an output file: npm run cli -- demo-csv tickets.csv --tickets 100000')
  const tickets = intFlag(args, 'tickets', 100, 2_000_000) ?? 50_000
  const seed = intFlag(args, 'seed', 0, 2 ** 31 - 1) ?? DEFAULT_DEMO_SEED
  const started = Date.now()
  const result = writeDemoCsv(path.resolve(out), {
    tickets,
    seed,
    onProgress: (done, total, phase) => io.progress(`${phase}: ${fmt(done)} / ${fmt(total)}`),
  })
  io.progress('')
  const seconds = Math.round((Date.now() - started) / 100) / 10
  if (args.flags.has('json')) io.out(JSON.stringify({ file: path.resolve(out), ...result, seconds }, null, 2))
  else
    io.out(
      `Wrote ${fmt(result.rows)} tickets (${fmt(Math.round(result.bytes / 1e6))} MB) in ${seconds} s\n${path.resolve(out)}`,
    )
  return 0
}
