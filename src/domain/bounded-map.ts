/**
 * A Map with a size cap that forgets by second chance (CLOCK): past the cap, the oldest entry goes
 * unless it was used since eviction last passed it, in which case it goes to the back once. Used
 * where an endless stream keeps an index (stories, profiles).
 *
 * Why not a plain Map's insertion order: V8 keeps deleted entries as holes until it rehashes, so
 * finding the oldest live key with `keys().next()` walks every hole before it (about 25 µs an eviction
 * at 50,000 entries), and moving a key to the back at every use (delete + set) fills the table with
 * holes. The order lives in an array queue instead; a Map entry is never deleted to be re-inserted.
 */
interface Entry<V> {
  value: V;
  used: boolean;
}

export class BoundedMap<K, V> {
  private readonly map = new Map<K, Entry<V>>();
  /** Insertion order: key and the entry it was queued with (a key deleted and set again is queued anew). */
  private orderKeys: K[] = [];
  private orderEntries: Entry<V>[] = [];
  private head = 0;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.map.size;
  }

  /** The value, counted as a use (it survives the next eviction pass). */
  get(key: K): V | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    e.used = true;
    return e.value;
  }

  /** The value, not counted as a use. */
  peek(key: K): V | undefined {
    return this.map.get(key)?.value;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  /** Sets the value; an existing key counts as used and keeps its place. */
  set(key: K, value: V): void {
    const e = this.map.get(key);
    if (e !== undefined) {
      e.value = value;
      e.used = true;
      return;
    }
    const entry: Entry<V> = { value, used: false };
    this.map.set(key, entry);
    this.enqueue(key, entry);
    this.evictPastCap();
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  private enqueue(key: K, entry: Entry<V>): void {
    this.orderKeys.push(key);
    this.orderEntries.push(entry);
    // Deletes below the cap leave stale slots that no eviction consumes: sweep them now and then.
    if (this.orderKeys.length - this.head > 2 * this.max + 1_024) {
      const keys: K[] = [];
      const entries: Entry<V>[] = [];
      for (let i = this.head; i < this.orderKeys.length; i++) {
        const k = this.orderKeys[i]!;
        if (this.map.get(k) === this.orderEntries[i]) {
          keys.push(k);
          entries.push(this.orderEntries[i]!);
        }
      }
      this.orderKeys = keys;
      this.orderEntries = entries;
      this.head = 0;
    }
  }

  private evictPastCap(): void {
    while (this.map.size > this.max && this.head < this.orderKeys.length) {
      const key = this.orderKeys[this.head]!;
      const entry = this.orderEntries[this.head]!;
      this.head++;
      // A slot whose key was deleted, or deleted and set again, is stale.
      if (this.map.get(key) !== entry) continue;
      if (entry.used) {
        entry.used = false;
        this.enqueue(key, entry);
      } else {
        this.map.delete(key);
      }
    }
    // Drop the consumed prefix once it is the larger part: amortised O(1) per entry.
    if (this.head > 1_024 && this.head * 2 > this.orderKeys.length) {
      this.orderKeys = this.orderKeys.slice(this.head);
      this.orderEntries = this.orderEntries.slice(this.head);
      this.head = 0;
    }
  }
}
