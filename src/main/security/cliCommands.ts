/**
 * CLI commands of issue 7: `backup` (take one now, or list them), `restore` (a workspace from one of its backups,
 * also when the workspace file was found damaged and set aside) and `audit` (print or export the audit log).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { AuditPage, BackupInfo, BackupList } from '../../shared/api/methods/security'
import type { ApiResult } from '../../shared/api/types'
import { createBackend, type Backend } from '../app/backend'
import { checkFlags, intFlag, stringFlag, UsageError, type ParsedArgs } from '../cli/args'
import type { CliIo } from '../cli/commands'

export const SECURITY_HELP = `  backup [list] [--workspace ID] [--json]           back up the open workspace now, or list its backups
  restore [NAME] [--workspace ID] [--json]          restore a workspace from a backup (default: the newest); the
                                                    current file is kept aside
  audit [--format csv|json --out FILE] [--limit N]  show the audit log (exports, reveals, syncs), or export it`

/** The value flags these commands add to the CLI's parser. */
export const SECURITY_VALUE_FLAGS = ['workspace', 'limit'] as const

const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`

function unwrap<T>(result: ApiResult<unknown>): T {
  if (!result.ok) throw new Error(result.error.message)
  return result.value as T
}

async function withBackend<T>(dataDir: string, io: CliIo, work: (b: Backend) => Promise<T>): Promise<T> {
  const backend = await createBackend({ dataDir, transport: 'cli', noDemo: true, log: (l) => io.err(l) })
  try {
    return await work(backend)
  } finally {
    backend.close()
  }
}

function describe(b: BackupInfo): string {
  const when = new Date(b.createdAt).toISOString().replace('T', ' ').slice(0, 19)
  const tickets = b.tickets === null ? '?' : b.tickets.toLocaleString('en-US')
  return `${b.name}  ${when} UTC  ${b.kind.padEnd(14)} ${tickets.padStart(10)} tickets  ${mb(b.bytes)}`
}

export async function backupCommand(args: ParsedArgs, dataDir: string, io: CliIo, rest: string[]): Promise<number> {
  checkFlags(args, ['data-dir', 'json', 'workspace', 'no-demo'])
  const [sub] = rest
  if (sub !== undefined && sub !== 'list') throw new UsageError(`backup takes "list" or nothing (got "${sub}").`)
  return withBackend(dataDir, io, async (backend) => {
    if (sub === 'list') {
      const list = unwrap<BackupList>(
        await backend.dispatch('backup.list', { workspaceId: stringFlag(args, 'workspace') }),
      )
      if (args.flags.has('json')) io.out(JSON.stringify(list, null, 2))
      else if (list.backups.length === 0) io.out(`No backups of ${list.workspaceId ?? 'any workspace'} yet.`)
      else for (const b of list.backups) io.out(describe(b))
      return 0
    }
    const ws = stringFlag(args, 'workspace')
    if (ws !== undefined) unwrap(await backend.dispatch('workspace.open', { id: ws }))
    const b = unwrap<BackupInfo>(await backend.dispatch('backup.create', {}))
    if (args.flags.has('json')) io.out(JSON.stringify(b, null, 2))
    else
      io.out(
        `Backed up: ${describe(b)}\n${path.join(unwrap<BackupList>(await backend.dispatch('backup.list', {})).dir ?? '', b.name)}`,
      )
    return 0
  })
}

export async function restoreCommand(args: ParsedArgs, dataDir: string, io: CliIo, rest: string[]): Promise<number> {
  checkFlags(args, ['data-dir', 'json', 'workspace', 'no-demo'])
  if (rest.length > 1) throw new UsageError('restore takes at most one backup name.')
  return withBackend(dataDir, io, async (backend) => {
    const list = unwrap<BackupList>(
      await backend.dispatch('backup.list', { workspaceId: stringFlag(args, 'workspace') }),
    )
    if (!list.workspaceId) throw new UsageError('No workspace is open or damaged: say which with --workspace ID.')
    const name = rest[0] ?? list.backups[0]?.name
    if (!name) throw new Error(`There are no backups of ${list.workspaceId} to restore from.`)
    const result = unwrap<{ workspace: { id: string; tickets: number }; setAside: string | null }>(
      await backend.dispatch('backup.restore', { workspaceId: list.workspaceId, name }),
    )
    if (args.flags.has('json')) io.out(JSON.stringify(result, null, 2))
    else
      io.out(
        `Restored ${result.workspace.id} from ${name}: ${result.workspace.tickets.toLocaleString('en-US')} tickets.` +
          (result.setAside ? `\nThe file it replaced was kept as ${result.setAside}` : ''),
      )
    return 0
  })
}

export async function auditCommand(args: ParsedArgs, dataDir: string, io: CliIo): Promise<number> {
  checkFlags(args, ['data-dir', 'json', 'format', 'out', 'limit', 'no-demo'])
  const format = stringFlag(args, 'format')
  const out = stringFlag(args, 'out')
  if ((format === undefined) !== (out === undefined))
    throw new UsageError('audit export needs both --format and --out.')
  if (format !== undefined && format !== 'csv' && format !== 'json')
    throw new UsageError(`--format must be csv or json (got "${format}").`)
  const limit = intFlag(args, 'limit', 1, 1000) ?? 50
  return withBackend(dataDir, io, async (backend) => {
    if (format && out) {
      const file = unwrap<{ content: string; entries: number }>(
        await backend.dispatch('audit.export', { format: format as 'csv' | 'json' }),
      )
      const tmp = `${out}.tmp-${process.pid}`
      fs.writeFileSync(tmp, file.content, { mode: 0o600 })
      fs.renameSync(tmp, out)
      io.out(`Wrote ${file.entries.toLocaleString('en-US')} audit entries to ${out}`)
      return 0
    }
    const page = unwrap<AuditPage>(await backend.dispatch('audit.list', { limit }))
    if (args.flags.has('json')) io.out(JSON.stringify(page, null, 2))
    else {
      io.out(`${page.total.toLocaleString('en-US')} entries; newest ${page.entries.length}:`)
      for (const e of page.entries)
        io.out(
          `${new Date(e.at).toISOString().replace('T', ' ').slice(0, 19)}  ${e.actor.padEnd(24)} ${e.action.padEnd(15)} ${e.target}`,
        )
    }
    return 0
  })
}
