/**
 * Where exports go: `<dataDir>/exports/<workspace>-<yyyymmdd-hhmm>.<ext>` (local time of the analyst), and the only
 * files the browser-mode download route will hand out: plain names of that folder, no paths.
 */
import fs from 'node:fs'
import path from 'node:path'
import { zoneOffsetMs } from '../../shared/time'
import type { ExportFormat } from './exportTickets'

export function exportsDir(dataDir: string): string {
  return path.join(dataDir, 'exports')
}

/** Names the download route accepts: what exportFileName makes, nothing with a separator or a leading dot. */
const EXPORT_NAME = /^[a-z0-9][a-z0-9-]{0,100}\.(csv|xlsx|pdf)$/

/** A new file name for an export, with `-2`, `-3`… when the same minute already has one. */
export function exportFilePath(
  dir: string,
  workspaceId: string,
  format: ExportFormat,
  now: number,
  timeZone: string,
): string {
  const local = new Date(now + zoneOffsetMs(now, timeZone)).toISOString()
  const stamp = `${local.slice(0, 10).replace(/-/g, '')}-${local.slice(11, 16).replace(':', '')}`
  const base = `${workspaceId}-${stamp}`
  for (let i = 1; ; i++) {
    const file = path.join(dir, `${base}${i === 1 ? '' : `-${i}`}.${format}`)
    if (!fs.existsSync(file) && !fs.existsSync(`${file}.partial`)) return file
  }
}

/**
 * The file a download asks for, or null: only a plain name matching what exports are called, inside the exports
 * folder (checked again after resolving links), and only a regular file.
 */
export function resolveDownload(dir: string, name: string | null): string | null {
  if (!name || !EXPORT_NAME.test(name)) return null
  const root = path.resolve(dir)
  const file = path.resolve(root, name)
  if (path.dirname(file) !== root) return null
  try {
    const real = fs.realpathSync(file)
    if (path.dirname(real) !== fs.realpathSync(root)) return null
    return fs.statSync(real).isFile() ? real : null
  } catch {
    return null
  }
}
