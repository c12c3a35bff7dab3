/**
 * reliability.md, Local data: "Credentials are kept with the operating system's secret store (Electron safeStorage);
 * where only a plain-text backend exists, the app asks before storing." The desktop store (EncryptedFileSecretStore)
 * is driven by a stand-in cipher, then the real adapter (src/main/electron/secrets.ts) over a stand-in safeStorage.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createBackend, type Backend } from '../../src/main/app/backend'
import { PLAIN_TEXT_QUESTION } from '../../src/main/api/sourceHandlers'
import { electronSecretStore, type SafeStorageLike } from '../../src/main/electron/secrets'
import { EncryptedFileSecretStore, type Cipher, type SecretStore } from '../../src/main/sync/secrets'
import { tempDir } from '../helpers/tmp'

const TOKEN = 'zd-token-Secr3tValue-0123456789'

/** A reversible stand-in for safeStorage: the bytes on disk are not the token's. */
function cipher(plainText: boolean): Cipher {
  const key = 0x5a
  return {
    available: () => true,
    plainText: () => plainText,
    encrypt: (t) => Buffer.from([...Buffer.from(t, 'utf8')].map((b) => b ^ key)),
    decrypt: (d) => Buffer.from([...d].map((b) => b ^ key)).toString('utf8'),
  }
}

let backend: Backend | null = null
afterEach(() => {
  backend?.close()
  backend = null
})

async function withStore(secrets: boolean | ((dataDir: string) => SecretStore)) {
  const dataDir = tempDir('owb-cred-')
  const file = path.join(dataDir, 'credentials.enc.json')
  backend = await createBackend({
    dataDir,
    transport: 'electron',
    noDemo: true,
    secrets: typeof secrets === 'boolean' ? new EncryptedFileSecretStore(file, cipher(secrets)) : secrets(dataDir),
    allowLoopback: true,
  })
  return { dataDir, file, b: backend }
}

const add = (b: Backend, accept?: boolean) =>
  b.dispatch('sources.add', {
    kind: 'zendesk',
    name: 'Support',
    baseUrl: 'http://127.0.0.1:9/',
    scheduleMinutes: 0,
    credentials: { email: 'agent@example.com', apiToken: TOKEN },
    ...(accept === undefined ? {} : { acceptPlainText: accept }),
  })

describe('source credentials on the desktop', () => {
  it('are stored encrypted by the OS store, owner-only, and never as the token text', async () => {
    const { file, b } = await withStore(false)
    const r = await add(b)
    expect(r.ok).toBe(true)
    const bytes = fs.readFileSync(file)
    expect(bytes.includes(Buffer.from(TOKEN))).toBe(false)
    expect(fs.statSync(file).mode & 0o077).toBe(0)
    // Nothing the renderer can ask for carries the token.
    for (const m of ['sources.list', 'app.info']) expect(JSON.stringify(await b.dispatch(m, {}))).not.toContain(TOKEN)
  })

  it('on a plain-text backend, ask first: refused with the question until the analyst accepts, and nothing stored', async () => {
    const { file, b } = await withStore(true)
    const refused = await add(b)
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', message: PLAIN_TEXT_QUESTION } })
    expect(fs.existsSync(file)).toBe(false)
    expect(JSON.stringify(await b.dispatch('sources.list', {}))).not.toContain('Support')
    const accepted = await add(b, true)
    expect(accepted.ok).toBe(true)
    expect(fs.existsSync(file)).toBe(true)
  })
})

type StorageBackend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>

/** Electron's safeStorage as the adapter sees it: real AES under a key only this stand-in holds. */
function fakeSafeStorage(backendName: StorageBackend, available = true) {
  const key = crypto.randomBytes(32)
  return {
    isEncryptionAvailable: vi.fn(() => available),
    getSelectedStorageBackend: vi.fn(() => backendName),
    encryptString: vi.fn((text: string) => {
      const iv = crypto.randomBytes(12)
      const c = crypto.createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()])
      return Buffer.concat([Buffer.from('v11'), iv, c.getAuthTag(), body])
    }),
    decryptString: vi.fn((data: Buffer) => {
      const d = crypto.createDecipheriv('aes-256-gcm', key, data.subarray(3, 15))
      d.setAuthTag(data.subarray(15, 31))
      return Buffer.concat([d.update(data.subarray(31)), d.final()]).toString('utf8')
    }),
  } satisfies SafeStorageLike
}

/** Every stored value as written, and decoded from base64 as the store encodes it. */
function storedForms(file: string): string[] {
  const raw = fs.readFileSync(file, 'utf8')
  const values = Object.values(JSON.parse(raw) as Record<string, string>)
  return [raw, ...values.map((v) => Buffer.from(v, 'base64').toString('utf8'))]
}

describe('the safeStorage adapter of the desktop app', () => {
  it('on Linux with only the basic_text backend, counts as plain text: the app asks before storing', async () => {
    const safe = fakeSafeStorage('basic_text')
    const { file, b } = await withStore((dir) => electronSecretStore(dir, safe, 'linux'))
    expect(await add(b)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: PLAIN_TEXT_QUESTION } })
    expect(safe.encryptString).not.toHaveBeenCalled()
    expect(fs.existsSync(file)).toBe(false)
    expect((await add(b, true)).ok).toBe(true)
    expect(fs.existsSync(file)).toBe(true)
  })

  it.each([
    ['linux', 'gnome_libsecret'],
    ['linux', 'kwallet6'],
    ['darwin', 'unknown'],
    ['win32', 'unknown'],
  ] as const)(
    'on %s with %s, encrypts through safeStorage without asking; the file never holds the token',
    async (platform, name) => {
      const safe = fakeSafeStorage(name)
      let store!: SecretStore
      const { file, b } = await withStore((dir) => (store = electronSecretStore(dir, safe, platform)))
      expect(store.plainText).toBe(false)
      expect((await add(b)).ok).toBe(true)
      expect(safe.encryptString).toHaveBeenCalledTimes(1)
      for (const form of storedForms(file)) expect(form).not.toContain(TOKEN)
      expect(fs.statSync(file).mode & 0o077).toBe(0)
      // And it reads back through decryptString.
      const [id] = Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')) as object)
      const [workspaceId = '', sourceId] = (id ?? '').split('/')
      const key = { workspaceId, sourceId: Number(sourceId), sourceName: 'Support', kind: 'zendesk' } as const
      expect(store.get(key)).toEqual({ email: 'agent@example.com', apiToken: TOKEN })
      expect(safe.decryptString).toHaveBeenCalled()
    },
  )

  it('refuses to store while safeStorage is unavailable (keychain locked), and writes nothing', async () => {
    const safe = fakeSafeStorage('gnome_libsecret', false)
    const { file, b } = await withStore((dir) => electronSecretStore(dir, safe, 'linux'))
    const r = await add(b)
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/keychain/) } })
    expect(safe.encryptString).not.toHaveBeenCalled()
    expect(fs.existsSync(file)).toBe(false)
  })
})
