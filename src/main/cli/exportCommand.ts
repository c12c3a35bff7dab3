/** `export`: every ticket matching a filter to a CSV or XLSX file, with a progress line; Ctrl-C cancels cleanly. */
import path from 'node:path'
import { sortSchema, ticketFiltersSchema, DEFAULT_SORT, type TicketSort } from '../../shared/api/contract'
import { TICKET_COLUMNS, type TicketColumnKey } from '../../shared/domain'
import { isValidTimeZone } from '../../shared/time'
import { createBackend } from '../app/backend'
import { exportTickets } from '../export/exportTickets'
import { checkFlags, stringFlag, UsageError, type ParsedArgs } from './args'
import type { CliIo } from './commands'

const fmt = (n: number): string => n.toLocaleString('en-US')

function parseFilters(json: string | undefined) {
  if (json === undefined) return {}
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    throw new UsageError('--filters is not valid JSON (e.g. \'{"channel":["email"]}\').')
  }
  const parsed = ticketFiltersSchema.safeParse(value)
  if (!parsed.success) throw new UsageError(`--filters: ${parsed.error.issues[0]?.message ?? 'invalid'}.`)
  return parsed.data
}

function parseSort(text: string | undefined): TicketSort {
  if (text === undefined) return DEFAULT_SORT
  const [column, dir = 'asc'] = text.split(':')
  const parsed = sortSchema.safeParse({ column, dir })
  if (!parsed.success) throw new UsageError(`--sort must be column:asc or column:desc, e.g. createdAt:desc.`)
  return parsed.data
}

function parseColumns(text: string | undefined): TicketColumnKey[] {
  if (text === undefined) return TICKET_COLUMNS.map((c) => c.key)
  const keys = text.split(',').map((k) => k.trim())
  const known = new Set<string>(TICKET_COLUMNS.map((c) => c.key))
  const bad = keys.filter((k) => !known.has(k))
  if (bad.length || keys.length === 0)
    throw new UsageError(`Unknown column(s): ${bad.join(', ')}. Columns: ${[...known].join(', ')}.`)
  return [...new Set(keys)] as TicketColumnKey[]
}

export async function exportCommand(args: ParsedArgs, dataDir: string, io: CliIo): Promise<number> {
  checkFlags(args, ['data-dir', 'no-demo', 'format', 'out', 'filters', 'sort', 'columns', 'time-zone'])
  const format = stringFlag(args, 'format') ?? 'csv'
  if (format !== 'csv' && format !== 'xlsx') throw new UsageError(`--format must be csv or xlsx (got "${format}").`)
  const out = stringFlag(args, 'out')
  if (!out) throw new UsageError('export needs --out FILE.')
  const filters = parseFilters(stringFlag(args, 'filters'))
  const sort = parseSort(stringFlag(args, 'sort'))
  const columns = parseColumns(stringFlag(args, 'columns'))
  const timeZone = stringFlag(args, 'time-zone') ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC')
  if (!isValidTimeZone(timeZone)) throw new UsageError(`Unknown time zone "${timeZone}".`)

  const backend = await createBackend({ dataDir, transport: 'cli', noDemo: args.flags.has('no-demo') })
  const controller = new AbortController()
  const onSigint = (): void => controller.abort()
  process.once('SIGINT', onSigint)
  try {
    const ws = backend.manager.require()
    const started = Date.now()
    const file = path.resolve(out)
    const result = await exportTickets({
      dbFile: ws.info.file,
      workspace: ws.info.name,
      query: { filters, sort },
      columns,
      format,
      file,
      timeZone,
      signal: controller.signal,
      onProgress: (done, total) => {
        const secs = (Date.now() - started) / 1000
        const rate = secs > 0 ? Math.round(done / secs) : 0
        io.progress(`Exporting: ${fmt(done)} / ${fmt(total)} tickets (${fmt(rate)}/s)`)
      },
    })
    io.progress('')
    if (result.state === 'cancelled') {
      io.err('Export cancelled; no file was written.')
      return 1
    }
    io.out(`Exported ${fmt(result.rows)} tickets in ${((Date.now() - started) / 1000).toFixed(1)} s\n${file}`)
    return 0
  } finally {
    process.off('SIGINT', onSigint)
    backend.close()
  }
}
