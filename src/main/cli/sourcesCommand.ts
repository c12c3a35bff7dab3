/**
 * `sources add|list|test|remove` and `sync [source]`: connector sources from a terminal. Credentials never appear on
 * the command line (other users can read it in the process list): they come from environment variables or the
 * credentials file, as `sources add` explains.
 */
import {
  CONNECTOR_KINDS,
  CONNECTOR_LABELS,
  type ConnectorKindName,
  type SourceSummary,
} from '../../shared/api/methods/sources'
import type { BackupsPurged } from '../../shared/api/methods/security'
import { backupsCleanedPhrase, backupsNotCleanedWarning } from '../../shared/purge'
import { createBackend, type Backend } from '../app/backend'
import { loopbackAllowedByEnv } from '../sync/baseUrl'
import { EnvFileSecretStore, envName } from '../sync/secrets'
import { checkFlags, intFlag, stringFlag, UsageError, type ParsedArgs } from './args'
import type { CliIo } from './commands'

const fmt = (n: number): string => n.toLocaleString('en-US')
const when = (ms: number | null): string => (ms === null ? 'never' : new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z'))

async function open(args: ParsedArgs, dataDir: string, io: CliIo): Promise<Backend> {
  return createBackend({
    dataDir,
    transport: 'cli',
    noDemo: args.flags.has('no-demo'),
    allowLoopback: args.flags.has('allow-loopback') || loopbackAllowedByEnv(io.env),
    // The CLI's environment (the caller's, in tests) holds the credentials, not necessarily process.env.
    secrets: new EnvFileSecretStore(dataDir, io.env),
    log: (l) => io.err(l),
  })
}

async function call<T>(backend: Backend, method: string, input: unknown): Promise<T> {
  const r = await backend.dispatch(method, input)
  if (r.ok) return r.value as T
  if (r.error.code === 'invalid_input' && /^Invalid arguments/.test(r.error.message))
    throw new UsageError(r.error.message)
  throw new Error(r.error.message)
}

function find(list: SourceSummary[], ref: string): SourceSummary {
  const s = list.find((x) => String(x.id) === ref || x.name.toLowerCase() === ref.toLowerCase())
  if (!s) throw new UsageError(`There is no source "${ref}"; \`npm run cli -- sources list\` shows them.`)
  return s
}

function line(s: SourceSummary): string {
  const status = s.status === 'error' || s.status === 'paused' ? `${s.status}: ${s.lastError ?? ''}` : s.status
  return `${String(s.id).padStart(3)}  ${CONNECTOR_LABELS[s.kind].padEnd(10)} ${s.name.padEnd(24)} ${fmt(s.tickets).padStart(9)} tickets  data as of ${when(s.dataAsOf)}  credentials ${s.credentials}  ${status}`
}

export async function sourcesCommand(args: ParsedArgs, dataDir: string, io: CliIo, rest: string[]): Promise<number> {
  const [verb, ref] = rest
  const common = ['data-dir', 'no-demo', 'allow-loopback']
  switch (verb) {
    case 'list': {
      checkFlags(args, [...common, 'json'])
      const backend = await open(args, dataDir, io)
      try {
        const list = await call<SourceSummary[]>(backend, 'sources.list', {})
        if (args.flags.has('json')) io.out(JSON.stringify(list, null, 2))
        else if (list.length === 0)
          io.out('No sources yet: add one with `npm run cli -- sources add --kind zendesk …`.')
        else for (const s of list) io.out(line(s))
        return 0
      } finally {
        backend.close()
      }
    }
    case 'add': {
      checkFlags(args, [...common, 'kind', 'name', 'url', 'schedule', 'no-comments', 'json'])
      const kind = stringFlag(args, 'kind') ?? 'zendesk'
      if (!(CONNECTOR_KINDS as readonly string[]).includes(kind))
        throw new UsageError(`--kind must be one of ${CONNECTOR_KINDS.join(', ')} (got "${kind}").`)
      const name = stringFlag(args, 'name')
      const url = stringFlag(args, 'url')
      if (!name || !url) throw new UsageError('sources add needs --name NAME and --url SUBDOMAIN-OR-URL.')
      const backend = await open(args, dataDir, io)
      try {
        const s = await call<SourceSummary>(backend, 'sources.add', {
          kind: kind as ConnectorKindName,
          name,
          baseUrl: url,
          scheduleMinutes: intFlag(args, 'schedule', 0, 10_080),
          fetchComments: !args.flags.has('no-comments'),
        })
        if (args.flags.has('json')) io.out(JSON.stringify(s, null, 2))
        else {
          io.out(`Added ${CONNECTOR_LABELS[s.kind]} source “${s.name}” (${s.baseUrl}), id ${s.id}.`)
          if (s.credentials === 'missing') {
            const v = `WORKBENCH_SOURCE_${envName(s.name)}`
            const k = `WORKBENCH_${s.kind.toUpperCase()}`
            // Each vendor signs in its own way: name the variables that one reads.
            const which =
              s.kind === 'salesforce'
                ? `${v}_CLIENT_ID and ${v}_CLIENT_SECRET (plus ${v}_REFRESH_TOKEN if the connected app uses one), or ${k}_CLIENT_ID / _CLIENT_SECRET`
                : s.kind === 'hubspot'
                  ? `${v}_ACCESS_TOKEN (a private app token), or ${k}_ACCESS_TOKEN`
                  : `${v}_EMAIL and ${v}_TOKEN (or ${v}_ACCESS_TOKEN), or ${k}_EMAIL / _TOKEN`
            io.out(
              `Credentials: set ${which}, or put them in ${s.credentialsStore.replace(/^environment variables or /, '')} (chmod 600).`,
            )
          }
        }
        return 0
      } finally {
        backend.close()
      }
    }
    case 'test': {
      checkFlags(args, common)
      if (!ref) throw new UsageError('sources test needs a source name or id.')
      const backend = await open(args, dataDir, io)
      try {
        const s = find(await call<SourceSummary[]>(backend, 'sources.list', {}), ref)
        const { detail } = await call<{ detail: string }>(backend, 'sources.test', { id: s.id })
        io.out(detail)
        return 0
      } finally {
        backend.close()
      }
    }
    case 'remove': {
      checkFlags(args, [...common, 'yes'])
      if (!ref) throw new UsageError('sources remove needs a source name or id.')
      const backend = await open(args, dataDir, io)
      try {
        const s = find(await call<SourceSummary[]>(backend, 'sources.list', {}), ref)
        if (!args.flags.has('yes'))
          throw new UsageError(
            `Removing “${s.name}” deletes its ${fmt(s.tickets)} tickets (and your notes and labels on them) from this workspace; add --yes to confirm.`,
          )
        const r = await call<{ tickets: number; backups: BackupsPurged }>(backend, 'sources.remove', { id: s.id })
        io.out(`Removed “${s.name}” and its ${fmt(r.tickets)} tickets${backupsCleanedPhrase(r.backups)}.`)
        const warning = backupsNotCleanedWarning(r.backups)
        if (warning) io.err(warning)
        return r.backups.failed.length > 0 ? 1 : 0
      } finally {
        backend.close()
      }
    }
    default:
      throw new UsageError('sources needs one of: list, add, test, remove.')
  }
}

/**
 * `sync [source] [--from-start]`: every enabled source (or the one named), one after another, with a progress line.
 * `--from-start` reads each again from the beginning so a changed field mapping reaches the tickets already cached.
 */
export async function syncCommand(args: ParsedArgs, dataDir: string, io: CliIo, rest: string[]): Promise<number> {
  checkFlags(args, ['data-dir', 'no-demo', 'allow-loopback', 'json', 'from-start'])
  const fromStart = args.flags.has('from-start')
  if (rest.length > 1) throw new UsageError('sync takes at most one source name or id.')
  const backend = await open(args, dataDir, io)
  const stop = (): void => {
    void backend.sync.stop()
  }
  process.once('SIGINT', stop)
  try {
    const list = await call<SourceSummary[]>(backend, 'sources.list', {})
    const targets = rest[0] ? [find(list, rest[0])] : list.filter((s) => s.enabled)
    if (targets.length === 0) {
      io.err('No sources to sync: add one with `npm run cli -- sources add`.')
      return 1
    }
    let failed = 0
    for (const s of targets) {
      const doing = fromStart ? `Re-syncing ${s.name} from the start` : `Syncing ${s.name}`
      io.progress(`${doing}…`)
      const off = backend.onEvent((e) => {
        if (e.type === 'task' && e.task.kind === 'sync' && e.task.state === 'running')
          io.progress(`${doing}: ${fmt(e.task.done)} tickets`)
      })
      let result
      try {
        result = await backend.sync.start(s.id, 'cli', { fromStart }).done
      } catch (err) {
        off()
        io.progress('')
        io.err(`${s.name}: ${(err as Error).message}`)
        failed++
        continue
      }
      off()
      io.progress('')
      if (args.flags.has('json')) io.out(JSON.stringify({ source: s.name, ...result }))
      else if (result.outcome === 'done')
        io.out(
          `${s.name}: ${fmt(result.tickets)} tickets changed, ${fmt(result.deletes)} deleted, ${fmt(result.quarantined)} quarantined in ${fmt(result.pages)} pages.`,
        )
      else if (result.outcome === 'cancelled')
        io.out(
          `${s.name}: cancelled; pages already synced were kept.${fromStart ? ' The next sync goes on re-reading from where this one stopped.' : ''}`,
        )
      else io.err(`${s.name}: ${result.error ?? result.outcome}`)
      if (result.outcome !== 'done') failed++
    }
    return failed > 0 ? 1 : 0
  } finally {
    process.off('SIGINT', stop)
    backend.close()
  }
}
