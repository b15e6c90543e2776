/** YouTube connector against a fake commentThreads.list replaying the captured response. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { youtubeConnector } from '../../src/sources/youtube/client.ts';
import { youtubeParams } from '../../src/sources/youtube/config.ts';
import { quotaDay } from '../../src/sources/youtube/map.ts';
import { FakeYoutube, type Thread } from '../fakes/youtube.ts';
import { crashAndResume, sourceInDataDir } from './crash.ts';
import { fixture, harness } from './support.ts';

const captured = JSON.parse(fixture('youtube/commentThreads-list-response.json')).items as Thread[];
const VIDEO = 'axepn8QqxRk';
const texts = [
  'Полный провал, верните деньги',
  'השירות הכי גרוע שראיתי',
  '客服态度太差了',
  'Worst update ever, app crashes on start',
];

function thread(n: number, at: number, videoId = VIDEO): Thread {
  const base = captured[3]!;
  const id = `Ugz${n.toString(36).padStart(8, '0')}TEST4AaABAg`;
  const top = (base.snippet as Thread['snippet']).topLevelComment as unknown as {
    snippet: Record<string, unknown>;
  };
  return {
    ...(base as object),
    id,
    snippet: {
      ...(base.snippet as object),
      videoId,
      topLevelComment: {
        ...top,
        id,
        snippet: {
          ...top.snippet,
          videoId,
          textOriginal: texts[n % 4],
          textDisplay: texts[n % 4],
          publishedAt: new Date(at).toISOString(),
        },
      },
    },
  } as unknown as Thread;
}

const now = Date.parse('2026-11-25T12:00:00Z');

describe('youtube connector', () => {
  let yt: FakeYoutube;
  before(async () => {
    yt = await new FakeYoutube().start();
  });
  after(() => yt.http.stop());
  beforeEach(() => {
    yt.threads = [];
    yt.used = 0;
    yt.unitsPerDay = 10_000;
    yt.disabledVideos.clear();
    yt.http.requests.length = 0;
  });
  const connector = (extra: Record<string, unknown> = {}) =>
    youtubeConnector(youtubeParams.parse({ videoIds: [VIDEO], apiBase: yt.http.url, ...extra }), {
      apiKey: yt.apiKey,
    });

  it('first sync maps the captured threads: textOriginal, handle, video link, reply count', async () => {
    yt.threads = [...captured];
    const h = harness(connector(), { now });
    const r = await h.pass();
    assert.equal(r.error, undefined);
    assert.equal(h.sink.stored.size, captured.length);
    const m = h.sink.stored.get('youtube:UgxZ_4mrATCew3h7uU54AaABAg')!;
    assert.equal(m.text, '0:45 akhiyaan gulaab song step..');
    assert.equal(m.author?.handle, '@AditiKumari-q8n');
    assert.equal(m.url, 'https://www.youtube.com/watch?v=axepn8QqxRk&lc=UgxZ_4mrATCew3h7uU54AaABAg');
    assert.equal(m.raw?.authorChannelId, 'UCz8P7BpP7spC_Q2XcOWGf1A');
    assert.equal(yt.http.requests[0]!.query.get('order'), 'time');
    assert.equal(JSON.parse(h.checkpoints.cursors.get('src_test')!).quota.used, 1);
  });

  it('incremental sync pages down to the high-water mark and counts one unit per call', async () => {
    yt.threads = [thread(0, now - 100_000)];
    const h = harness(connector(), { now });
    await h.pass();
    for (let i = 1; i <= 250; i++) yt.threads.push(thread(i, now - 50_000 + i * 10));
    await h.pass();
    assert.equal(h.sink.stored.size, 251);
    assert.equal(JSON.parse(h.checkpoints.cursors.get('src_test')!).quota.used, 1 + 3);
  });

  it('stops at its daily unit share before calling, and a 403 quotaExceeded ends the day; a new Pacific day resumes', async () => {
    yt.threads = [thread(1, now - 1000)];
    const h = harness(connector({ dailyUnits: 2 }), { now });
    await h.pass();
    await h.pass();
    const third = await h.pass();
    assert.match(third.error ?? '', /quota share of 2 units spent/);
    assert.equal(yt.used, 2, 'no call beyond the share');

    const h2 = harness(connector(), { now });
    yt.unitsPerDay = 0;
    const spent = await h2.pass();
    assert.match(spent.error ?? '', /quotaExceeded/);
    assert.equal(JSON.parse(h2.checkpoints.cursors.get('src_test')!).quota.used, 2000);
    yt.unitsPerDay = 10_000;
    yt.used = 0;
    h2.clock.set(Date.parse('2026-11-26T08:30:00Z')); // 00:30 in Los Angeles
    assert.notEqual(quotaDay(h2.clock.now()), quotaDay(now));
    const next = await h2.pass();
    assert.equal(next.error, undefined);
    assert.equal(h2.sink.stored.size, 1);
  });

  it('a video with comments disabled is skipped without failing the others; 503s are retried', async () => {
    yt.threads = [thread(1, now - 1000), thread(2, now - 900, 'dQw4w9WgXcQ')];
    yt.disabledVideos.add(VIDEO);
    yt.http.faults.push({ status: 503, body: 'backend error' });
    const h = harness(connector({ videoIds: [VIDEO, 'dQw4w9WgXcQ'] }), { now });
    const r = await h.pass();
    assert.equal(r.error, undefined);
    assert.equal(h.retries[0]!.status, 503);
    assert.deepEqual(h.sink.ids(), [thread(2, 0).id]);
    assert.ok(
      h.logs.some((l) => l.message === 'YouTube target skipped' && l.fields.reason === 'commentsDisabled'),
    );
  });

  it('skips a thread without a topLevelComment and logs it', async () => {
    yt.threads = [
      thread(1, now - 1000),
      {
        ...thread(2, now - 500),
        snippet: { videoId: VIDEO, channelId: 'x', topLevelComment: undefined },
      } as unknown as Thread,
    ];
    yt.threads[1]!.snippet.topLevelComment = {
      id: '',
      snippet: { publishedAt: new Date(now).toISOString() },
    } as never;
    const h = harness(connector(), { now });
    const r = await h.pass();
    assert.equal(r.malformed, 1);
    assert.equal(h.sink.stored.size, 1);
  });

  it('kill -9 mid-sync, restart: every comment stored exactly once', { timeout: 60_000 }, async () => {
    const t = Date.now();
    yt.threads = [thread(0, t - 1_000_000)];
    const { dataDir, sourceId } = await sourceInDataDir(
      'youtube',
      { videoIds: [VIDEO], apiBase: yt.http.url },
      { apiKey: yt.apiKey },
    );
    try {
      assert.equal((await crashAndResume.firstRun(dataDir, sourceId)).after.total, 1);
      for (let i = 1; i <= 300; i++) yt.threads.push(thread(i, t - 500_000 + i * 100));
      const { after: end } = await crashAndResume(dataDir, sourceId, 301);
      assert.equal(end.total, 301);
      assert.equal(end.distinct, 301);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
