/** A map that forgets its least recently used entries beyond `capacity`. */
export class LruCache<V> {
  private readonly entries = new Map<string, V>();
  hits = 0;
  misses = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The value kept for `key` (now the most recently used), or undefined. */
  get(key: string): V | undefined {
    const cached = this.entries.get(key);
    if (cached === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-insert so that the entry becomes the most recently used.
    this.entries.delete(key);
    this.entries.set(key, cached);
    return cached;
  }

  /** Keeps `value` for `key`, forgetting the least recently used entry when full. */
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size <= this.capacity) return;
    // Maps iterate in insertion order, so the first key is the least recently used.
    const [oldest] = this.entries.keys();
    if (oldest !== undefined) this.entries.delete(oldest);
  }

  /** The cached value of `key`, computing (and keeping) it on a miss. */
  getOrCompute(key: string, compute: () => V): V {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const value = compute();
    this.set(key, value);
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
