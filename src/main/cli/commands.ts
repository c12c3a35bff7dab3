/**
 * The command line: the same backend and contract as the window, for scripts and terminals.
 * Exit codes: 0 done, 1 the work failed (message on stderr), 2 the command was mistyped.
 */
import { contract, isMethodName, METHOD_NAMES } from '../../shared/api/contract'
import { exportCommand } from './exportCommand'
import { EXPORT_RCA_HELP, exportRcaCommand } from '../rca/cliExport'
import {
  auditCommand,
  backupCommand,
  restoreCommand,
  SECURITY_HELP,
  SECURITY_VALUE_FLAGS,
} from '../security/cliCommands'
import { sourcesCommand, syncCommand } from './sourcesCommand'
import { demoCsvCommand, IMPORT_HELP, importCommand } from './importCommand'
import type { WorkspaceStats } from '../../shared/api/types'
import { createBackend } from '../app/backend'
import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_TICKETS, WorkspaceManager } from '../workspace/manager'
import { resolveDataDir } from '../workspace/dataDir'
import { checkFlags, intFlag, parseArgs, stringFlag, UsageError, type ParsedArgs } from './args'
import { scoreWorkspace } from '../alerts/score'

export interface CliIo {
  out: (text: string) => void
  err: (text: string) => void
  /** Rewritable progress line (stderr). */
  progress: (text: string) => void
  env: NodeJS.ProcessEnv
}

const HELP = `Ops Workbench command line

Usage: npm run cli -- <command> [options]

Commands:
  demo [--tickets N] [--seed S] [--end YYYY-MM-DD]   (re)create the demo workspace (default 50,000 tickets, seed 42)
  stats [--json]                                    ticket counts by source, status and channel
  workspaces [--json]                               list the workspaces in the data folder
  api <method> [JSON]                               call any API method, e.g. api tickets.count '{"filters":{}}'
  export --format csv|xlsx --out FILE [--filters JSON] [--sort column:dir] [--columns a,b,…] [--time-zone ZONE]
                                                    export every matching ticket (progress on stderr; Ctrl-C cancels)
${EXPORT_RCA_HELP}
${IMPORT_HELP}
  sources list|add|test|remove [NAME] [--kind K --name N --url U --schedule MIN --no-comments --yes]
                                                    connector sources (credentials from WORKBENCH_SOURCE_<NAME>_TOKEN …)
  sync [NAME] [--allow-loopback] [--from-start]     sync every enabled source, or one (exit 1 if any failed);
                                                    --from-start re-reads it all so a changed mapping applies
${SECURITY_HELP}
  score-alerts [--json] [--min-sample N]            score alert detection against the demo's injected incidents
  methods                                           list the API methods
  help                                              this text

Options for every command:
  --data-dir DIR   the data folder (default: WORKBENCH_DATA_DIR, else the app's own folder)
  --no-demo        on an empty data folder, start with an empty workspace instead of the demo
`

const fmt = (n: number): string => n.toLocaleString('en-US')

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length)
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: ParsedArgs
  try {
    args = parseArgs(
      argv,
      ['json', 'no-demo', 'help', 'allow-loopback', 'no-comments', 'yes', 'no-redact', 'from-start'],
      [
        'kind',
        'name',
        'url',
        'schedule',
        'data-dir',
        'tickets',
        'seed',
        'end',
        'format',
        'out',
        'filters',
        'sort',
        'columns',
        'time-zone',
        'redact-fields',
        'preset',
        'source',
        'date-order',
        ...SECURITY_VALUE_FLAGS,
      ],
    )
  } catch (err) {
    io.err(`${(err as Error).message}\nRun \`npm run cli -- help\` for the commands.`)
    return 2
  }
  const [command, ...rest] = args.positionals
  if (!command || command === 'help' || args.flags.has('help')) {
    io.out(HELP)
    return command && command !== 'help' && !args.flags.has('help') ? 2 : 0
  }
  try {
    const dataDir = resolveDataDir(stringFlag(args, 'data-dir'), io.env)
    switch (command) {
      case 'demo':
        return demo(args, dataDir, io)
      case 'stats':
      case 'workspaces':
      case 'api': {
        checkFlags(args, ['data-dir', 'no-demo', 'json'])
        return await withBackend(dataDir, args, io, command, rest)
      }
      case 'export':
        return await exportCommand(args, dataDir, io)
      case 'export-rca':
        return await exportRcaCommand(args, rest, dataDir, io)
      case 'sources':
        return await sourcesCommand(args, dataDir, io, rest)
      case 'sync':
        return await syncCommand(args, dataDir, io, rest)
      case 'import':
        return await importCommand(args, rest, dataDir, io)
      case 'backup':
        return await backupCommand(args, dataDir, io, rest)
      case 'restore':
        return await restoreCommand(args, dataDir, io, rest)
      case 'audit':
        return await auditCommand(args, dataDir, io)
      case 'demo-csv':
        return demoCsvCommand(args, rest, io)
      case 'score-alerts':
        return scoreAlertsCommand(args, dataDir, io)
      case 'methods':
        for (const m of METHOD_NAMES) io.out(`${pad(m, 20)} ${contract[m].doc}`)
        return 0
      default:
        throw new UsageError(`Unknown command "${command}".`)
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\nRun \`npm run cli -- help\` for the commands.`)
      return 2
    }
    io.err(`Error: ${(err as Error).message}`)
    return 1
  }
}

function demo(args: ParsedArgs, dataDir: string, io: CliIo): number {
  checkFlags(args, ['data-dir', 'tickets', 'seed', 'end', 'no-demo', 'json'])
  const tickets = intFlag(args, 'tickets', 100, 2_000_000) ?? DEFAULT_DEMO_TICKETS
  const seed = intFlag(args, 'seed', 0, 2 ** 31 - 1) ?? DEFAULT_DEMO_SEED
  const end = stringFlag(args, 'end')
  let endAt: number | undefined
  if (end !== undefined) {
    endAt = Date.parse(`${end}T00:00:00Z`)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(end) || Number.isNaN(endAt))
      throw new UsageError(`--end must be a date like 2026-06-30 (got "${end}").`)
    endAt += 86_400_000
  }
  const manager = new WorkspaceManager(dataDir)
  manager.start({ noDemo: true })
  const started = Date.now()
  const { info, result } = manager.createDemo({
    tickets,
    seed,
    endAt,
    onProgress: (done, total) =>
      io.progress(`Generating demo: ${fmt(done)} / ${fmt(total)} tickets (${Math.floor((done / total) * 100)}%)`),
  })
  manager.close()
  io.progress('')
  const summary = {
    workspace: info.id,
    file: info.file,
    tickets: result.tickets,
    comments: result.comments,
    incidents: result.incidents,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  }
  if (args.flags.has('json')) io.out(JSON.stringify(summary, null, 2))
  else
    io.out(
      `Demo workspace ready: ${fmt(result.tickets)} tickets, ${fmt(result.comments)} comments, ${result.incidents} injected incidents in ${summary.seconds} s\n${info.file}`,
    )
  return 0
}

/** Replays alert detection over the open (demo) workspace and scores it against its injected incidents. */
function scoreAlertsCommand(args: ParsedArgs, dataDir: string, io: CliIo): number {
  checkFlags(args, ['data-dir', 'no-demo', 'json', 'min-sample'])
  const minSample = intFlag(args, 'min-sample', 1, 100_000)
  const manager = new WorkspaceManager(dataDir, (l) => io.err(l))
  manager.start({ noDemo: args.flags.has('no-demo') })
  try {
    const report = scoreWorkspace(manager.require().db, { minSample })
    if (args.flags.has('json')) {
      io.out(JSON.stringify(report, null, 2))
      return 0
    }
    const pct = (v: number | null) => (v === null ? 'n/a' : `${Math.round(v * 100)} %`)
    io.out(
      `Recall ${pct(report.recall)}, precision ${pct(report.precision)} (${report.alerts.matched} of ` +
        `${report.alerts.total} alerts match an incident), ${report.falseHighPer30Days} false high-severity alerts ` +
        `per 30 days over ${Math.round(report.evaluatedDays)} days.`,
    )
    for (const i of report.incidents)
      io.out(
        `  ${i.detected ? `detected after ${i.delayHours} h` : 'missed'}${i.detected && !i.withinOneDay ? ' (over a day)' : ''}: ${i.title}`,
      )
    io.out(report.target.met ? 'Target met.' : 'Target not met.')
    return 0
  } finally {
    manager.close()
  }
}

async function withBackend(
  dataDir: string,
  args: ParsedArgs,
  io: CliIo,
  command: string,
  rest: string[],
): Promise<number> {
  const backend = await createBackend({
    dataDir,
    transport: 'cli',
    noDemo: args.flags.has('no-demo'),
    log: (l) => io.err(l),
  })
  try {
    if (command === 'api') {
      const [method, json] = rest
      if (!method) throw new UsageError('api needs a method name; `npm run cli -- methods` lists them.')
      if (!isMethodName(method))
        throw new UsageError(`Unknown method "${method}"; \`npm run cli -- methods\` lists them.`)
      let input: unknown = {}
      if (json !== undefined) {
        try {
          input = JSON.parse(json)
        } catch {
          throw new UsageError(`The argument of ${method} is not valid JSON.`)
        }
      }
      const result = await backend.dispatch(method, input)
      if (result.ok) {
        io.out(JSON.stringify(result.value, null, 2))
        return 0
      }
      io.err(`${result.error.code}: ${result.error.message}`)
      return result.error.code === 'invalid_input' ? 2 : 1
    }
    if (command === 'workspaces') {
      const result = await backend.dispatch('workspace.list', {})
      if (!result.ok) throw new Error(result.error.message)
      const list = result.value as { id: string; name: string; isDemo: boolean; tickets: number; file: string }[]
      if (args.flags.has('json')) io.out(JSON.stringify(list, null, 2))
      else
        for (const w of list)
          io.out(
            `${pad(w.id, 16)} ${pad(w.name + (w.isDemo ? ' [demo]' : ''), 32)} ${pad(fmt(w.tickets), 10)} ${w.file}`,
          )
      return 0
    }
    const result = await backend.dispatch('workspace.stats', {})
    if (!result.ok) throw new Error(result.error.message)
    const stats = result.value as WorkspaceStats
    const ws = backend.manager.open?.info
    if (args.flags.has('json')) {
      io.out(JSON.stringify({ workspace: ws?.id ?? null, isDemo: ws?.isDemo ?? false, ...stats }, null, 2))
      return 0
    }
    io.out(
      `Workspace ${ws?.name ?? '?'}${ws?.isDemo ? ' (demo)' : ''}: ${fmt(stats.tickets)} tickets, ${fmt(stats.comments)} comments`,
    )
    for (const [title, rows] of [
      ['By source', stats.bySource],
      ['By status', stats.byStatus],
      ['By channel', stats.byChannel],
    ] as const) {
      io.out(`\n${title}`)
      for (const r of rows) io.out(`  ${pad(r.value ?? '(none)', 20)} ${fmt(r.count).padStart(12)}`)
    }
    return 0
  } finally {
    backend.close()
  }
}
