// The analyzer's state tables, made so that the add and delete of every transaction allocate
// nothing. V8's Map and Set give a table that lives in the old generation (the analyzer's own,
// kept for the whole run) a new backing store in the old generation whenever a delete shrinks
// it or the deleted entries fill it; with an add and a delete per transaction, that was most
// of a 500 MB capture's old-space garbage, and its peak memory rose with the capture's length.
// These allocate only when they grow (or, rarely, shrink far).

/** A hash table keyed by up to three 32-bit integers (protocol, port id, seq), open addressing
 *  with linear probing; deletes shift the probe run back, so there are no tombstones. */
export class IntTable<V> {
  private mask: number;
  /** key triples, slot i at 3i */
  private keys: Int32Array;
  private full: Uint8Array;
  private vals: (V | undefined)[];
  size = 0;

  constructor(private readonly minCapacity = 16) {
    this.mask = minCapacity - 1;
    this.keys = new Int32Array(3 * minCapacity);
    this.full = new Uint8Array(minCapacity);
    this.vals = new Array<V | undefined>(minCapacity).fill(undefined);
  }

  private static home(a: number, b: number, c: number, mask: number): number {
    let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca77), 0xc2b2ae3d);
    h ^= h >>> 15;
    return h & mask;
  }

  /** The slot of the key, or -1. */
  private find(a: number, b: number, c: number): number {
    a |= 0; b |= 0; c |= 0;
    const { keys, full, mask } = this;
    for (let i = IntTable.home(a, b, c, mask); full[i]; i = (i + 1) & mask) {
      if (keys[3 * i] === a && keys[3 * i + 1] === b && keys[3 * i + 2] === c) return i;
    }
    return -1;
  }

  get(a: number, b = 0, c = 0): V | undefined {
    const i = this.find(a, b, c);
    return i < 0 ? undefined : this.vals[i];
  }

  has(a: number, b = 0, c = 0): boolean {
    return this.find(a, b, c) >= 0;
  }

  set(a: number, b: number, c: number, v: V): void {
    const at = this.find(a, b, c);
    if (at >= 0) { this.vals[at] = v; return; }
    // at most half full: probe runs stay short
    if (2 * (this.size + 1) > this.mask + 1) this.resize(2 * (this.mask + 1));
    this.put(a | 0, b | 0, c | 0, v);
    this.size++;
  }

  private put(a: number, b: number, c: number, v: V | undefined): void {
    const { keys, full, mask } = this;
    let i = IntTable.home(a, b, c, mask);
    while (full[i]) i = (i + 1) & mask;
    full[i] = 1; keys[3 * i] = a; keys[3 * i + 1] = b; keys[3 * i + 2] = c; this.vals[i] = v;
  }

  delete(a: number, b = 0, c = 0): boolean {
    let i = this.find(a, b, c);
    if (i < 0) return false;
    const { keys, full, vals, mask } = this;
    // shift back each later entry of the run that may sit in the hole (its home is not in (i, j])
    for (let j = (i + 1) & mask; full[j]; j = (j + 1) & mask) {
      const k = IntTable.home(keys[3 * j]!, keys[3 * j + 1]!, keys[3 * j + 2]!, mask);
      if (i <= j ? i < k && k <= j : i < k || k <= j) continue;
      keys[3 * i] = keys[3 * j]!; keys[3 * i + 1] = keys[3 * j + 1]!; keys[3 * i + 2] = keys[3 * j + 2]!;
      vals[i] = vals[j];
      i = j;
    }
    full[i] = 0; vals[i] = undefined;
    this.size--;
    // shrink only when an eighth full: a table does not flip between sizes
    const cap = mask + 1;
    if (cap > this.minCapacity && 8 * this.size < cap) this.resize(cap / 2);
    return true;
  }

  private resize(capacity: number): void {
    const { keys, full, vals } = this;
    this.mask = capacity - 1;
    this.keys = new Int32Array(3 * capacity);
    this.full = new Uint8Array(capacity);
    this.vals = new Array<V | undefined>(capacity).fill(undefined);
    for (let i = 0; i < full.length; i++) if (full[i]) this.put(keys[3 * i]!, keys[3 * i + 1]!, keys[3 * i + 2]!, vals[i]);
  }
}

/** What a Chain links: the chain's own fields on the element. */
export interface Link<T> { prev?: T; next?: T; chained?: boolean }

/** A doubly linked list through its elements' own fields, oldest first: add, remove and
 *  the oldest in constant time, with no allocation. */
export class Chain<T extends Link<T>> {
  first?: T;
  last?: T;
  size = 0;

  push(x: T): void {
    if (x.chained) this.remove(x);
    x.prev = this.last; x.next = undefined; x.chained = true;
    if (this.last) this.last.next = x; else this.first = x;
    this.last = x;
    this.size++;
  }

  /** false when `x` is not in the chain */
  remove(x: T): boolean {
    if (!x.chained) return false;
    if (x.prev) x.prev.next = x.next; else this.first = x.next;
    if (x.next) x.next.prev = x.prev; else this.last = x.prev;
    x.prev = x.next = undefined; x.chained = false;
    this.size--;
    return true;
  }
}

/** The last `capacity` values added (of one protocol: request seqs), and whether a value is
 *  among them: a ring of values and a count per value. */
export class RecentValues {
  private readonly ring: Float64Array;
  private filled = 0;
  private at = 0;
  private readonly counts = new IntTable<number>();

  constructor(readonly capacity: number) {
    this.ring = new Float64Array(capacity);
  }

  add(v: number): void {
    if (this.filled === this.capacity) {
      const old = this.ring[this.at]!;
      const n = this.counts.get(old)!;
      if (n > 1) this.counts.set(old, 0, 0, n - 1); else this.counts.delete(old);
    } else this.filled++;
    this.ring[this.at] = v;
    this.at = (this.at + 1) % this.capacity;
    this.counts.set(v, 0, 0, (this.counts.get(v) ?? 0) + 1);
  }

  has(v: number): boolean {
    return this.counts.has(v);
  }
}
