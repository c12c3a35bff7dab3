import { describe, expect, it } from 'vitest'
import { LruCache } from '../../src/main/lib/lruCache'

describe('LruCache', () => {
  it('makes each value once, keeps the recently used ones and evicts the oldest', () => {
    const evicted: string[] = []
    const cache = new LruCache<string, string>(2, (v) => evicted.push(v))
    let made = 0
    const get = (k: string): string => cache.getOrCreate(k, () => `${k}${++made}`)
    expect(get('a')).toBe('a1')
    expect(get('b')).toBe('b2')
    expect(get('a')).toBe('a1') // a is now the most recent
    expect(get('c')).toBe('c3') // evicts b
    expect(evicted).toEqual(['b2'])
    expect(get('b')).toBe('b4') // made again; evicts a
    expect(evicted).toEqual(['b2', 'a1'])
    cache.clear()
    expect(evicted.sort()).toEqual(['a1', 'b2', 'b4', 'c3'])
  })
})
