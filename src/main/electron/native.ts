/** Chooses the better-sqlite3 binary that matches this Electron's ABI (see scripts/native-electron.mjs). */
import { app } from 'electron'
import fs from 'node:fs'
import path from 'node:path'
import { resolveNativeBinding } from './rules'

/**
 * The path to pass as better-sqlite3's `nativeBinding`, or undefined when packaged. Looks in the app path (where
 * `electron .` and electron-vite run from) and in the project root above out/main (where a test that launches
 * out/main/index.js directly runs from). Throws a sentence naming the fix when the binary was never built.
 */
export function electronNativeBinding(): string | undefined {
  return resolveNativeBinding({
    isPackaged: app.isPackaged,
    roots: [app.getAppPath(), path.resolve(__dirname, '..', '..')],
    electronVersion: process.versions.electron ?? 'unknown',
    arch: process.arch,
    exists: (file) => fs.existsSync(file),
  })
}
