/**
 * The HTTP core every connector shares: Node's fetch with a timeout per request, `Retry-After` honoured (seconds or an
 * HTTP date, capped), bounded exponential backoff with full jitter on 5xx, 409, timeouts and connection resets, and
 * the caller's AbortSignal for cancel. A 401 becomes ConnectorError('auth').
 *
 * The Authorization value stays inside this closure: no error message or log line is built from headers, and any
 * text that comes from elsewhere (a network error's message, a response body) is passed through `redact` first.
 */
import { ConnectorError } from './types'

export interface HttpClientOptions {
  /** Origin (plus optional path) every request goes to; absolute URLs elsewhere are refused. */
  baseUrl: string
  /** The full Authorization header value, e.g. `Basic …` or `Bearer …`. */
  authorization: string
  /** The vendor's name for sentences ("Zendesk"). */
  vendor: string
  timeoutMs?: number
  /** Retries after the first attempt, for 429, 409, 5xx and network failures alike. */
  maxRetries?: number
  /** Longest wait a `Retry-After` may ask for; longer asks end the run as rate limited rather than hang it. */
  maxRetryAfterMs?: number
  baseBackoffMs?: number
  maxBackoffMs?: number
  log?: (line: string) => void
  /** Told before every wait, so progress can say "waiting 20 s (rate limited)". */
  onWait?: (ms: number, reason: string) => void
  random?: () => number
  fetchImpl?: typeof fetch
}

export interface HttpResponse {
  status: number
  body: unknown
}

export const HTTP_DEFAULTS = {
  timeoutMs: 30_000,
  maxRetries: 5,
  maxRetryAfterMs: 120_000,
  baseBackoffMs: 500,
  maxBackoffMs: 30_000,
} as const

/** Milliseconds a `Retry-After` value asks for (delta seconds or an HTTP date), or null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null
  const text = value.trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000)
  const at = Date.parse(text)
  if (Number.isNaN(at)) return null
  return Math.max(0, at - now)
}

/** Full-jitter exponential backoff: a random wait in [0, min(cap, base * 2^attempt)]. */
export function backoffMs(attempt: number, base: number, cap: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(cap, base * 2 ** attempt))
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal.reason as Error)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

const seconds = (ms: number): string => (ms < 10_000 ? `${Math.ceil(ms / 100) / 10} s` : `${Math.ceil(ms / 1000)} s`)

/** The waiting rules a connector may tune (tests shorten them; a fake fetch replaces the network). */
export type TransportOptions = Partial<
  Pick<
    HttpClientOptions,
    | 'timeoutMs'
    | 'maxRetries'
    | 'maxRetryAfterMs'
    | 'baseBackoffMs'
    | 'maxBackoffMs'
    | 'log'
    | 'onWait'
    | 'random'
    | 'fetchImpl'
  >
>

export type Transport = Required<Omit<TransportOptions, 'log' | 'onWait'>> & Pick<TransportOptions, 'log' | 'onWait'>

export function resolveTransport(options: TransportOptions = {}): Transport {
  return { ...HTTP_DEFAULTS, random: Math.random, fetchImpl: globalThis.fetch.bind(globalThis), ...options }
}

/** A response read whole, status and headers kept. */
export interface RawResponse {
  status: number
  text: string
  headers: Headers
}

/**
 * How long to wait before retrying a response (429, 409, 5xx), or null when retrying cannot help. A `Retry-After`
 * is honoured (capped); a 429 asking for longer than the cap ends the run as rate limited instead of hanging it.
 * Without one, full-jitter backoff, at least `minWaitMs`.
 */
export function retryWait(
  res: RawResponse,
  attempt: number,
  t: Transport,
  vendor: string,
  minWaitMs = 0,
): number | null {
  if (res.status !== 429 && res.status !== 409 && res.status < 500) return null
  const asked = parseRetryAfter(res.headers.get('retry-after'))
  if (res.status === 429 && asked !== null && asked > t.maxRetryAfterMs)
    throw new ConnectorError(
      'rate_limited',
      `${vendor} is rate limiting this account and asks to wait ${seconds(asked)}; the sync stopped and will try again later.`,
    )
  if (asked !== null) return Math.min(asked, t.maxRetryAfterMs)
  return Math.max(minWaitMs, backoffMs(attempt, t.baseBackoffMs, t.maxBackoffMs, t.random))
}

/**
 * The one retry loop of every connector: sends, retries network failures and timeouts with backoff, and asks
 * `decide` (by default retryWait) whether a response is worth waiting for. Answers the response it stopped at (a
 * success, a status not worth retrying, or the last retryable one once the retries are spent) and how many attempts
 * that took; the caller turns a failure into its vendor's sentence. `redact` cleans any outside text of secrets.
 */
export async function sendWithRetries(
  url: URL,
  init: { method: string; headers: Record<string, string>; body?: string },
  signal: AbortSignal,
  t: Transport,
  vendor: string,
  redact: (text: string) => string,
  decide: (res: RawResponse, attempt: number) => number | null = (res, attempt) => retryWait(res, attempt, t, vendor),
): Promise<{ res: RawResponse; attempts: number }> {
  const wait = async (ms: number, reason: string): Promise<void> => {
    t.onWait?.(ms, reason)
    t.log?.(`${vendor}: waiting ${seconds(ms)} before retrying (${reason})`)
    await sleep(ms, signal)
  }
  for (let attempt = 0; ; attempt++) {
    signal.throwIfAborted()
    const last = attempt >= t.maxRetries
    let res: RawResponse
    try {
      const r = await t.fetchImpl(url, {
        ...init,
        redirect: 'error',
        signal: AbortSignal.any([signal, AbortSignal.timeout(t.timeoutMs)]),
      })
      res = { status: r.status, headers: r.headers, text: await r.text() }
    } catch (err) {
      if (signal.aborted) throw signal.reason as Error
      const why = redact(networkReason(err, t.timeoutMs))
      if (last)
        throw new ConnectorError(
          'network',
          `${vendor} could not be reached at ${url.host} (${why}) after ${attempt + 1} attempts.`,
        )
      await wait(backoffMs(attempt, t.baseBackoffMs, t.maxBackoffMs, t.random), why)
      continue
    }
    if (last) return { res, attempts: attempt + 1 }
    const ms = decide(res, attempt)
    if (ms === null) return { res, attempts: attempt + 1 }
    await wait(ms, res.status === 429 ? 'rate limited' : `HTTP ${res.status}`)
  }
}

/** A network failure in the analyst's words. */
export function networkReason(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } }
  if (e.name === 'TimeoutError') return `no answer within ${Math.round(timeoutMs / 1000)} s`
  const code = e.cause?.code
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'the connection was reset'
  if (code === 'ECONNREFUSED') return 'the connection was refused'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the name did not resolve: are you offline?'
  return code ?? e.cause?.message ?? e.message ?? 'network error'
}

export class HttpClient {
  private readonly o: Transport & Pick<HttpClientOptions, 'authorization' | 'vendor'>
  private readonly origin: string
  private readonly baseUrl: string

  constructor(options: HttpClientOptions) {
    this.o = { ...resolveTransport(options), authorization: options.authorization, vendor: options.vendor }
    this.baseUrl = options.baseUrl
    this.origin = new URL(options.baseUrl).origin
  }

  /** Removes every credential-looking fragment from text that came from outside (error messages, bodies). */
  redact(text: string): string {
    let out = text
    const auth = this.o.authorization
    const secret = auth.replace(/^\S+\s+/, '')
    for (const s of [auth, secret]) if (s.length >= 4) out = out.split(s).join('[redacted]')
    try {
      // Basic credentials decode to "email/token:TOKEN": never echo the token half either.
      const decoded = Buffer.from(secret, 'base64').toString('utf8')
      const token = decoded.slice(decoded.indexOf(':') + 1)
      if (decoded.includes(':') && token.length >= 4) out = out.split(token).join('[redacted]')
    } catch {
      // Not base64: nothing more to hide.
    }
    return out
  }

  private resolve(pathOrUrl: string): URL {
    const url = /^https?:\/\//i.test(pathOrUrl) ? new URL(pathOrUrl) : new URL(this.baseUrl + pathOrUrl)
    // A vendor-supplied next-page URL on another host would receive our Authorization header: refuse it.
    if (url.origin !== this.origin)
      throw new ConnectorError(
        'protocol',
        `${this.o.vendor} pointed the next page at another server (${url.host}); it was not followed.`,
      )
    return url
  }

  /**
   * GETs JSON. Answers 2xx (and the statuses in `accept`, e.g. 404 for a deleted ticket's comments) with the parsed
   * body; everything else ends in a ConnectorError with a sentence, after retries where retrying can help.
   */
  async getJson(pathOrUrl: string, signal: AbortSignal, accept: readonly number[] = []): Promise<HttpResponse> {
    const url = this.resolve(pathOrUrl)
    const where = url.pathname
    const { vendor } = this.o
    const { res, attempts } = await sendWithRetries(
      url,
      { method: 'GET', headers: { accept: 'application/json', authorization: this.o.authorization } },
      signal,
      this.o,
      vendor,
      (t) => this.redact(t),
    )
    const { status, text } = res
    if ((status >= 200 && status < 300) || accept.includes(status))
      return { status, body: this.parse(text, where, status) }
    if (status === 401) throw new ConnectorError('auth', `${vendor} refused the credentials (HTTP 401 on ${where}).`)
    if (status === 403)
      throw new ConnectorError(
        'auth',
        `${vendor} answered 403 Forbidden on ${where}: these credentials are not allowed to read it.`,
      )
    if (status === 429)
      throw new ConnectorError(
        'rate_limited',
        `${vendor} kept answering 429 (rate limited) after ${attempts} attempts; the sync stopped and will try again later.`,
      )
    if (status === 409 || status >= 500)
      throw new ConnectorError(
        'server',
        `${vendor} kept failing with HTTP ${status} on ${where} after ${attempts} attempts.`,
      )
    if (status === 404)
      throw new ConnectorError('config', `Nothing answers at ${url.origin}${where} (HTTP 404): check the address.`)
    throw new ConnectorError('protocol', `${vendor} refused ${where} with HTTP ${status}${this.detail(text)}.`)
  }

  private parse(text: string, where: string, status: number): unknown {
    try {
      return JSON.parse(text)
    } catch {
      throw new ConnectorError(
        'protocol',
        `${this.o.vendor} answered ${where} (HTTP ${status}) with a body that is not valid JSON${this.detail(text)}.`,
      )
    }
  }

  /** A short, redacted excerpt of a body for a sentence. */
  private detail(text: string): string {
    const t = this.redact(text.replace(/\s+/g, ' ').trim()).slice(0, 120)
    return t ? ` ("${t}")` : ''
  }
}
