/**
 * Runs a connector: loads its cursor, pulls batches, hands each batch to the IngestSink and — only once
 * `ingest()` has resolved, i.e. the records are stored — persists the batch's cursor. A crash at any
 * point therefore re-reads from the last stored cursor; identity de-duplication in the store drops the
 * overlap. Malformed items are logged with the source and skipped. Health is written after every pass.
 */
import { CircuitOpenError } from '../net/breaker.ts';
import type { CheckpointStore, SourceHealth } from '../ports/checkpoints.ts';
import type { Clock } from '../ports/clock.ts';
import type { IngestOrigin, IngestSink } from '../ports/ingest.ts';
import type { Connector, ConnectorContext } from './types.ts';

export interface RunnerLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface RunnableSource {
  id: string;
  kind: string;
  origin: IngestOrigin;
  connector: Connector;
  context: Omit<ConnectorContext, 'log'>;
}

export interface PassResult {
  batches: number;
  read: number;
  stored: number;
  duplicates: number;
  malformed: number;
  error?: string;
}

export class SourceRunner {
  constructor(
    private readonly deps: {
      sink: IngestSink;
      checkpoints: CheckpointStore;
      clock: Clock;
      logger: RunnerLogger;
    },
  ) {}

  /** One pass: until the connector is caught up (poll) or the signal aborts (stream). Never throws. */
  async runPass(source: RunnableSource): Promise<PassResult> {
    const { sink, checkpoints, clock, logger } = this.deps;
    const startedAt = clock.now();
    const result: PassResult = { batches: 0, read: 0, stored: 0, duplicates: 0, malformed: 0 };
    const health: SourceHealth = { ...((await checkpoints.loadHealth(source.id)) ?? {}) };
    let newestAt: number | undefined;
    const ctx: ConnectorContext = {
      ...source.context,
      log: (level, message, fields) =>
        logger[level]({ sourceId: source.id, kind: source.kind, ...fields }, message),
    };
    try {
      let cursor = await checkpoints.load(source.id);
      for await (const batch of source.connector.sync(cursor, ctx)) {
        result.batches++;
        for (const bad of batch.malformed ?? []) {
          result.malformed++;
          logger.warn(
            { sourceId: source.id, kind: source.kind, reason: bad.reason, sample: bad.sample.slice(0, 200) },
            'malformed item skipped',
          );
        }
        if (batch.records.length > 0) {
          const report = await sink.ingest(batch.records, source.origin);
          result.read += report.read;
          result.stored += report.stored;
          result.duplicates += report.duplicates;
          for (const rejection of report.rejected) {
            result.malformed++;
            logger.warn(
              { sourceId: source.id, kind: source.kind, reason: rejection.reason },
              'record rejected',
            );
          }
        }
        // Only now: the records this cursor covers are stored.
        if (batch.cursor !== undefined && batch.cursor !== cursor) {
          await checkpoints.save(source.id, batch.cursor);
          cursor = batch.cursor;
        }
        if (batch.newestAt !== undefined) newestAt = Math.max(newestAt ?? 0, batch.newestAt);
        if (source.context.signal.aborted) break;
      }
      const now = clock.now();
      const sincePrevious = health.lastSuccessAt ? now - health.lastSuccessAt : now - startedAt;
      health.itemsPerMinute =
        sincePrevious > 0 ? Math.round((result.stored * 60_000 * 100) / sincePrevious) / 100 : 0;
      health.lastSuccessAt = now;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result.error = message;
      health.lastErrorAt = clock.now();
      health.lastError = message.slice(0, 500);
      if (!(error instanceof CircuitOpenError))
        logger.error({ sourceId: source.id, kind: source.kind, err: message }, 'source pass failed');
    }
    if (newestAt !== undefined) health.lagMs = Math.max(0, clock.now() - newestAt);
    health.itemsTotal = (health.itemsTotal ?? 0) + result.stored;
    health.malformedTotal = (health.malformedTotal ?? 0) + result.malformed;
    health.circuit = source.context.http.breaker.state;
    await checkpoints.saveHealth(source.id, health).catch(() => undefined);
    return result;
  }

  /** Polls every `intervalMs` (streams reconnect after the same pause) until the signal aborts. */
  async runForever(
    source: RunnableSource,
    intervalMs: number,
    sleep: (ms: number) => Promise<void>,
  ): Promise<void> {
    while (!source.context.signal.aborted) {
      await this.runPass(source);
      if (source.context.signal.aborted) break;
      await sleep(intervalMs).catch(() => undefined);
    }
  }
}
