/** Mastodon connector against a fake instance: REST tag timeline (min_id paging) and SSE streaming. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { mastodonConnector } from '../../src/sources/mastodon/client.ts';
import { mastodonParams } from '../../src/sources/mastodon/config.ts';
import { FakeMastodon, type Status } from '../fakes/mastodon.ts';
import { crashAndResume, sourceInDataDir } from './crash.ts';
import { fixture, harness } from './support.ts';

const real = JSON.parse(fixture('mastodon/timelines-tag-response-body.json')) as Status[];
const streamed = fixture('mastodon/streaming-hashtag.sse');
const texts = [
  '<p>Рейс снова задержали на четыре часа <a href="https://m.example/tags/acme">#acme</a></p>',
  '<p>הטיסה שלי בוטלה בלי הודעה &amp; בלי החזר</p>',
  '<p>行李又丢了，客服不接电话</p>',
  '<p>Lost my bag again &mdash; support says &quot;wait&quot;</p>',
];

/** A Status in the documented shape with its own id/uri. */
function status(n: number): Status {
  const id = String(110_000_000_000_000_000n + BigInt(n));
  return {
    ...real[0]!,
    id,
    uri: `https://mastodon.example/users/someone/statuses/${id}`,
    url: `https://mastodon.example/@someone/${id}`,
    content: texts[n % texts.length],
    language: ['ru', 'he', 'zh', 'en'][n % 4],
    created_at: new Date(Date.parse('2026-11-24T00:00:00Z') + n * 1000).toISOString(),
  };
}

describe('mastodon connector', () => {
  let masto: FakeMastodon;
  before(async () => {
    masto = await new FakeMastodon().start();
  });
  after(() => masto.stop());
  beforeEach(() => {
    masto.statuses = [];
    masto.http.requests.length = 0;
    masto.streamConnections = 0;
  });
  const connector = (extra: Record<string, unknown> = {}) =>
    mastodonConnector(mastodonParams.parse({ instance: masto.http.url, hashtag: '#test', ...extra }), {
      accessToken: masto.token,
    });

  it('first sync maps the documented Statuses: uri identity, remote acct, reply, HTML to text', async () => {
    masto.statuses = [...real];
    const h = harness(connector());
    const r = await h.pass();
    assert.equal(r.error, undefined);
    assert.equal(h.sink.stored.size, 3);
    const local = h.sink.stored.get(
      'mastodon:https://mastodon.social/users/trwnh/statuses/108914430312582020',
    )!;
    assert.equal(local.text, '#test');
    assert.match(local.author!.handle, /^trwnh@127\.0\.0\.1:\d+$/);
    const remote = h.sink.stored.get(
      'mastodon:https://fosstodon.org/users/tobtobxx/statuses/108913983628474640',
    )!;
    assert.equal(remote.author?.handle, 'tobtobxx@fosstodon.org');
    assert.equal(remote.raw?.inReplyToLocalId, '108913981098896721');
    assert.equal(JSON.parse(h.checkpoints.cursors.get('src_test')!).minId, '108914430312582020');
  });

  it('incremental sync walks forward with min_id, page by page, without gaps', async () => {
    masto.statuses = [status(0)];
    const h = harness(connector());
    await h.pass();
    for (let i = 1; i <= 100; i++) masto.statuses.push(status(i));
    masto.http.requests.length = 0;
    await h.pass();
    assert.equal(h.sink.stored.size, 101);
    assert.deepEqual(
      masto.http.requests.map((r) => r.query.get('min_id')),
      [status(0).id, status(40).id, status(80).id, status(100).id],
    );
    const ru = [...h.sink.stored.values()].find((m) => m.lang === 'ru')!;
    assert.equal(ru.text, 'Рейс снова задержали на четыре часа #acme');
  });

  it('429 with X-RateLimit-Reset (an ISO time) is waited out; a run of 500s fails the pass and the next recovers', async () => {
    masto.statuses = [status(1)];
    const h = harness(connector());
    const reset = new Date(h.clock.now() + 90_000).toISOString();
    masto.http.faults.push({
      status: 429,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
      body: '{"error":"Too many requests"}',
    });
    const r = await h.pass();
    assert.equal(r.error, undefined);
    assert.ok(h.retries[0]!.delayMs >= 90_000);
    for (let i = 0; i < 5; i++) masto.http.faults.push({ status: 500, body: '{"error":"boom"}' });
    masto.statuses.push(status(2));
    assert.match((await h.pass()).error ?? '', /HTTP 500/);
    h.clock.advance(60_000);
    assert.equal((await h.pass()).error, undefined);
    assert.equal(h.sink.stored.size, 2);
  });

  it('skips a Status without uri and logs it', async () => {
    masto.statuses = [status(1), { ...status(2), uri: null } as unknown as Status];
    const h = harness(connector());
    const r = await h.pass();
    assert.equal(r.malformed, 1);
    assert.equal(h.sink.stored.size, 1);
  });

  it('stream mode: REST catch-up, then live SSE updates (the documented frames), a bad payload skipped, a dropped stream caught up by REST', async () => {
    masto.statuses = [status(0)];
    const h = harness(
      connector({ mode: 'stream', streamingUrl: masto.streamUrl, idleMs: 1500, flushMs: 10 }),
    );
    const pass = h.pass();
    while (masto.streamConnections === 0) await delay(5);
    // The documented hashtag stream, replayed verbatim.
    masto.sendRaw(streamed);
    masto.publish(status(1));
    masto.sendRaw('event: update\ndata: {"id": "truncated\n\n');
    await delay(100);
    masto.dropStreams();
    masto.statuses.push(status(2)); // posted while the stream was down: only REST can bring it
    while (masto.streamConnections < 2) await delay(5);
    masto.publish(status(3));
    const r = await pass;
    assert.equal(r.error, undefined);
    assert.equal(r.malformed, 1);
    const ids = [...h.sink.stored.keys()];
    for (const n of [0, 1, 2, 3]) assert.ok(ids.includes(`mastodon:${status(n).uri}`), `status ${n}`);
    assert.ok(
      ids.includes('mastodon:https://mastodon.social/users/trwnh/statuses/108914430312582020'),
      'the documented SSE update',
    );
  });

  it('stream mode over WebSocket: the documented frames (payload as a JSON string), a drop caught up by REST', async () => {
    masto.statuses = [status(10)];
    const h = harness(
      connector({
        mode: 'stream',
        transport: 'websocket',
        streamingUrl: masto.streamUrl,
        idleMs: 1500,
        flushMs: 10,
      }),
    );
    const pass = h.pass();
    while (masto.streamConnections === 0) await delay(5);
    for (const line of fixture('mastodon/websocket-events.ndjson').split('\n').filter(Boolean))
      masto.sendFrame(line);
    masto.sendFrame('not json at all');
    masto.publish(status(11));
    await delay(100);
    masto.dropStreams();
    masto.statuses.push(status(12));
    while (masto.streamConnections < 2) await delay(5);
    masto.publish(status(13));
    const r = await pass;
    assert.equal(r.error, undefined);
    assert.equal(r.malformed, 1);
    const ids = [...h.sink.stored.keys()];
    for (const n of [10, 11, 12, 13]) assert.ok(ids.includes(`mastodon:${status(n).uri}`), `status ${n}`);
    assert.ok(
      ids.includes('mastodon:https://fosstodon.org/users/tobtobxx/statuses/108913983628474640'),
      'the documented WebSocket update',
    );
  });

  it('kill -9 mid-sync, restart: every status stored exactly once', { timeout: 60_000 }, async () => {
    masto.statuses = [status(0)];
    const { dataDir, sourceId } = await sourceInDataDir(
      'mastodon',
      { instance: masto.http.url, hashtag: 'test' },
      { accessToken: masto.token },
    );
    try {
      // First run: the newest page becomes the checkpoint. Then 300 more arrive.
      const { after: first } = await crashAndResume.firstRun(dataDir, sourceId);
      assert.equal(first.total, 1);
      for (let i = 1; i <= 300; i++) masto.statuses.push(status(i));
      const { after: end } = await crashAndResume(dataDir, sourceId, 301);
      assert.equal(end.total, 301);
      assert.equal(end.distinct, 301);
      assert.equal(JSON.parse(end.cursor!).minId, status(300).id);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
