/**
 * The in-process bus of the embedded mode. Each (subject, group) has a bounded queue worked by one
 * loop; `publish` waits while a queue is full, so a slow consumer slows the pipeline instead of
 * growing memory. A failing handler is logged and the message retried a few times, then dropped with
 * an error log (the mention itself is already stored; consumers are derived views).
 */
import type { Bus, BusHandler, Subscription } from '../../ports/bus.ts';

interface Queue {
  subject: string;
  handler: BusHandler;
  items: unknown[];
  running: boolean;
  idle: Array<() => void>;
  space: Array<() => void>;
}

export interface MemoryBusOptions {
  capacity?: number;
  maxAttempts?: number;
  onError?: (error: unknown, subject: string, group: string) => void;
}

export class MemoryBus implements Bus {
  readonly kind = 'memory';
  private readonly queues = new Map<string, Queue>();
  private readonly capacity: number;
  private readonly maxAttempts: number;
  private readonly onError: NonNullable<MemoryBusOptions['onError']>;

  constructor(options: MemoryBusOptions = {}) {
    this.capacity = options.capacity ?? 64;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.onError = options.onError ?? (() => {});
  }

  async publish<T>(subject: string, data: T): Promise<void> {
    for (const queue of this.queues.values()) {
      if (queue.subject !== subject) continue;
      while (queue.items.length >= this.capacity) await new Promise<void>((r) => queue.space.push(r));
      queue.items.push(data);
      if (!queue.running) void this.work(queue);
    }
  }

  async subscribe<T>(subject: string, group: string, handler: BusHandler<T>): Promise<Subscription> {
    const key = `${subject}\u0000${group}`;
    if (this.queues.has(key)) throw new Error(`A consumer group "${group}" already listens on ${subject}`);
    this.queues.set(key, {
      subject,
      handler: handler as BusHandler,
      items: [],
      running: false,
      idle: [],
      space: [],
    });
    return { unsubscribe: async () => void this.queues.delete(key) };
  }

  private async work(queue: Queue): Promise<void> {
    queue.running = true;
    while (queue.items.length > 0) {
      const item = queue.items.shift();
      queue.space.shift()?.();
      for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
        try {
          await queue.handler(item, queue.subject);
          break;
        } catch (error) {
          if (attempt === this.maxAttempts)
            this.onError(
              error,
              queue.subject,
              [...this.queues.entries()].find(([, q]) => q === queue)?.[0] ?? '',
            );
        }
      }
    }
    queue.running = false;
    for (const resolve of queue.idle.splice(0)) resolve();
  }

  async drain(): Promise<void> {
    await Promise.all(
      [...this.queues.values()].map((q) =>
        q.running || q.items.length > 0 ? new Promise<void>((r) => q.idle.push(r)) : Promise.resolve(),
      ),
    );
  }

  async close(): Promise<void> {
    await this.drain();
    this.queues.clear();
  }
}
