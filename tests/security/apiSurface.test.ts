/**
 * reliability.md, The desktop shell ("Every API call is validated against its schema in main: unknown methods, extra
 * keys, wrong types and oversized strings are rejected with a clear error, never a crash"), Browser mode ("a random
 * per-launch token is required on every request; requests whose Host or Origin is not the server's own are refused;
 * the same schema validation as IPC") and Input ("property-based tests on the API schemas").
 *
 * Generic over the contract: every method, including ones added after this file, over every transport (the
 * dispatcher every transport calls, browser-mode HTTP, the CLI's `api`).
 */
import fc from 'fast-check'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { contract, METHOD_NAMES, type MethodName } from '../../src/shared/api/contract'
import { createDispatcher, type Handlers } from '../../src/main/api/dispatcher'
import { createBackend, type Backend } from '../../src/main/app/backend'
import { runCli } from '../../src/main/cli/commands'
import { startWebServer, type WebServer } from '../../src/main/web/server'
import { tempDir } from '../helpers/tmp'
import { baseInput, hostileJson, mutations, type Mutation } from './contractFuzz'
import { seedTickets } from './seed'

const MAX_MESSAGE = 1_500

function spyHandlers() {
  const calls: string[] = []
  const handlers = Object.fromEntries(
    METHOD_NAMES.map((m) => [
      m,
      () => {
        calls.push(m)
        return {}
      },
    ]),
  ) as unknown as Handlers
  return { handlers, calls }
}

const bases = new Map<MethodName, unknown>()
for (const m of METHOD_NAMES) bases.set(m, baseInput(m))
const covered = METHOD_NAMES.filter((m) => bases.get(m) !== null)

function refusedLocally(m: MethodName, mut: Mutation): boolean {
  return !contract[m].input.safeParse(mut.input).success
}

describe('every method, through the dispatcher every transport calls', () => {
  it('has a valid input the generator (or SAMPLES in contractFuzz.ts) can make, so its mutations mean something', () => {
    expect(METHOD_NAMES.filter((m) => bases.get(m) === null)).toEqual([])
  })

  it('refuses each hostile mutation with invalid_input, naming the field, without running the handler', async () => {
    const { handlers, calls } = spyHandlers()
    const dispatch = createDispatcher(handlers)
    const loose: string[] = []
    let checked = 0
    for (const m of covered) {
      const base = bases.get(m)
      // The base reaches the handler: a refusal below is the mutation's doing, not a base that was never valid.
      calls.length = 0
      expect(await dispatch(m, base), m).toEqual({ ok: true, value: {} })
      expect(calls).toEqual([m])
      calls.length = 0
      for (const mut of mutations(m, base)) {
        if (!refusedLocally(m, mut)) {
          loose.push(`${m}: ${mut.what}`)
          continue
        }
        const r = await dispatch(m, mut.input)
        checked++
        expect(r.ok, `${m}: ${mut.what}`).toBe(false)
        if (r.ok) continue
        expect(r.error.code, `${m}: ${mut.what}`).toBe('invalid_input')
        expect(r.error.message.startsWith(`Invalid arguments for ${m}`), r.error.message).toBe(true)
        // Never echoes a hostile or oversized value back (it may be ticket text, and it bloats logs).
        expect(r.error.message.length, `${m}: ${mut.what}`).toBeLessThan(MAX_MESSAGE)
        expect(r.error.message).not.toContain('<script>alert(1)</script><script>')
        if (mut.path) expect(r.error.message, `${m}: ${mut.what}`).toContain(mut.path.split('.')[0])
      }
      expect(calls, `${m} ran on a refused input`).toEqual([])
    }
    expect(loose).toEqual([])
    expect(checked).toBeGreaterThan(covered.length * 5)
  })

  it('answers random hostile JSON with a result for every method, never a throw or an internal error', async () => {
    const { handlers } = spyHandlers()
    const dispatch = createDispatcher(handlers)
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHOD_NAMES), hostileJson, async (m, input) => {
        const r = await dispatch(m, input)
        if (r.ok) return contract[m].input.safeParse(input).success
        return r.error.code === 'invalid_input' && r.error.message.length < MAX_MESSAGE
      }),
      { numRuns: 3_000, seed: 7 },
    )
  })

  it('refuses unknown and prototype method names', async () => {
    const { handlers, calls } = spyHandlers()
    const dispatch = createDispatcher(handlers)
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'tickets.get.call')),
        async (name) => {
          fc.pre(!(METHOD_NAMES as readonly string[]).includes(name))
          const r = await dispatch(name, {})
          return !r.ok && r.error.code === 'unknown_method'
        },
      ),
      { numRuns: 500, seed: 3 },
    )
    expect(calls).toEqual([])
  })
})

function post(
  port: number,
  pathName: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: pathName, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe('every method over browser-mode HTTP, against the real backend', () => {
  let backend: Backend
  let server: WebServer
  beforeAll(async () => {
    const dir = tempDir('owb-api-')
    const rendererDir = path.join(dir, 'renderer')
    fs.mkdirSync(rendererDir, { recursive: true })
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Ops Workbench</title>')
    backend = await createBackend({ dataDir: path.join(dir, 'data'), transport: 'web', noDemo: true })
    seedTickets(backend.manager.require().db, 40)
    backend.manager.require().tickets.invalidate()
    server = await startWebServer({ dispatch: backend.dispatch, onEvent: backend.onEvent, rendererDir, port: 0 })
  })
  afterAll(async () => {
    await server.close()
    backend.close()
  })
  const call = (m: string, input: unknown, headers: Record<string, string> = {}) =>
    post(server.port, `/api/${m}`, JSON.stringify(input), {
      'content-type': 'application/json',
      'x-workbench-token': server.token,
      ...headers,
    })

  it('refuses every method without the token, with a wrong one, and from a foreign Host or Origin', async () => {
    for (const m of covered) {
      const input = bases.get(m)
      const { ['x-workbench-token']: _t, ...noToken } = { 'x-workbench-token': '' }
      void _t
      expect((await post(server.port, `/api/${m}`, JSON.stringify(input), noToken)).status, m).toBe(401)
      expect(
        (await call(m, input, { 'x-workbench-token': server.token.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')) }))
          .status,
        m,
      ).toBe(401)
      expect((await call(m, input, { host: `attacker.example:${server.port}` })).status, m).toBe(403)
      expect((await call(m, input, { host: `localhost.attacker.example:${server.port}` })).status, m).toBe(403)
      expect((await call(m, input, { origin: 'https://attacker.example' })).status, m).toBe(403)
      expect((await call(m, input, { origin: `http://127.0.0.1:${server.port + 1}` })).status, m).toBe(403)
    }
  })

  it('guards the other routes too: events, uploads, downloads and the page itself', async () => {
    const get = (p: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port: server.port,
            method: 'GET',
            path: p,
            headers: { host: `127.0.0.1:${server.port}`, ...headers },
          },
          (res) => {
            resolve(res.statusCode ?? 0)
            res.destroy()
          },
        )
        req.on('error', reject)
        req.end()
      })
    const t = encodeURIComponent(server.token)
    expect(await get('/api/events')).toBe(401)
    expect(await get('/api/events?token=wrong')).toBe(401)
    expect(await get(`/api/events?token=${t}`, { host: `attacker.example:${server.port}` })).toBe(403)
    expect(await get(`/api/events?token=${t}`, { origin: 'https://attacker.example' })).toBe(403)
    expect(await get('/api/download?name=x.csv')).toBe(401)
    expect(await get(`/?token=${t}`, { host: `attacker.example:${server.port}` })).toBe(403)
    expect(await get('/')).toBe(401)
    const upload = await post(server.port, '/api/upload?name=a.csv', 'Id\n1\n', {})
    expect(upload.status).toBe(401)
    const foreignUpload = await post(server.port, '/api/upload?name=a.csv', 'Id\n1\n', {
      'x-workbench-token': server.token,
      origin: 'https://attacker.example',
    })
    expect(foreignUpload.status).toBe(403)
    // The right token on the stream works (so the refusals above are about the token, not the route).
    expect(await get(`/api/events?token=${t}`)).toBe(200)
  })

  it('answers each hostile mutation with 400 invalid_input and keeps serving', async () => {
    let checked = 0
    for (const m of covered) {
      for (const mut of mutations(m, bases.get(m)).filter((x) => refusedLocally(m, x))) {
        const r = await call(m, mut.input)
        checked++
        expect(r.status, `${m}: ${mut.what}`).toBe(400)
        const body = JSON.parse(r.body) as { ok: boolean; error: { code: string; message: string } }
        expect(body, `${m}: ${mut.what}`).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
        expect(body.error.message.length).toBeLessThan(MAX_MESSAGE)
      }
    }
    expect(checked).toBeGreaterThan(covered.length * 5)
    const alive = await call('tickets.count', { filters: {} })
    expect(JSON.parse(alive.body)).toEqual({ ok: true, value: { count: 40 } })
  })

  it('survives random hostile bodies on random methods', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHOD_NAMES), hostileJson, async (m, input) => {
        fc.pre(!contract[m].input.safeParse(input).success)
        const r = await call(m, input)
        return r.status === 400 && (JSON.parse(r.body) as { error: { code: string } }).error.code === 'invalid_input'
      }),
      { numRuns: 300, seed: 11 },
    )
    expect((await call('app.info', {})).status).toBe(200)
  })
})

describe('every method over the CLI `api` command', () => {
  it('exits 2 with invalid_input for hostile arguments and then still works', async () => {
    const dataDir = tempDir('owb-cli-api-')
    const err: string[] = []
    const out: string[] = []
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t), progress: () => {}, env: {} }
    expect(await runCli(['api', 'app.info', '{}', '--data-dir', dataDir, '--no-demo'], io)).toBe(0)
    const spy = vi.fn()
    for (const m of covered) {
      const muts = mutations(m, bases.get(m)).filter((x) => refusedLocally(m, x))
      // The unknown key and the first wrong type or oversized value: every method, two distinct failures.
      const picks = [
        muts.find((x) => x.what.startsWith('an unknown key')),
        muts.find((x) => x.path && !x.what.startsWith('an unknown key')),
      ]
      for (const mut of picks.filter((x): x is Mutation => x !== undefined)) {
        err.length = 0
        const code = await runCli(['api', m, JSON.stringify(mut.input), '--data-dir', dataDir], io)
        spy(m)
        expect(code, `${m}: ${mut.what}: ${err.join('\n')}`).toBe(2)
        expect(err.join('\n'), `${m}: ${mut.what}`).toMatch(/^invalid_input: Invalid arguments for /m)
      }
    }
    expect(spy.mock.calls.length).toBeGreaterThan(covered.length)
    out.length = 0
    expect(await runCli(['api', 'tickets.count', '{"filters":{}}', '--data-dir', dataDir], io)).toBe(0)
    expect(JSON.parse(out.join(''))).toEqual({ count: 0 })
  })
})
