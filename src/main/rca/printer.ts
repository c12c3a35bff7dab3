/**
 * One interface for the two ways the packet becomes a PDF: Electron's printToPDF in the desktop app
 * (src/main/electron/pdf.ts) and Chromium through playwright-core in browser mode and the CLI (pdfChromium.ts).
 * The desktop entry registers its printer at start; everything else falls back to Chromium.
 */
import fs from 'node:fs'
import path from 'node:path'

export interface PdfJob {
  html: string
  headerTemplate: string
  footerTemplate: string
  /** The reader's zone (dates in the HTML are already formatted in it). */
  timeZone: string
  timeoutMs: number
  onProgress?: (step: 'layout' | 'print') => void
}

export interface PdfPrinter {
  name: 'electron' | 'chromium'
  print(job: PdfJob): Promise<Buffer>
}

export class PdfPrintError extends Error {
  constructor(
    readonly code: 'no_browser' | 'timeout' | 'failed',
    message: string,
  ) {
    super(message)
    this.name = 'PdfPrintError'
  }
}

let registered: PdfPrinter | null = null

/** The desktop app calls this once with its Electron printer. */
export function registerPdfPrinter(printer: PdfPrinter | null): void {
  registered = printer
}

export function registeredPdfPrinter(): PdfPrinter | null {
  return registered
}

/** Writes the PDF next to its final name, then renames: a reader never sees half a file. */
export function writeFileAtomic(file: string, data: Buffer): void {
  const dir = path.dirname(file)
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.partial`)
  try {
    const fd = fs.openSync(tmp, 'w', 0o644)
    try {
      fs.writeSync(fd, data)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, file)
  } catch (err) {
    // A write that fails part-way (a full disk) must not leave half a PDF beside the analyst's files either.
    fs.rmSync(tmp, { force: true })
    throw err
  }
}

/** A PDF starts with "%PDF-": anything else is a printer failure, never written as a .pdf. */
export function assertPdf(data: Buffer): void {
  if (data.length < 5 || data.subarray(0, 5).toString('latin1') !== '%PDF-')
    throw new PdfPrintError('failed', 'The printer returned something that is not a PDF; nothing was written.')
}
