/** Limits concurrent work; waiters queue in order. The backpressure of the pipeline. */
export class Semaphore {
  private waiters: Array<() => void> = [];
  private used = 0;
  constructor(private readonly size: number) {}

  get inUse(): number {
    return this.used;
  }

  async acquire(): Promise<() => void> {
    if (this.used >= this.size) await new Promise<void>((r) => this.waiters.push(r));
    else this.used++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.used--;
    };
  }
}
