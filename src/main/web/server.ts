/**
 * Browser mode: the built renderer and the API on 127.0.0.1 only. A random per-launch token is required on every
 * request (header for API calls, query for the event stream, an HttpOnly cookie set from the first page load for
 * static files); requests whose Host or Origin is not this server's own are refused, which defeats DNS rebinding and
 * other local pages. Inputs go through the same dispatcher and schemas as IPC.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { CONTENT_SECURITY_POLICY } from '../../shared/csp'
import {
  HTTP_API_PREFIX,
  HTTP_DOWNLOAD_PATH,
  HTTP_EVENTS_PATH,
  HTTP_MAX_BODY,
  HTTP_TOKEN_COOKIE,
  HTTP_TOKEN_HEADER,
  HTTP_TOKEN_QUERY,
} from '../../shared/api/transport'
import type { ApiResult, WorkbenchEvent } from '../../shared/api/types'
import type { Dispatch } from '../api/dispatcher'
import { resolveDownload } from '../export/exportFiles'
import { HTTP_UPLOAD_PATH } from '../../shared/api/methods/imports'
import { receiveUpload, UploadError } from '../ingest/uploads'

export interface WebServerOptions {
  dispatch: Dispatch
  onEvent(listener: (e: WorkbenchEvent) => void): () => void
  /** Folder of the built renderer (index.html and assets). */
  rendererDir: string
  port?: number
  /** Fixed token (tests); random otherwise. */
  token?: string
  /** The exports folder whose files `GET /api/download` serves; none are served without it. */
  downloadsDir?: string
  /** Where `POST /api/upload` streams files to import; uploads are refused without it. */
  uploadsDir?: string
  log?: (line: string) => void
}

export interface WebServer {
  /** The address the socket really listens on (`server.address()`), as a URL. */
  url: string
  /** The URL to open, token included. */
  launchUrl: string
  port: number
  token: string
  /** The listening socket's address, read live. */
  address(): AddressInfo
  close(): Promise<void>
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
}

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
}

function tokenEquals(a: string | undefined | null, b: string): boolean {
  if (!a) return false
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && crypto.timingSafeEqual(x, y)
}

function cookieToken(req: http.IncomingMessage): string | undefined {
  const header = req.headers.cookie ?? ''
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === HTTP_TOKEN_COOKIE) return decodeURIComponent(v.join('='))
  }
  return undefined
}

function send(
  res: http.ServerResponse,
  status: number,
  body: string | Buffer,
  type: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-store', ...extra })
  res.end(body)
}

function sendJson(res: http.ServerResponse, status: number, value: ApiResult<unknown>): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8')
}

function refuse(res: http.ServerResponse, status: number, message: string): void {
  sendJson(res, status, { ok: false, error: { code: 'unauthorized', message } })
}

export function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? crypto.randomBytes(24).toString('base64url')
  const log = options.log ?? (() => {})
  const rendererDir = path.resolve(options.rendererDir)
  const streams = new Set<http.ServerResponse>()
  let allowedHosts = new Set<string>()
  let allowedOrigins = new Set<string>()

  const unsubscribe = options.onEvent((event) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`
    for (const res of streams) res.write(frame)
  })

  const readBody = (req: http.IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      let size = 0
      const chunks: Buffer[] = []
      // Past the limit the rest is read and dropped (memory stays bounded) so the client still gets its 413.
      req.on('data', (c: Buffer) => {
        size += c.length
        if (size <= HTTP_MAX_BODY) chunks.push(c)
        else chunks.length = 0
      })
      req.on('end', () =>
        size > HTTP_MAX_BODY ? reject(new Error('too large')) : resolve(Buffer.concat(chunks).toString('utf8')),
      )
      req.on('error', reject)
    })

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return refuse(res, 405, 'API calls are POST requests.')
    if (!tokenEquals(req.headers[HTTP_TOKEN_HEADER] as string | undefined, token)) {
      return refuse(res, 401, 'Missing or wrong session token. Open the URL that `npm run web` printed.')
    }
    let body: string
    try {
      body = await readBody(req)
    } catch {
      return sendJson(res, 413, {
        ok: false,
        error: { code: 'invalid_input', message: `Request body over ${HTTP_MAX_BODY} bytes.` },
      })
    }
    let input: unknown
    try {
      input = body.trim() === '' ? {} : JSON.parse(body)
    } catch {
      return sendJson(res, 400, {
        ok: false,
        error: { code: 'invalid_input', message: 'The request body is not valid JSON.' },
      })
    }
    const result = await options.dispatch(method, input)
    const status = result.ok
      ? 200
      : result.error.code === 'unknown_method'
        ? 404
        : result.error.code === 'invalid_input'
          ? 400
          : result.error.code === 'internal'
            ? 500
            : 409
    sendJson(res, status, result)
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (!tokenEquals(url.searchParams.get(HTTP_TOKEN_QUERY), token))
      return refuse(res, 401, 'Missing or wrong session token.')
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    })
    res.write(': connected\n\n')
    streams.add(res)
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000)
    req.on('close', () => {
      clearInterval(keepAlive)
      streams.delete(res)
    })
  }

  function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Only GET is served here.')
    const fromQuery = url.searchParams.get(HTTP_TOKEN_QUERY)
    const authorised = tokenEquals(fromQuery, token) || tokenEquals(cookieToken(req), token)
    if (!authorised) {
      return send(
        res,
        401,
        'Ops Workbench: open the URL with the token that `npm run web` printed in its terminal.',
        'text/plain; charset=utf-8',
      )
    }
    let rel = decodeURIComponent(url.pathname)
    if (rel === '/' || rel === '') rel = '/index.html'
    const file = path.resolve(rendererDir, `.${rel}`)
    if (!file.startsWith(rendererDir + path.sep)) return send(res, 404, 'Not found', 'text/plain; charset=utf-8')
    fs.readFile(file, (err, data) => {
      if (err) return send(res, 404, 'Not found', 'text/plain; charset=utf-8')
      const extra: Record<string, string> = {}
      if (fromQuery) {
        extra['set-cookie'] = `${HTTP_TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`
      }
      if (rel.startsWith('/assets/')) extra['cache-control'] = 'private, max-age=31536000, immutable'
      send(res, 200, data, MIME[path.extname(file)] ?? 'application/octet-stream', extra)
    })
  }

  /**
   * A finished export, by plain name, from the exports folder only. The token must be in the query: the cookie alone
   * is not enough, because any other page served from 127.0.0.1 (any port is the same site) would send it too.
   */
  function handleDownload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (req.method !== 'GET') return refuse(res, 405, 'Downloads are GET requests.')
    if (!tokenEquals(url.searchParams.get(HTTP_TOKEN_QUERY), token))
      return refuse(res, 401, 'Missing or wrong session token.')
    const name = url.searchParams.get('file')
    const file = options.downloadsDir ? resolveDownload(options.downloadsDir, name) : null
    if (!file) return send(res, 404, 'No such export.', 'text/plain; charset=utf-8')
    const type = file.endsWith('.csv')
      ? 'text/csv; charset=utf-8'
      : file.endsWith('.pdf')
        ? 'application/pdf'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    const stream = fs.createReadStream(file)
    stream.once('open', () => {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': type,
        'content-length': String(fs.statSync(file).size),
        'content-disposition': `attachment; filename="${path.basename(file)}"`,
        'cache-control': 'no-store',
      })
      stream.pipe(res)
    })
    stream.once('error', () => {
      if (!res.headersSent) send(res, 404, 'No such export.', 'text/plain; charset=utf-8')
      else res.destroy()
    })
  }

  /** A file to import, streamed to the uploads folder (never held in memory); the token is required. */
  function handleUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (req.method !== 'POST') return refuse(res, 405, 'Uploads are POST requests.')
    // Header (scripts) or query (the page's upload, like its downloads); never the cookie alone.
    const given = (req.headers[HTTP_TOKEN_HEADER] as string | undefined) ?? url.searchParams.get(HTTP_TOKEN_QUERY)
    if (!tokenEquals(given, token)) return refuse(res, 401, 'Missing or wrong session token.')
    if (!options.uploadsDir) return refuse(res, 404, 'This server does not take uploads.')
    receiveUpload(options.uploadsDir, url.searchParams.get('name') ?? 'upload', req).then(
      (value) => sendJson(res, 200, { ok: true, value }),
      (err: unknown) => {
        const status = err instanceof UploadError ? err.status : 500
        if (!(err instanceof UploadError)) log(`upload: ${(err as Error).message}`)
        const message = err instanceof UploadError ? err.message : 'The upload could not be saved; nothing was kept.'
        if (!res.headersSent) sendJson(res, status, { ok: false, error: { code: 'invalid_input', message } })
      },
    )
  }

  const server = http.createServer((req, res) => {
    const host = req.headers.host ?? ''
    if (!allowedHosts.has(host)) return refuse(res, 403, `Refused: unexpected Host header "${host.slice(0, 100)}".`)
    const origin = req.headers.origin
    if (origin !== undefined && !allowedOrigins.has(origin))
      return refuse(res, 403, 'Refused: request from another origin.')
    let url: URL
    try {
      url = new URL(req.url ?? '/', `http://${host}`)
    } catch {
      return refuse(res, 400, 'Malformed URL.')
    }
    if (url.pathname === HTTP_EVENTS_PATH) return handleEvents(req, res, url)
    if (url.pathname === HTTP_DOWNLOAD_PATH) return handleDownload(req, res, url)
    if (url.pathname === HTTP_UPLOAD_PATH) return handleUpload(req, res, url)
    if (url.pathname.startsWith(HTTP_API_PREFIX)) {
      handleApi(req, res, url.pathname.slice(HTTP_API_PREFIX.length)).catch((err: unknown) => {
        log(`web: ${(err as Error).message}`)
        if (!res.headersSent)
          sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'The request failed unexpectedly.' } })
      })
      return
    }
    handleStatic(req, res, url)
  })
  server.headersTimeout = 20_000
  server.requestTimeout = 60_000

  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      const address = () => server.address() as AddressInfo
      const port = address().port
      allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])
      allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])
      // Printed from the socket itself: a URL written by hand would still say 127.0.0.1 if the bind changed.
      const { address: ip, family } = address()
      const host = family === 'IPv6' ? `[${ip}]` : ip
      const url = `http://${host}:${port}/`
      resolve({
        url,
        launchUrl: `${url}?${HTTP_TOKEN_QUERY}=${token}`,
        port,
        token,
        address,
        close: () =>
          new Promise<void>((done) => {
            unsubscribe()
            for (const res of streams) res.end()
            streams.clear()
            server.close(() => done())
            server.closeAllConnections()
          }),
      })
    })
  })
}
