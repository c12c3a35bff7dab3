/**
 * Where source credentials live: never in the workspace file (it gets copied, backed up, shared) and never in the
 * renderer. The backend only sees the SecretStore interface:
 * - the desktop app passes an EncryptedFileSecretStore over Electron's safeStorage (src/main/electron/secrets.ts);
 * - browser mode and the CLI use EnvFileSecretStore: environment variables, then a credentials file that only its
 *   owner may read (a file with group or other permission bits is refused, with the chmod to run).
 */
import fs from 'node:fs'
import path from 'node:path'
import { credentialsSchema, type ConnectorKindName, type SourceCredentials } from '../../shared/api/methods/sources'

export interface SecretKey {
  workspaceId: string
  sourceId: number
  sourceName: string
  kind: ConnectorKindName
}

export interface SecretStore {
  /** Where credentials are kept, in the analyst's words. */
  readonly description: string
  /** Storing writes readable text (no OS keychain): the app asks before storing. */
  readonly plainText: boolean
  /** The credentials of a source, or null; throws SecretStoreError with a sentence when the store cannot be read. */
  get(key: SecretKey): SourceCredentials | null
  set(key: SecretKey, credentials: SourceCredentials): void
  remove(key: SecretKey): void
}

export class SecretStoreError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SecretStoreError'
  }
}

const idKey = (k: SecretKey): string => `${k.workspaceId}/${k.sourceId}`

function parseCredentials(value: unknown): SourceCredentials | null {
  const parsed = credentialsSchema.safeParse(value)
  return parsed.success && Object.keys(parsed.data).length > 0 ? parsed.data : null
}

/** Writes a file only its owner can read, atomically (temp file then rename). */
function writePrivate(file: string, text: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const tmp = `${file}.tmp-${process.pid}`
  fs.writeFileSync(tmp, text, { mode: 0o600 })
  fs.chmodSync(tmp, 0o600)
  fs.renameSync(tmp, file)
}

export interface Cipher {
  encrypt(text: string): Buffer
  decrypt(data: Buffer): string
  /** False until the OS store can be used (Linux without a keyring may never). */
  available(): boolean
  /** True when the OS "encryption" is a fixed key (Linux basic_text backend). */
  plainText(): boolean
}

/** Ciphertext per source in one file of the data directory; the key stays with the operating system. */
export class EncryptedFileSecretStore implements SecretStore {
  readonly description = 'the system keychain'

  constructor(
    private readonly file: string,
    private readonly cipher: Cipher,
  ) {}

  get plainText(): boolean {
    return this.cipher.plainText()
  }

  private read(): Record<string, string> {
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(this.file, 'utf8'))
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {}
    } catch {
      return {}
    }
  }

  get(key: SecretKey): SourceCredentials | null {
    const data = this.read()[idKey(key)]
    if (!data) return null
    if (!this.cipher.available())
      throw new SecretStoreError('The system keychain is locked or unavailable, so the credentials cannot be read.')
    try {
      return parseCredentials(JSON.parse(this.cipher.decrypt(Buffer.from(data, 'base64'))))
    } catch {
      throw new SecretStoreError(
        'The stored credentials could not be decrypted (the system keychain changed?): enter them again.',
      )
    }
  }

  set(key: SecretKey, credentials: SourceCredentials): void {
    if (!this.cipher.available())
      throw new SecretStoreError('The system keychain is unavailable, so credentials cannot be stored safely.')
    const all = this.read()
    all[idKey(key)] = this.cipher.encrypt(JSON.stringify(credentials)).toString('base64')
    writePrivate(this.file, JSON.stringify(all))
  }

  remove(key: SecretKey): void {
    const all = this.read()
    if (!(idKey(key) in all)) return
    delete all[idKey(key)]
    writePrivate(this.file, JSON.stringify(all))
  }
}

/** `Acme Support` → `ACME_SUPPORT`, for per-source environment variables. */
export function envName(sourceName: string): string {
  return sourceName
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase()
}

interface CredentialsFile {
  /** By source name, for people writing the file by hand. */
  sources?: Record<string, unknown>
  /** By workspace and source id, as the app writes them. */
  byId?: Record<string, unknown>
}

/**
 * Browser mode and CLI: `WORKBENCH_SOURCE_<NAME>_{EMAIL,TOKEN,ACCESS_TOKEN,CLIENT_ID,CLIENT_SECRET,REFRESH_TOKEN}`,
 * then the credentials file (`WORKBENCH_CREDENTIALS_FILE`, default `<data dir>/credentials.json`), then the kind-wide
 * `WORKBENCH_<KIND>_{EMAIL,TOKEN,ACCESS_TOKEN,…}` (e.g. WORKBENCH_ZENDESK_TOKEN).
 */
export class EnvFileSecretStore implements SecretStore {
  readonly plainText = true
  readonly file: string

  constructor(
    dataDir: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.file = env.WORKBENCH_CREDENTIALS_FILE || path.join(dataDir, 'credentials.json')
  }

  get description(): string {
    return `environment variables or ${this.file}`
  }

  private fromEnv(prefix: string): SourceCredentials | null {
    const e = this.env
    return parseCredentials(
      Object.fromEntries(
        Object.entries({
          email: e[`${prefix}_EMAIL`],
          apiToken: e[`${prefix}_TOKEN`],
          accessToken: e[`${prefix}_ACCESS_TOKEN`],
          clientId: e[`${prefix}_CLIENT_ID`],
          clientSecret: e[`${prefix}_CLIENT_SECRET`],
          refreshToken: e[`${prefix}_REFRESH_TOKEN`],
        }).filter(([, v]) => v),
      ),
    )
  }

  private readFile(): CredentialsFile {
    let stat: fs.Stats
    try {
      stat = fs.statSync(this.file)
    } catch {
      return {}
    }
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0)
      throw new SecretStoreError(
        `${this.file} can be read by other users of this computer, so it was not used: run \`chmod 600 ${this.file}\` and try again.`,
      )
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(this.file, 'utf8'))
      return typeof parsed === 'object' && parsed !== null ? (parsed as CredentialsFile) : {}
    } catch {
      throw new SecretStoreError(`${this.file} is not valid JSON; fix it or remove it and enter the credentials again.`)
    }
  }

  get(key: SecretKey): SourceCredentials | null {
    const own = this.fromEnv(`WORKBENCH_SOURCE_${envName(key.sourceName)}`)
    if (own) return own
    const file = this.readFile()
    const stored = parseCredentials(file.byId?.[idKey(key)]) ?? parseCredentials(file.sources?.[key.sourceName])
    return stored ?? this.fromEnv(`WORKBENCH_${key.kind.toUpperCase()}`)
  }

  set(key: SecretKey, credentials: SourceCredentials): void {
    const file = this.readFile()
    writePrivate(this.file, JSON.stringify({ ...file, byId: { ...file.byId, [idKey(key)]: credentials } }, null, 2))
  }

  remove(key: SecretKey): void {
    const file = this.readFile()
    if (!file.byId || !(idKey(key) in file.byId)) return
    const byId = { ...file.byId }
    delete byId[idKey(key)]
    writePrivate(this.file, JSON.stringify({ ...file, byId }, null, 2))
  }
}
