/**
 * Files uploaded by the browser (browser mode cannot hand the server a path): streamed to `<dataDir>/uploads/<id>`
 * with the original name beside it in `<id>.json`, never held in memory. Ids are random, so an upload can only be
 * named by whoever uploaded it; uploads older than a day are removed when the next one arrives.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Transform, type Readable } from 'node:stream'

/** Largest upload accepted: far above a million-ticket export (~400 MB), below what fills a laptop disk. */
export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3
const MAX_AGE_MS = 24 * 3600_000
const ID = /^[a-f0-9]{32}$/

export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, 'uploads')
}

export class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'UploadError'
  }
}

/** A file name safe to show and to keep the extension of (no folders, no control characters). */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex -- control characters are what this removes.
  const controls = /[\u0000-\u001f\u007f]/g
  const cleaned = base.replace(controls, '').trim().slice(0, 200)
  return cleaned || 'upload'
}

function prune(dir: string): void {
  const now = Date.now()
  for (const f of fs.readdirSync(dir)) {
    const file = path.join(dir, f)
    try {
      if (now - fs.statSync(file).mtimeMs > MAX_AGE_MS) fs.rmSync(file, { force: true })
    } catch {
      // Another request removed it first.
    }
  }
}

/** Streams a request body to a new upload; removes the partial file if the body is cut off or too large. */
export async function receiveUpload(
  dir: string,
  name: string,
  body: Readable,
  maxBytes = MAX_UPLOAD_BYTES,
): Promise<{ uploadId: string; fileName: string; size: number }> {
  fs.mkdirSync(dir, { recursive: true })
  prune(dir)
  const uploadId = crypto.randomBytes(16).toString('hex')
  const file = path.join(dir, uploadId)
  const fileName = cleanFileName(name)
  let size = 0
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length
      if (size > maxBytes) done(new UploadError(413, `The file is larger than ${Math.round(maxBytes / 1024 ** 3)} GB.`))
      else done(null, chunk)
    },
  })
  try {
    await pipeline(body, limit, fs.createWriteStream(file, { flags: 'wx' }))
  } catch (err) {
    fs.rmSync(file, { force: true })
    if (err instanceof UploadError) throw err
    throw new UploadError(400, 'The upload was interrupted before the whole file arrived; nothing was kept.')
  }
  if (size === 0) {
    fs.rmSync(file, { force: true })
    throw new UploadError(400, `${fileName} is empty.`)
  }
  fs.writeFileSync(`${file}.json`, JSON.stringify({ fileName, size }))
  return { uploadId, fileName, size }
}

/** The path and original name of an upload, or null when there is none by that id. */
export function resolveUpload(dir: string, uploadId: string): { file: string; fileName: string } | null {
  if (!ID.test(uploadId)) return null
  const file = path.join(dir, uploadId)
  try {
    const meta = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8')) as { fileName?: string }
    // The stored file has no extension; format detection reads the original name's.
    return fs.statSync(file).isFile() ? { file, fileName: meta.fileName ?? uploadId } : null
  } catch {
    return null
  }
}

/**
 * Removes an upload once its import is done: the file holds ticket text and must not outlive the work it was for
 * (reliability.md: no personal data left in temporary files).
 */
export function removeUpload(dir: string, uploadId: string): void {
  if (!ID.test(uploadId)) return
  const file = path.join(dir, uploadId)
  for (const f of [file, `${file}.json`]) fs.rmSync(f, { force: true })
}
