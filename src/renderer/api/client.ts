/**
 * The renderer's one client: talks to `window.workbench` (Electron preload) when present, else to the browser-mode
 * server on the same origin. Every call is typed from the contract; errors arrive as ApiError with the server's
 * sentence for the analyst.
 */
import type { ApiInput, ApiOutput, MethodName } from '../../shared/api/contract'
import type { ApiErrorBody, ApiResult, ErrorCode, WorkbenchEvent } from '../../shared/api/types'
import { HTTP_API_PREFIX, HTTP_EVENTS_PATH, HTTP_TOKEN_HEADER, HTTP_TOKEN_QUERY } from '../../shared/api/transport'

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

type Listener = (event: WorkbenchEvent) => void

interface Transport {
  kind: 'electron' | 'web'
  invoke(method: string, input: unknown): Promise<ApiResult<unknown>>
  subscribe(listener: Listener): () => void
}

type PreloadApi = Record<string, (input: unknown) => Promise<ApiResult<unknown>>> & {
  onEvent(listener: Listener): () => void
}

declare global {
  interface Window {
    workbench?: PreloadApi
  }
}

function electronTransport(bridge: PreloadApi): Transport {
  return {
    kind: 'electron',
    invoke: (method, input) => {
      const fn = bridge[method]
      if (typeof fn !== 'function') {
        return Promise.resolve({ ok: false, error: { code: 'unknown_method', message: `Unknown method ${method}` } })
      }
      return fn(input)
    },
    subscribe: (listener) => bridge.onEvent(listener),
  }
}

const TOKEN_KEY = 'workbench.token'

/** Takes the per-launch token from the URL once, keeps it for this tab, and removes it from the address bar. */
function webToken(): string {
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get(HTTP_TOKEN_QUERY)
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete(HTTP_TOKEN_QUERY)
    window.history.replaceState(null, '', url.pathname + url.search + url.hash)
    return fromUrl
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

function webTransport(): Transport {
  const token = webToken()
  const listeners = new Set<Listener>()
  let source: EventSource | null = null
  const connect = (): void => {
    if (source) return
    source = new EventSource(`${HTTP_EVENTS_PATH}?${HTTP_TOKEN_QUERY}=${encodeURIComponent(token)}`)
    source.onmessage = (msg) => {
      const event = JSON.parse(String(msg.data)) as WorkbenchEvent
      for (const l of listeners) l(event)
    }
  }
  return {
    kind: 'web',
    async invoke(method, input) {
      let res: Response
      try {
        res = await fetch(HTTP_API_PREFIX + method, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [HTTP_TOKEN_HEADER]: token },
          body: JSON.stringify(input ?? {}),
        })
      } catch {
        return {
          ok: false,
          error: {
            code: 'internal',
            message: 'The workbench server is not answering. Is `npm run web` still running?',
          },
        }
      }
      try {
        return (await res.json()) as ApiResult<unknown>
      } catch {
        return {
          ok: false,
          error: { code: 'internal', message: `The server answered ${res.status} without a result.` },
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      connect()
      return () => listeners.delete(listener)
    },
  }
}

let transport: Transport | null = null
function current(): Transport {
  transport ??= window.workbench ? electronTransport(window.workbench) : webTransport()
  return transport
}

/** Calls a contract method; resolves with its value or rejects with ApiError. */
export async function call<M extends MethodName>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const result = await current().invoke(method, input)
  if (result.ok) return result.value as ApiOutput<M>
  const err: ApiErrorBody = result.error
  throw new ApiError(err.code, err.message)
}

/** Subscribes to task progress and workspace events; returns the unsubscribe function. */
export function onEvent(listener: Listener): () => void {
  return current().subscribe(listener)
}

export function transportKind(): 'electron' | 'web' {
  return current().kind
}

/**
 * A browser-mode URL the page navigates to (a download), with this tab's session token in the query: navigations
 * cannot carry the header, and the server does not accept the cookie alone for them.
 */
export function withSessionToken(href: string): string {
  const sep = href.includes('?') ? '&' : '?'
  return `${href}${sep}${HTTP_TOKEN_QUERY}=${encodeURIComponent(webToken())}`
}
