/**
 * What a connector is. A connector turns a cursor into batches of native records, each with the cursor
 * that is safe to persist once that batch is stored. Poll connectors end their iteration when caught up;
 * stream connectors run until the signal aborts. Neither stores anything itself: the runner does.
 */
import type { z } from 'zod';
import type { NativeRecord } from '../domain/record.ts';
import type { HttpClient } from '../net/http.ts';
import type { Clock } from '../ports/clock.ts';

export interface Malformed {
  reason: string;
  /** The first bytes of the offending item, for the log (never credentials). */
  sample: string;
}

export interface Batch {
  records: NativeRecord[];
  /** Persisted after `records` are stored; undefined = unchanged. */
  cursor?: string;
  malformed?: Malformed[];
  /** Epoch ms of the newest item in the batch, for the lag gauge. */
  newestAt?: number;
}

export interface ConnectorContext {
  http: HttpClient;
  clock: Clock;
  signal: AbortSignal;
  /** Refuse private addresses for user-supplied hosts (streaming sockets check it themselves). */
  guardPrivate: boolean;
  /** Reconnect pauses of stream connectors (injected: tests do not wait on the wall clock). */
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

export interface Connector {
  sync(cursor: string | undefined, ctx: ConnectorContext): AsyncIterable<Batch>;
}

export type SourceMode = 'poll' | 'stream' | 'push';

export interface SourceDefinition<P = unknown, S = unknown> {
  kind: string;
  label: string;
  mode: SourceMode;
  /** Non-secret configuration, returned by the API. */
  params: z.ZodType<P>;
  /** Credentials, stored sealed and never returned. */
  secrets: z.ZodType<S>;
  /** Hosts the user chose (feeds, instances) get the SSRF guard; fixed platform hosts do not need it. */
  userSuppliedHost: boolean;
  /** Default time between polls. */
  intervalMs: number;
  credentials: string;
  create(params: P, secrets: S): Connector;
}

/** The registry holds definitions of different parameter types; each validates its own input. */
// biome-ignore lint/suspicious/noExplicitAny: params/secrets are checked by each definition's zod schema.
export type AnySourceDefinition = SourceDefinition<any, any>;
