/** Migration 6: import presets, runs and rejects, and what deleting a source or a run does to them. */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/db/connection'
import { createRun, getRun, rejectCount, savePreset, writeImportBatch } from '../../src/main/db/queries/imports'
import { ensureSource } from '../../src/main/db/queries/ticketWrites'
import { EMPTY_MAPPING } from '../../src/shared/importMapping'
import { tempDir } from '../helpers/tmp'

describe('migration 6 (file imports)', () => {
  it('keeps a run after its source is removed, and removes its rejects with it', () => {
    const db = openDatabase(path.join(tempDir(), 'm.sqlite'))
    const sourceId = ensureSource(db, 'file', 'export')
    const runId = createRun(db, {
      sourceId,
      sourceName: 'export',
      fileName: 'export.csv',
      format: 'csv',
      presetId: null,
      mapping: EMPTY_MAPPING,
      now: 1,
    })
    writeImportBatch(
      db,
      sourceId,
      runId,
      2,
      [],
      [
        { line: 2, reason: 'the ticket id is empty', excerpt: ',x' },
        { line: 2, reason: 'a second record on the same line (minified JSON)', excerpt: '{}' },
      ],
    )
    expect(getRun(db, runId)).toMatchObject({ rows: 2, rejected: 2, state: 'running' })
    db.prepare('DELETE FROM sources WHERE id = ?').run(sourceId)
    expect(getRun(db, runId)).toMatchObject({ sourceId: null, sourceName: 'export' })
    expect(rejectCount(db, runId)).toBe(2)
    db.prepare('DELETE FROM import_runs WHERE id = ?').run(runId)
    expect(rejectCount(db, runId)).toBe(0)
    db.close()
  })

  it('refuses values outside the schema and names presets uniquely, ignoring case', () => {
    const db = openDatabase(path.join(tempDir(), 'm.sqlite'))
    expect(() =>
      db
        .prepare(
          "INSERT INTO import_runs (source_name, file_name, format, mapping_json, state, started_at) VALUES ('s', 'f', 'pdf', '{}', 'running', 1)",
        )
        .run(),
    ).toThrow(/CHECK constraint failed/)
    const a = savePreset(db, 'Partner CRM', EMPTY_MAPPING, 1)
    expect(savePreset(db, 'partner crm', EMPTY_MAPPING, 2)).toBe(a)
    db.close()
  })
})
