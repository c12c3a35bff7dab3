/**
 * The desktop app's PDF printer: the packet HTML in a hidden, sandboxed window with JavaScript off, its own
 * in-memory session that cancels every request but the page itself, printed with webContents.printToPDF. The window
 * always closes: after printing, on failure, and at the deadline. Electron is passed in, so tests drive it with a fake.
 */
import crypto from 'node:crypto'
import type { BrowserWindow as ElectronBrowserWindow, BrowserWindowConstructorOptions } from 'electron'
import { PdfPrintError, type PdfJob, type PdfPrinter } from '../rca/printer'

type WindowLike = Pick<ElectronBrowserWindow, 'destroy' | 'isDestroyed' | 'loadURL'> & {
  webContents: Pick<ElectronBrowserWindow['webContents'], 'printToPDF' | 'setWindowOpenHandler' | 'on'> & {
    session: {
      webRequest: {
        onBeforeRequest(listener: (details: { url: string }, cb: (r: { cancel: boolean }) => void) => void): void
      }
      setPermissionRequestHandler(handler: (wc: unknown, permission: string, cb: (ok: boolean) => void) => void): void
    }
  }
}

export interface ElectronPdfDeps {
  createWindow(options: BrowserWindowConstructorOptions): WindowLike
}

/** Chromium refuses longer URLs; the packets the workbench makes stay well below. */
const MAX_DATA_URL = 2 * 1024 * 1024 - 64

/** The isolated window's settings (exported for the test that holds them to the security rules). */
export function pdfWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 794,
    height: 1123,
    webPreferences: {
      // A partition without "persist:" lives in memory only and shares nothing with the app's session.
      partition: `rca-pdf-${crypto.randomBytes(8).toString('hex')}`,
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
      safeDialogs: true,
      navigateOnDragDrop: false,
    },
  }
}

const mm = (v: number) => v / 25.4

export function createElectronPdfPrinter(deps: ElectronPdfDeps): PdfPrinter {
  return {
    name: 'electron',
    async print(job: PdfJob): Promise<Buffer> {
      const url = `data:text/html;charset=utf-8;base64,${Buffer.from(job.html, 'utf8').toString('base64')}`
      if (url.length > MAX_DATA_URL)
        throw new PdfPrintError('failed', 'This packet is too large to print in one go (over 2 MB of HTML).')
      const win = deps.createWindow(pdfWindowOptions())
      let timer: NodeJS.Timeout | undefined
      try {
        const wc = win.webContents
        // Nothing leaves the machine: only the page's own data: URL loads.
        wc.session.webRequest.onBeforeRequest((details, cb) => cb({ cancel: !details.url.startsWith('data:') }))
        wc.session.setPermissionRequestHandler((_wc, _permission, cb) => cb(false))
        wc.setWindowOpenHandler(() => ({ action: 'deny' }))
        wc.on('will-navigate', (event) => event.preventDefault())
        const work = (async () => {
          job.onProgress?.('layout')
          await win.loadURL(url)
          job.onProgress?.('print')
          return wc.printToPDF({
            pageSize: 'A4',
            printBackground: true,
            displayHeaderFooter: true,
            headerTemplate: job.headerTemplate,
            footerTemplate: job.footerTemplate,
            margins: { top: mm(22), bottom: mm(20), left: mm(16), right: mm(16) },
            generateTaggedPDF: true,
            generateDocumentOutline: true,
          })
        })()
        const deadline = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new PdfPrintError(
                  'timeout',
                  `Printing the PDF took longer than ${Math.round(job.timeoutMs / 1000)} s and was stopped.`,
                ),
              ),
            job.timeoutMs,
          )
        })
        return await Promise.race([work, deadline])
      } finally {
        if (timer) clearTimeout(timer)
        if (!win.isDestroyed()) win.destroy()
      }
    },
  }
}
