/** Registers the desktop app's printToPDF printer for RCA packets (the only file of the printer that loads Electron). */
import { BrowserWindow } from 'electron'
import { registerPdfPrinter } from '../rca/printer'
import { createElectronPdfPrinter } from './pdf'

export function installPdfPrinter(): void {
  registerPdfPrinter(createElectronPdfPrinter({ createWindow: (options) => new BrowserWindow(options) }))
}
