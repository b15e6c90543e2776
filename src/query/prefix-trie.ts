/** Prefixes of wildcard and stemmed terms; a token walk reports every registered prefix it starts with. */
interface TrieNode {
  next: Map<number, TrieNode>;
  values: number[];
}

export class PrefixTrie {
  private readonly root: TrieNode = { next: new Map(), values: [] };
  private count = 0;
  /** First code units that start some prefix: most tokens are rejected with one array read. */
  private readonly starts = new Uint8Array(0x10000);

  get size(): number {
    return this.count;
  }

  add(prefix: string, value: number): void {
    this.starts[prefix.charCodeAt(0)] = 1;
    let node = this.root;
    for (let i = 0; i < prefix.length; i++) {
      const c = prefix.charCodeAt(i);
      let child = node.next.get(c);
      if (!child) {
        child = { next: new Map(), values: [] };
        node.next.set(c, child);
      }
      node = child;
    }
    node.values.push(value);
    this.count++;
  }

  remove(prefix: string, value: number): void {
    let node: TrieNode | undefined = this.root;
    for (let i = 0; i < prefix.length && node; i++) node = node.next.get(prefix.charCodeAt(i));
    if (!node) return;
    const k = node.values.indexOf(value);
    if (k >= 0) {
      node.values.splice(k, 1);
      this.count--;
    }
  }

  walk(token: string, report: (value: number) => void): void {
    if (this.starts[token.charCodeAt(0)] === 0) return;
    let node: TrieNode | undefined = this.root;
    for (let i = 0; i < token.length; i++) {
      node = node.next.get(token.charCodeAt(i));
      if (!node) return;
      for (const v of node.values) report(v);
    }
  }
}
