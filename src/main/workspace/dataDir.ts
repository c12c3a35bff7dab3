/** Where workspaces live: Electron's userData, or `--data-dir` / WORKBENCH_DATA_DIR for browser mode, CLI and tests. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { WorkspaceError } from '../db/connection'

export const APP_DIR_NAME = 'Ops Workbench'

/** The same folder Electron's `app.getPath('userData')` gives, so every front door shares one cache. */
export function defaultDataDir(platform = process.platform, env = process.env, home = os.homedir()): string {
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME)
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME)
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME)
}

/** `--data-dir` wins, then WORKBENCH_DATA_DIR, then the platform default. */
export function resolveDataDir(flag: string | undefined, env = process.env): string {
  const chosen = flag ?? env.WORKBENCH_DATA_DIR
  return path.resolve(chosen && chosen.trim() ? chosen : defaultDataDir())
}

/**
 * Creates the folder if needed (readable by this user only: it holds users' personal data and harmful content) and
 * proves it is writable; otherwise a sentence naming the folder and the fix. A folder that already exists keeps the
 * permissions its owner gave it.
 */
export function ensureWritableDir(dir: string): void {
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) {
    throw new WorkspaceError(
      'workspace_unavailable',
      `The data folder ${dir} is a file, not a folder. Choose another with --data-dir.`,
    )
  }
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  } catch (err) {
    throw new WorkspaceError(
      'workspace_unavailable',
      `The data folder ${dir} does not exist and could not be created (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). ` +
        'Choose another folder with --data-dir or WORKBENCH_DATA_DIR.',
    )
  }
  const probe = path.join(dir, `.write-check-${process.pid}`)
  try {
    fs.writeFileSync(probe, '')
    fs.rmSync(probe)
  } catch (err) {
    throw new WorkspaceError(
      'workspace_unavailable',
      `The data folder ${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}). ` +
        'Nothing was changed. Fix its permissions or choose another folder with --data-dir.',
    )
  }
}
