/** Handlers of the methods in shared/api/methods/sources.ts: connector sources, credentials, sync now, mapping. */
import {
  CONNECTOR_LABELS,
  DEFAULT_SCHEDULE_MINUTES,
  type SourceCredentials,
  type SourceSummary,
  type sourceMethods,
} from '../../shared/api/methods/sources'
import { recordAudit } from '../db/queries/audit'
import * as sources from '../db/queries/sources'
import { sourcePurgeTarget, withSecureDelete, type PurgeTarget } from '../db/queries/purge'
import { resumeIfPaused } from '../db/queries/syncWrites'
import { BaseUrlError, resolveBaseUrl } from '../sync/baseUrl'
import { CONNECTORS } from '../sync/registry'
import { SecretStoreError } from '../sync/secrets'
import type { SyncService } from '../sync/service'
import { ConnectorError, type ConnectorKind } from '../sync/types'
import { backupFilesOf, purgeFromBackups } from '../workspace/backupPurge'
import type { OpenWorkspace } from '../workspace/manager'
import type { HandlerContext } from './context'
import { ApiFailure, type Handlers } from './dispatcher'

const TEST_TIMEOUT_MS = 20_000

export const PLAIN_TEXT_QUESTION =
  'This computer has no system keychain, so the credentials would be stored in a file only your user can read, not encrypted. Confirm to store them that way.'

export function createSourceHandlers(ctx: HandlerContext): Pick<Handlers, keyof typeof sourceMethods> {
  const ws = (): OpenWorkspace => ctx.manager.require()
  const service = (): SyncService => {
    if (!ctx.sync) throw new ApiFailure('internal', 'Sources are not available in this front door.')
    return ctx.sync
  }

  const row = (w: OpenWorkspace, id: number): sources.SourceRow => {
    const r = sources.getSource(w.db, id)
    if (!r) throw new ApiFailure('not_found', `There is no source ${id} in this workspace.`)
    return r
  }

  const summary = (w: OpenWorkspace, r: sources.SourceRow): SourceSummary => {
    const s = service()
    const run = sources.lastRun(w.db, r.id)
    const failed = r.status === 'error' || r.status === 'paused'
    return {
      id: r.id,
      kind: r.kind,
      name: r.name,
      baseUrl: r.baseUrl,
      enabled: r.enabled,
      status: s.isRunning(w, r.id) ? 'running' : r.status === 'running' ? 'idle' : r.status,
      lastError: failed ? r.lastError : null,
      lastErrorKind: failed && run?.error ? (run.errorKind === 'network' ? 'network' : 'other') : null,
      lastSyncAt: r.lastFinishedAt,
      dataAsOf: r.dataAsOf,
      resyncing: r.remap,
      tickets: r.tickets,
      quarantined: r.quarantined,
      scheduleMinutes: r.scheduleMinutes,
      fetchComments: r.fetchComments,
      nextRunAt: s.nextRunAt(w, r),
      credentials: s.hasCredentials(w, r) ? 'set' : 'missing',
      credentialsStore: s.secrets.description,
      runningTaskId: s.runningTaskId(w, r.id),
      lastRun: run
        ? {
            startedAt: run.startedAt,
            finishedAt: run.finishedAt,
            outcome: run.outcome,
            pages: run.pages,
            tickets: run.tickets,
            deletes: run.deletes,
            quarantined: run.quarantined,
            error: run.error,
          }
        : null,
    }
  }

  const checkName = (w: OpenWorkspace, name: string, self: number | null): void => {
    const owner = sources.sourceNameOwner(w.db, name)
    if (owner !== null && owner !== self)
      throw new ApiFailure(
        'invalid_input',
        `A source called “${name}” already exists in this workspace; choose another name.`,
      )
  }

  const baseUrlOf = (kind: ConnectorKind, input: string): string => {
    try {
      return resolveBaseUrl(kind, input, { allowLoopback: service().allowLoopback })
    } catch (err) {
      if (err instanceof BaseUrlError) throw new ApiFailure('invalid_input', err.message)
      throw err
    }
  }

  const storeCredentials = (
    w: OpenWorkspace,
    r: sources.SourceRow,
    creds: SourceCredentials,
    accept?: boolean,
  ): void => {
    const s = service()
    if (s.secrets.plainText && !accept) throw new ApiFailure('invalid_input', PLAIN_TEXT_QUESTION)
    try {
      s.secrets.set(s.secretKey(w, r), creds)
    } catch (err) {
      if (err instanceof SecretStoreError) throw new ApiFailure('invalid_input', err.message)
      throw err
    }
  }

  return {
    'sources.list': () => {
      const w = ws()
      return sources.listSources(w.db).map((r) => summary(w, r))
    },

    'sources.add': ({ kind, name, baseUrl, scheduleMinutes, fetchComments, credentials, acceptPlainText }) => {
      const w = ws()
      const entry = CONNECTORS[kind]
      if (!entry)
        throw new ApiFailure('invalid_input', `${CONNECTOR_LABELS[kind]} sources cannot be synced by this version yet.`)
      checkName(w, name, null)
      const url = baseUrlOf(kind, baseUrl)
      if (credentials && service().secrets.plainText && !acceptPlainText)
        throw new ApiFailure('invalid_input', PLAIN_TEXT_QUESTION)
      const id = sources.insertSource(
        w.db,
        {
          kind,
          name,
          baseUrl: url,
          scheduleMinutes: scheduleMinutes ?? DEFAULT_SCHEDULE_MINUTES,
          fetchComments: fetchComments ?? true,
          mappingJson: JSON.stringify(entry.defaultMapping()),
        },
        Date.now(),
      )
      if (credentials) {
        try {
          storeCredentials(w, row(w, id), credentials, true)
        } catch (err) {
          // A source whose credentials could not be kept would only fail later: undo the add, say why now.
          sources.removeSource(w.db, id)
          throw err
        }
      }
      service().changed()
      return summary(w, row(w, id))
    },

    'sources.update': ({ id, name, baseUrl, scheduleMinutes, fetchComments, enabled }) => {
      const w = ws()
      const r = row(w, id)
      if (name !== undefined) checkName(w, name, id)
      const url = baseUrl === undefined ? undefined : baseUrlOf(r.kind, baseUrl)
      sources.updateSource(w.db, id, { name, baseUrl: url, scheduleMinutes, fetchComments, enabled }, Date.now())
      service().changed()
      return summary(w, row(w, id))
    },

    'sources.test': async ({ id }) => {
      const w = ws()
      const connector = service().connectorFor(w, row(w, id))
      try {
        return await connector.test(AbortSignal.timeout(TEST_TIMEOUT_MS))
      } catch (err) {
        if (err instanceof ConnectorError)
          throw new ApiFailure(err.kind === 'auth' ? 'unauthorized' : 'invalid_input', err.message)
        if ((err as Error).name === 'TimeoutError')
          throw new ApiFailure('invalid_input', `The source did not answer within ${TEST_TIMEOUT_MS / 1000} s.`)
        throw err
      }
    },

    'sources.remove': async ({ id }) => {
      const w = ws()
      const r = row(w, id)
      const s = service()
      await s.stopRun(w, id)
      // A removed source is purged: its tickets' text is overwritten in the file, not just unlinked (reliability.md),
      // and in the workspace's backups.
      const target = sourcePurgeTarget(w.db, id) as PurgeTarget // row() above found the source
      const tickets = withSecureDelete(w.db, () => sources.removeSource(w.db, id))
      const backups = await purgeFromBackups(
        backupFilesOf(ctx.manager.dataDir, w.info.id, ctx.manager.fileOf(w.info.id)),
        target,
        ctx.log,
      )
      try {
        s.secrets.remove(s.secretKey(w, r))
      } catch (err) {
        ctx.log(`credentials of removed source ${r.name} not removed: ${(err as Error).message}`)
      }
      w.tickets.invalidate()
      ctx.events.emit({ type: 'workspace.changed', workspace: { ...w.info, tickets: w.tickets.count({}) } })
      recordAudit(w.db, {
        action: 'purge.source',
        target: `source ${r.name}`,
        via: ctx.transport,
        detail: { tickets, backupsCleaned: backups.cleaned, backupsNotCleaned: backups.failed.map((f) => f.name) },
      })
      s.changed()
      return { removed: id, tickets, backups }
    },

    'sources.syncNow': ({ id, fromStart }) => {
      const { taskId, done } = service().start(id, 'manual', { fromStart })
      done.catch(() => undefined)
      return { taskId }
    },

    'sources.quarantine': ({ id, limit }) => {
      const w = ws()
      row(w, id)
      return sources.listQuarantine(w.db, id, limit ?? 200)
    },

    'sources.setCredentials': ({ id, credentials, acceptPlainText }) => {
      const w = ws()
      const r = row(w, id)
      storeCredentials(w, r, credentials, acceptPlainText)
      resumeIfPaused(w.db, id)
      service().changed()
      return summary(w, row(w, id))
    },

    'sources.mapping': ({ id }) => {
      const w = ws()
      const r = row(w, id)
      const entry = CONNECTORS[r.kind]
      const mapping = service().mappingOf(w, r)
      return { mapping, defaults: entry ? entry.defaultMapping() : mapping }
    },

    'sources.setMapping': ({ id, mapping }) => {
      const w = ws()
      const r = row(w, id)
      try {
        CONNECTORS[r.kind]?.checkMapping?.(mapping)
      } catch (err) {
        throw new ApiFailure('invalid_input', (err as Error).message)
      }
      sources.writeMappingJson(w.db, id, JSON.stringify(mapping), Date.now())
      service().changed()
      return { mapping }
    },
  }
}
