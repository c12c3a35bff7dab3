import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { BaseUrlError, resolveBaseUrl } from '../../src/main/sync/baseUrl'
import { backoffMs, HttpClient, parseRetryAfter } from '../../src/main/sync/http'
import { EnvFileSecretStore, SecretStoreError } from '../../src/main/sync/secrets'
import { ConnectorError, type SyncPage } from '../../src/main/sync/types'
import { createZendeskConnector } from '../../src/main/sync/zendesk/connector'
import { defaultZendeskMapping } from '../../src/main/sync/zendesk/mapping'
import { tempDir } from '../helpers/tmp'

const FIXTURE = path.join(__dirname, '../fixtures/zendesk/cursor_export_page.json')

describe('base URL rules', () => {
  const ok = (kind: 'zendesk' | 'salesforce', input: string, allowLoopback = false) =>
    resolveBaseUrl(kind, input, { allowLoopback })
  it('turns a subdomain into its Zendesk address and keeps full https addresses', () => {
    expect(ok('zendesk', 'Acme')).toBe('https://acme.zendesk.com')
    expect(ok('zendesk', 'https://support.acme.com/')).toBe('https://support.acme.com')
    expect(ok('salesforce', 'https://acme.my.salesforce.com')).toBe('https://acme.my.salesforce.com')
  })
  it('refuses plain http, loopback unless allowed, and credentials in the address, with a sentence', () => {
    expect(() => ok('zendesk', 'http://acme.zendesk.com')).toThrow(/must be reached over https/)
    expect(() => ok('zendesk', 'http://127.0.0.1:8080')).toThrow(/refused unless allowed \(WORKBENCH_ALLOW_LOOPBACK=1/)
    expect(ok('zendesk', 'http://127.0.0.1:8080', true)).toBe('http://127.0.0.1:8080')
    expect(ok('zendesk', 'http://localhost:9', true)).toBe('http://localhost:9')
    expect(() => ok('zendesk', 'https://me:secret@acme.zendesk.com')).toThrow(/not in the address/)
    expect(() => ok('zendesk', 'ftp://acme')).toThrow(BaseUrlError)
    expect(() => ok('salesforce', 'acme')).toThrow(/not a full address/)
  })
})

describe('the HTTP core', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-03-01T10:00:00Z')
    expect(parseRetryAfter('7', now)).toBe(7_000)
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeNull()
    expect(parseRetryAfter(null, now)).toBeNull()
  })
  it('keeps backoff within its exponential bound and cap', () => {
    expect(backoffMs(0, 500, 30_000, () => 1)).toBe(500)
    expect(backoffMs(3, 500, 30_000, () => 1)).toBe(4_000)
    expect(backoffMs(20, 500, 30_000, () => 1)).toBe(30_000)
    expect(backoffMs(5, 500, 30_000, () => 0)).toBe(0)
  })
  it('never repeats the token from a network error or a body, and refuses next pages on other hosts', async () => {
    const auth = `Basic ${Buffer.from('a@b.c/token:SUPERSECRET99').toString('base64')}`
    const client = new HttpClient({
      baseUrl: 'https://acme.zendesk.com',
      authorization: auth,
      vendor: 'Zendesk',
      maxRetries: 1,
      baseBackoffMs: 1,
      fetchImpl: () => Promise.reject(new Error(`connect failed with ${auth} SUPERSECRET99`)),
    })
    const err = await client.getJson('/api/v2/x.json', new AbortController().signal).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConnectorError)
    expect((err as Error).message).toMatch(/could not be reached at acme\.zendesk\.com .* after 2 attempts/)
    expect((err as Error).message).not.toMatch(/SUPERSECRET99|Basic /)
    await expect(client.getJson('https://evil.example/api', new AbortController().signal)).rejects.toThrow(
      /another server \(evil\.example\); it was not followed/,
    )
  })
})

describe('reading a real-shaped export page', () => {
  it('maps side-loads and either metric set shape, keeps the later duplicate, deletes and quarantines', async () => {
    const body = fs.readFileSync(FIXTURE, 'utf8')
    const connector = createZendeskConnector({
      baseUrl: 'https://abc.zendesk.com',
      credentials: { accessToken: 'oauth-token-123' },
      mapping: { ...defaultZendeskMapping(), regionFieldId: 81568788, regionValues: { emea: 'EU' } },
      fetchComments: false,
      http: {
        fetchImpl: (input, init) => {
          expect(new Headers(init?.headers).get('authorization')).toBe('Bearer oauth-token-123')
          expect(String(input)).toMatch(/start_time=0&per_page=1000&include=users%2Cgroups%2Cmetric_sets/)
          return Promise.resolve(new Response(body, { status: 200 }))
        },
      },
    })
    const pages: SyncPage[] = []
    for await (const p of connector.pages({ cursor: null, signal: new AbortController().signal })) pages.push(p)
    expect(pages).toHaveLength(1)
    const page = pages[0] as SyncPage
    expect(page).toMatchObject({ done: true, cursor: 'MTU1MDY0NzEwMC4xMDAy', deletes: ['5'] })
    const byId = new Map(page.tickets.map((t) => [t.ticket.externalId, t.ticket]))
    expect([...byId.keys()]).toEqual(['2', '3', '4', '1002'])
    expect(byId.get('2')).toMatchObject({ csat: 5, requester: 'Sam Requester', group: 'Creator Support', locale: 'ja' })
    expect(byId.get('3')).toMatchObject({
      csat: 1,
      caseType: 'creator_payouts',
      region: 'EU',
      firstReplyMinutes: 15,
      firstResolutionMinutes: 90,
      fullResolutionMinutes: 180,
      reopens: 1,
      solvedAt: Date.parse('2019-02-20T09:52:02Z'),
      channel: 'web_form',
    })
    expect(byId.get('4')).toMatchObject({ firstReplyMinutes: 42, replies: 2, csat: null })
    expect(byId.get('1002')).toMatchObject({ subject: 'Help! (updated)', channel: 'api' })
    expect(page.quarantined).toHaveLength(1)
    expect(page.quarantined[0]).toMatchObject({ externalId: '6' })
    expect(page.quarantined[0]?.reason).toMatch(/created_at is missing or not a date \("20\/02\/2019"\)/)
  })

  it('refuses a page without a tickets list with a sentence', async () => {
    const connector = createZendeskConnector({
      baseUrl: 'https://abc.zendesk.com',
      credentials: { email: 'a@b.c', apiToken: 't0k3n' },
      mapping: defaultZendeskMapping(),
      fetchComments: false,
      http: { fetchImpl: () => Promise.resolve(new Response('{"error_target": []}', { status: 200 })) },
    })
    const run = async () => {
      for await (const p of connector.pages({ cursor: null, signal: new AbortController().signal })) void p
    }
    await expect(run()).rejects.toThrow(/without a tickets list/)
  })
})

describe('credentials outside the workspace file', () => {
  const key = { workspaceId: 'w', sourceId: 3, sourceName: 'Acme Support', kind: 'zendesk' as const }
  it('reads per-source and per-kind environment variables, per-source first', () => {
    const store = new EnvFileSecretStore(tempDir(), {
      WORKBENCH_ZENDESK_EMAIL: 'kind@x.io',
      WORKBENCH_ZENDESK_TOKEN: 'kind-token',
      WORKBENCH_SOURCE_ACME_SUPPORT_ACCESS_TOKEN: 'own-token',
    })
    expect(store.get(key)).toEqual({ accessToken: 'own-token' })
    expect(store.get({ ...key, sourceName: 'Other' })).toEqual({ email: 'kind@x.io', apiToken: 'kind-token' })
  })
  it('writes a file only its owner can read and refuses one others can read, naming chmod 600', () => {
    const dir = tempDir()
    const store = new EnvFileSecretStore(dir, {})
    store.set(key, { email: 'a@b.c', apiToken: 'secret-1' })
    const file = path.join(dir, 'credentials.json')
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(store.get(key)).toEqual({ email: 'a@b.c', apiToken: 'secret-1' })
    fs.chmodSync(file, 0o644)
    expect(() => store.get(key)).toThrow(SecretStoreError)
    expect(() => store.get(key)).toThrow(`run \`chmod 600 ${file}\``)
    fs.chmodSync(file, 0o600)
    store.remove(key)
    expect(store.get(key)).toBeNull()
  })
})

describe('migration 7', () => {
  it('creates STRICT source settings, mapping, quarantine and run tables that go with their source', async () => {
    const { openDatabase } = await import('../../src/main/db/connection')
    const db = openDatabase(path.join(tempDir(), 'w.sqlite'))
    try {
      for (const t of ['source_settings', 'source_field_mappings', 'sync_quarantine', 'sync_runs']) {
        const sql = (db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(t) as { sql: string }).sql
        expect(sql, t).toMatch(/STRICT$/)
        expect(sql, t).toMatch(/REFERENCES sources\(id\) ON DELETE CASCADE/)
      }
      expect(() =>
        db.prepare("INSERT INTO sync_runs (source_id, trigger, started_at) VALUES (1, 'cron', 0)").run(),
      ).toThrow(/CHECK|FOREIGN KEY/)
    } finally {
      db.close()
    }
  })
})
