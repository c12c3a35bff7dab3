/** The main window: locked-down web preferences, the preload bridge, remembered bounds, no white flash on start. */
import { BrowserWindow, nativeTheme } from 'electron'
import path from 'node:path'
import { APP_NAME } from './menu'
import type { AppPage } from './rules'
import { MIN_SIZE } from './windowBounds'
import { loadWindowState, trackWindowState } from './windowState'

/** Paths inside the build (out/main/index.js sits beside out/preload and out/renderer), packaged or not. */
export const PRELOAD_FILE = path.join(__dirname, '../preload/index.cjs')
export const RENDERER_FILE = path.join(__dirname, '../renderer/index.html')

export function createMainWindow(page: AppPage, log: (line: string) => void): BrowserWindow {
  const state = loadWindowState()
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: APP_NAME,
    // Hidden until the first paint, on the theme's own colour, so a start never flashes white in dark mode.
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1e1f22' : '#ffffff',
    webPreferences: {
      preload: PRELOAD_FILE,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // A middle click would otherwise open links in a new window (refused anyway); Electronegativity AUXCLICK_JS_CHECK.
      disableBlinkFeatures: 'Auxclick',
      // Ticket text is full of names and jargon; red squiggles there help nobody, and the dictionary download is network.
      spellcheck: false,
    },
  })

  win.once('ready-to-show', () => {
    // maximize() would show the window itself, before the first paint: do it here.
    if (state.maximized) win.maximize()
    win.show()
  })
  trackWindowState(win)

  win.webContents.on('render-process-gone', (_event, details) =>
    log(`The window's renderer stopped: ${details.reason}.`),
  )
  win.webContents.on('did-fail-load', (_event, code, description, url) => {
    log(`The window could not load ${url} (${code} ${description}).`)
  })

  // devServerOrigin is only set when ELECTRON_RENDERER_URL passed the dev-only checks in rules.ts.
  const devUrl = page.devServerOrigin && (process.env.ELECTRON_RENDERER_URL ?? page.devServerOrigin)
  const loading = devUrl ? win.loadURL(devUrl) : win.loadFile(page.rendererFile)
  loading.catch((err: unknown) => log(`Loading the app page failed: ${(err as Error).message}`))
  return win
}
