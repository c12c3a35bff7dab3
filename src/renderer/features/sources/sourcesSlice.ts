/** Sources screen state: the list of connector sources and the open one's mapping and quarantine. */
import { ApiError, call } from '../../api/client'
import type {
  FieldMapping,
  QuarantineEntry,
  SourceCredentials,
  SourceSummary,
} from '../../../shared/api/methods/sources'
import { backupsCleanedPhrase, backupsNotCleanedWarning } from '../../../shared/purge'
import type { SliceCreator } from '../../store/types'

export interface SourceDraft {
  kind: SourceSummary['kind']
  name: string
  baseUrl: string
  scheduleMinutes: number
  fetchComments: boolean
}

/** The backend asks before storing credentials in a plain file: the screen then asks the analyst. */
export type CredentialsOutcome = 'saved' | 'needs-plain-text-consent' | 'failed'

export interface SourcesSlice {
  sources: SourceSummary[] | null
  sourcesBusy: boolean
  /** Source whose details (edit, mapping, quarantine) are open. */
  openSourceId: number | null
  sourceMapping: { id: number; mapping: FieldMapping; defaults: FieldMapping } | null
  sourceQuarantine: { id: number; entries: QuarantineEntry[] } | null
  loadSources(): Promise<void>
  openSource(id: number | null): void
  addSource(
    draft: SourceDraft,
    credentials: SourceCredentials | null,
    acceptPlainText: boolean,
  ): Promise<CredentialsOutcome>
  updateSource(id: number, patch: Partial<SourceDraft> & { enabled?: boolean }): Promise<boolean>
  setSourceCredentials(
    id: number,
    credentials: SourceCredentials,
    acceptPlainText: boolean,
  ): Promise<CredentialsOutcome>
  testSource(id: number): Promise<void>
  /** `fromStart`: read the whole source again so the current field mapping reaches the cached tickets. */
  syncSource(id: number, options?: { fromStart?: boolean }): Promise<void>
  removeSource(id: number): Promise<void>
  loadSourceMapping(id: number): Promise<void>
  saveSourceMapping(id: number, mapping: FieldMapping): Promise<boolean>
  loadSourceQuarantine(id: number): Promise<void>
}

const PLAIN_TEXT = /no system keychain/

export const createSourcesSlice: SliceCreator<SourcesSlice> = (set, get) => ({
  sources: null,
  sourcesBusy: false,
  openSourceId: null,
  sourceMapping: null,
  sourceQuarantine: null,

  async loadSources() {
    try {
      set({ sources: await call('sources.list', {}) })
    } catch (err) {
      get().reportError(err, 'list the sources')
    }
  },

  openSource(id) {
    set({ openSourceId: id, sourceMapping: null, sourceQuarantine: null })
  },

  async addSource(draft, credentials, acceptPlainText) {
    set({ sourcesBusy: true })
    try {
      const s = await call('sources.add', {
        ...draft,
        ...(credentials ? { credentials, acceptPlainText } : {}),
      })
      get().notify('success', `Added “${s.name}”. Test it, then sync it now or let the schedule do it.`)
      await get().loadSources()
      set({ openSourceId: s.id })
      return 'saved'
    } catch (err) {
      if (err instanceof ApiError && PLAIN_TEXT.test(err.message)) return 'needs-plain-text-consent'
      get().reportError(err, 'add the source')
      return 'failed'
    } finally {
      set({ sourcesBusy: false })
    }
  },

  async updateSource(id, patch) {
    set({ sourcesBusy: true })
    try {
      await call('sources.update', { id, ...patch })
      await get().loadSources()
      get().notify('success', 'Source saved.')
      return true
    } catch (err) {
      get().reportError(err, 'save the source')
      return false
    } finally {
      set({ sourcesBusy: false })
    }
  },

  async setSourceCredentials(id, credentials, acceptPlainText) {
    set({ sourcesBusy: true })
    try {
      await call('sources.setCredentials', { id, credentials, acceptPlainText })
      await get().loadSources()
      get().notify('success', 'Credentials saved. They are never shown again, only used to sync.')
      return 'saved'
    } catch (err) {
      if (err instanceof ApiError && PLAIN_TEXT.test(err.message)) return 'needs-plain-text-consent'
      get().reportError(err, 'save the credentials')
      return 'failed'
    } finally {
      set({ sourcesBusy: false })
    }
  },

  async testSource(id) {
    set({ sourcesBusy: true })
    try {
      const { detail } = await call('sources.test', { id })
      get().notify('success', detail)
    } catch (err) {
      get().reportError(err, 'test the source')
    } finally {
      set({ sourcesBusy: false })
    }
  },

  async syncSource(id, options) {
    try {
      await call('sources.syncNow', options?.fromStart ? { id, fromStart: true } : { id })
      await get().loadSources()
    } catch (err) {
      get().reportError(err, 'start the sync')
      await get().loadSources()
    }
  },

  async removeSource(id) {
    set({ sourcesBusy: true })
    try {
      const name = get().sources?.find((s) => s.id === id)?.name ?? 'the source'
      const r = await call('sources.remove', { id })
      get().notify(
        'success',
        `Removed “${name}” and its ${r.tickets.toLocaleString()} tickets${backupsCleanedPhrase(r.backups)}.`,
      )
      const warning = backupsNotCleanedWarning(r.backups)
      if (warning) get().notify('error', warning)
      if (get().openSourceId === id) get().openSource(null)
      await get().loadSources()
    } catch (err) {
      get().reportError(err, 'remove the source')
    } finally {
      set({ sourcesBusy: false })
    }
  },

  async loadSourceMapping(id) {
    try {
      set({ sourceMapping: { id, ...(await call('sources.mapping', { id })) } })
    } catch (err) {
      get().reportError(err, 'load the field mapping')
    }
  },

  async saveSourceMapping(id, mapping) {
    try {
      const r = await call('sources.setMapping', { id, mapping })
      set((s) => ({ sourceMapping: s.sourceMapping && { ...s.sourceMapping, mapping: r.mapping } }))
      get().notify(
        'success',
        'Field mapping saved. It applies to tickets synced from now on; “Re-sync from the start” applies it to the cached ones too.',
      )
      return true
    } catch (err) {
      get().reportError(err, 'save the field mapping')
      return false
    }
  },

  async loadSourceQuarantine(id) {
    try {
      set({ sourceQuarantine: { id, entries: await call('sources.quarantine', { id }) } })
    } catch (err) {
      get().reportError(err, 'load the quarantine list')
    }
  },
})
