/** File import: inspect a file, map its columns, import it in the background (issue 4). */
import { z } from 'zod'
import {
  BUILT_IN_PRESET_IDS,
  importMappingSchema,
  type ImportInspection,
  type ImportPreset,
  type ImportReject,
  type ImportRunSummary,
} from '../../importMapping'
import { method, timeZone, type MethodDef } from '../schemas'
import type { TaskStarted } from '../types'

/** POST a file's bytes here (browser mode, token header, `?name=<file name>`); answers `{ uploadId, fileName, size }`. */
export const HTTP_UPLOAD_PATH = '/api/upload'

/** Where the file is: a path on this machine (desktop, CLI) or an upload to the browser-mode server. */
const fileRef = z.union([
  z.strictObject({ path: z.string().min(1).max(4_096) }),
  z.strictObject({ uploadId: z.string().regex(/^[a-f0-9]{32}$/, 'an upload id from the upload route') }),
])
export type ImportFileRef = z.infer<typeof fileRef>

const sourceName = z.string().trim().min(1).max(80)
const presetName = z.string().trim().min(1).max(80)

export interface ImportStartResult extends TaskStarted {
  runId: number
}

export const importMethods = {
  'import.chooseFile': method<{ path: string | null }>()(
    z.strictObject({}),
    'Desktop only: the file the analyst picks in the system dialog (null when cancelled).',
  ),
  'import.inspect': method<ImportInspection>()(
    z.strictObject({ file: fileRef, presetId: z.enum(BUILT_IN_PRESET_IDS).optional() }),
    'Format, encoding, delimiter, columns, a preview and a guessed (or the given built-in) preset and mapping of a file; writes nothing.',
  ),
  'import.preview': method<{
    rows: {
      line: number
      ticket: Record<string, string | number | boolean | string[] | null> | null
      error: string | null
    }[]
  }>()(
    z.strictObject({ file: fileRef, mapping: importMappingSchema, timeZone }),
    'The first rows of a file as the mapping would import them, or why each would be rejected.',
  ),
  'import.start': method<ImportStartResult>()(
    z.strictObject({
      file: fileRef,
      mapping: importMappingSchema,
      presetId: z.string().max(80).optional(),
      /** New or existing file source; default: derived from the file name. */
      sourceName: sourceName.optional(),
      timeZone,
    }),
    'Import a file in the background; progress and the finished counts arrive as task events and import.report.',
  ),
  'import.presets': method<ImportPreset[]>()(z.strictObject({}), 'Built-in presets and the ones saved here.'),
  'import.savePreset': method<ImportPreset>()(
    z.strictObject({ name: presetName, mapping: importMappingSchema }),
    'Save a mapping under a name (the same name replaces it).',
  ),
  'import.deletePreset': method<{ deleted: string }>()(
    z.strictObject({ id: z.string().regex(/^saved-\d+$/, 'a saved preset id') }),
    'Delete a saved preset (built-in presets stay).',
  ),
  'import.reports': method<ImportRunSummary[]>()(z.strictObject({}), 'Recent file imports, newest first.'),
  'import.report': method<{ run: ImportRunSummary; rejects: ImportReject[]; total: number }>()(
    z.strictObject({
      id: z.number().int().positive(),
      offset: z.number().int().min(0).max(100_000_000).optional(),
      limit: z.number().int().min(1).max(1_000).optional(),
    }),
    'One import with a page of its rejected rows (line number and reason).',
  ),
  'import.reportCsv': method<{ file: string; rows: number }>()(
    z.strictObject({ id: z.number().int().positive() }),
    'Write the rejected rows of an import (line, reason, excerpt) to a CSV in the exports folder; browser mode downloads it.',
  ),
} as const satisfies Record<string, MethodDef>

export { BUILT_IN_PRESET_IDS }
