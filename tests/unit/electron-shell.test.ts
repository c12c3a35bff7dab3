/**
 * The desktop shell's rules, tested without Electron (its module cannot load under plain Node): which links may leave
 * the app, which frame may call the API, the CSP, window placement, the native binding path, and the preload bridge.
 */
import { buildSync } from 'esbuild'
import fc from 'fast-check'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import vm from 'node:vm'
import { describe, expect, it, vi } from 'vitest'
import { METHOD_NAMES, PRELOAD_KEYS, type MethodName } from '../../src/shared/api/contract'
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../src/shared/api/transport'
import type { ApiResult, WorkbenchEvent } from '../../src/shared/api/types'
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from '../../src/shared/csp'
import {
  appliesAppCsp,
  contentSecurityPolicyFor,
  devServerOrigin,
  isAppUrl,
  isSafeExternalUrl,
  isTrustedSender,
  nativeBindingPath,
  parseShellArgs,
  resolveNativeBinding,
  safeExternalUrl,
  type AppPage,
} from '../../src/main/electron/rules'
import { clampToDisplays, defaultBounds, parseWindowState, type Rect } from '../../src/main/electron/windowBounds'
import { buildWorkbenchApi, type EventListener } from '../../src/preload/api'

const root = path.resolve(__dirname, '../..')

describe('links that may leave the app', () => {
  it('opens https and mailto links, normalised', () => {
    expect(safeExternalUrl('https://support.example.com/tickets/42?tab=notes#c3')).toBe(
      'https://support.example.com/tickets/42?tab=notes#c3',
    )
    expect(safeExternalUrl('HTTPS://Example.COM')).toBe('https://example.com/')
    expect(isSafeExternalUrl('mailto:trust@example.com')).toBe(true)
    expect(isSafeExternalUrl('mailto:trust@example.com?subject=Case%2042&body=Hello')).toBe(true)
  })

  it.each([
    ['javascript:', 'javascript:alert(document.domain)'],
    ['upper-case javascript:', 'JaVaScRiPt:alert(1)'],
    ['javascript: behind a leading space', ' javascript:alert(1)'],
    ['javascript: split by a tab', 'java\tscript:alert(1)'],
    ['vbscript:', 'vbscript:msgbox(1)'],
    ['file:', 'file:///etc/passwd'],
    ['file: on Windows', 'file:///C:/Windows/System32/calc.exe'],
    ['a UNC share', 'file://attacker/share/payload.exe'],
    ['smb:', 'smb://attacker/share'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['blob:', 'blob:https://example.com/0b6c1a9e-1f4b-4d8e-9c1a-5d0b8d7f7a11'],
    ['plain http:', 'http://example.com/'],
    ['ftp:', 'ftp://example.com/file'],
    ['an OS protocol handler', 'ms-msdt:/id PCWDiagnostic /skip force'],
    ['chrome:', 'chrome://settings'],
    ['devtools:', 'devtools://devtools/bundled/inspector.html'],
    ['about:', 'about:blank'],
    ['credentials hiding the real host', 'https://support.example.com@evil.example/login'],
    ['user and password', 'https://user:secret@evil.example/'],
    ['https without a host', 'https://'],
    ['a relative URL', '//evil.example/path'],
    ['a path', '/etc/passwd'],
    ['malformed', 'https://exa mple.com'],
    ['not a URL', 'not a url'],
    ['an embedded newline', 'https://exa\nmple.com/'],
    ['a trailing line separator', 'https://example.com/\u2028'],
    ['a NUL byte', 'https://example.com/\u0000'],
    ['a mailto attachment', 'mailto:a@example.com?attach=/home/analyst/.ssh/id_rsa'],
    ['a mailto attachment, other casing', 'mailto:a@example.com?Attachment=file:///etc/passwd'],
    ['an empty mailto', 'mailto:'],
    ['an empty string', ''],
    ['an oversized URL', `https://example.com/${'a'.repeat(3000)}`],
  ])('refuses %s', (_name, url) => {
    expect(safeExternalUrl(url)).toBeNull()
    expect(isSafeExternalUrl(url)).toBe(false)
  })

  it('refuses values that are not strings', () => {
    for (const value of [undefined, null, 42, {}, ['https://example.com'], new URL('https://example.com')]) {
      expect(isSafeExternalUrl(value)).toBe(false)
    }
  })

  it('never lets anything but https: or mailto: through, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.constantFrom('javascript:', 'file:', 'data:')), (s) => {
        const out = safeExternalUrl(s)
        return out === null || out.startsWith('https://') || out.startsWith('mailto:')
      }),
    )
  })
})

describe('the app page and the IPC sender check', () => {
  const rendererFile = '/opt/Ops Workbench/resources/app.asar/out/renderer/index.html'
  const page: AppPage = { rendererFile, platform: 'linux' }
  const appUrl = pathToFileURL(rendererFile).href
  const top = (url: string) => ({ url, isTopFrame: true })

  it('trusts the top frame of the built renderer, with any route in the hash', () => {
    expect(appUrl).toContain('Ops%20Workbench')
    expect(isTrustedSender(top(appUrl), page)).toBe(true)
    expect(isTrustedSender(top(`${appUrl}#/cases?status=open`), page)).toBe(true)
    expect(isTrustedSender(top(`${appUrl}?view=trends`), page)).toBe(true)
  })

  it('refuses iframes, vanished frames and every other page', () => {
    expect(isTrustedSender({ url: appUrl, isTopFrame: false }, page)).toBe(false)
    expect(isTrustedSender(null, page)).toBe(false)
    expect(isTrustedSender(undefined, page)).toBe(false)
    for (const url of [
      'file:///opt/Ops%20Workbench/resources/app.asar/out/renderer/other.html',
      'file:///opt/Ops%20Workbench/resources/app.asar/out/renderer/',
      'file:///tmp/index.html',
      'file:///etc/passwd',
      'file://attacker/opt/Ops%20Workbench/resources/app.asar/out/renderer/index.html',
      'file:///opt/Ops%20Workbench%2Fresources/app.asar/out/renderer/index.html',
      'https://evil.example/index.html',
      'http://localhost:5173/',
      'about:blank',
      'data:text/html,<h1>hi</h1>',
      '',
      'not a url',
    ]) {
      expect(isTrustedSender(top(url), page), url).toBe(false)
    }
  })

  it('compares paths case-insensitively only on Windows', () => {
    const upper = pathToFileURL('/App/Out/renderer/index.html').href
    expect(isAppUrl(upper, { rendererFile: '/app/out/renderer/index.html', platform: 'linux' })).toBe(false)
    expect(isAppUrl(upper, { rendererFile: '/app/out/renderer/index.html', platform: 'win32' })).toBe(true)
  })

  it('in dev, trusts the dev server origin and nothing else', () => {
    const dev: AppPage = { rendererFile, devServerOrigin: 'http://localhost:5173', platform: 'linux' }
    expect(isTrustedSender(top('http://localhost:5173/'), dev)).toBe(true)
    expect(isTrustedSender(top('http://localhost:5173/#/trends'), dev)).toBe(true)
    for (const url of ['http://localhost:5174/', 'http://127.0.0.1:5173/', 'https://localhost:5173/', appUrl]) {
      expect(isTrustedSender(top(url), dev), url).toBe(false)
    }
  })

  it('honours ELECTRON_RENDERER_URL only unpackaged and only on loopback', () => {
    expect(devServerOrigin('http://localhost:5173/', false)).toBe('http://localhost:5173')
    expect(devServerOrigin('http://127.0.0.1:5173', false)).toBe('http://127.0.0.1:5173')
    expect(devServerOrigin('http://[::1]:5173/', false)).toBe('http://[::1]:5173')
    expect(devServerOrigin('http://localhost:5173/', true)).toBeUndefined()
    expect(devServerOrigin('http://192.168.1.20:5173/', false)).toBeUndefined()
    expect(devServerOrigin('https://evil.example/', false)).toBeUndefined()
    expect(devServerOrigin('http://localhost.evil.example/', false)).toBeUndefined()
    expect(devServerOrigin('file:///tmp/index.html', false)).toBeUndefined()
    expect(devServerOrigin('garbage', false)).toBeUndefined()
    expect(devServerOrigin(undefined, false)).toBeUndefined()
  })
})

describe('Content-Security-Policy', () => {
  it('is the agreed strict policy in a built app', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; " +
        "frame-ancestors 'none'",
    )
    expect(contentSecurityPolicyFor(undefined)).toBe(CONTENT_SECURITY_POLICY)
  })

  it('adds only the dev server and its HMR socket in dev, never eval', () => {
    const dev = contentSecurityPolicyFor('http://localhost:5173')
    const directives = new Map(dev.split('; ').map((d) => [d.split(' ')[0], d]))
    expect(directives.get('script-src')).toBe("script-src 'self' http://localhost:5173 'unsafe-inline'")
    expect(directives.get('connect-src')).toBe("connect-src 'self' http://localhost:5173 ws://localhost:5173")
    expect(directives.get('object-src')).toBe("object-src 'none'")
    expect(directives.get('frame-ancestors')).toBe("frame-ancestors 'none'")
    expect(dev).not.toContain('unsafe-eval')
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe/)
  })

  const page = path.join(root, 'out/renderer/index.html')
  // Reads the built page: skipped only when `vitest` runs without a build first (`npm test` always builds first).
  it.skipIf(!fs.existsSync(page))(
    'is in the built page as a <meta> ahead of every script, so a file:// load without the header is held to it too',
    () => {
      const html = fs.readFileSync(page, 'utf8')
      const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)]
      expect(metas.map((m) => m[1])).toEqual([
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
          "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'",
      ])
      expect(META_CONTENT_SECURITY_POLICY).toBe(metas[0]?.[1])
      // A <meta> policy governs only what comes after it.
      expect(metas[0]?.index).toBeLessThan(html.search(/<script|<link/i))
    },
  )

  it('is applied to local files and the dev server only', () => {
    expect(appliesAppCsp('file:///opt/app/out/renderer/index.html')).toBe(true)
    expect(appliesAppCsp('http://localhost:5173/', 'http://localhost:5173')).toBe(true)
    expect(appliesAppCsp('http://localhost:5173/')).toBe(false)
    expect(appliesAppCsp('https://example.com/')).toBe(false)
    expect(appliesAppCsp('not a url')).toBe(false)
  })
})

describe('command line of the desktop app', () => {
  const electronArgv = ['/usr/lib/electron/electron', 'out/main/index.js', '--no-sandbox', '--inspect=0']

  it('reads --data-dir= and --no-demo among Chromium switches', () => {
    expect(parseShellArgs([...electronArgv, '--data-dir=/tmp/ws', '--no-demo'], {}, '/home/a')).toEqual({
      dataDir: '/tmp/ws',
      noDemo: true,
    })
    expect(parseShellArgs(electronArgv, {}, '/home/a')).toEqual({ dataDir: undefined, noDemo: false })
  })

  it('falls back to WORKBENCH_DATA_DIR, resolves relative folders, ignores empty values', () => {
    expect(parseShellArgs(electronArgv, { WORKBENCH_DATA_DIR: 'cache' }, '/home/a').dataDir).toBe('/home/a/cache')
    expect(parseShellArgs([...electronArgv, '--data-dir=/x'], { WORKBENCH_DATA_DIR: '/y' }).dataDir).toBe('/x')
    expect(parseShellArgs([...electronArgv, '--data-dir='], { WORKBENCH_DATA_DIR: '/y' }).dataDir).toBe('/y')
    expect(parseShellArgs([...electronArgv, '--data-dir=  '], { WORKBENCH_DATA_DIR: ' ' }).dataDir).toBeUndefined()
    // The spaced form is not read: the next argument could be a switch Electron added.
    expect(parseShellArgs([...electronArgv, '--data-dir', '/x'], {}).dataDir).toBeUndefined()
  })
})

describe('better-sqlite3 for Electron', () => {
  const base = { electronVersion: '45.4.1', arch: 'x64', roots: ['/proj/out/main', '/proj'] }

  it('lives in .workbench-native/electron-<version>-<arch>', () => {
    expect(nativeBindingPath('/proj', '45.4.1', 'arm64')).toBe(
      '/proj/.workbench-native/electron-45.4.1-arm64/better_sqlite3.node',
    )
  })

  it('is the same path scripts/native-electron.mjs builds', async () => {
    const script = (await import(pathToFileURL(path.join(root, 'scripts/native-electron.mjs')).href)) as {
      nativeBindingPath: (root: string, version: string, arch: string) => string
    }
    expect(script.nativeBindingPath('/proj', '45.4.1', 'x64')).toBe(nativeBindingPath('/proj', '45.4.1', 'x64'))
  })

  it('is not needed in a packaged app', () => {
    const exists = vi.fn(() => false)
    expect(resolveNativeBinding({ ...base, isPackaged: true, exists })).toBeUndefined()
    expect(exists).not.toHaveBeenCalled()
  })

  it('is found in whichever root holds it', () => {
    const wanted = '/proj/.workbench-native/electron-45.4.1-x64/better_sqlite3.node'
    expect(resolveNativeBinding({ ...base, isPackaged: false, exists: (f) => f === wanted })).toBe(wanted)
  })

  it('when missing, fails with a sentence naming the version and the fix', () => {
    expect(() => resolveNativeBinding({ ...base, isPackaged: false, exists: () => false })).toThrow(
      /Electron 45\.4\.1 \(x64\).*electron-45\.4\.1-x64.*npm start/,
    )
  })
})

describe('window placement', () => {
  const laptop: Rect = { x: 0, y: 25, width: 1440, height: 875 }
  const leftMonitor: Rect = { x: -1920, y: 0, width: 1920, height: 1080 }

  it('keeps a window that is on screen where it was', () => {
    const bounds = { x: 100, y: 80, width: 1200, height: 760 }
    expect(clampToDisplays(bounds, [laptop, leftMonitor])).toEqual(bounds)
    const onLeft = { x: -1800, y: 100, width: 1400, height: 900 }
    expect(clampToDisplays(onLeft, [laptop, leftMonitor])).toEqual(onLeft)
  })

  it('centres a window from an unplugged monitor on the primary display', () => {
    expect(clampToDisplays({ x: -1800, y: 100, width: 1200, height: 800 }, [laptop])).toEqual({
      x: 120,
      y: 63,
      width: 1200,
      height: 800,
    })
  })

  it('does not count a sliver at the edge as visible', () => {
    const result = clampToDisplays({ x: 1420, y: 100, width: 1000, height: 700 }, [laptop])
    expect(result).toEqual({ x: 220, y: 113, width: 1000, height: 700 })
  })

  it('pulls a window half off the edge back inside, and shrinks one larger than the display', () => {
    expect(clampToDisplays({ x: 900, y: -40, width: 1000, height: 700 }, [laptop])).toEqual({
      x: 440,
      y: 25,
      width: 1000,
      height: 700,
    })
    expect(clampToDisplays({ x: 0, y: 0, width: 2560, height: 1600 }, [laptop])).toEqual(laptop)
  })

  it('replaces nonsense bounds with the default size', () => {
    expect(clampToDisplays({ x: Number.NaN, y: 0, width: 1000, height: 700 }, [laptop])).toEqual(defaultBounds(laptop))
    expect(clampToDisplays({ x: 0, y: 0, width: 0, height: 700 }, [laptop])).toEqual(defaultBounds(laptop))
    expect(defaultBounds(laptop)).toEqual({ x: 0, y: 25, width: 1440, height: 875 })
  })

  it('always lands wholly on one display', () => {
    const rect = fc.record({
      x: fc.integer({ min: -8000, max: 8000 }),
      y: fc.integer({ min: -8000, max: 8000 }),
      width: fc.integer({ min: 1, max: 6000 }),
      height: fc.integer({ min: 1, max: 6000 }),
    })
    fc.assert(
      fc.property(rect, fc.array(rect, { minLength: 1, maxLength: 4 }), (bounds, areas) => {
        const r = clampToDisplays(bounds, areas)
        return areas.some(
          (a) => r.x >= a.x && r.y >= a.y && r.x + r.width <= a.x + a.width && r.y + r.height <= a.y + a.height,
        )
      }),
    )
  })

  it('reads only well-formed saved state', () => {
    expect(parseWindowState({ bounds: { x: 10.4, y: 20, width: 1000, height: 700 }, maximized: true })).toEqual({
      bounds: { x: 10, y: 20, width: 1000, height: 700 },
      maximized: true,
    })
    expect(parseWindowState({ bounds: { x: 1, y: 2, width: 3, height: 4 }, maximized: 'yes' })?.maximized).toBe(false)
    for (const bad of [null, 'x', 42, {}, { bounds: { x: 1, y: 2, width: -3, height: 4 } }, { bounds: { x: '1' } }]) {
      expect(parseWindowState(bad)).toBeNull()
    }
  })
})

describe('the preload bridge', () => {
  function setup() {
    const unsubscribe = vi.fn()
    const invoke = vi.fn((method: MethodName, input: unknown): Promise<ApiResult<unknown>> =>
      Promise.resolve({ ok: true, value: { method, input } }),
    )
    const subscribe = vi.fn((_listener: EventListener) => unsubscribe)
    return { api: buildWorkbenchApi(invoke, subscribe), invoke, subscribe, unsubscribe }
  }

  it('exposes exactly the contract methods and onEvent, as functions, in order', () => {
    const { api } = setup()
    expect(Object.keys(api)).toEqual([...PRELOAD_KEYS])
    for (const key of PRELOAD_KEYS) expect(typeof api[key]).toBe('function')
    expect('ipcRenderer' in api).toBe(false)
  })

  it('is frozen: the page cannot add to it or swap a method', () => {
    const { api } = setup()
    expect(Object.isFrozen(api)).toBe(true)
    expect(Reflect.set(api, 'ipcRenderer', {})).toBe(false)
    expect(Reflect.set(api, 'tickets.page', () => null)).toBe(false)
    expect(Reflect.deleteProperty(api, 'tickets.get')).toBe(false)
  })

  it('routes every method to invoke with its own name and the input', async () => {
    const { api, invoke } = setup()
    for (const method of METHOD_NAMES) {
      const call = api[method] as (input?: unknown) => Promise<ApiResult<unknown>>
      const input = { probe: method }
      await expect(call(input)).resolves.toEqual({ ok: true, value: { method, input } })
      expect(invoke).toHaveBeenLastCalledWith(method, input)
    }
    expect(invoke).toHaveBeenCalledTimes(METHOD_NAMES.length)
  })

  it('subscribes listeners and hands back a working unsubscribe', () => {
    const { api, subscribe, unsubscribe } = setup()
    const listener = vi.fn((_e: WorkbenchEvent) => undefined)
    const stop = api.onEvent(listener)
    expect(subscribe).toHaveBeenCalledWith(listener)
    expect(unsubscribe).not.toHaveBeenCalled()
    stop()
    expect(unsubscribe).toHaveBeenCalledTimes(1)
  })

  it('rejects a listener that is not a function, before subscribing', () => {
    const { api, subscribe } = setup()
    expect(() => api.onEvent('alert(1)' as unknown as EventListener)).toThrow(TypeError)
    expect(subscribe).not.toHaveBeenCalled()
  })

  const bundle = path.join(root, 'out/preload/index.cjs')
  // Reads the built preload: skipped only when `vitest` runs without a build first (`npm test` always builds first).
  it.skipIf(!fs.existsSync(bundle))('is built into one file that requires only electron (after npm run build)', () => {
    const required = [...fs.readFileSync(bundle, 'utf8').matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])
    // A sandboxed preload cannot load node_modules: zod from the contract must be bundled, not externalised.
    expect([...new Set(required)]).toEqual(['electron'])
  })

  it('imports nothing but electron and bundled shared code (a sandboxed preload can require nothing else)', () => {
    const specifiers = (file: string) =>
      [...fs.readFileSync(path.join(root, file), 'utf8').matchAll(/from\s+'([^']+)'/g)].map((m) => m[1] ?? '')
    for (const spec of specifiers('src/preload/index.ts')) {
      expect(spec === 'electron' || spec === './api' || spec.startsWith('../shared/'), spec).toBe(true)
    }
    for (const spec of specifiers('src/preload/api.ts')) expect(spec.startsWith('../shared/'), spec).toBe(true)
  })
})

/**
 * The real preload entry (src/preload/index.ts), bundled the way the build does and run in its own context against a
 * stand-in `electron`: what reaches the page is whatever it hands contextBridge, so that is what is checked.
 */
describe('the preload entry', () => {
  function runPreload() {
    const { outputFiles } = buildSync({
      entryPoints: [path.join(root, 'src/preload/index.ts')],
      bundle: true,
      format: 'cjs',
      platform: 'node',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    })
    const code = outputFiles[0]?.text ?? ''
    const ipcRenderer = {
      invoke: vi.fn((..._args: unknown[]) => Promise.resolve({ ok: true, value: null })),
      on: vi.fn(),
      removeListener: vi.fn(),
      send: vi.fn(),
      sendSync: vi.fn(),
      postMessage: vi.fn(),
    }
    const exposeInMainWorld = vi.fn()
    const electron = { contextBridge: { exposeInMainWorld }, ipcRenderer }
    const required: string[] = []
    const module = { exports: {} }
    const sandboxRequire = (id: string) => {
      required.push(id)
      if (id === 'electron') return electron
      // A sandboxed preload can require nothing else: everything else must be in the bundle.
      throw new Error(`a sandboxed preload cannot require ${id}`)
    }
    vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console })
    return { ipcRenderer, exposeInMainWorld, required }
  }

  it('exposes one frozen object of the contract functions as window.workbench, and never ipcRenderer', () => {
    const { ipcRenderer, exposeInMainWorld, required } = runPreload()
    expect([...new Set(required)]).toEqual(['electron'])
    expect(exposeInMainWorld).toHaveBeenCalledTimes(1)
    const [name, api] = exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>]
    expect(name).toBe('workbench')
    expect(Object.isFrozen(api)).toBe(true)
    expect(Object.keys(api)).toEqual([...PRELOAD_KEYS])
    const forbidden = new Set<unknown>([ipcRenderer, ...Object.values(ipcRenderer)])
    for (const [key, value] of Object.entries(api)) {
      expect(typeof value, key).toBe('function')
      expect(forbidden.has(value), key).toBe(false)
    }
  })

  it('sends every method over the one invoke channel, and hands listeners the event payload only', () => {
    const { ipcRenderer, exposeInMainWorld } = runPreload()
    const api = exposeInMainWorld.mock.calls[0]?.[1] as Record<string, (arg: unknown) => unknown>
    for (const method of METHOD_NAMES) {
      const input = { probe: method }
      void api[method]?.(input)
      expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(IPC_INVOKE_CHANNEL, method, input)
    }
    expect(ipcRenderer.invoke).toHaveBeenCalledTimes(METHOD_NAMES.length)

    const listener = vi.fn()
    const stop = api.onEvent?.(listener) as () => void
    expect(ipcRenderer.on).toHaveBeenCalledTimes(1)
    const [channel, handler] = ipcRenderer.on.mock.calls[0] as [string, (...args: unknown[]) => void]
    expect(channel).toBe(IPC_EVENT_CHANNEL)
    const payload = { type: 'workspace', workspace: null }
    // Electron passes an event whose `sender` is ipcRenderer itself: it must not reach the page.
    handler({ sender: ipcRenderer }, payload)
    expect(listener.mock.calls).toEqual([[payload]])
    stop()
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_EVENT_CHANNEL, handler)
  })
})
