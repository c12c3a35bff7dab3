/**
 * The child process of the import crash drill (bundled by crashImport.ts): imports one file into one workspace file,
 * forcing the bulk path (`bulk`) or the batched one (`batched`), and says "Importing" on stderr once rows flow.
 * Usage: node importChild.cjs <workspace.sqlite> <file.csv> bulk|batched
 */
import path from 'node:path'
import { openDatabase } from '../../src/main/db/connection'
import { leanImportConnection } from '../../src/main/db/queries/imports'
import { prepareImport } from '../../src/main/ingest/importService'
import { inspectFile } from '../../src/main/ingest/inspect'
import { runImport } from '../../src/main/ingest/runImport'

async function main(): Promise<void> {
  const [dbFile, file, mode] = process.argv.slice(2) as [string, string, string]
  const db = openDatabase(dbFile, { backupBeforeMigrate: false })
  leanImportConnection(db)
  const fileName = path.basename(file)
  const { mapping, presetId } = await inspectFile(file, fileName)
  const prepared = await prepareImport(db, {
    file,
    fileName,
    mapping,
    presetId,
    sourceName: 'Crash file',
    timeZone: 'UTC',
  })
  let said = false
  const summary = await runImport(
    db,
    { file, fileName, mapping, timeZone: 'UTC', ...prepared, bulk: mode === 'bulk' },
    {
      isCancelled: () => false,
      onProgress: () => {
        if (!said) process.stderr.write('Importing\n')
        said = true
      },
    },
  )
  db.close()
  process.stdout.write(JSON.stringify(summary))
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`)
  process.exit(1)
})
