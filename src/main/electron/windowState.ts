/** Remembers the main window's size, position and maximised state in <userData>/window-state.json. */
import { app, screen, type BrowserWindow, type Rectangle } from 'electron'
import fs from 'node:fs'
import path from 'node:path'
import { clampToDisplays, defaultBounds, parseWindowState, type WindowState } from './windowBounds'

const FILE_NAME = 'window-state.json'
/** Moves and resizes arrive dozens of times a second while dragging: write once the analyst lets go. */
const SAVE_DELAY_MS = 500

export function windowStateFile(): string {
  return path.join(app.getPath('userData'), FILE_NAME)
}

/** Work areas with the primary display first, the one a lost window falls back to. */
function workAreas(): Rectangle[] {
  const primary = screen.getPrimaryDisplay()
  const others = screen.getAllDisplays().filter((d) => d.id !== primary.id)
  return [primary.workArea, ...others.map((d) => d.workArea)]
}

/** The saved state fitted onto today's displays, or centred defaults on a first launch or an unreadable file. */
export function loadWindowState(file = windowStateFile()): WindowState {
  const areas = workAreas()
  let saved: WindowState | null = null
  try {
    saved = parseWindowState(JSON.parse(fs.readFileSync(file, 'utf8')))
  } catch {
    // Missing or damaged: a window position is not worth an error message.
  }
  if (!saved) return { bounds: defaultBounds(areas[0]), maximized: false }
  return { bounds: clampToDisplays(saved.bounds, areas), maximized: saved.maximized }
}

function writeAtomically(file: string, state: WindowState): void {
  const tmp = `${file}.${process.pid}.tmp`
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(tmp, JSON.stringify(state))
    // A crash mid-write leaves the old file, never half a JSON document.
    fs.renameSync(tmp, file)
  } catch {
    fs.rmSync(tmp, { force: true })
  }
}

/** Saves the window's state (debounced) while it moves, and once more, synchronously, as it closes. */
export function trackWindowState(win: BrowserWindow, file = windowStateFile()): void {
  let timer: NodeJS.Timeout | undefined
  let last: WindowState | null = null

  const snapshot = (): void => {
    // Minimised and full-screen bounds are not where the analyst wants the window next time: keep the last good ones.
    if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return
    last = { bounds: win.getNormalBounds(), maximized: win.isMaximized() }
  }
  const save = (): void => {
    clearTimeout(timer)
    timer = undefined
    snapshot()
    if (last) writeAtomically(file, last)
  }
  const schedule = (): void => {
    clearTimeout(timer)
    timer = setTimeout(save, SAVE_DELAY_MS)
  }

  win.on('resize', schedule)
  win.on('move', schedule)
  win.on('maximize', schedule)
  win.on('unmaximize', schedule)
  win.on('close', save)
  win.on('closed', () => clearTimeout(timer))
}
