/**
 * reliability.md, The desktop shell: the main process wiring itself, run against a stand-in for the `electron` module
 * (the real one cannot load under plain Node). The decisions are unit-tested in tests/unit/electron-shell.test.ts;
 * here the question is whether window.ts, security.ts and ipc.ts really apply them: every window's preferences, the
 * handlers for navigation, new windows, webviews, permissions and the CSP header, and the IPC sender check.
 * Fuses are flipped by the real afterPack hook on a stand-in binary that carries Electron's fuse wire.
 */
import { EventEmitter } from 'node:events'
import fs from 'node:fs'
import path from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { tempDir } from '../helpers/tmp'

const root = path.resolve(__dirname, '../..')

const fake = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events')
  const os = await import('node:os')
  const app = Object.assign(new EventEmitter(), {
    enableSandbox: vi.fn(),
    getPath: () => os.tmpdir(),
    getName: () => 'Ops Workbench',
    isPackaged: false,
  })
  const makeSession = () => ({
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    webRequest: { onHeadersReceived: vi.fn() },
  })
  const windows: { options: Record<string, unknown>; webContents: unknown }[] = []
  const handlers = new Map<string, (...args: unknown[]) => unknown>()
  return {
    app,
    makeSession,
    session: { defaultSession: makeSession() },
    shell: { openExternal: vi.fn(async () => {}) },
    windows,
    handlers,
  }
})

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events')
  class FakeContents extends EventEmitter {
    url = ''
    openHandler: ((d: { url: string }) => { action: string }) | null = null
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      this.openHandler = h
    }
    getURL() {
      return this.url
    }
    isDestroyed() {
      return false
    }
    send = vi.fn()
  }
  class BrowserWindow extends EventEmitter {
    static getAllWindows = () => fake.windows as unknown as BrowserWindow[]
    webContents = new FakeContents()
    constructor(readonly options: Record<string, unknown>) {
      super()
      fake.windows.push(this as unknown as (typeof fake.windows)[number])
    }
    loadFile = vi.fn(async () => {})
    loadURL = vi.fn(async () => {})
    maximize() {}
    show() {}
    isDestroyed() {
      return false
    }
    isMaximized() {
      return false
    }
    getNormalBounds() {
      return { x: 0, y: 0, width: 1280, height: 800 }
    }
  }
  const screen = {
    getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
  }
  const ipcMain = {
    handle: (channel: string, h: (...args: unknown[]) => unknown) => fake.handlers.set(channel, h),
    removeHandler: (channel: string) => fake.handlers.delete(channel),
  }
  const electron = {
    app: fake.app,
    session: fake.session,
    shell: fake.shell,
    BrowserWindow,
    nativeTheme: { shouldUseDarkColors: false },
    screen,
    ipcMain,
  }
  return { ...electron, default: electron }
})

const page = { rendererFile: path.join(root, 'out/renderer/index.html'), platform: 'linux' as NodeJS.Platform }
const appUrl = `file://${page.rendererFile}#/cases`

describe('every window of the desktop app', () => {
  beforeEach(() => {
    fake.windows.length = 0
  })

  it('is created with context isolation, the sandbox and web security on and Node off', async () => {
    const { createMainWindow } = await import('../../src/main/electron/window')
    createMainWindow(page, () => {})
    const prefs = (fake.windows[0]?.options.webPreferences ?? {}) as Record<string, unknown>
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/)
  })

  it('any BrowserWindow anywhere in src/main keeps the same preferences (PDF and preview windows included)', () => {
    const files: string[] = []
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name)
        if (e.isDirectory()) walk(p)
        else if (/\.ts$/.test(e.name)) files.push(p)
      }
    }
    walk(path.join(root, 'src/main'))
    const creators = files.filter((f) => /new BrowserWindow\(/.test(fs.readFileSync(f, 'utf8')))
    expect(creators.length).toBeGreaterThan(0)
    for (const f of creators) {
      // A window whose options come from a helper (`new BrowserWindow(options)`) is judged with the files it imports
      // from its own folder, where that helper lives (the PDF printer's pdfInstall.ts -> pdf.ts).
      const own = fs.readFileSync(f, 'utf8')
      const imported = [...own.matchAll(/from '\.\/([\w-]+)'/g)]
        .map((m) => path.join(path.dirname(f), `${m[1]}.ts`))
        .filter((x) => fs.existsSync(x))
        .map((x) => fs.readFileSync(x, 'utf8'))
      const text = [own, ...imported].join('\n')
      const rel = path.relative(root, f)
      for (const rule of [/contextIsolation:\s*true/, /sandbox:\s*true/, /nodeIntegration:\s*false/]) {
        expect(rule.test(text), `${rel} must set ${rule.source}`).toBe(true)
      }
      for (const bad of [
        /webSecurity:\s*false/,
        /nodeIntegration:\s*true/,
        /contextIsolation:\s*false/,
        /sandbox:\s*false/,
      ]) {
        expect(bad.test(text), `${rel} must not set ${bad.source}`).toBe(false)
      }
    }
  })
})

describe('the PDF window', () => {
  it('is isolated: JavaScript off, sandboxed, context-isolated, no Node, web security on, its own in-memory session', async () => {
    const { pdfWindowOptions } = await import('../../src/main/electron/pdf')
    const prefs = pdfWindowOptions().webPreferences ?? {}
    expect(prefs).toMatchObject({
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    })
    expect(String(prefs.partition)).not.toMatch(/^persist:/)
    expect(prefs.preload).toBeUndefined()
  })
})

describe('process-wide hardening', () => {
  async function installed() {
    const security = await import('../../src/main/electron/security')
    const log = vi.fn()
    fake.app.removeAllListeners()
    security.hardenBeforeReady()
    security.installSecurity(page, log)
    const contents = Object.assign(new EventEmitter(), {
      url: appUrl,
      openHandler: null as null | ((d: { url: string }) => { action: string }),
      setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
        this.openHandler = h
      },
      getURL() {
        return this.url
      },
    })
    fake.app.emit('web-contents-created', {}, contents)
    return { contents, log }
  }

  it('turns the sandbox on for every renderer before ready', async () => {
    await installed()
    expect(fake.app.enableSandbox).toHaveBeenCalled()
  })

  it('refuses navigation away from the app, handing only https:/mailto: to the system browser', async () => {
    const { contents, log } = await installed()
    fake.shell.openExternal.mockClear()
    const nav = (url: string) => {
      const event = { url, preventDefault: vi.fn() }
      contents.emit('will-navigate', event)
      return event.preventDefault.mock.calls.length > 0
    }
    expect(nav(`file://${page.rendererFile}#/trends`)).toBe(false)
    expect(nav('https://evil.example/phish')).toBe(true)
    expect(nav('file:///etc/passwd')).toBe(true)
    expect(nav('javascript:alert(1)')).toBe(true)
    expect((fake.shell.openExternal.mock.calls as unknown[][]).map((c) => c[0])).toEqual(['https://evil.example/phish'])
    expect(log.mock.calls.flat().join('\n')).not.toMatch(/etc\/passwd|alert/)
    const redirect = { url: 'https://evil.example/', preventDefault: vi.fn() }
    contents.emit('will-redirect', redirect)
    expect(redirect.preventDefault).toHaveBeenCalled()
  })

  it('denies every new window, opening only safe links outside, and only from the app page', async () => {
    const { contents } = await installed()
    fake.shell.openExternal.mockClear()
    for (const url of [
      'https://example.com/a',
      'mailto:t@example.com',
      'http://example.com',
      'file:///x',
      'about:blank',
    ])
      expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' })
    expect((fake.shell.openExternal.mock.calls as unknown[][]).map((c) => c[0])).toEqual([
      'https://example.com/a',
      'mailto:t@example.com',
    ])
    // A window showing other content (a PDF preview) cannot open even a safe link.
    contents.url = 'file:///tmp/preview.html'
    fake.shell.openExternal.mockClear()
    expect(contents.openHandler?.({ url: 'https://example.com/b' })).toEqual({ action: 'deny' })
    expect(fake.shell.openExternal).not.toHaveBeenCalled()
  })

  it('refuses webviews', async () => {
    const { contents } = await installed()
    const event = { preventDefault: vi.fn() }
    contents.emit('will-attach-webview', event)
    expect(event.preventDefault).toHaveBeenCalled()
  })

  it('denies permission requests and checks (camera, notifications, ...) in every session', async () => {
    await installed()
    type Request = (contents: unknown, permission: string, cb: (ok: boolean) => void, details: unknown) => void
    type Check = (contents: unknown, permission: string, origin: string, details: unknown) => boolean
    const contents = { getURL: () => appUrl }
    // What Chromium asks: the camera and microphone come as 'media' with their types, the rest by name.
    const asked: [string, Record<string, unknown>][] = [
      ['media', { mediaTypes: ['video'], requestingUrl: appUrl }],
      ['media', { mediaTypes: ['audio', 'video'], requestingUrl: appUrl }],
      ['notifications', { requestingUrl: appUrl }],
      ['geolocation', { requestingUrl: appUrl }],
      ['clipboard-read', { requestingUrl: appUrl }],
      ['openExternal', { externalURL: 'https://example.com/', requestingUrl: appUrl }],
      ['some-future-permission', { requestingUrl: 'https://evil.example/' }],
    ]
    const later = fake.makeSession()
    fake.app.emit('session-created', later)
    for (const ses of [fake.session.defaultSession, later]) {
      const request = ses.setPermissionRequestHandler.mock.calls.at(-1)?.[0] as Request | undefined
      const check = ses.setPermissionCheckHandler.mock.calls.at(-1)?.[0] as Check | undefined
      expect(request).toBeTypeOf('function')
      expect(check).toBeTypeOf('function')
      for (const [permission, details] of asked) {
        const cb = vi.fn()
        request?.(contents, permission, cb, details)
        expect(cb.mock.calls, permission).toEqual([[false]])
        expect(check?.(contents, permission, 'file://', { ...details, securityOrigin: 'file:///' }), permission).toBe(
          false,
        )
      }
    }
  })

  it('puts exactly one strict CSP on the app page, replacing any other', async () => {
    await installed()
    const onHeaders = (
      fake.session.defaultSession.webRequest.onHeadersReceived.mock.calls.at(-1) as unknown[] | undefined
    )?.[0] as (
      d: { url: string; responseHeaders?: Record<string, string[]> },
      cb: (r: { responseHeaders?: Record<string, string[]> }) => void,
    ) => void
    let answer: { responseHeaders?: Record<string, string[]> } = {}
    onHeaders(
      { url: appUrl, responseHeaders: { 'content-security-policy': ["default-src *; script-src 'unsafe-eval' *"] } },
      (r) => {
        answer = r
      },
    )
    const headers = answer.responseHeaders ?? {}
    const csp = Object.entries(headers).filter(([k]) => k.toLowerCase() === 'content-security-policy')
    expect(csp).toHaveLength(1)
    const policy = csp[0]?.[1][0] ?? ''
    expect(policy).toMatch(/script-src 'self'/)
    expect(policy).not.toMatch(/unsafe-eval|https?:|\*/)
    expect(policy).toMatch(/object-src 'none'/)
  })
})

describe('the IPC handler', () => {
  it('answers only the app page top frame, and validates everything through the dispatcher', async () => {
    const { wireIpc } = await import('../../src/main/electron/ipc')
    const { createDispatcher } = await import('../../src/main/api/dispatcher')
    const calls: string[] = []
    const dispatch = createDispatcher(new Proxy({}, { get: (_t, name) => () => calls.push(String(name)) }) as never)
    const log = vi.fn()
    const undo = wireIpc({ dispatch, onEvent: () => () => {} }, page, log)
    const handler = [...fake.handlers.values()][0] as (e: unknown, m: unknown, i: unknown) => Promise<unknown>
    const top = { senderFrame: { url: appUrl, parent: null } }
    expect(await handler(top, 'app.info', {})).toMatchObject({ ok: true })
    expect(await handler({ senderFrame: { url: appUrl, parent: {} } }, 'app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    })
    expect(
      await handler({ senderFrame: { url: 'https://evil.example/', parent: null } }, 'app.info', {}),
    ).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    })
    expect(await handler({ senderFrame: null }, 'app.info', {})).toMatchObject({ ok: false })
    expect(await handler(top, 'app.info', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await handler(top, 'fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } })
    expect(calls).toEqual(['app.info'])
    undo()
    expect(fake.handlers.size).toBe(0)
  })
})

/** The real electron-builder afterPack hook (CommonJS). */
async function loadAfterPack(): Promise<(ctx: unknown) => Promise<void>> {
  const mod = (await import(path.join(root, 'scripts/fuses.cjs'))) as { default: (ctx: unknown) => Promise<void> }
  return mod.default
}

describe('fuses on the packaged app', () => {
  const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
  it('electron-builder runs the afterPack hook that flips them', () => {
    const yml = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')
    expect(yml).toMatch(/^afterPack: scripts\/fuses\.cjs$/m)
    expect(yml).toMatch(/^asar: true$/m)
  })

  it('the hook flips RunAsNode, NODE_OPTIONS and --inspect off, cookie encryption, asar integrity and asar-only on', async () => {
    const dir = tempDir('owb-fuses-')
    const binary = path.join(dir, 'ops-workbench')
    // A stand-in Electron binary: some bytes, the sentinel, wire version 1, 8 fuses all at their defaults.
    const wire = Buffer.from([1, 8, 49, 48, 49, 49, 48, 48, 48, 49])
    fs.writeFileSync(binary, Buffer.concat([Buffer.alloc(4096, 7), Buffer.from(SENTINEL), wire, Buffer.alloc(4096, 9)]))
    const afterPack = await loadAfterPack()
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {})
    await afterPack({
      appOutDir: dir,
      electronPlatformName: 'linux',
      packager: { executableName: 'ops-workbench', appInfo: { productFilename: 'Ops Workbench' } },
    })
    spy.mockRestore()
    const { getCurrentFuseWire, FuseV1Options } = await import('@electron/fuses')
    const fuses = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>
    const on = 49
    const off = 48
    expect(fuses[FuseV1Options.RunAsNode]).toBe(off)
    expect(fuses[FuseV1Options.EnableCookieEncryption]).toBe(on)
    expect(fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(off)
    expect(fuses[FuseV1Options.EnableNodeCliInspectArguments]).toBe(off)
    expect(fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(on)
    expect(fuses[FuseV1Options.OnlyLoadAppFromAsar]).toBe(on)
    // Nothing else in the binary moved.
    const after = fs.readFileSync(binary)
    expect(after.subarray(0, 4096).every((b) => b === 7)).toBe(true)
    expect(after.length).toBe(4096 + SENTINEL.length + wire.length + 4096)
  })

  it('a binary without a fuse wire fails the packaging instead of shipping unfused', async () => {
    const dir = tempDir('owb-fuses-')
    fs.writeFileSync(path.join(dir, 'ops-workbench'), Buffer.alloc(1024, 1))
    const afterPack = await loadAfterPack()
    await expect(
      afterPack({
        appOutDir: dir,
        electronPlatformName: 'linux',
        packager: { executableName: 'ops-workbench', appInfo: { productFilename: 'Ops Workbench' } },
      }),
    ).rejects.toThrow(/sentinel/)
  })
})
