/**
 * Handlers of the methods in shared/api/methods/security.ts: the audit log, backups and restore, purges. Also starts
 * the automatic daily backups for the long-running front doors (desktop, browser mode).
 */
import fs from 'node:fs'
import type { securityMethods } from '../../shared/api/methods/security'
import {
  countAudit,
  listAudit,
  localUser,
  readBackupSettings,
  recordAudit,
  writeBackupSettings,
} from '../db/queries/audit'
import { carryAuditLog, purgeTicket, ticketPurgeTarget } from '../db/queries/purge'
import { listSources } from '../db/queries/sources'
import { auditFileContent, auditFileName } from '../security/auditExport'
import { scheduleDailyBackups } from '../security/dailyBackups'
import {
  backupFile,
  backupsDir,
  createBackup,
  installBackup,
  listBackups,
  verifyBackup,
  workspacesWithBackups,
} from '../workspace/backup'
import { backupFilesOf, purgeFromBackups } from '../workspace/backupPurge'
import type { HandlerContext } from './context'
import { ApiFailure, type Handlers } from './dispatcher'
import type { ImportTracker } from './importHandlers'

const DEFAULT_SETTINGS = { autoDaily: true, keepDays: 7 }

export function createSecurityHandlers(
  ctx: HandlerContext,
  imports: ImportTracker,
): Pick<Handlers, keyof typeof securityMethods> {
  const { manager } = ctx
  const ws = () => manager.require()
  if (ctx.transport !== 'cli') scheduleDailyBackups(manager, ctx.log)
  let backingUp = false

  return {
    'audit.list': (q) => {
      const db = ws().db
      return { entries: listAudit(db, q), total: countAudit(db, q) }
    },
    'audit.export': ({ format, ...q }) => {
      const w = ws()
      const now = Date.now()
      const file = auditFileContent(w.db, q, format, {
        workspace: w.info.name,
        exportedBy: `${localUser()} (${ctx.transport})`,
        now,
      })
      const fileName = auditFileName(w.info.id, format, now)
      recordAudit(w.db, {
        action: 'audit.export',
        target: fileName,
        via: ctx.transport,
        detail: { entries: file.entries },
      })
      return { fileName, content: file.content, entries: file.entries }
    },
    'backup.list': ({ workspaceId }) => {
      const open = manager.open
      const id = workspaceId ?? open?.info.id ?? manager.damaged?.id ?? null
      const settings = open && open.info.id === id ? readBackupSettings(open.db) : DEFAULT_SETTINGS
      return {
        workspaceId: id,
        dir: id ? backupsDir(manager.dataDir, id) : null,
        backups: id ? listBackups(manager.dataDir, id) : [],
        settings,
        problem: open ? null : manager.problem,
        others: workspacesWithBackups(manager.dataDir)
          .filter((w) => w !== id)
          .map((w) => {
            const list = listBackups(manager.dataDir, w)
            return {
              workspaceId: w,
              backups: list.length,
              newest: list[0]?.createdAt ?? 0,
              present: fs.existsSync(manager.fileOf(w)),
            }
          }),
      }
    },
    'backup.create': async () => {
      const w = ws()
      if (backingUp) throw new ApiFailure('busy', 'A backup is already being taken; wait for it to finish.')
      backingUp = true
      try {
        const b = await createBackup(w.db, manager.dataDir, w.info.id, 'manual')
        recordAudit(w.db, {
          action: 'backup.create',
          target: b.name,
          via: ctx.transport,
          detail: { tickets: b.tickets },
        })
        return b
      } finally {
        backingUp = false
      }
    },
    'backup.restore': ({ workspaceId, name }) => {
      const file = backupFile(manager.dataDir, workspaceId, name)
      const open = manager.open
      if (open?.info.id === workspaceId && ctx.sync) {
        const syncing = listSources(open.db).filter((s) => ctx.sync?.isRunning(open, s.id))
        if (syncing.length > 0)
          throw new ApiFailure(
            'busy',
            `${syncing[0]?.name ?? 'A source'} is syncing; wait for it to finish, then restore.`,
          )
      }
      // The import keeps writing into the file that restore moves aside: its rows would vanish from the restored one.
      const importing = imports.running
      if (importing)
        throw new ApiFailure(
          'busy',
          `An import of ${importing.fileName} is running; wait for it to finish or cancel it, then restore.`,
        )
      if (backingUp) throw new ApiFailure('busy', 'A backup is being taken; wait for it to finish, then restore.')
      // Checked before anything is touched: a damaged or incomplete backup is refused and the workspace stays as it is.
      const counts = verifyBackup(file)
      const damaged = manager.damaged?.id === workspaceId ? manager.damaged.setAside : null
      manager.release(workspaceId)
      const setAside = installBackup(file, manager.fileOf(workspaceId))
      const info = manager.openWorkspace(workspaceId)
      // Entries written since the backup come along from the file it replaced (or, best effort, the damaged one).
      const previous = setAside ?? damaged
      if (previous) carryAuditLog(manager.require().db, previous, ctx.log)
      recordAudit(manager.require().db, {
        action: 'backup.restore',
        target: name,
        via: ctx.transport,
        detail: { tickets: counts.tickets ?? 0, previousFileKeptAs: setAside ? setAside.split(/[\\/]/).pop() : null },
      })
      ctx.events.emit({ type: 'workspace.changed', workspace: info })
      return { workspace: info, setAside, counts }
    },
    'backup.setSettings': (change) => writeBackupSettings(ws().db, change),
    'purge.ticket': async ({ id }) => {
      const w = ws()
      const target = ticketPurgeTarget(w.db, id)
      if (!target || !purgeTicket(w.db, id)) throw new ApiFailure('not_found', `Ticket ${id} is not in this workspace.`)
      w.tickets.invalidate()
      ctx.events.emit({ type: 'workspace.changed', workspace: { ...w.info, tickets: w.tickets.count({}) } })
      const backups = await purgeFromBackups(
        backupFilesOf(manager.dataDir, w.info.id, manager.fileOf(w.info.id)),
        target,
        ctx.log,
      )
      recordAudit(w.db, {
        action: 'purge.ticket',
        target: `ticket ${id}`,
        via: ctx.transport,
        detail: { backupsCleaned: backups.cleaned, backupsNotCleaned: backups.failed.map((f) => f.name) },
      })
      return { purged: id, backups }
    },
  }
}
