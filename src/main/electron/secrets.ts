/**
 * The desktop app's credentials: encrypted with Electron's safeStorage (the OS keychain holds the key) and stored as
 * ciphertext in the data folder. Everything else about credentials lives behind SecretStore in src/main/sync/secrets.ts.
 * Call after `app.whenReady()`: safeStorage is not usable before. safeStorage comes in as an argument (the entry passes
 * Electron's) so the plain-text detection can be tested under plain Node.
 */
import type { SafeStorage } from 'electron'
import path from 'node:path'
import { EncryptedFileSecretStore, type SecretStore } from '../sync/secrets'

export type SafeStorageLike = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'
>

export function electronSecretStore(
  dataDir: string,
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): SecretStore {
  return new EncryptedFileSecretStore(path.join(dataDir, 'credentials.enc.json'), {
    available: () => safeStorage.isEncryptionAvailable(),
    // Linux without a keyring falls back to a fixed key: as good as plain text, so the app asks first.
    plainText: () => platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text',
    encrypt: (text) => safeStorage.encryptString(text),
    decrypt: (data) => safeStorage.decryptString(data),
  })
}
