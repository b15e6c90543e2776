/**
 * The message bus between the ingest pipeline and what runs after storage. In-process by default,
 * NATS JetStream when scaled out. Delivery is at-least-once; handlers must be idempotent or rely on
 * the store's identity de-duplication. `publish` resolves once the bus has accepted the message;
 * a slow subscriber slows publishers (bounded buffers), it never grows memory without limit.
 */
export interface BusMessage<T = unknown> {
  subject: string;
  data: T;
}

export type BusHandler<T = unknown> = (data: T, subject: string) => void | Promise<void>;

export interface Subscription {
  unsubscribe(): Promise<void>;
}

export interface Bus {
  readonly kind: string;
  publish<T>(subject: string, data: T): Promise<void>;
  /** `group` names a durable consumer: each message goes to one member of the group. */
  subscribe<T>(subject: string, group: string, handler: BusHandler<T>): Promise<Subscription>;
  /** Resolves when every published message has been handled. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export const subjects = {
  mentionsStored: 'mentions.stored',
} as const;
