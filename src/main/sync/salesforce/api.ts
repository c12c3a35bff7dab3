/**
 * Talking to Salesforce's REST API: the OAuth 2 token (client credentials or refresh token; no `expires_in`, so a
 * 401 INVALID_SESSION_ID refreshes it once), GETs with the vendor's error arrays read into sentences, and the shared
 * waiting rules of ../http.ts (Retry-After, full-jitter backoff on 5xx, 409 and network failures, bounded).
 *
 * Not ../http.ts's HttpClient itself: its Authorization is fixed at construction and its 401/403 handling is generic,
 * while Salesforce needs a token that changes mid-run, a 403 that means "daily quota" (no re-auth) and 400s the
 * connector recovers from (INVALID_QUERY_LOCATOR). Tokens and secrets are removed from every text that leaves here.
 */
import type { SourceCredentials } from '../../../shared/api/methods/sources'
import {
  resolveTransport,
  retryWait,
  sendWithRetries,
  type RawResponse,
  type Transport,
  type TransportOptions,
} from '../http'
import { ConnectorError } from '../types'
import { isObj } from './records'

export type { TransportOptions }

/** A Salesforce error the connector may recover from (errorCode as the API wrote it). */
export class SalesforceApiError extends ConnectorError {
  constructor(
    kind: ConnectorError['kind'],
    message: string,
    readonly errorCode: string,
    readonly status: number,
  ) {
    super(kind, message)
  }
}

type Raw = RawResponse

const isLoopback = (host: string): boolean => ['127.0.0.1', 'localhost', '[::1]'].includes(host)

export class SalesforceApi {
  private readonly o: Transport
  private accessToken: string | null
  private instanceUrl: string | null = null
  /** The last `Sforce-Limit-Info` seen (`api-usage=18/5000`), for sentences about the daily quota. */
  apiUsage: string | null = null

  constructor(
    private readonly baseUrl: string,
    private readonly credentials: SourceCredentials,
    private readonly apiVersion: string,
    options: TransportOptions = {},
  ) {
    this.o = resolveTransport(options)
    // A bare access token (no client id) is used as is against the given instance; it cannot be refreshed.
    this.accessToken = credentials.clientId ? null : (credentials.accessToken ?? null)
    if (this.accessToken) this.instanceUrl = baseUrl
  }

  get host(): string {
    return new URL(this.instanceUrl ?? this.baseUrl).host
  }

  /** Removes every secret this client holds from text that came from outside. */
  redact(text: string): string {
    let out = text
    const c = this.credentials
    for (const s of [this.accessToken, c.accessToken, c.clientSecret, c.refreshToken, c.apiToken])
      if (s && s.length >= 4) out = out.split(s).join('[redacted]')
    return out
  }

  /** Gets a fresh token (and the instance URL that comes with it). */
  async authenticate(signal: AbortSignal): Promise<void> {
    const c = this.credentials
    // Said when the source is tested or synced (not when it is set up), so the analyst reads it where they act.
    if (!c.clientId && !c.accessToken)
      throw new ConnectorError(
        'auth',
        'Enter the connected app’s consumer key and secret (and a refresh token, if the app uses one) for this source.',
      )
    if (!c.clientId) {
      throw new ConnectorError(
        'auth',
        'Salesforce refused the access token and it cannot be refreshed without the connected app’s consumer key.',
      )
    }
    const form = new URLSearchParams({ client_id: c.clientId })
    if (c.refreshToken) {
      form.set('grant_type', 'refresh_token')
      form.set('refresh_token', c.refreshToken)
    } else form.set('grant_type', 'client_credentials')
    if (c.clientSecret) form.set('client_secret', c.clientSecret)
    const url = new URL('/services/oauth2/token', this.baseUrl)
    const res = await this.send(url, signal, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    })
    const body = this.parse(res, url.pathname)
    if (res.status === 400 || res.status === 401) {
      const code = isObj(body) && typeof body.error === 'string' ? body.error : 'unknown error'
      const why = isObj(body) && typeof body.error_description === 'string' ? body.error_description : ''
      throw new ConnectorError(
        'auth',
        this.redact(
          `Salesforce refused the sign-in (${code}${why ? `: ${why}` : ''}): check the consumer key, secret${c.refreshToken ? ' and refresh token' : ''}.`,
        ),
      )
    }
    if (res.status < 200 || res.status >= 300) throw this.failure(res, body, url.pathname)
    if (!isObj(body) || typeof body.access_token !== 'string' || !body.access_token)
      throw new ConnectorError('protocol', 'Salesforce answered the sign-in without an access token.')
    this.accessToken = body.access_token
    this.instanceUrl = this.checkInstanceUrl(typeof body.instance_url === 'string' ? body.instance_url : null)
  }

  /**
   * The token answer names the org's instance, which wins over the login URL the analyst typed. It receives the token,
   * so it must be https (plain http only when the source itself is a loopback test server).
   */
  private checkInstanceUrl(value: string | null): string {
    if (!value) return this.baseUrl
    let url: URL
    try {
      url = new URL(value)
    } catch {
      throw new ConnectorError(
        'protocol',
        'Salesforce answered the sign-in with an instance address that is not a URL.',
      )
    }
    const base = new URL(this.baseUrl)
    const loopbackSource = base.protocol === 'http:' && isLoopback(base.hostname)
    if (url.protocol !== 'https:' && !(loopbackSource && url.protocol === 'http:' && isLoopback(url.hostname)))
      throw new ConnectorError(
        'protocol',
        `Salesforce named ${url.host} as the org's instance over ${url.protocol.replace(':', '')}; the token is only sent over https.`,
      )
    return url.origin
  }

  /** Path under `/services/data/{version}` (or a `nextRecordsUrl`, a path that already holds it). */
  dataPath(path: string): string {
    return `/services/data/${this.apiVersion}${path}`
  }

  /** GET of a path on the instance; answers the parsed body of a 2xx, or throws a ConnectorError with a sentence. */
  async get(path: string, signal: AbortSignal, headers: Record<string, string> = {}): Promise<unknown> {
    // A relative path only: an absolute URL from a response would carry our token to whoever it names.
    if (!path.startsWith('/services/'))
      throw new ConnectorError(
        'protocol',
        'Salesforce pointed the next batch at an address outside its API; it was not followed.',
      )
    if (!this.accessToken) await this.authenticate(signal)
    for (let refreshed = false; ; refreshed = true) {
      const url = new URL(path, this.instanceUrl ?? this.baseUrl)
      const res = await this.send(url, signal, {
        method: 'GET',
        headers: { ...headers, accept: 'application/json', authorization: `Bearer ${this.accessToken}` },
      })
      const body = this.parse(res, url.pathname)
      if (res.status >= 200 && res.status < 300) return body
      const code = errorCode(body)
      if (res.status === 401 && !refreshed && this.credentials.clientId) {
        // Sessions expire without notice (no expires_in): one refresh, then the request once more.
        this.o.log?.(`Salesforce: session expired (${code ?? 'HTTP 401'}), signing in again`)
        await this.authenticate(signal)
        continue
      }
      throw this.failure(res, body, url.pathname)
    }
  }

  private failure(res: Raw, body: unknown, where: string): ConnectorError {
    const code = errorCode(body) ?? `HTTP ${res.status}`
    const message = this.redact(errorMessage(body) ?? '').slice(0, 200)
    const said = message ? `: ${message}` : ''
    if (res.status === 401)
      return new SalesforceApiError(
        'auth',
        `Salesforce refused the session (${code}${said}); sign in again from the Sources screen.`,
        code,
        401,
      )
    if (code === 'REQUEST_LIMIT_EXCEEDED')
      return new SalesforceApiError(
        'rate_limited',
        `The Salesforce org has used its daily API requests${this.apiUsage ? ` (${this.apiUsage})` : ''}; the sync stopped and will try again later.`,
        code,
        res.status,
      )
    if (res.status === 403)
      return new SalesforceApiError(
        'auth',
        `Salesforce answered 403 (${code}${said}): this user may not read Cases through the API.`,
        code,
        403,
      )
    if (code === 'INVALID_FIELD')
      return new SalesforceApiError(
        'config',
        `Salesforce does not know a field the mapping asks for${said}. Fix the field mapping of this source.`,
        code,
        res.status,
      )
    if (res.status === 404)
      return new SalesforceApiError(
        'config',
        `Nothing answers at ${this.host}${where} (HTTP 404): check the address and API version.`,
        code,
        404,
      )
    if (res.status >= 500 || res.status === 429)
      return new SalesforceApiError(
        'server',
        `Salesforce kept failing with ${code} on ${where}${said}.`,
        code,
        res.status,
      )
    return new SalesforceApiError('protocol', `Salesforce refused ${where} with ${code}${said}.`, code, res.status)
  }

  private parse(res: Raw, where: string): unknown {
    if (!res.text.trim()) return null
    try {
      return JSON.parse(res.text)
    } catch {
      if (res.status >= 200 && res.status < 300)
        throw new ConnectorError(
          'protocol',
          `Salesforce answered ${where} (HTTP ${res.status}) with a body that is not valid JSON.`,
        )
      return null
    }
  }

  /** One request with the shared waiting rules (../http.ts); answers any status it does not retry. */
  private async send(
    url: URL,
    signal: AbortSignal,
    init: { method: string; headers: Record<string, string>; body?: string },
  ): Promise<Raw> {
    const note = (res: Raw): void => {
      const usage = res.headers.get('sforce-limit-info')
      if (usage) this.apiUsage = usage
    }
    const { res } = await sendWithRetries(
      url,
      init,
      signal,
      this.o,
      'Salesforce',
      (t) => this.redact(t),
      (r, attempt) => {
        note(r)
        return retryWait(r, attempt, this.o, 'Salesforce')
      },
    )
    note(res)
    return res
  }
}

/** The first `errorCode` of a Salesforce error array (`[{message, errorCode}]`). */
export function errorCode(body: unknown): string | null {
  const first = Array.isArray(body) ? body[0] : body
  return isObj(first) && typeof first.errorCode === 'string' ? first.errorCode : null
}

function errorMessage(body: unknown): string | null {
  const first = Array.isArray(body) ? body[0] : body
  return isObj(first) && typeof first.message === 'string' ? first.message.replace(/\s+/g, ' ').trim() : null
}
