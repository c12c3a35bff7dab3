/**
 * Printing the packet with Chromium through playwright-core (browser mode and the CLI): the same print engine as
 * Electron's printToPDF. The page gets the HTML by setContent (no URL, so no local path reaches the PDF), scripts are
 * off, every network request is aborted, and the whole run has a deadline after which the browser is closed.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { PdfJob, PdfPrinter } from './printer'
import { PdfPrintError } from './printer'

/** Where Chromium usually lives; the first that exists is used. WORKBENCH_CHROMIUM overrides. */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
]

export const NO_CHROMIUM_MESSAGE =
  'No Chromium or Chrome was found to print the PDF. Install one (Debian/Ubuntu: `apt-get install -y chromium`; ' +
  'or `npx playwright install chromium`), or set WORKBENCH_CHROMIUM to its path. The RCA itself is saved.'

/** The browser to print with, or null. Playwright's own download is used when installed. */
export async function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  exists: (file: string) => boolean = fs.existsSync,
): Promise<string | null> {
  const fromEnv = env.WORKBENCH_CHROMIUM
  if (fromEnv && exists(fromEnv)) return fromEnv
  for (const c of CANDIDATES) if (exists(c)) return c
  try {
    // Playwright's bundled build, if `npx playwright install chromium` was run (never downloaded from here).
    const { chromium } = await import('playwright-core')
    const own = chromium.executablePath()
    if (own && exists(own)) return own
  } catch {
    // Not installed: fall through.
  }
  return null
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-extensions',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
]

export function createChromiumPrinter(
  options: { executablePath?: string | null; timeoutMs?: number } = {},
): PdfPrinter {
  return {
    name: 'chromium',
    async print(job: PdfJob): Promise<Buffer> {
      const executablePath = options.executablePath ?? (await findChromium())
      if (!executablePath) throw new PdfPrintError('no_browser', NO_CHROMIUM_MESSAGE)
      // Loaded on first use: the desktop app prints through Electron and never needs it.
      const { chromium } = await import('playwright-core')
      const timeoutMs = options.timeoutMs ?? job.timeoutMs
      const tooLong = () =>
        new PdfPrintError(
          'timeout',
          `Printing the PDF took longer than ${Math.max(1, Math.round(timeoutMs / 1000))} s and was stopped.`,
        )
      const deadlineAt = Date.now() + timeoutMs
      let timer: NodeJS.Timeout | undefined
      let browser: Awaited<ReturnType<typeof chromium.launch>>
      try {
        browser = await chromium.launch({
          executablePath,
          args: CHROMIUM_ARGS,
          headless: true,
          timeout: timeoutMs,
          env: { ...process.env, TZ: job.timeZone },
        })
      } catch (err) {
        if ((err as Error).name === 'TimeoutError') throw tooLong()
        const first = (err as Error).message.split('\n')[0] ?? ''
        throw new PdfPrintError(
          'failed',
          `${describeBrowser(executablePath)} could not be started to print the PDF (${first}). The RCA itself is saved.`,
        )
      }
      try {
        const work = (async () => {
          const context = await browser.newContext({ javaScriptEnabled: false, offline: true, serviceWorkers: 'block' })
          await context.route('**/*', (route) => route.abort('blockedbyclient'))
          const page = await context.newPage()
          job.onProgress?.('layout')
          await page.setContent(job.html, { waitUntil: 'load', timeout: timeoutMs })
          job.onProgress?.('print')
          const pdf = await page.pdf({
            format: 'A4',
            printBackground: true,
            displayHeaderFooter: true,
            headerTemplate: job.headerTemplate,
            footerTemplate: job.footerTemplate,
            margin: { top: '22mm', bottom: '20mm', left: '16mm', right: '16mm' },
            tagged: true,
            outline: true,
          })
          return pdf
        })()
        const deadline = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(tooLong()), Math.max(0, deadlineAt - Date.now()))
        })
        return await Promise.race([work, deadline])
      } catch (err) {
        if ((err as Error).name === 'TimeoutError') throw tooLong()
        throw err
      } finally {
        if (timer) clearTimeout(timer)
        await browser.close().catch(() => {})
      }
    },
  }
}

/** Whether a path looks like Playwright's own cache (for the message naming what was used). */
export function describeBrowser(executablePath: string): string {
  return executablePath.includes('ms-playwright') ? "Playwright's Chromium" : path.basename(executablePath)
}
