/**
 * Electron entry: a bootstrap only. Windows, menu, IPC, security and the native binding live in ./electron/; every
 * service is behind the same backend the browser mode and the CLI use.
 *
 * Flags: --data-dir=DIR (or WORKBENCH_DATA_DIR) and --no-demo.
 */
import { app, dialog, net, safeStorage, shell, type BrowserWindow } from 'electron'
import { createBackend, type Backend } from './app/backend'
import { setDefaultNativeBinding } from './db/connection'
import { wireIpc } from './electron/ipc'
import { installImportDialog } from './electron/importDialog'
import { installMenu } from './electron/menu'
import { electronSecretStore } from './electron/secrets'
import { electronNativeBinding } from './electron/native'
import { devServerOrigin, parseShellArgs, type AppPage } from './electron/rules'
import { hardenBeforeReady, installSecurity } from './electron/security'
import { createMainWindow, RENDERER_FILE } from './electron/window'
import { installAlertNotifications } from './electron/alertNotifications'
import { installPdfPrinter } from './electron/pdfInstall'

const log = (line: string): void => console.error(`[workbench] ${line}`)
const args = parseShellArgs(process.argv, process.env)

// Another data folder is another instance: its own single-instance lock, window state and browser profile, so
// tests (and an analyst keeping two caches apart) can run side by side. Must happen before the lock and `ready`.
if (args.dataDir) app.setPath('userData', args.dataDir)
hardenBeforeReady()

let backend: Backend | null = null
let mainWindow: BrowserWindow | null = null

function showMainWindow(page: AppPage): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow(page, log)
    mainWindow.on('closed', () => {
      mainWindow = null
    })
    return
  }
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.show()
  mainWindow.focus()
}

async function main(): Promise<void> {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    backend?.close()
    backend = null
  })
  await app.whenReady()

  const page: AppPage = {
    rendererFile: RENDERER_FILE,
    devServerOrigin: devServerOrigin(process.env.ELECTRON_RENDERER_URL, app.isPackaged),
  }
  installSecurity(page, log)
  installMenu({ dev: !app.isPackaged })

  try {
    // Before the backend opens any database: under Electron the Node build of better-sqlite3 cannot load.
    setDefaultNativeBinding(electronNativeBinding())
    // RCA packets print through Electron's own Chromium (printToPDF) in an isolated window.
    installPdfPrinter()
    backend = await createBackend({
      dataDir: args.dataDir ?? app.getPath('userData'),
      transport: 'electron',
      noDemo: args.noDemo,
      log,
      desktop: { showInFolder: (file) => shell.showItemInFolder(file) },
      // Source credentials: encrypted by the OS keychain (safeStorage), usable only after `ready`.
      secrets: electronSecretStore(args.dataDir ?? app.getPath('userData'), safeStorage),
      sync: { isOnline: () => net.isOnline() },
    })
  } catch (err) {
    const message = (err as Error).message
    log(`Could not start: ${message}`)
    dialog.showErrorBox('Ops Workbench cannot start', message)
    app.exit(1)
    return
  }

  wireIpc(backend, page, log)
  installImportDialog()
  installAlertNotifications(backend.onEvent, () => {
    showMainWindow(page)
    void mainWindow?.webContents.executeJavaScript("window.location.hash = '#/alerts'")
  })
  showMainWindow(page)
  app.on('second-instance', () => showMainWindow(page))
  app.on('activate', () => showMainWindow(page))
}

if (!app.requestSingleInstanceLock()) {
  // The running instance gets 'second-instance' and comes to the front; this one has nothing to do.
  app.quit()
} else {
  main().catch((err: unknown) => {
    log(`Startup failed: ${(err as Error).stack ?? String(err)}`)
    app.exit(1)
  })
}
