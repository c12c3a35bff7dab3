/** The desktop printer (Electron printToPDF), driven with a fake window: isolation, no network, always closed. */
import { describe, expect, it } from 'vitest'
import type { BrowserWindowConstructorOptions } from 'electron'
import { createElectronPdfPrinter, pdfWindowOptions, type ElectronPdfDeps } from '../../src/main/electron/pdf'
import type { PdfJob } from '../../src/main/rca/printer'

interface Fake {
  options: BrowserWindowConstructorOptions | null
  destroyed: boolean
  loaded: string | null
  printOptions: Record<string, unknown> | null
  cancel: ((url: string) => boolean) | null
  permission: boolean | null
  openAction: string | null
}

function fakeDeps(behaviour: { print?: () => Promise<Buffer>; load?: () => Promise<void> } = {}): {
  deps: ElectronPdfDeps
  fake: Fake
} {
  const fake: Fake = {
    options: null,
    destroyed: false,
    loaded: null,
    printOptions: null,
    cancel: null,
    permission: null,
    openAction: null,
  }
  const deps: ElectronPdfDeps = {
    createWindow(options) {
      fake.options = options
      return {
        destroy: () => {
          fake.destroyed = true
        },
        isDestroyed: () => fake.destroyed,
        loadURL: async (url: string) => {
          fake.loaded = url
          await (behaviour.load?.() ?? Promise.resolve())
        },
        webContents: {
          printToPDF: async (o: Record<string, unknown>) => {
            fake.printOptions = o
            return behaviour.print ? behaviour.print() : Buffer.from('%PDF-1.7 fake')
          },
          setWindowOpenHandler: (h: () => { action: string }) => {
            fake.openAction = h().action
          },
          on: () => undefined,
          session: {
            webRequest: {
              onBeforeRequest: (l: (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) => {
                fake.cancel = (url) => {
                  let cancel = false
                  l({ url }, (r) => (cancel = r.cancel))
                  return cancel
                }
              },
            },
            setPermissionRequestHandler: (h: (wc: unknown, p: string, cb: (ok: boolean) => void) => void) => {
              h(null, 'notifications', (ok) => (fake.permission = ok))
            },
          },
        },
      } as unknown as ReturnType<ElectronPdfDeps['createWindow']>
    },
  }
  return { deps, fake }
}

const job = (over: Partial<PdfJob> = {}): PdfJob => ({
  html: '<!doctype html><title>T</title><p>Packet</p>',
  headerTemplate: '<span>H</span>',
  footerTemplate: '<span class="pageNumber"></span>',
  timeZone: 'UTC',
  timeoutMs: 5_000,
  ...over,
})

describe('Electron PDF printer', () => {
  it('prints in a hidden, sandboxed window with JavaScript off and its own in-memory session', async () => {
    const { deps, fake } = fakeDeps()
    const pdf = await createElectronPdfPrinter(deps).print(job())
    expect(pdf.toString('latin1')).toBe('%PDF-1.7 fake')
    const web = fake.options?.webPreferences
    expect(fake.options?.show).toBe(false)
    expect(web).toMatchObject({
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    })
    expect(web?.partition).toMatch(/^rca-pdf-[0-9a-f]{16}$/)
    expect(web?.partition?.startsWith('persist:')).toBe(false)
    expect(fake.loaded).toMatch(/^data:text\/html;charset=utf-8;base64,/)
    expect(Buffer.from((fake.loaded ?? '').split(',')[1] ?? '', 'base64').toString('utf8')).toContain('<p>Packet</p>')
    expect(fake.printOptions).toMatchObject({
      pageSize: 'A4',
      displayHeaderFooter: true,
      footerTemplate: '<span class="pageNumber"></span>',
    })
    expect(fake.destroyed).toBe(true)
    // Nothing but the page itself may load; permissions and new windows are refused.
    expect(fake.cancel?.('https://example.com/x.png')).toBe(true)
    expect(fake.cancel?.('file:///etc/passwd')).toBe(true)
    expect(fake.cancel?.('data:text/html,x')).toBe(false)
    expect(fake.permission).toBe(false)
    expect(fake.openAction).toBe('deny')
  })

  it('closes the window when printing fails', async () => {
    const { deps, fake } = fakeDeps({ print: () => Promise.reject(new Error('renderer crashed')) })
    await expect(createElectronPdfPrinter(deps).print(job())).rejects.toThrow('renderer crashed')
    expect(fake.destroyed).toBe(true)
  })

  it('gives up at the deadline and closes the window', async () => {
    const { deps, fake } = fakeDeps({ load: () => new Promise(() => {}) })
    await expect(createElectronPdfPrinter(deps).print(job({ timeoutMs: 50 }))).rejects.toThrow(/took longer than/)
    expect(fake.destroyed).toBe(true)
  })

  it('refuses a packet too large for one page load, without opening a window', async () => {
    const { deps, fake } = fakeDeps()
    await expect(createElectronPdfPrinter(deps).print(job({ html: 'x'.repeat(2_000_000) }))).rejects.toThrow(
      /too large/,
    )
    expect(fake.options).toBeNull()
  })

  it('uses a fresh partition every time', () => {
    expect(pdfWindowOptions().webPreferences?.partition).not.toBe(pdfWindowOptions().webPreferences?.partition)
  })
})
