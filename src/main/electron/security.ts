/**
 * Process-wide hardening of every window and session: no navigation away from the app, no new windows, no webviews,
 * no permissions, a strict CSP, and only https:/mailto: links handed to the operating system.
 * The decisions themselves are in rules.ts, where they are unit-tested.
 */
import { app, session, shell, type Session, type WebContents } from 'electron'
import { appliesAppCsp, contentSecurityPolicyFor, isAppUrl, safeExternalUrl, type AppPage } from './rules'

type Log = (line: string) => void

/** Must run before `ready`: every renderer, including ones other modules create later, starts sandboxed. */
export function hardenBeforeReady(): void {
  app.enableSandbox()
}

/** The scheme only: a full link may carry an address or a ticket's text into the log. */
function scheme(raw: string): string {
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(raw)
  return match?.[1] ? `${match[1].toLowerCase()}:` : 'a malformed'
}

/**
 * Hands a link to the system browser or mail client when the rules allow it, and only when the request comes from
 * the app's own page: a PDF or preview window showing ticket content must not be able to open URLs (a tracking
 * beacon in a `<meta refresh>`, say) on the analyst's machine.
 */
function openExternally(contents: WebContents, raw: string, page: AppPage, log: Log): void {
  const safe = isAppUrl(contents.getURL(), page) ? safeExternalUrl(raw) : null
  if (!safe) {
    log(`Refused to open a ${scheme(raw)} link outside the app.`)
    return
  }
  shell.openExternal(safe).catch((err: unknown) => log(`Could not open a link: ${(err as Error).message}`))
}

function hardenContents(contents: WebContents, page: AppPage, log: Log): void {
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, page)) return
    event.preventDefault()
    openExternally(contents, event.url, page, log)
  })
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, page)) event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(contents, url, page, log)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

function denyPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
}

/** Call once, at `ready`, before the first window is created. */
export function installSecurity(page: AppPage, log: Log): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, page, log))

  denyPermissions(session.defaultSession)
  app.on('session-created', denyPermissions)

  const policy = contentSecurityPolicyFor(page.devServerOrigin)
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    if (!appliesAppCsp(details.url, page.devServerOrigin)) {
      callback({})
      return
    }
    const headers: Record<string, string[]> = {}
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      // Replace whatever policy the response had (any casing), so exactly one known policy applies.
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value
    }
    headers['Content-Security-Policy'] = [policy]
    callback({ responseHeaders: headers })
  })
}
