import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../src/main/app/backend'
import { ensureSource, upsertTickets } from '../../src/main/db/queries/ticketWrites'
import { startWebServer, type WebServer } from '../../src/main/web/server'
import type { WorkbenchEvent } from '../../src/shared/api/types'
import { randomTickets } from '../helpers/tickets'
import { tempDir } from '../helpers/tmp'

/** Raw HTTP, so Host and Origin can be forged the way a hostile page or a DNS-rebinding attack would. */
function request(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { host: `127.0.0.1:${port}`, ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        )
      },
    )
    req.on('error', reject)
    if (opts.body !== undefined) req.write(opts.body)
    req.end()
  })
}

describe('browser mode server', () => {
  let backend: Backend
  let server: WebServer
  let rendererDir: string

  beforeEach(async () => {
    const dir = tempDir()
    rendererDir = path.join(dir, 'renderer')
    fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true })
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Ops Workbench</title>')
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside the renderer')
    backend = await createBackend({ dataDir: path.join(dir, 'data'), transport: 'web', noDemo: true })
    const db = backend.manager.require().db
    upsertTickets(db, ensureSource(db, 'file', 'Fixture'), randomTickets(50, 3))
    backend.manager.require().tickets.invalidate()
    server = await startWebServer({ dispatch: backend.dispatch, onEvent: backend.onEvent, rendererDir, port: 0 })
  })
  afterEach(async () => {
    await server.close()
    backend.close()
  })

  const api = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    request(server.port, {
      method: 'POST',
      path: `/api/${method}`,
      headers: { 'content-type': 'application/json', 'x-workbench-token': server.token, ...headers },
      body: JSON.stringify(body),
    })

  it('listens on 127.0.0.1 only and prints a launch URL with the token', () => {
    // The socket itself: a bind to 0.0.0.0 or :: would be reachable from the network.
    expect(server.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4', port: server.port })
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`)
    expect(server.launchUrl).toBe(`${server.url}?token=${server.token}`)
  })

  it('draws a new unguessable token at every launch', async () => {
    const others = await Promise.all(
      [1, 2, 3].map(() =>
        startWebServer({ dispatch: backend.dispatch, onEvent: () => () => {}, rendererDir, port: 0 }),
      ),
    )
    try {
      const tokens = [server.token, ...others.map((o) => o.token)]
      expect(new Set(tokens).size).toBe(tokens.length)
      for (const token of tokens) {
        // At least 32 characters of base64url (192 bits), not a repeated or fixed string.
        expect(token).toMatch(/^[A-Za-z0-9_-]{32,}$/)
        expect(new Set(token).size).toBeGreaterThan(12)
      }
    } finally {
      await Promise.all(others.map((o) => o.close()))
    }
  })

  it('answers API calls through the shared dispatcher with the right token', async () => {
    const r = await api('tickets.count', { filters: {} })
    expect(r.status).toBe(200)
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: { count: 50 } })
    expect(r.headers['content-security-policy']).toMatch(/script-src 'self'/)
  })

  it('refuses a missing or wrong token', async () => {
    const missing = await request(server.port, { method: 'POST', path: '/api/tickets.count', body: '{"filters":{}}' })
    expect(missing.status).toBe(401)
    const wrong = await api('tickets.count', { filters: {} }, { 'x-workbench-token': 'x'.repeat(server.token.length) })
    expect(wrong.status).toBe(401)
    expect(JSON.parse(wrong.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    const page = await request(server.port, { path: '/' })
    expect(page.status).toBe(401)
    expect(page.body).not.toContain('<title>')
  })

  it('refuses foreign Host and Origin headers even with the right token (DNS rebinding, hostile local pages)', async () => {
    const rebound = await api('tickets.count', { filters: {} }, { host: `evil.example:${server.port}` })
    expect(rebound.status).toBe(403)
    const foreign = await api('tickets.count', { filters: {} }, { origin: 'http://127.0.0.1:9999' })
    expect(foreign.status).toBe(403)
    const nullOrigin = await api('tickets.count', { filters: {} }, { origin: 'null' })
    expect(nullOrigin.status).toBe(403)
    const own = await api('tickets.count', { filters: {} }, { origin: `http://127.0.0.1:${server.port}` })
    expect(own.status).toBe(200)
  })

  it('rejects unknown methods, malformed JSON, bad arguments and oversized bodies, and keeps serving', async () => {
    expect((await api('tickets.drop', {})).status).toBe(404)
    const bad = await request(server.port, {
      method: 'POST',
      path: '/api/tickets.count',
      headers: { 'x-workbench-token': server.token },
      body: '{"filters":',
    })
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body).error.message).toMatch(/not valid JSON/)
    const invalid = await api('tickets.page', {
      query: { filters: {}, sort: { column: 'password', dir: 'asc' } },
      startRow: 0,
      limit: 10,
    })
    expect(invalid.status).toBe(400)
    expect(JSON.parse(invalid.body).error.code).toBe('invalid_input')
    const huge = await api('tickets.count', { filters: { status: ['x'.repeat(1_100_000)] } })
    expect(huge.status).toBe(413)
    expect((await api('tickets.count', { filters: {} })).status).toBe(200)
  })

  it('serves the renderer with the token once, then by cookie, and never outside its folder', async () => {
    const first = await request(server.port, { path: `/?token=${server.token}` })
    expect(first.status).toBe(200)
    expect(first.body).toContain('<title>Ops Workbench</title>')
    const cookie = String(first.headers['set-cookie']).split(';')[0] as string
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/)
    const asset = await request(server.port, { path: '/assets/app.js', headers: { cookie } })
    expect(asset.status).toBe(200)
    expect(asset.headers['content-type']).toMatch(/javascript/)
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt']) {
      const r = await request(server.port, { path: p, headers: { cookie } })
      expect(r.body).not.toContain('outside the renderer')
    }
    // A cookie alone does not authorise API calls: a page on another port of 127.0.0.1 could send it.
    const viaCookie = await request(server.port, {
      method: 'POST',
      path: '/api/tickets.count',
      headers: { cookie },
      body: '{"filters":{}}',
    })
    expect(viaCookie.status).toBe(401)
  })

  it('streams events to subscribers that hold the token', async () => {
    const denied = await request(server.port, { path: '/api/events' })
    expect(denied.status).toBe(401)
    const received = new Promise<WorkbenchEvent>((resolve, reject) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port: server.port,
          path: `/api/events?token=${server.token}`,
          headers: { host: `127.0.0.1:${server.port}` },
        },
        (res) => {
          let buf = ''
          res.on('data', (c: Buffer) => {
            buf += c.toString('utf8')
            const m = /data: (.*)\n\n/.exec(buf)
            if (m) {
              resolve(JSON.parse(m[1] as string) as WorkbenchEvent)
              req.destroy()
            }
          })
        },
      )
      req.on('error', reject)
    })
    await new Promise((r) => setTimeout(r, 100))
    const created = await api('workspace.create', { name: 'Second' })
    expect(created.status).toBe(200)
    const event = await received
    expect(event).toMatchObject({ type: 'workspace.changed', workspace: { name: 'Second' } })
  })
})
