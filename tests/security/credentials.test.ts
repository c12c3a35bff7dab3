/**
 * reliability.md, Local data: "Credentials are kept with the operating system's secret store (Electron safeStorage);
 * where only a plain-text backend exists, the app asks before storing." The desktop store (EncryptedFileSecretStore,
 * what src/main/electron/secrets.ts builds over safeStorage) is driven here by a stand-in cipher.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../../src/main/app/backend'
import { PLAIN_TEXT_QUESTION } from '../../src/main/api/sourceHandlers'
import { EncryptedFileSecretStore, type Cipher } from '../../src/main/sync/secrets'
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

async function withStore(plainText: boolean) {
  const dataDir = tempDir('owb-cred-')
  const file = path.join(dataDir, 'credentials.enc.json')
  backend = await createBackend({
    dataDir,
    transport: 'electron',
    noDemo: true,
    secrets: new EncryptedFileSecretStore(file, cipher(plainText)),
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
