import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../src/ports/clock.ts';
import type { IngestOrigin, IngestReport, IngestSink } from '../../src/ports/ingest.ts';
import { replay, startReplay } from '../../src/replay/index.ts';
import { type ImportTestApp, openImportApp, texts } from '../import/app.ts';
import { dataDirWithWorkspace } from '../import/workspace.ts';
import { cliEnv, runCli } from '../support/cli.ts';

const T0 = Date.parse('2026-11-24T06:00:00Z');
const MINUTE = 60_000;
const langs = Object.entries(texts);

/** A calm start, then a burst: minute offsets of each record. */
const offsets = [0, 10, 20, 30, 31, 31, 32, 32, 32, 33];
const stream = offsets
  .map((m, i) => {
    const [lang, text] = langs[i % langs.length]!;
    return JSON.stringify({
      source: 'x',
      id: `r${i}`,
      text,
      lang,
      createdAt: new Date(T0 + m * MINUTE).toISOString(),
    });
  })
  .join('\n');

/** Fake real time: sleeping moves it forward, so the test never waits. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    realNow: () => now,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    elapsed: () => now,
  };
}

/** Records what the clock said each time the pipeline received a batch. */
function watching(sink: IngestSink, clock: ManualClock) {
  const seen: { at: number; ids: string[] }[] = [];
  const wrapped: IngestSink = {
    ingest(records: unknown[], origin: IngestOrigin, firstLine?: number): Promise<IngestReport> {
      seen.push({ at: clock.now(), ids: records.map((r) => (r as { id?: string })?.id ?? '?') });
      return sink.ingest(records, origin, firstLine);
    },
  };
  return { sink: wrapped, seen };
}

describe('replay: a recorded stream at N× speed on a simulated clock', () => {
  let t: ImportTestApp;
  before(async () => {
    t = await openImportApp();
  });
  after(() => t.close());

  it("at speed 60 a recorded minute takes a real second, and the clock shows each record's time as it arrives", async () => {
    const file = t.file('speed.jsonl', stream.replaceAll('"r', '"s'));
    const clock = new ManualClock();
    const time = fakeTime();
    const { sink, seen } = watching(t.app.pipeline, clock);
    const s = await replay(file, {
      sink,
      origin: { workspaceId: t.workspaceId },
      speed: 60,
      clock,
      ...time,
      tickMs: 250,
    });
    assert.deepEqual([s.read, s.stored, s.aborted], [offsets.length, offsets.length, false]);
    // 33 recorded minutes at 60× is 33 real seconds.
    assert.equal(Math.round(time.elapsed()), 33 * 1000);
    for (const batch of seen) {
      for (const id of batch.ids) {
        const i = Number(id.slice(1));
        assert.ok(batch.at >= T0 + offsets[i]! * MINUTE, `${id} delivered before its time`);
      }
    }
    // The burst at minutes 31-32 arrives in few deliveries, not one per record.
    assert.ok(seen.length < offsets.length);
    assert.equal(clock.now(), T0 + 33 * MINUTE);
    // While waiting through the calm, the clock ticks along instead of jumping.
    assert.ok(time.sleeps.every((ms) => ms <= 250));
  });

  it('speed 0 never sleeps and still moves the clock to the last record', async () => {
    const file = t.file('fast.jsonl', stream.replaceAll('"r', '"f'));
    const clock = new ManualClock();
    const time = fakeTime();
    const s = await replay(file, {
      sink: t.app.pipeline,
      origin: { workspaceId: t.workspaceId },
      speed: 0,
      clock,
      ...time,
    });
    assert.equal(s.stored, offsets.length);
    assert.deepEqual(time.sleeps, []);
    assert.equal(clock.now(), T0 + 33 * MINUTE);
  });

  it('shiftTo moves the whole stream to start at that instant, keeping its spacing', async () => {
    const file = t.file('shift.jsonl', stream.replaceAll('"r', '"h'));
    const now = Date.parse('2026-11-25T12:00:00Z');
    const s = await replay(file, {
      sink: t.app.pipeline,
      origin: { workspaceId: t.workspaceId },
      speed: 0,
      shiftTo: now,
    });
    assert.equal(s.firstAt, now);
    assert.equal(s.lastAt, now + 33 * MINUTE);
    for (const [i, m] of offsets.entries()) {
      const stored = await t.app.store.mentions.get(t.workspaceId, 'x', `h${i}`);
      assert.equal(stored?.createdAt, now + m * MINUTE);
    }
  });

  it('stops when aborted, keeping what was already delivered', async () => {
    const file = t.file('abort.jsonl', stream.replaceAll('"r', '"a'));
    const controller = new AbortController();
    const time = fakeTime();
    const sleep = async (ms: number, signal?: AbortSignal) => {
      // Stop during the calm: after the first ten simulated minutes.
      if (time.elapsed() >= 10_000) controller.abort();
      await time.sleep(ms, signal);
    };
    const s = await replay(file, {
      sink: t.app.pipeline,
      origin: { workspaceId: t.workspaceId },
      speed: 60,
      signal: controller.signal,
      realNow: time.realNow,
      sleep,
    });
    assert.equal(s.aborted, true);
    assert.ok(s.stored >= 2 && s.stored < offsets.length, `stored ${s.stored}`);
  });

  it('runs in the background beside a server and stops on shutdown, keeping what it delivered', async () => {
    const file = t.file('background.jsonl', stream.replaceAll('"r', '"g'));
    // Real time this once, at a speed where the stream would take minutes: stop() must end it early.
    const running = startReplay(file, {
      sink: t.app.pipeline,
      origin: { workspaceId: t.workspaceId },
      speed: 1,
    });
    await new Promise((r) => setTimeout(r, 50));
    await running.stop();
    const s = await running.done;
    assert.equal(s?.aborted, true);
    assert.equal(s?.stored, 1, 'the first record is due at once; the next only ten recorded minutes later');
    assert.equal((await t.app.store.mentions.get(t.workspaceId, 'x', 'g0'))?.text, texts.en);
  });

  it('reports bad lines of the recording by line number and replays the rest', async () => {
    const lines = stream.replaceAll('"r', '"b').split('\n');
    lines.splice(2, 0, '{"source":"x","id":"broken"');
    const file = t.file('bad.jsonl', lines.join('\n'));
    const s = await replay(file, { sink: t.app.pipeline, origin: { workspaceId: t.workspaceId }, speed: 0 });
    assert.equal(s.stored, offsets.length);
    assert.equal(s.rejectedCount, 1);
    assert.equal(s.rejected[0]?.line, 3);
  });
});

describe('firebreak replay (the CLI, in a child process)', () => {
  let dataDir: string;
  before(async () => {
    ({ dataDir } = await dataDirWithWorkspace('replay'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('replays a file as fast as possible, shifted to start now', async () => {
    const file = join(dataDir, 'stream.jsonl');
    writeFileSync(file, stream);
    const before = Date.now();
    const r = await runCli(['replay', file, '--as-fast-as-possible', '--now', '--json'], cliEnv(dataDir));
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.stored, offsets.length);
    assert.ok(s.firstAt >= before && s.firstAt <= Date.now());
    assert.equal(s.lastAt - s.firstAt, 33 * MINUTE);
  });
});
