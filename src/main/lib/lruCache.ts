/** A Map bounded to `max` entries that drops the least recently used one, telling `onEvict` so it can free it. */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>()

  constructor(
    private readonly max: number,
    private readonly onEvict: (value: V) => void = () => {},
  ) {}

  /** The cached value for `key` (now the most recently used), made with `make` when absent. */
  getOrCreate(key: K, make: () => V): V {
    let value = this.map.get(key)
    if (value !== undefined) {
      this.map.delete(key)
    } else {
      value = make()
      if (this.map.size >= this.max) {
        const oldest = this.map.entries().next().value
        if (oldest) {
          this.map.delete(oldest[0])
          this.onEvict(oldest[1])
        }
      }
    }
    this.map.set(key, value)
    return value
  }

  /** Whether `key` is cached, without making it the most recently used. */
  has(key: K): boolean {
    return this.map.has(key)
  }

  /** Empties the cache, evicting every value. */
  clear(): void {
    for (const value of this.map.values()) this.onEvict(value)
    this.map.clear()
  }
}
