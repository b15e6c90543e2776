/** The runner's ordering guarantee on its own: a cursor is saved only after its batch is stored. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { HttpClient } from '../../src/net/http.ts';
import { MemoryCheckpoints } from '../../src/ports/checkpoints.ts';
import { ManualClock } from '../../src/ports/clock.ts';
import type { IngestSink } from '../../src/ports/ingest.ts';
import { SourceRunner } from '../../src/sources/runner.ts';
import type { Batch, Connector } from '../../src/sources/types.ts';
import { MemorySink } from './support.ts';

const record = (n: number) => ({
  source: 'test',
  id: `r${n}`,
  text: ['Сбой оплаты', 'תקלה בתשלום', '支付失败', 'payment failed'][n % 4]!,
  createdAt: 1_790_000_000_000 + n,
});

function connector(batches: Batch[], seen: Array<string | undefined>): Connector {
  return {
    async *sync(cursor) {
      seen.push(cursor);
      for (const b of batches) yield b;
    },
  };
}

function setup(sink: IngestSink, conn: Connector) {
  const clock = new ManualClock(1_790_000_100_000);
  const checkpoints = new MemoryCheckpoints();
  const quiet = { info() {}, warn() {}, error() {} };
  const runner = new SourceRunner({ sink, checkpoints, clock, logger: quiet });
  const signal = new AbortController().signal;
  const source = {
    id: 's1',
    kind: 'test',
    origin: { workspaceId: 'w', keepUnmatched: true },
    connector: conn,
    context: {
      http: new HttpClient({ clock, guardPrivate: true }),
      clock,
      signal,
      guardPrivate: true,
      random: () => 0.5,
      sleep: async () => {},
    },
  };
  return { runner, source, checkpoints };
}

it('a sink failure on the second batch leaves the first batch cursor, and the next pass starts from it', async () => {
  const memory = new MemorySink();
  let calls = 0;
  const flaky: IngestSink = {
    async ingest(records, origin) {
      calls++;
      if (calls === 2) throw new Error('disk full');
      return memory.ingest(records, origin);
    },
  };
  const seen: Array<string | undefined> = [];
  const batches: Batch[] = [
    { records: [record(1), record(2)], cursor: 'c1' },
    { records: [record(3)], cursor: 'c2' },
    { records: [record(4)], cursor: 'c3' },
  ];
  const { runner, source, checkpoints } = setup(flaky, connector(batches, seen));
  const first = await runner.runPass(source);
  assert.match(first.error ?? '', /disk full/);
  assert.equal(checkpoints.cursors.get('s1'), 'c1', 'the cursor of the unstored batch was not saved');
  assert.equal(checkpoints.health.get('s1')?.lastError, 'disk full');
  const second = await runner.runPass(source);
  assert.equal(second.error, undefined);
  assert.deepEqual(seen, [undefined, 'c1']);
  assert.equal(checkpoints.cursors.get('s1'), 'c3');
  assert.deepEqual(memory.ids().sort(), ['r1', 'r2', 'r3', 'r4']);
});

it('a batch with only malformed items still moves the cursor (they are skipped, not retried forever)', async () => {
  const memory = new MemorySink();
  const seen: Array<string | undefined> = [];
  const { runner, source, checkpoints } = setup(
    memory,
    connector([{ records: [], malformed: [{ reason: 'bad', sample: '{' }], cursor: 'm1' }], seen),
  );
  const r = await runner.runPass(source);
  assert.equal(r.malformed, 1);
  assert.equal(checkpoints.cursors.get('s1'), 'm1');
  assert.equal(checkpoints.health.get('s1')?.malformedTotal, 1);
});
