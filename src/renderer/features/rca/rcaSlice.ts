/**
 * The RCA screen's state: the list, the open document and the analyst's draft of it. Autosave never loses a word:
 * every edit is written to the window's local storage at once, then saved to the workspace after a short pause; the
 * local copy is dropped only when the server has confirmed that revision. A draft left by a reload or a crash is put
 * back when the RCA is opened again.
 */
import type { RcaExported, RcaPreview } from '../../../shared/api/methods/rca'
import type { ApiInput } from '../../../shared/api/contract'
import type {
  PacketRedaction,
  RcaContent,
  RcaDocument,
  RcaEvidence,
  RcaSummary,
  RcaTemplate,
  RcaVersion,
} from '../../../shared/rca'
import { ApiError, call } from '../../api/client'
import { analystTimeZone } from '../../lib/format'
import { analystMessage } from '../../lib/errors'
import type { SliceCreator } from '../../store/types'
import { clearDraft, defaultRedaction, readDraft, writeDraft, type SaveState } from './rcaModel'

export const AUTOSAVE_MS = 800

export interface RcaSlice {
  rcaList: RcaSummary[] | null
  rcaTemplates: RcaTemplate[]
  rcaDoc: RcaDocument | null
  /** What the analyst is editing (title and content); saved to the server by autosave. */
  rcaDraft: { title: string; content: RcaContent } | null
  rcaSave: { state: SaveState; message: string | null; at: number | null }
  /** Parts changed since the last export, as the server last said. */
  rcaChanged: string[]
  /** A draft found in local storage that no longer matches the saved revision (another window saved since). */
  rcaStaleDraft: { title: string; content: RcaContent; savedLocallyAt: number } | null
  rcaVersions: RcaVersion[] | null
  rcaRedaction: PacketRedaction
  rcaPreview: RcaPreview | null
  rcaPreviewLoading: boolean
  rcaExport: { state: 'idle' | 'running' | 'done' | 'failed'; result: RcaExported | null; message: string | null }
  loadRcas(): Promise<void>
  loadRcaTemplates(): Promise<void>
  openRca(id: number): Promise<void>
  closeRca(): void
  editRca(change: { title?: string; content?: RcaContent }): void
  flushRca(): Promise<void>
  createRca(input: { escalationId: number | null; templateId: number; title: string }): Promise<number | null>
  addRcaEvidence(evidence: ApiInput<'rca.addEvidence'>['evidence'], label?: string): Promise<RcaEvidence | null>
  removeRcaEvidence(evidenceId: number): Promise<void>
  loadRcaVersions(): Promise<void>
  saveRcaVersion(label: string): Promise<void>
  restoreRcaVersion(versionId: number): Promise<void>
  applyStaleDraft(use: boolean): void
  setRcaRedaction(r: PacketRedaction): void
  loadRcaPreview(): Promise<void>
  exportRcaPdf(): Promise<void>
}

let timer: number | undefined
let inFlight: Promise<void> | null = null

export const createRcaSlice: SliceCreator<RcaSlice> = (set, get) => {
  const workspace = () => get().info?.workspace?.id ?? 'none'

  const save = async (): Promise<void> => {
    const { rcaDoc: doc, rcaDraft: draft } = get()
    if (!doc || !draft) return
    set({ rcaSave: { state: 'saving', message: null, at: get().rcaSave.at } })
    try {
      const res = await call('rca.save', {
        id: doc.id,
        title: draft.title.trim() || doc.title,
        content: draft.content,
        baseRevision: doc.revision,
      })
      const now = get()
      // The doc may have been switched meanwhile; only the one saved is updated.
      if (now.rcaDoc?.id !== doc.id) return
      const unchanged = now.rcaDraft === draft
      set({
        rcaDoc: {
          ...now.rcaDoc,
          revision: res.revision,
          updatedAt: res.updatedAt,
          title: draft.title.trim() || doc.title,
        },
        rcaChanged: res.changedSinceExport,
        rcaSave: { state: unchanged ? 'saved' : 'pending', message: null, at: res.updatedAt },
        rcaList:
          now.rcaList?.map((r) =>
            r.id === doc.id
              ? {
                  ...r,
                  title: draft.title.trim() || r.title,
                  revision: res.revision,
                  updatedAt: res.updatedAt,
                  changedSinceExport: res.changedSinceExport,
                }
              : r,
          ) ?? null,
      })
      if (unchanged) clearDraft(localStorage, workspace(), doc.id)
      else {
        // Typed while saving: the local draft now names the new revision, and another save follows.
        writeDraft(localStorage, workspace(), doc.id, {
          ...now.rcaDraft!,
          baseRevision: res.revision,
          savedLocallyAt: Date.now(),
        })
        schedule()
      }
    } catch (err) {
      set({
        rcaSave: {
          state: 'error',
          message: `${analystMessage(err, 'save the RCA')} Your words are kept in this window.`,
          at: get().rcaSave.at,
        },
      })
    }
  }

  const schedule = () => {
    window.clearTimeout(timer)
    timer = window.setTimeout(() => {
      inFlight = save().finally(() => {
        inFlight = null
      })
    }, AUTOSAVE_MS)
  }

  return {
    rcaList: null,
    rcaTemplates: [],
    rcaDoc: null,
    rcaDraft: null,
    rcaSave: { state: 'saved', message: null, at: null },
    rcaChanged: [],
    rcaStaleDraft: null,
    rcaVersions: null,
    rcaRedaction: defaultRedaction(),
    rcaPreview: null,
    rcaPreviewLoading: false,
    rcaExport: { state: 'idle', result: null, message: null },

    async loadRcas() {
      try {
        set({ rcaList: await call('rca.list', {}) })
      } catch (err) {
        get().reportError(err, 'load the RCAs')
      }
    },

    async loadRcaTemplates() {
      try {
        set({ rcaTemplates: await call('rca.templates', {}) })
      } catch (err) {
        get().reportError(err, 'load the RCA templates')
      }
    },

    async openRca(id) {
      await get().flushRca()
      try {
        const doc = await call('rca.get', { id })
        const local = readDraft(localStorage, workspace(), id)
        let draft = { title: doc.title, content: doc.content }
        let stale: RcaSlice['rcaStaleDraft'] = null
        if (local && local.baseRevision === doc.revision) draft = { title: local.title, content: local.content }
        else if (local) stale = { title: local.title, content: local.content, savedLocallyAt: local.savedLocallyAt }
        set({
          rcaDoc: doc,
          rcaDraft: draft,
          rcaChanged: doc.changedSinceExport,
          rcaStaleDraft: stale,
          rcaVersions: null,
          rcaPreview: null,
          rcaExport: { state: 'idle', result: null, message: null },
          rcaSave: { state: local && !stale ? 'pending' : 'saved', message: null, at: doc.updatedAt },
        })
        if (local && !stale) {
          get().notify('info', 'Unsaved text of this RCA from an earlier session was put back; it is being saved now.')
          schedule()
        }
      } catch (err) {
        set({ rcaDoc: null, rcaDraft: null })
        get().reportError(err, 'open the RCA')
      }
    },

    closeRca() {
      void get().flushRca()
      set({ rcaDoc: null, rcaDraft: null, rcaVersions: null, rcaPreview: null, rcaStaleDraft: null })
    },

    editRca(change) {
      const { rcaDoc: doc, rcaDraft: draft } = get()
      if (!doc || !draft) return
      const next = { title: change.title ?? draft.title, content: change.content ?? draft.content }
      set({ rcaDraft: next, rcaSave: { ...get().rcaSave, state: 'pending', message: null }, rcaPreview: null })
      writeDraft(localStorage, workspace(), doc.id, { ...next, baseRevision: doc.revision, savedLocallyAt: Date.now() })
      schedule()
    },

    async flushRca() {
      if (timer !== undefined && get().rcaSave.state === 'pending') {
        window.clearTimeout(timer)
        timer = undefined
        await save()
      } else if (inFlight) await inFlight
    },

    async createRca(input) {
      try {
        const doc = await call('rca.create', input)
        await get().loadRcas()
        return doc.id
      } catch (err) {
        get().reportError(err, 'start the RCA')
        return null
      }
    },

    async addRcaEvidence(evidence, label) {
      const doc = get().rcaDoc
      if (!doc) return null
      try {
        const ev = await call('rca.addEvidence', { id: doc.id, evidence, ...(label ? { label } : {}) })
        const now = get().rcaDoc
        if (now?.id === doc.id) set({ rcaDoc: { ...now, evidence: [...now.evidence, ev] }, rcaPreview: null })
        return ev
      } catch (err) {
        get().reportError(err, 'attach the evidence')
        return null
      }
    },

    async removeRcaEvidence(evidenceId) {
      const doc = get().rcaDoc
      if (!doc) return
      await get().flushRca()
      try {
        await call('rca.removeEvidence', { id: doc.id, evidenceId })
        const now = get().rcaDoc
        if (now?.id === doc.id)
          set({ rcaDoc: { ...now, evidence: now.evidence.filter((e) => e.id !== evidenceId) }, rcaPreview: null })
      } catch (err) {
        get().reportError(err, 'remove the evidence')
      }
    },

    async loadRcaVersions() {
      const doc = get().rcaDoc
      if (!doc) return
      try {
        set({ rcaVersions: await call('rca.versions', { id: doc.id }) })
      } catch (err) {
        get().reportError(err, 'load the version history')
      }
    },

    async saveRcaVersion(label) {
      const doc = get().rcaDoc
      if (!doc) return
      await get().flushRca()
      try {
        await call('rca.saveVersion', { id: doc.id, label })
        get().notify('success', 'Version recorded in the history.')
        await get().loadRcaVersions()
      } catch (err) {
        get().reportError(err, 'record the version')
      }
    },

    async restoreRcaVersion(versionId) {
      const doc = get().rcaDoc
      if (!doc) return
      await get().flushRca()
      try {
        const restored = await call('rca.restore', { id: doc.id, versionId })
        clearDraft(localStorage, workspace(), doc.id)
        set({
          rcaDoc: restored,
          rcaDraft: { title: restored.title, content: restored.content },
          rcaChanged: restored.changedSinceExport,
          rcaSave: { state: 'saved', message: null, at: restored.updatedAt },
          rcaPreview: null,
        })
        get().notify('success', 'Version restored. The text it replaced is in the history, so this can be undone.')
        await get().loadRcaVersions()
      } catch (err) {
        get().reportError(err, 'restore the version')
      }
    },

    applyStaleDraft(use) {
      const { rcaStaleDraft: stale, rcaDoc: doc } = get()
      if (!stale || !doc) return
      set({ rcaStaleDraft: null })
      if (use) get().editRca({ title: stale.title, content: stale.content })
      else clearDraft(localStorage, workspace(), doc.id)
    },

    setRcaRedaction(r) {
      set({ rcaRedaction: r, rcaPreview: null })
    },

    async loadRcaPreview() {
      const doc = get().rcaDoc
      if (!doc) return
      await get().flushRca()
      set({ rcaPreviewLoading: true })
      try {
        const preview = await call('rca.preview', {
          id: doc.id,
          timeZone: analystTimeZone(),
          redaction: {
            ...get().rcaRedaction,
            terms: [...get().rcaRedaction.terms],
            fields: [...get().rcaRedaction.fields],
          },
        })
        set({ rcaPreview: preview })
      } catch (err) {
        get().reportError(err, 'build the preview')
      } finally {
        set({ rcaPreviewLoading: false })
      }
    },

    async exportRcaPdf() {
      const doc = get().rcaDoc
      if (!doc || get().rcaExport.state === 'running') return
      await get().flushRca()
      if (get().rcaSave.state === 'error') {
        set({
          rcaExport: {
            state: 'failed',
            result: null,
            message: 'The RCA could not be saved, so it was not exported. Fix the problem above and try again.',
          },
        })
        return
      }
      set({ rcaExport: { state: 'running', result: null, message: null } })
      try {
        const r = get().rcaRedaction
        const result = await call('rca.exportPdf', {
          id: doc.id,
          timeZone: analystTimeZone(),
          redaction: { ...r, terms: [...r.terms], fields: [...r.fields] },
        })
        set({ rcaExport: { state: 'done', result, message: null }, rcaChanged: [] })
        // The export is recorded as a version: its time (from the list) is what "changed since" counts from.
        await get().loadRcas()
        const listed = get().rcaList?.find((x) => x.id === doc.id)
        const now = get().rcaDoc
        if (listed && now?.id === doc.id)
          set({ rcaDoc: { ...now, lastExportAt: listed.lastExportAt }, rcaChanged: listed.changedSinceExport })
        if (get().rcaVersions) void get().loadRcaVersions()
      } catch (err) {
        const message = err instanceof ApiError ? err.message : analystMessage(err, 'print the PDF')
        set({ rcaExport: { state: 'failed', result: null, message } })
      }
    },
  }
}
