import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryBus } from '../bus/memory/memory-bus.ts';
import type { Mention } from '../domain/mention.ts';
import { InvalidRecord } from '../domain/record.ts';
import { ManualClock } from '../ports/clock.ts';
import type { Stage } from '../ports/stage.ts';
import type { MentionStore, StoredMention } from '../ports/store.ts';
import { Pipeline } from './pipeline.ts';

/** An in-memory MentionStore typed against the real port, with a gate to make it slow on demand. */
class FakeStore implements Pick<MentionStore, 'insertNew'> {
  readonly rows = new Map<string, StoredMention>();
  gate: Promise<void> = Promise.resolve();
  concurrent = 0;
  maxConcurrent = 0;
  async insertNew(batch: Mention[], ingestedAt: number): Promise<StoredMention[]> {
    this.concurrent++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
    await this.gate;
    this.concurrent--;
    const stored: StoredMention[] = [];
    for (const m of batch) {
      const key = `${m.workspaceId}/${m.source}/${m.externalId}`;
      if (this.rows.has(key)) continue;
      const s = { ...m, seq: this.rows.size + 1, ingestedAt };
      this.rows.set(key, s);
      stored.push(s);
    }
    return stored;
  }
}

const record = (id: number, text = 'אקמה אייר איבדו לי את המזוודה') => ({
  source: 'x',
  id: String(id),
  text,
  createdAt: '2026-11-25T10:00:00Z',
});

function pipelineWith(
  store: FakeStore,
  stages: Stage[] = [],
  options: { batchSize?: number; maxInFlight?: number } = {},
) {
  const bus = new MemoryBus();
  const pipeline = new Pipeline({
    store: store as unknown as MentionStore,
    bus,
    clock: new ManualClock(1),
    stages,
    ...options,
  });
  return { pipeline, bus };
}

describe('Pipeline', () => {
  it('reports read, stored, duplicates and rejected lines with their numbers', async () => {
    const store = new FakeStore();
    const { pipeline } = pipelineWith(store);
    const report = await pipeline.ingest(
      [
        record(1),
        undefined,
        new InvalidRecord('(line): not valid JSON'),
        { source: 'x', id: '3' },
        record(1),
        record(4),
      ],
      { workspaceId: 'ws' },
      10,
    );
    assert.equal(report.read, 5);
    assert.equal(report.stored, 2);
    assert.equal(report.duplicates, 1);
    assert.deepEqual(
      report.rejected.map((r) => r.line),
      [12, 13],
    );
  });

  it('stores a batch even when a stage throws, and counts what a stage drops', async () => {
    const store = new FakeStore();
    const broken: Stage = {
      name: 'broken',
      process: () => {
        throw new Error('boom');
      },
    };
    const dropOdd: Stage = {
      name: 'drop-odd',
      process: (b) => b.filter((m) => Number(m.externalId) % 2 === 0),
    };
    const { pipeline } = pipelineWith(store, [broken, dropOdd]);
    const report = await pipeline.ingest([record(1), record(2), record(3), record(4)], { workspaceId: 'ws' });
    assert.equal(report.stored, 2);
    assert.equal(report.dropped, 2);
  });

  it('publishes exactly the newly stored mentions to the bus', async () => {
    const store = new FakeStore();
    const { pipeline, bus } = pipelineWith(store);
    const seen: string[] = [];
    await bus.subscribe<StoredMention[]>(
      'mentions.stored',
      'test',
      (batch) => void seen.push(...batch.map((m) => m.externalId)),
    );
    await pipeline.ingest([record(1), record(2)], { workspaceId: 'ws' });
    await pipeline.ingest([record(2), record(3)], { workspaceId: 'ws' });
    await bus.drain();
    assert.deepEqual(seen, ['1', '2', '3']);
  });

  it('keeps at most maxInFlight batches in flight: further deliveries wait for the slow store', async () => {
    const store = new FakeStore();
    let open!: () => void;
    store.gate = new Promise((r) => {
      open = r;
    });
    const { pipeline } = pipelineWith(store, [], { batchSize: 1, maxInFlight: 2 });
    const deliveries = Array.from({ length: 6 }, (_, i) =>
      pipeline.ingest([record(i)], { workspaceId: 'ws' }),
    );
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(store.maxConcurrent, 2);
    open();
    const reports = await Promise.all(deliveries);
    assert.equal(
      reports.reduce((n, r) => n + r.stored, 0),
      6,
    );
    assert.equal(store.maxConcurrent, 2);
  });

  it('drains what is in flight, then refuses new deliveries with a clear error', async () => {
    const store = new FakeStore();
    const { pipeline } = pipelineWith(store);
    const inFlight = pipeline.ingest([record(1)], { workspaceId: 'ws' });
    await pipeline.drain();
    assert.equal((await inFlight).stored, 1);
    await assert.rejects(pipeline.ingest([record(2)], { workspaceId: 'ws' }), /shutting down/);
  });
});
