/**
 * Aho–Corasick automaton over UTF-16 code units: finds every pattern occurring in a stream in one pass,
 * whatever the number of patterns. Used for Chinese/Japanese terms, which have no word boundaries.
 */
export class AhoCorasick<T> {
  private readonly goto: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  private readonly out: T[][] = [[]];
  /** Nearest state down the failure chain that has outputs, or -1. */
  private readonly dict: number[] = [-1];

  constructor(patterns: Iterable<[string, T]>) {
    for (const [text, value] of patterns) this.add(text, value);
    this.link();
  }

  private add(text: string, value: T): void {
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let next = this.goto[s]?.get(c);
      if (next === undefined) {
        next = this.goto.length;
        this.goto.push(new Map());
        this.fail.push(0);
        this.out.push([]);
        this.dict.push(-1);
        this.goto[s]?.set(c, next);
      }
      s = next;
    }
    this.out[s]?.push(value);
  }

  private link(): void {
    const queue: number[] = [];
    for (const next of (this.goto[0] as Map<number, number>).values()) queue.push(next);
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q] as number;
      for (const [c, next] of this.goto[s] as Map<number, number>) {
        let f = this.fail[s] as number;
        while (f !== 0 && !this.goto[f]?.has(c)) f = this.fail[f] as number;
        const target = this.goto[f]?.get(c);
        const fs = target !== undefined && target !== next ? target : 0;
        this.fail[next] = fs;
        this.dict[next] = (this.out[fs] as T[]).length > 0 ? fs : (this.dict[fs] as number);
        queue.push(next);
      }
    }
  }

  get size(): number {
    return this.goto.length;
  }

  /** Feeds one more piece of the stream from `state`, reporting matches; returns the new state. */
  step(state: number, text: string, report: (value: T) => void): number {
    let s = state;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let next = this.goto[s]?.get(c);
      while (next === undefined && s !== 0) {
        s = this.fail[s] as number;
        next = this.goto[s]?.get(c);
      }
      s = next ?? 0;
      for (
        let d = (this.out[s] as T[]).length > 0 ? s : (this.dict[s] as number);
        d > 0;
        d = this.dict[d] as number
      ) {
        for (const v of this.out[d] as T[]) report(v);
      }
    }
    return s;
  }
}
