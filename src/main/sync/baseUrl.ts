/**
 * Where a source lives. Analysts type a Zendesk subdomain (`acme`) or a full https URL; plain http is accepted only
 * for a loopback test server, and only when loopback was allowed explicitly (option, WORKBENCH_ALLOW_LOOPBACK=1, or
 * the CLI's --allow-loopback), so a typo can never send a token over an unencrypted connection.
 */
import type { ConnectorKind } from './types'

export class BaseUrlError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BaseUrlError'
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

/** True when the environment allows loopback servers (tests, the bench, a local fake). */
export function loopbackAllowedByEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.WORKBENCH_ALLOW_LOOPBACK === '1'
}

/**
 * The base URL (origin plus optional path, no trailing slash) for a source, or a BaseUrlError with a sentence.
 * A bare subdomain only means something for Zendesk.
 */
export function resolveBaseUrl(kind: ConnectorKind, input: string, options: { allowLoopback: boolean }): string {
  const text = input.trim()
  if (!text) throw new BaseUrlError('Enter the address of the source (for Zendesk, the subdomain such as "acme").')
  if (kind === 'zendesk' && /^[a-z0-9][a-z0-9-]{0,62}$/i.test(text)) return `https://${text.toLowerCase()}.zendesk.com`
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new BaseUrlError(
      kind === 'zendesk'
        ? `"${text}" is neither a Zendesk subdomain (like "acme") nor a full address (like https://acme.zendesk.com).`
        : `"${text}" is not a full address such as https://example.my.salesforce.com.`,
    )
  }
  if (url.username || url.password)
    throw new BaseUrlError(
      'Put credentials in the credentials fields, not in the address: it would be stored in plain text.',
    )
  if (url.search || url.hash) throw new BaseUrlError('The address must not carry a query (?…) or a fragment (#…).')
  const loopback = LOOPBACK_HOSTS.has(url.hostname)
  if (url.protocol === 'http:') {
    if (!loopback)
      throw new BaseUrlError(`${url.host} must be reached over https: tokens are never sent over plain http.`)
    if (!options.allowLoopback)
      throw new BaseUrlError(
        `${url.origin} is a test server on this computer; loopback sources are refused unless allowed (WORKBENCH_ALLOW_LOOPBACK=1 or --allow-loopback).`,
      )
  } else if (url.protocol !== 'https:') {
    throw new BaseUrlError(`${url.protocol.replace(/:$/, '')} addresses are not supported: use https.`)
  } else if (loopback && !options.allowLoopback) {
    throw new BaseUrlError(
      `${url.origin} is on this computer; loopback sources are refused unless allowed (WORKBENCH_ALLOW_LOOPBACK=1 or --allow-loopback).`,
    )
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}
