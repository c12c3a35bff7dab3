import { describe, expect, it } from 'vitest'
import { completeUtf8Length, detectEncoding, StreamDecoder } from '../../../src/main/ingest/decode'
import { ACCENTED_CSV, encodeText, type FixtureEncoding } from '../../fixtures/import/encode'

const CASES: [FixtureEncoding, string, number][] = [
  ['utf-8', 'utf-8', 0],
  ['utf-8-bom', 'utf-8', 3],
  ['utf-16le', 'utf-16le', 2],
  ['utf-16be', 'utf-16be', 2],
  ['windows-1252', 'windows-1252', 0],
]

function decodeInPieces(bytes: Uint8Array, encoding: ReturnType<typeof detectEncoding>, size: number): string {
  const d = new StreamDecoder(encoding.encoding)
  let out = ''
  for (let i = encoding.bomBytes; i < bytes.length; i += size)
    out += d.write(bytes.subarray(i, Math.min(bytes.length, i + size)))
  return out + d.flush()
}

describe('encodings', () => {
  it.each(CASES)('detects %s and decodes it back to the same text, in chunks of any size', (enc, name, bom) => {
    const bytes = encodeText(ACCENTED_CSV, enc)
    const detected = detectEncoding(bytes)
    expect(detected).toEqual({ encoding: name, bomBytes: bom })
    for (const size of [1, 2, 3, 7, 4096]) expect(decodeInPieces(bytes, detected, size)).toBe(ACCENTED_CSV)
  })

  it('recognises UTF-16 without a byte order mark by its NUL bytes', () => {
    expect(detectEncoding(Buffer.from('id,subject\r\n1,x\r\n', 'utf16le')).encoding).toBe('utf-16le')
  })

  it('does not mistake a UTF-8 sequence cut at the end of a sample for Windows-1252', () => {
    const bytes = Buffer.from('abc€', 'utf8')
    expect(completeUtf8Length(bytes.subarray(0, 5))).toBe(3)
    expect(detectEncoding(bytes.subarray(0, 5)).encoding).toBe('utf-8')
  })

  it('reads a chunk with invalid UTF-8 as Windows-1252 instead of failing', () => {
    const d = new StreamDecoder('utf-8')
    expect(d.write(Buffer.from('ok ✓\n', 'utf8'))).toBe('ok ✓\n')
    expect(d.write(Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x80]))).toBe('Café €')
    expect(d.flush()).toBe('')
  })
})
