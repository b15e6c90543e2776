/** Shared pieces of the connector tests: a sink with the store's identity rule, and a runner around it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Mention } from '../../src/domain/mention.ts';
import { normaliseRecord } from '../../src/domain/record.ts';
import { HttpClient } from '../../src/net/http.ts';
import { MemoryCheckpoints } from '../../src/ports/checkpoints.ts';
import { ManualClock } from '../../src/ports/clock.ts';
import {
  emptyReport,
  type IngestOrigin,
  type IngestReport,
  type IngestSink,
} from '../../src/ports/ingest.ts';
import { type RunnableSource, SourceRunner } from '../../src/sources/runner.ts';
import type { Connector } from '../../src/sources/types.ts';

export const fixtures = '/work/shared/fixtures/connectors';
export const fixture = (path: string): string => readFileSync(join(fixtures, path), 'utf8');

/** Stores by (source, externalId) like the real store; counts every delivery so duplicates show. */
export class MemorySink implements IngestSink {
  readonly stored = new Map<string, Mention>();
  deliveries = 0;
  async ingest(records: unknown[], origin: IngestOrigin): Promise<IngestReport> {
    const report = emptyReport();
    for (const [i, record] of records.entries()) {
      report.read++;
      this.deliveries++;
      const r = normaliseRecord(record, origin.workspaceId);
      if (!r.ok) {
        report.rejected.push({ line: i + 1, reason: r.reason });
        continue;
      }
      const key = `${r.mention.source}:${r.mention.externalId}`;
      if (this.stored.has(key)) report.duplicates++;
      else {
        this.stored.set(key, r.mention);
        report.stored++;
      }
    }
    return report;
  }
  ids(): string[] {
    return [...this.stored.values()].map((m) => m.externalId);
  }
}

export interface LogLine {
  level: string;
  fields: Record<string, unknown>;
  message: string;
}

export function harness(connector: Connector, opts: { sourceId?: string; now?: number } = {}) {
  const clock = new ManualClock(opts.now ?? Date.parse('2026-11-25T00:00:00Z'));
  const sink = new MemorySink();
  const checkpoints = new MemoryCheckpoints();
  const logs: LogLine[] = [];
  const logger = {
    info: (fields: Record<string, unknown>, message: string) =>
      void logs.push({ level: 'info', fields, message }),
    warn: (fields: Record<string, unknown>, message: string) =>
      void logs.push({ level: 'warn', fields, message }),
    error: (fields: Record<string, unknown>, message: string) =>
      void logs.push({ level: 'error', fields, message }),
  };
  const retries: Array<{ attempt: number; delayMs: number; status?: number }> = [];
  const controller = new AbortController();
  const sleeps: number[] = [];
  const http = new HttpClient({
    clock,
    guardPrivate: false,
    baseDelayMs: 1,
    maxDelayMs: 20,
    random: () => 0.5,
    // Time does not pass in these tests: waits are recorded, not slept, so nothing depends on speed.
    sleep: async (ms) => {
      clock.advance(ms);
    },
    onRetry: (info) => void retries.push(info),
    signal: controller.signal,
  });
  const runner = new SourceRunner({ sink, checkpoints, clock, logger });
  const source: RunnableSource = {
    id: opts.sourceId ?? 'src_test',
    kind: 'test',
    origin: { workspaceId: 'ws_test', sourceId: opts.sourceId ?? 'src_test', keepUnmatched: true },
    connector,
    context: {
      http,
      clock,
      signal: controller.signal,
      guardPrivate: false,
      random: () => 0.5,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        clock.advance(ms);
      },
    },
  };
  return {
    sleeps,
    clock,
    sink,
    checkpoints,
    logs,
    retries,
    runner,
    source,
    http,
    controller,
    pass: () => runner.runPass(source),
  };
}
