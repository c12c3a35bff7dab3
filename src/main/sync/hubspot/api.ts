/**
 * Talking to HubSpot's CRM v3 API with a private app or OAuth token, using the shared waiting rules of ../http.ts
 * (Retry-After, full-jitter backoff on 5xx, 409 and network failures, bounded).
 *
 * Not ../http.ts's HttpClient itself: search is a POST, and a 429 means two different things here. The
 * TEN_SECONDLY_ROLLING burst limit clears within seconds (wait and retry); the DAILY limit does not clear before
 * midnight in the portal's time zone, so the run stops at once with a sentence instead of retrying into it.
 * Searches are also spaced out (HubSpot allows about 4 a second per portal). The token never leaves this file.
 */
import {
  parseRetryAfter,
  resolveTransport,
  retryWait,
  sendWithRetries,
  sleep,
  type Transport,
  type TransportOptions,
} from '../http'
import { ConnectorError } from '../types'
import { isObj } from './records'

/** A HubSpot error answer the connector may recover from (the 10,000-result cap of search is a 400). */
export class HubSpotApiError extends ConnectorError {
  constructor(
    kind: ConnectorError['kind'],
    message: string,
    readonly status: number,
    readonly category: string | null,
  ) {
    super(kind, message)
  }
}

const seconds = (ms: number): string => `${Math.max(1, Math.ceil(ms / 1000))} s`
/** The ten-secondly window clears within ten seconds: a 429 without Retry-After waits at least one second. */
const BURST_WAIT_MS = 1_000

export class HubSpotApi {
  private readonly o: Transport
  private lastSearchAt = 0

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    options: TransportOptions & { searchIntervalMs?: number } = {},
    private readonly searchIntervalMs = options.searchIntervalMs ?? 250,
  ) {
    this.o = resolveTransport(options)
  }

  get host(): string {
    return new URL(this.baseUrl).host
  }

  redact(text: string): string {
    return this.token.length >= 4 ? text.split(this.token).join('[redacted]') : text
  }

  get(path: string, signal: AbortSignal): Promise<unknown> {
    return this.request('GET', path, undefined, signal)
  }

  /** A POST that is not a search (batch reads of associations and objects): not spaced out. */
  post(path: string, body: unknown, signal: AbortSignal): Promise<unknown> {
    return this.request('POST', path, JSON.stringify(body), signal)
  }

  async search(path: string, body: unknown, signal: AbortSignal): Promise<unknown> {
    const wait = this.lastSearchAt + this.searchIntervalMs - Date.now()
    if (wait > 0) await sleep(wait, signal)
    this.lastSearchAt = Date.now()
    return this.request('POST', path, JSON.stringify(body), signal)
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    signal: AbortSignal,
  ): Promise<unknown> {
    // Said when the source is tested or synced (not when it is set up), so the analyst reads it where they act.
    if (!this.token)
      throw new ConnectorError('auth', 'Enter the private app (or OAuth) access token for this HubSpot source.')
    const url = new URL(path, this.baseUrl)
    if (url.origin !== new URL(this.baseUrl).origin)
      throw new ConnectorError('protocol', 'HubSpot pointed the next page at another server; it was not followed.')
    const { res, attempts } = await sendWithRetries(
      url,
      {
        method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${this.token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body,
      },
      signal,
      this.o,
      'HubSpot',
      (t) => this.redact(t),
      (r, attempt) => {
        // The DAILY limit does not clear before midnight: stop at once rather than retry into it.
        if (r.status === 429 && policyOf(r.text) === 'DAILY') return null
        return retryWait(r, attempt, this.o, 'HubSpot', r.status === 429 ? BURST_WAIT_MS : 0)
      },
    )
    const { status, text } = res
    const parsed = parse(text)
    if (status >= 200 && status < 300) {
      if (parsed === undefined)
        throw new ConnectorError(
          'protocol',
          `HubSpot answered ${url.pathname} (HTTP ${status}) with a body that is not valid JSON.`,
        )
      return parsed
    }
    const err = isObj(parsed) ? parsed : {}
    const message = typeof err.message === 'string' ? this.redact(err.message).replace(/\s+/g, ' ').slice(0, 200) : ''
    const category = typeof err.category === 'string' ? err.category : null
    if (status === 429) {
      if (err.policyName === 'DAILY')
        throw new HubSpotApiError(
          'rate_limited',
          'HubSpot’s daily API limit for this account is used up; the sync stopped and will resume after it resets (midnight in the account’s time zone).',
          429,
          category,
        )
      const asked = parseRetryAfter(res.headers.get('retry-after'))
      if (asked !== null && asked > this.o.maxRetryAfterMs)
        throw new HubSpotApiError(
          'rate_limited',
          `HubSpot asks to wait ${seconds(asked)}; the sync stopped and will try again later.`,
          429,
          category,
        )
      throw new HubSpotApiError(
        'rate_limited',
        `HubSpot kept answering 429 (rate limited) after ${attempts} attempts; the sync stopped and will try again later.`,
        429,
        category,
      )
    }
    if (status >= 500 || status === 409)
      throw new HubSpotApiError(
        'server',
        `HubSpot kept failing with HTTP ${status} on ${url.pathname} after ${attempts} attempts.`,
        status,
        category,
      )
    const said = message ? `: ${message}` : ''
    if (status === 401)
      throw new HubSpotApiError(
        'auth',
        `HubSpot refused the access token (${category ?? 'HTTP 401'}${said}).`,
        401,
        category,
      )
    if (status === 403)
      throw new HubSpotApiError(
        'auth',
        `HubSpot answered 403${said}: the app needs the “tickets” scope.`,
        403,
        category,
      )
    if (status === 404)
      throw new HubSpotApiError(
        'config',
        `Nothing answers at ${url.host}${url.pathname} (HTTP 404): check the address.`,
        404,
        category,
      )
    throw new HubSpotApiError(
      'protocol',
      `HubSpot refused ${url.pathname} with HTTP ${status}${category ? ` ${category}` : ''}${said}.`,
      status,
      category,
    )
  }
}

/** The `policyName` of a HubSpot 429 body (TEN_SECONDLY_ROLLING or DAILY), or null. */
function policyOf(text: string): string | null {
  const body = parse(text)
  return isObj(body) && typeof body.policyName === 'string' ? body.policyName : null
}

function parse(text: string): unknown {
  if (!text.trim()) return null
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
