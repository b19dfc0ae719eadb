/**
 * A binary min-heap of items with unique keys: push, pop and peek in O(log n), and removal or
 * re-sorting of any item by key, as the scheduling queue's activeQ and backoffQ need.
 */
export class KeyedHeap<T> {
  private readonly items: T[] = [];
  private readonly index = new Map<string, number>();

  constructor(
    private readonly keyOf: (item: T) => string,
    /** True when `a` must come out before `b`. */
    private readonly less: (a: T, b: T) => boolean,
  ) {}

  get size(): number {
    return this.items.length;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  get(key: string): T | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.items[i];
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** Adds the item, or replaces the one with the same key and restores order. */
  push(item: T): void {
    const key = this.keyOf(item);
    const at = this.index.get(key);
    if (at !== undefined) {
      this.items[at] = item;
      this.fix(at);
      return;
    }
    this.items.push(item);
    this.index.set(key, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    if (this.items.length === 0) return undefined;
    return this.removeAt(0);
  }

  delete(key: string): T | undefined {
    const at = this.index.get(key);
    return at === undefined ? undefined : this.removeAt(at);
  }

  values(): IterableIterator<T> {
    return this.items.values();
  }

  private removeAt(at: number): T {
    const items = this.items;
    const item = items[at];
    const last = items.pop()!;
    this.index.delete(this.keyOf(item));
    if (at < items.length) {
      items[at] = last;
      this.index.set(this.keyOf(last), at);
      this.fix(at);
    }
    return item;
  }

  private fix(at: number): void {
    if (!this.up(at)) this.down(at);
  }

  private up(at: number): boolean {
    const items = this.items;
    let i = at;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(items[i], items[parent])) break;
      this.swap(i, parent);
      i = parent;
    }
    return i !== at;
  }

  private down(at: number): void {
    const items = this.items;
    let i = at;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) return;
      const right = left + 1;
      const child = right < items.length && this.less(items[right], items[left]) ? right : left;
      if (!this.less(items[child], items[i])) return;
      this.swap(i, child);
      i = child;
    }
  }

  private swap(a: number, b: number): void {
    const items = this.items;
    const t = items[a];
    items[a] = items[b];
    items[b] = t;
    this.index.set(this.keyOf(items[a]), a);
    this.index.set(this.keyOf(items[b]), b);
  }
}
