/**
 * The scale-out bus: NATS JetStream. Messages persist in one stream; each consumer group is a durable
 * pull consumer, so several processes share the work and a crashed one's unacknowledged messages are
 * redelivered. A message is acknowledged only after its handler succeeded (at-least-once).
 */
import {
  AckPolicy,
  type JetStreamClient,
  type JetStreamManager,
  jetstream,
  jetstreamManager,
} from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Bus, BusHandler, Subscription } from '../../ports/bus.ts';

const STREAM = 'FIREBREAK';

export interface NatsBusOptions {
  servers: string;
  /** Stream name, so tests can isolate themselves. */
  stream?: string;
  onError?: (error: unknown, subject: string, group: string) => void;
}

export class NatsBus implements Bus {
  readonly kind = 'nats';
  private readonly loops: Promise<void>[] = [];
  private readonly stops: Array<() => void> = [];
  private inFlight = 0;
  private idle: Array<() => void> = [];

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly stream: string,
    private readonly onError: NonNullable<NatsBusOptions['onError']>,
  ) {}

  static async connect(options: NatsBusOptions): Promise<NatsBus> {
    const nc = await connect({
      servers: options.servers.replace(/^nats:\/\//, '').replace(/[/?].*$/, ''),
      timeout: 3_000,
    });
    const jsm = await jetstreamManager(nc);
    const stream = options.stream ?? STREAM;
    const subjects = [`${stream.toLowerCase()}.>`];
    try {
      await jsm.streams.info(stream);
    } catch {
      // Consumers ack within seconds; a week of retention covers a long outage without growing forever.
      await jsm.streams.add({ name: stream, subjects, max_age: 7 * 24 * 3_600 * 1_000_000_000 });
    }
    return new NatsBus(nc, jetstream(nc), jsm, stream, options.onError ?? (() => {}));
  }

  private subjectOf(subject: string): string {
    return `${this.stream.toLowerCase()}.${subject}`;
  }

  async publish<T>(subject: string, data: T): Promise<void> {
    // Awaiting the publish ack is the backpressure: JetStream has persisted the message when it resolves.
    await this.js.publish(this.subjectOf(subject), JSON.stringify(data));
  }

  async subscribe<T>(subject: string, group: string, handler: BusHandler<T>): Promise<Subscription> {
    const durable = `${group}_${subject}`.replace(/[^A-Za-z0-9_-]/g, '_');
    await this.jsm.consumers.add(this.stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      filter_subject: this.subjectOf(subject),
      max_deliver: 5,
      ack_wait: 30_000_000_000,
    });
    const consumer = await this.js.consumers.get(this.stream, durable);
    const messages = await consumer.consume({ max_messages: 16 });
    this.stops.push(() => void messages.stop());
    const loop = (async () => {
      for await (const m of messages) {
        this.inFlight++;
        try {
          await handler(m.json<T>(), subject);
          m.ack();
        } catch (error) {
          this.onError(error, subject, group);
          m.nak(1_000);
        } finally {
          this.inFlight--;
          if (this.inFlight === 0) for (const r of this.idle.splice(0)) r();
        }
      }
    })();
    this.loops.push(loop);
    return { unsubscribe: async () => void messages.stop() };
  }

  /** Waits until every consumer has caught up with the stream. */
  async drain(): Promise<void> {
    for (;;) {
      const consumers = await this.jsm.consumers.list(this.stream).next();
      const behind = consumers.some((c) => c.num_pending > 0 || c.num_ack_pending > 0);
      if (!behind && this.inFlight === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    for (const stop of this.stops) stop();
    await Promise.allSettled(this.loops);
    await this.nc.drain();
  }

  /** Tests: remove the stream and its consumers. */
  async destroy(): Promise<void> {
    await this.jsm.streams.delete(this.stream).catch(() => {});
  }
}
