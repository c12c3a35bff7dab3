/**
 * The desktop shell's decisions as pure functions: which URLs may open outside the app, which pages count as the app,
 * which frame may call the API, which CSP applies, where the Electron build of better-sqlite3 lives.
 *
 * Nothing here imports `electron`: that module cannot load under plain Node (unit tests), and keeping the rules apart
 * from the wiring lets every rule be tested with hostile inputs.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CONTENT_SECURITY_POLICY } from '../../shared/csp'

/** Longer URLs are refused outright: no real link needs more, and a huge one is more likely an attack on the parser. */
const MAX_EXTERNAL_URL_LENGTH = 2_048

/** mailto parameters some mail clients honour to attach local files: a link must never be able to mail out a file. */
const MAILTO_FORBIDDEN_PARAMS = new Set(['attach', 'attachment'])

/**
 * The normalised URL to hand to the system browser or mail client, or null when the link must not leave the app.
 * Only `https:` (with a host and no user name, which is how `https://trusted@evil` phishing links hide their target)
 * and `mailto:` (without attachments) pass. Raw strings with whitespace or control characters are refused instead of
 * letting the URL parser silently strip them.
 */
export function safeExternalUrl(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_EXTERNAL_URL_LENGTH) return null
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(raw)) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  if (url.protocol === 'https:') {
    if (!url.hostname || url.username || url.password) return null
    return url.href
  }
  if (url.protocol === 'mailto:') {
    if (!url.pathname) return null
    for (const key of url.searchParams.keys()) {
      if (MAILTO_FORBIDDEN_PARAMS.has(key.toLowerCase())) return null
    }
    return url.href
  }
  return null
}

export function isSafeExternalUrl(raw: unknown): boolean {
  return safeExternalUrl(raw) !== null
}

/** What identifies the app's own page: the built renderer file, or the dev server during `npm run dev`. */
export interface AppPage {
  /** Absolute path of out/renderer/index.html. */
  rendererFile: string
  /** Origin of the Vite dev server (from ELECTRON_RENDERER_URL), only when running unpackaged in dev. */
  devServerOrigin?: string
  platform?: NodeJS.Platform
}

function samePath(a: string, b: string, platform: NodeJS.Platform): boolean {
  const na = path.resolve(a)
  const nb = path.resolve(b)
  // Windows file systems are case-insensitive and Chromium may report the drive letter in another case.
  return platform === 'win32' ? na.toLowerCase() === nb.toLowerCase() : na === nb
}

/** True when `raw` is the app's own page (any hash or query): the renderer file itself, or the dev server's origin. */
export function isAppUrl(raw: string | undefined | null, page: AppPage): boolean {
  if (!raw) return false
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (page.devServerOrigin !== undefined) return url.origin === page.devServerOrigin
  if (url.protocol !== 'file:' || url.host !== '') return false
  let file: string
  try {
    // fileURLToPath decodes %20 and the like, and throws on encoded separators: a path trick fails closed here.
    file = fileURLToPath(`file://${url.pathname}`)
  } catch {
    return false
  }
  return samePath(file, page.rendererFile, page.platform ?? process.platform)
}

/** The part of an IPC event the sender check needs: the sending frame's URL and whether it is the top frame. */
export interface SenderFrame {
  url: string
  isTopFrame: boolean
}

/**
 * Only the app's own top-level page may call the API. A frame that is gone (null), an iframe, or any other page that
 * somehow got into a window (a navigation that slipped through, a PDF window) is refused.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, page: AppPage): boolean {
  if (!frame || !frame.isTopFrame) return false
  return isAppUrl(frame.url, page)
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * The dev server origin from ELECTRON_RENDERER_URL, honoured only in an unpackaged run and only on this machine:
 * otherwise one environment variable could point an installed app, with its API bridge, at any web page.
 */
export function devServerOrigin(rendererUrl: string | undefined, isPackaged: boolean): string | undefined {
  if (isPackaged || !rendererUrl) return undefined
  let url: URL
  try {
    url = new URL(rendererUrl)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  if (!LOOPBACK_HOSTS.has(url.hostname)) return undefined
  return url.origin
}

/**
 * The policy for the app's page. In dev the Vite server is another origin: it serves the scripts, needs its HMR
 * websocket, and the React refresh preamble is an inline script. None of that applies to a built app.
 */
export function contentSecurityPolicyFor(devOrigin?: string): string {
  if (devOrigin === undefined) return CONTENT_SECURITY_POLICY
  const ws = devOrigin.replace(/^http/, 'ws')
  const extra: Record<string, string> = {
    'default-src': devOrigin,
    'script-src': `${devOrigin} 'unsafe-inline'`,
    'style-src': devOrigin,
    'img-src': devOrigin,
    'font-src': devOrigin,
    'connect-src': `${devOrigin} ${ws}`,
  }
  return CONTENT_SECURITY_POLICY.split('; ')
    .map((directive) => {
      const name = directive.split(' ')[0] ?? ''
      const add = extra[name]
      return add ? `${directive} ${add}` : directive
    })
    .join('; ')
}

/**
 * Which responses get the app's CSP header: local files (the built renderer) and, in dev, the Vite server's pages.
 * Anything else never loads in an app window (navigation is refused), so it is left as it came.
 */
export function appliesAppCsp(raw: string, devOrigin?: string): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (url.protocol === 'file:') return true
  return devOrigin !== undefined && url.origin === devOrigin
}

/** Options the Electron entry takes from its command line and environment. */
export interface ShellArgs {
  /** Absolute data folder from `--data-dir=` or WORKBENCH_DATA_DIR; undefined means Electron's userData. */
  dataDir: string | undefined
  noDemo: boolean
}

/**
 * Only `--data-dir=DIR` (with `=`) is read: Electron and Chromium add switches of their own to argv, so a value in
 * the next argument could be mistaken for one of theirs. Unknown switches are left alone for the same reason.
 */
export function parseShellArgs(argv: readonly string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): ShellArgs {
  let flag: string | undefined
  let noDemo = false
  for (const arg of argv) {
    if (arg.startsWith('--data-dir=')) flag = arg.slice('--data-dir='.length)
    else if (arg === '--no-demo') noDemo = true
  }
  const chosen = flag?.trim() ? flag : env.WORKBENCH_DATA_DIR?.trim() ? env.WORKBENCH_DATA_DIR : undefined
  return { dataDir: chosen ? path.resolve(cwd, chosen) : undefined, noDemo }
}

/**
 * Where scripts/native-electron.mjs puts the Electron-ABI build of better-sqlite3. The script computes the same path
 * (a unit test checks that the two agree).
 */
export const NATIVE_DIR_NAME = '.workbench-native'

export function nativeBindingPath(root: string, electronVersion: string, arch: string): string {
  return path.join(root, NATIVE_DIR_NAME, `electron-${electronVersion}-${arch}`, 'better_sqlite3.node')
}

export interface NativeBindingQuery {
  isPackaged: boolean
  /** Folders that may hold .workbench-native: the app path and the project root above out/main. */
  roots: readonly string[]
  electronVersion: string
  arch: string
  exists: (file: string) => boolean
}

/**
 * The better-sqlite3 binary for this Electron: none when packaged (electron-builder rebuilt the package's own copy
 * for Electron), else the side-by-side build. Throws a sentence naming the fix when it has not been built, because
 * loading the Node build instead fails later with an opaque NODE_MODULE_VERSION error.
 */
export function resolveNativeBinding(query: NativeBindingQuery): string | undefined {
  if (query.isPackaged) return undefined
  const candidates = [...new Set(query.roots.map((root) => nativeBindingPath(root, query.electronVersion, query.arch)))]
  const found = candidates.find((file) => query.exists(file))
  if (found) return found
  throw new Error(
    `better-sqlite3 has not been built for Electron ${query.electronVersion} (${query.arch}): ` +
      `${candidates[0] ?? NATIVE_DIR_NAME} does not exist. Run "npm start" (or "node scripts/native-electron.mjs") ` +
      'in the project folder once: it builds that binary and leaves the Node one in node_modules untouched.',
  )
}
