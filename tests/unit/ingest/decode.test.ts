import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { completeUtf8Length, detectEncoding, isValidUtf8, StreamDecoder } from '../../../src/main/ingest/decode'
import { ACCENTED_CSV, encodeText, type FixtureEncoding } from '../../fixtures/import/encode'
import { chunkRanges } from '../../helpers/chunks'

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

/** Every character Windows-1252 can write: ASCII, Latin-1's upper half and the 27 characters at 0x80-0x9F. */
const CP1252_REPERTOIRE = [
  ...Array.from({ length: 0x80 }, (_, c) => String.fromCharCode(c)),
  ...Array.from({ length: 0x60 }, (_, c) => String.fromCharCode(0xa0 + c)),
  ...'€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ',
]

/** What the import reads: the encoding detected from the file's first bytes, then the rest through the decoder. */
function readBack(bytes: Uint8Array, cuts: number[]): string {
  const detected = detectEncoding(bytes)
  const d = new StreamDecoder(detected.encoding)
  const body = bytes.subarray(detected.bomBytes)
  const chunks = chunkRanges(body.length, cuts).map(([a, b]) => body.subarray(a, b))
  return chunks.reduce((text, chunk) => text + d.write(chunk), '') + d.flush()
}

describe('encodings, for any text', () => {
  const cuts = fc.array(fc.nat(), { maxLength: 12 })
  // NUL is left out where no byte order mark speaks: a file of mostly NULs is taken for UTF-16 by design.
  const unmarked = (text: string): string => text.replace(/\0/g, ' ')

  it('reads back any text written as UTF-8 (with or without BOM) or UTF-16 LE/BE with BOM, in chunks of any size', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.constantFrom<FixtureEncoding>('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be'),
        cuts,
        (raw, enc, at) => {
          // Without a mark, a leading U+FEFF is indistinguishable from one.
          const text = enc === 'utf-8' ? unmarked(raw).replace(/^\uFEFF/, '') : raw
          const bytes = encodeText(text, enc)
          expect(detectEncoding(bytes).encoding).toBe(enc === 'utf-8-bom' ? 'utf-8' : enc)
          expect(readBack(bytes, at)).toBe(text)
        },
      ),
      { numRuns: 600 },
    )
  })

  it('reads back any Windows-1252 text whose bytes are not also UTF-8, in chunks of any size', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...CP1252_REPERTOIRE), maxLength: 300 }), cuts, (raw, at) => {
        const text = unmarked(raw)
        const bytes = encodeText(text, 'windows-1252')
        const ascii = [...text].every((c) => c.charCodeAt(0) < 0x80)
        // Bytes that also read as UTF-8 are UTF-8 by the detection rule ("Ã©" is "é"); ASCII reads the same either way.
        fc.pre(ascii || !isValidUtf8(bytes))
        // "ÿþ", "þÿ" and "ï»¿" are the bytes of a byte order mark, which names the encoding whatever follows.
        fc.pre(!/^(ÿþ|þÿ|ï»¿)/.test(text))
        expect(detectEncoding(bytes).encoding).toBe(ascii ? 'utf-8' : 'windows-1252')
        expect(readBack(bytes, at)).toBe(text)
      }),
      { numRuns: 600 },
    )
  })
})
