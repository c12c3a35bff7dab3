/**
 * The Import screen's state: the chosen file and what inspection learned, the mapping being edited, its preview,
 * the running import's task and the report of the last one. Progress itself arrives as task events (tasksSlice).
 */
import type { ImportFileRef } from '../../../shared/api/methods/imports'
import type {
  BuiltInPresetId,
  ImportInspection,
  ImportMapping,
  ImportPreset,
  ImportReject,
  ImportRunSummary,
} from '../../../shared/importMapping'
import { BUILT_IN_PRESET_IDS } from '../../../shared/importMapping'
import { call, transportKind, withSessionToken } from '../../api/client'
import { analystTimeZone } from '../../lib/format'
import type { SliceCreator } from '../../store/types'
import { downloadHref, fileName } from '../tasks/tasksSlice'
import { presetForFile } from './mappingModel'
import { uploadFile } from './upload'

export type PreviewRow = { line: number; ticket: Record<string, unknown> | null; error: string | null }
export interface ImportReport {
  run: ImportRunSummary
  rejects: ImportReject[]
  total: number
}

export interface ImportsSlice {
  importFile: { ref: ImportFileRef; fileName: string } | null
  /** Bytes sent of a browser upload in progress, or null. */
  uploadProgress: { sent: number; total: number } | null
  inspection: ImportInspection | null
  mapping: ImportMapping | null
  presetId: string
  presets: ImportPreset[]
  sourceName: string
  importTimeZone: string
  preview: PreviewRow[] | null
  previewError: string | null
  /** The import this window started: its task (progress events) and run (the report). */
  importRun: { taskId: string; runId: number } | null
  importReport: ImportReport | null
  importRuns: ImportRunSummary[]
  importBusy: boolean
  loadImportPresets(): Promise<void>
  loadImportRuns(): Promise<void>
  chooseImportFile(file?: File): Promise<void>
  applyImportPreset(id: string): Promise<void>
  setImportMapping(mapping: ImportMapping): void
  setImportOptions(options: Partial<{ sourceName: string; importTimeZone: string }>): void
  refreshImportPreview(): Promise<void>
  startImport(): Promise<void>
  cancelImport(): Promise<void>
  loadImportReport(runId: number): Promise<void>
  saveImportPreset(name: string): Promise<void>
  deleteImportPreset(id: string): Promise<void>
  downloadImportReport(runId: number): Promise<void>
  resetImport(): void
}

const baseName = (name: string): string =>
  name
    .replace(/\.[^.]+$/, '')
    .trim()
    .slice(0, 80) || 'Imported file'

export const createImportsSlice: SliceCreator<ImportsSlice> = (set, get) => ({
  importFile: null,
  uploadProgress: null,
  inspection: null,
  mapping: null,
  presetId: 'generic',
  presets: [],
  sourceName: '',
  importTimeZone: analystTimeZone(),
  preview: null,
  previewError: null,
  importRun: null,
  importReport: null,
  importRuns: [],
  importBusy: false,

  async loadImportPresets() {
    try {
      set({ presets: await call('import.presets', {}) })
    } catch (err) {
      get().reportError(err, 'list the import presets')
    }
  },

  async loadImportRuns() {
    try {
      set({ importRuns: await call('import.reports', {}) })
    } catch (err) {
      get().reportError(err, 'list the recent imports')
    }
  },

  async chooseImportFile(file) {
    set({ importBusy: true })
    try {
      let chosen: { ref: ImportFileRef; fileName: string }
      if (transportKind() === 'web') {
        if (!file) return
        set({ uploadProgress: { sent: 0, total: file.size } })
        const up = await uploadFile(file, (sent, total) => set({ uploadProgress: { sent, total } }))
        chosen = { ref: { uploadId: up.uploadId }, fileName: up.fileName }
      } else {
        const { path } = await call('import.chooseFile', {})
        if (!path) return
        chosen = { ref: { path }, fileName: fileName(path) }
      }
      const inspection = await call('import.inspect', { file: chosen.ref })
      set({
        importFile: chosen,
        inspection,
        mapping: inspection.mapping,
        presetId: inspection.presetId,
        sourceName: baseName(chosen.fileName),
        importReport: null,
        importRun: null,
        preview: null,
      })
      void get().refreshImportPreview()
    } catch (err) {
      get().reportError(err, 'read the file')
    } finally {
      set({ importBusy: false, uploadProgress: null })
    }
  },

  async applyImportPreset(id) {
    const { importFile, inspection, presets } = get()
    if (!importFile || !inspection) return
    try {
      if ((BUILT_IN_PRESET_IDS as readonly string[]).includes(id)) {
        const fresh = await call('import.inspect', { file: importFile.ref, presetId: id as BuiltInPresetId })
        set({ presetId: id, mapping: fresh.mapping })
      } else {
        const preset = presets.find((p) => p.id === id)
        if (!preset) return
        set({ presetId: id, mapping: presetForFile(preset.mapping, inspection) })
      }
      void get().refreshImportPreview()
    } catch (err) {
      get().reportError(err, 'apply the preset')
    }
  },

  setImportMapping(mapping) {
    set({ mapping })
  },

  setImportOptions(options) {
    set(options)
  },

  async refreshImportPreview() {
    const { importFile, mapping, importTimeZone } = get()
    if (!importFile || !mapping) return
    try {
      const { rows } = await call('import.preview', { file: importFile.ref, mapping, timeZone: importTimeZone })
      // A later edit may have started another preview: only the newest mapping's answer is shown.
      if (get().mapping === mapping) set({ preview: rows, previewError: null })
    } catch (err) {
      if (get().mapping === mapping) set({ preview: null, previewError: (err as Error).message })
    }
  },

  async startImport() {
    const { importFile, mapping, presetId, sourceName, importTimeZone } = get()
    if (!importFile || !mapping) return
    set({ importBusy: true })
    try {
      const started = await call('import.start', {
        file: importFile.ref,
        mapping,
        presetId,
        sourceName: sourceName.trim() || undefined,
        timeZone: importTimeZone,
      })
      set({ importRun: { taskId: started.taskId, runId: started.runId }, importReport: null })
    } catch (err) {
      get().reportError(err, 'start the import')
    } finally {
      set({ importBusy: false })
    }
  },

  async cancelImport() {
    const run = get().importRun
    if (run) await get().cancelTask(run.taskId)
  },

  async loadImportReport(runId) {
    try {
      const report = await call('import.report', { id: runId })
      set({ importReport: report })
      void get().loadImportRuns()
    } catch (err) {
      get().reportError(err, 'load the import report')
    }
  },

  async saveImportPreset(name) {
    const mapping = get().mapping
    if (!mapping) return
    try {
      const preset = await call('import.savePreset', { name, mapping })
      await get().loadImportPresets()
      set({ presetId: preset.id })
      get().notify('success', `Saved the mapping as “${preset.name}”.`)
    } catch (err) {
      get().reportError(err, 'save the preset')
    }
  },

  async deleteImportPreset(id) {
    try {
      await call('import.deletePreset', { id })
      await get().loadImportPresets()
      if (get().presetId === id) set({ presetId: 'generic' })
    } catch (err) {
      get().reportError(err, 'delete the preset')
    }
  },

  async downloadImportReport(runId) {
    try {
      const { file, rows } = await call('import.reportCsv', { id: runId })
      const name = fileName(file)
      if (transportKind() === 'web')
        get().notify('success', `The report of ${rows.toLocaleString()} rejected rows is ready.`, {
          href: withSessionToken(downloadHref(file)),
          label: 'Download',
          download: name,
        })
      else get().notify('success', `Saved the report of ${rows.toLocaleString()} rejected rows to ${file}.`)
    } catch (err) {
      get().reportError(err, 'write the import report')
    }
  },

  resetImport() {
    set({
      importFile: null,
      inspection: null,
      mapping: null,
      preview: null,
      previewError: null,
      importRun: null,
      importReport: null,
    })
  },
})
