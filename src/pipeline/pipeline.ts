/**
 * The ingest pipeline: records → normalise → stages (match, enrich, …) → store (identity de-dup +
 * rollups) → bus (`mentions.stored`) for detectors and other consumers. `ingest` resolves once the
 * batch is stored, which is what lets sources checkpoint safely. At most `maxInFlight` batches run at
 * once; further callers wait, so a slow stage or database slows the sources and memory stays bounded.
 */

import type { Mention } from '../domain/mention.ts';
import { InvalidRecord, normaliseRecord } from '../domain/record.ts';
import { type Bus, subjects } from '../ports/bus.ts';
import type { Clock } from '../ports/clock.ts';
import { emptyReport, type IngestOrigin, type IngestReport, type IngestSink } from '../ports/ingest.ts';
import type { Stage, StageContext } from '../ports/stage.ts';
import type { MentionStore, StoredMention } from '../ports/store.ts';
import type { Logger } from '../telemetry/logger.ts';
import { ingestRecords, pipelineBatchSeconds, pipelineInFlight, stageErrors } from '../telemetry/metrics.ts';
import { Semaphore } from './semaphore.ts';

export interface PipelineOptions {
  store: MentionStore;
  bus: Bus;
  clock: Clock;
  stages: Stage[];
  logger?: Logger;
  batchSize?: number;
  maxInFlight?: number;
}

export class Pipeline implements IngestSink {
  private readonly semaphore: Semaphore;
  private readonly batchSize: number;
  private closed = false;

  constructor(private readonly options: PipelineOptions) {
    this.batchSize = options.batchSize ?? 2_000;
    this.semaphore = new Semaphore(options.maxInFlight ?? 4);
  }

  get stages(): readonly Stage[] {
    return this.options.stages;
  }

  /**
   * `records[i]` is line `firstLine + i` of the delivery. An `undefined` entry stands for a line that
   * holds no record (a blank line): it is not counted, and the numbering of the others stays right.
   * An `InvalidRecord` entry is rejected with its reason.
   */
  async ingest(records: unknown[], origin: IngestOrigin, firstLine = 1): Promise<IngestReport> {
    if (this.closed) throw new Error('The pipeline is shutting down; retry the delivery later.');
    const report = emptyReport();
    for (let i = 0; i < records.length; i += this.batchSize) {
      const part = await this.ingestBatch(records.slice(i, i + this.batchSize), origin, firstLine + i);
      report.read += part.read;
      report.stored += part.stored;
      report.duplicates += part.duplicates;
      report.dropped += part.dropped;
      report.rejected.push(...part.rejected);
    }
    return report;
  }

  /** Mentions already normalised (replay, drills) skip validation but take the same path. */
  async ingestMentions(mentions: Mention[], origin: IngestOrigin): Promise<IngestReport> {
    const release = await this.semaphore.acquire();
    try {
      return await this.process(mentions, origin, { ...emptyReport(), read: mentions.length });
    } finally {
      release();
    }
  }

  private async ingestBatch(
    records: unknown[],
    origin: IngestOrigin,
    firstLine: number,
  ): Promise<IngestReport> {
    const release = await this.semaphore.acquire();
    pipelineInFlight.set(this.semaphore.inUse);
    try {
      const report = emptyReport();
      const mentions: Mention[] = [];
      records.forEach((record, i) => {
        if (record === undefined) return;
        report.read++;
        const withDefault =
          origin.defaultSource &&
          isObject(record) &&
          !(record instanceof InvalidRecord) &&
          record.source === undefined
            ? { ...record, source: origin.defaultSource }
            : record;
        const result = normaliseRecord(withDefault, origin.workspaceId);
        if (result.ok) mentions.push(result.mention);
        else report.rejected.push({ line: firstLine + i, reason: result.reason });
      });
      return await this.process(mentions, origin, report);
    } finally {
      release();
      pipelineInFlight.set(this.semaphore.inUse);
    }
  }

  private async process(
    mentions: Mention[],
    origin: IngestOrigin,
    report: IngestReport,
  ): Promise<IngestReport> {
    const timer = pipelineBatchSeconds.startTimer();
    const ctx: StageContext = { clock: this.options.clock, origin };
    let batch = mentions;
    for (const stage of this.options.stages) {
      try {
        batch = await stage.process(batch, ctx);
      } catch (error) {
        // One broken stage must not lose the batch: store it without that stage's work.
        stageErrors.inc({ stage: stage.name });
        this.options.logger?.error(
          { err: error, stage: stage.name },
          'pipeline stage failed; batch continues',
        );
      }
    }
    report.dropped += mentions.length - batch.length;
    const stored: StoredMention[] = await this.options.store.insertNew(
      batch,
      this.options.clock.now(),
      origin.sourceId,
    );
    report.stored += stored.length;
    report.duplicates += batch.length - stored.length;
    if (stored.length > 0) await this.options.bus.publish(subjects.mentionsStored, stored);
    timer();
    const source = origin.defaultSource ?? stored[0]?.source ?? 'mixed';
    ingestRecords.inc({ source, outcome: 'stored' }, report.stored);
    ingestRecords.inc({ source, outcome: 'duplicate' }, report.duplicates);
    ingestRecords.inc({ source, outcome: 'dropped' }, report.dropped);
    ingestRecords.inc({ source, outcome: 'rejected' }, report.rejected.length);
    return report;
  }

  /** Stops taking new deliveries and waits for the batches in flight and the bus consumers. */
  async drain(): Promise<void> {
    this.closed = true;
    const releases = await Promise.all(
      Array.from({ length: this.options.maxInFlight ?? 4 }, () => this.semaphore.acquire()),
    );
    await this.options.bus.drain();
    for (const release of releases) release();
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
