/**
 * Text encodings of imported files, detected from the first bytes and decoded while streaming, so a file of any size
 * is read a chunk at a time and never whole.
 *
 * Detection: a byte order mark names UTF-8, UTF-16 LE or UTF-16 BE; without one, text with NUL in every other byte is
 * UTF-16 (the side the NULs sit on says which), bytes that are valid UTF-8 are UTF-8, and anything else is
 * Windows-1252 (what Excel on Windows writes as "CSV"). A UTF-8 file whose later chunks hold invalid sequences has
 * those chunks read as Windows-1252 rather than failing: a mostly-UTF-8 export with a few pasted 1252 bytes keeps
 * every row.
 */
import fs from 'node:fs'
import { TextDecoder } from 'node:util'
import type { ImportEncoding } from '../../shared/importMapping'

/** Bytes read per chunk: large enough for throughput, small enough to keep memory flat. */
export const CHUNK_BYTES = 1 << 20

export interface DetectedEncoding {
  encoding: ImportEncoding
  /** Bytes of the byte order mark to skip. */
  bomBytes: number
}

/** Length of `bytes` minus a UTF-8 sequence cut off at its end (0-3 bytes), so the rest can be decoded alone. */
export function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back] as number
    if ((b & 0xc0) === 0x80) continue // a continuation byte: keep looking for the lead
    if (b < 0x80) return n
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1
    return need > back ? n - back : n
  }
  return n
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    fatalUtf8.decode(bytes.subarray(0, completeUtf8Length(bytes)))
    return true
  } catch {
    return false
  }
}

export function detectEncoding(head: Uint8Array): DetectedEncoding {
  const [a, b, c] = head
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', bomBytes: 3 }
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', bomBytes: 2 }
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', bomBytes: 2 }
  const sample = head.subarray(0, Math.min(head.length, 4096))
  let evenNul = 0
  let oddNul = 0
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue
    if (i % 2 === 0) evenNul++
    else oddNul++
  }
  const half = sample.length / 2
  if (half >= 2 && oddNul > half * 0.6 && evenNul < half * 0.1) return { encoding: 'utf-16le', bomBytes: 0 }
  if (half >= 2 && evenNul > half * 0.6 && oddNul < half * 0.1) return { encoding: 'utf-16be', bomBytes: 0 }
  return { encoding: isValidUtf8(head) ? 'utf-8' : 'windows-1252', bomBytes: 0 }
}

/** Reads up to `bytes` from the start of a file. */
export function readHead(file: string, bytes: number): Buffer {
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.alloc(bytes)
    const n = fs.readSync(fd, buf, 0, bytes, 0)
    return buf.subarray(0, n)
  } finally {
    fs.closeSync(fd)
  }
}

/** Turns byte chunks into text chunks; `flush` returns whatever a cut-off sequence at the very end becomes. */
export class StreamDecoder {
  private readonly decoder: TextDecoder | null
  private readonly cp1252 = new TextDecoder('windows-1252')
  private carry: Uint8Array = new Uint8Array(0)

  constructor(readonly encoding: ImportEncoding) {
    // UTF-8 is decoded by hand below so an invalid chunk can fall back to 1252 without losing the carry.
    this.decoder = encoding === 'utf-8' ? null : new TextDecoder(encoding, { ignoreBOM: true })
  }

  write(chunk: Uint8Array): string {
    if (this.decoder) return this.decoder.decode(chunk, { stream: true })
    let bytes = chunk
    if (this.carry.length > 0) {
      bytes = new Uint8Array(this.carry.length + chunk.length)
      bytes.set(this.carry)
      bytes.set(chunk, this.carry.length)
    }
    const cut = completeUtf8Length(bytes)
    this.carry = bytes.slice(cut)
    const whole = bytes.subarray(0, cut)
    try {
      return fatalUtf8.decode(whole)
    } catch {
      return this.fromCp1252(whole)
    }
  }

  /**
   * Always in stream mode: Node 20's one-shot windows-1252 decode takes a Latin-1 shortcut that turns 0x80-0x9F
   * (the euro sign, curly quotes) into control characters. A single-byte encoding carries no state between calls.
   */
  private fromCp1252(bytes: Uint8Array): string {
    return this.cp1252.decode(bytes, { stream: true })
  }

  flush(): string {
    if (this.decoder) return this.decoder.decode()
    const rest = this.carry
    this.carry = new Uint8Array(0)
    return rest.length ? this.fromCp1252(rest) : ''
  }
}

/** Progress of a read: bytes consumed so far out of the file's size. */
export interface ReadProgress {
  bytesRead: number
  size: number
}

/**
 * The file's text, a chunk at a time, after the byte order mark. `progress` is updated as bytes arrive so callers can
 * estimate time left from the share of the file read.
 */
export async function* textChunks(
  file: string,
  detected: DetectedEncoding,
  progress?: ReadProgress,
): AsyncGenerator<string> {
  const decoder = new StreamDecoder(detected.encoding)
  const stream = fs.createReadStream(file, { start: detected.bomBytes, highWaterMark: CHUNK_BYTES })
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (progress) progress.bytesRead += chunk.length
      const text = decoder.write(chunk)
      if (text) yield text
    }
    const tail = decoder.flush()
    if (tail) yield tail
  } finally {
    stream.destroy()
  }
}
