/** Bluesky searchPosts backfill against a fake PDS (session + search) serving the captured postViews. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { searchParams } from '../../src/sources/bluesky/config.ts';
import { searchConnector } from '../../src/sources/bluesky/search.ts';
import { FakeXrpc, type PostView } from '../fakes/bluesky-xrpc.ts';
import { crashAndResume, sourceInDataDir } from './crash.ts';
import { fixture, harness } from './support.ts';

const captured = (JSON.parse(fixture('bluesky/searchPosts-response.json')) as { posts: PostView[] }).posts;
const template = captured[0]!;
const texts = [
  'acme: доставка сорвана уже неделю',
  'acme — השירות לא עובד מהבוקר',
  'acme 的退款一直没有到账',
  'acme double-charged my card again',
];

function view(n: number, at: number): PostView {
  const rkey = `3gen${n.toString(36).padStart(6, '0')}`;
  return {
    ...template,
    uri: `at://did:plc:ia76kvnndjutgedggx2ibrem/app.bsky.feed.post/${rkey}`,
    indexedAt: new Date(at).toISOString(),
    record: {
      ...(template.record as object),
      text: texts[n % texts.length],
      createdAt: new Date(at).toISOString(),
    },
  };
}

const now = Date.parse('2026-11-25T00:00:00Z');

describe('bluesky search connector', () => {
  let pds: FakeXrpc;
  before(async () => {
    pds = await new FakeXrpc().start();
  });
  after(() => pds.http.stop());
  beforeEach(() => {
    pds.posts = [];
    pds.sessions = 0;
    pds.refreshes = 0;
    pds.http.requests.length = 0;
  });
  const connector = (query = 'acme', extra: Record<string, unknown> = {}) =>
    searchConnector(searchParams.parse({ query, service: pds.http.url, ...extra }), {
      identifier: pds.identifier,
      appPassword: pds.appPassword,
    });

  it('first sync: logs in with the app password and maps the captured postViews', async () => {
    pds.posts = captured.map((p) => ({ ...p, indexedAt: new Date(now - 3_600_000).toISOString() }));
    const word = String((template.record as { text: string }).text).split(' ')[0]!;
    const h = harness(connector(word), { now });
    const r = await h.pass();
    assert.equal(r.error, undefined);
    assert.equal(pds.sessions, 1);
    const m = h.sink.stored.get(`bluesky:${template.uri}`)!;
    assert.equal(m.author?.handle, 'mary.my.id');
    assert.equal(m.author?.name, 'mary🐇');
    assert.equal(m.text, (template.record as { text: string }).text);
    assert.equal(m.engagement?.likes, template.likeCount);
    const q = pds.http.requests.find((x) => x.path.endsWith('searchPosts'))!.query;
    assert.equal(q.get('sort'), 'latest');
  });

  it('incremental sync pages with the cursor from since = newest − overlap; an expired token is refreshed', async () => {
    pds.posts = Array.from({ length: 150 }, (_, i) => view(i, now - 7_200_000 + i * 1000));
    const h = harness(connector(), { now });
    await h.pass();
    assert.equal(h.sink.stored.size, 150);
    pds.posts.push(...Array.from({ length: 30 }, (_, i) => view(150 + i, now - 600_000 + i * 1000)));
    pds.expireAccess();
    pds.http.requests.length = 0;
    await h.pass();
    assert.equal(pds.refreshes, 1);
    assert.equal(pds.sessions, 1, 'no second createSession (30 per 5 min)');
    const since = pds.http.requests
      .filter((x) => x.path.endsWith('searchPosts'))
      .at(-1)!
      .query.get('since');
    assert.equal(Date.parse(since!), now - 7_200_000 + 149_000 - 300_000);
    assert.equal(h.sink.stored.size, 180);
  });

  it('waits out a 429 with RateLimit-Reset, and recovers from a run of 502s on the next pass', async () => {
    pds.posts = [view(1, now - 1000)];
    const h = harness(connector(), { now });
    pds.http.faults.push({
      status: 429,
      headers: { 'ratelimit-remaining': '0', 'ratelimit-reset': '40' },
      body: '{"error":"RateLimitExceeded"}',
    });
    const r = await h.pass();
    assert.equal(r.error, undefined);
    assert.ok(h.retries[0]!.delayMs >= 40_000);
    for (let i = 0; i < 5; i++) pds.http.faults.push({ status: 502, body: 'Bad Gateway' });
    pds.posts.push(view(2, now));
    const failed = await h.pass();
    assert.match(failed.error ?? '', /HTTP 502/);
    h.clock.advance(60_000);
    const ok = await h.pass();
    assert.equal(ok.error, undefined);
    assert.equal(h.sink.stored.size, 2);
  });

  it('skips a postView with a bad URI and logs it', async () => {
    pds.posts = [view(1, now - 1000), { ...view(2, now - 500), uri: 'https://not-an-at-uri' }];
    const h = harness(connector(), { now });
    const r = await h.pass();
    assert.equal(r.malformed, 1);
    assert.equal(h.sink.stored.size, 1);
  });

  it('kill -9 mid-sync, restart: every post stored exactly once', { timeout: 60_000 }, async () => {
    const total = 300;
    const t = Date.now();
    pds.posts = Array.from({ length: total }, (_, i) => view(i, t - 1_000_000 + i * 1000));
    const { dataDir, sourceId } = await sourceInDataDir(
      'bluesky-search',
      { query: 'acme', service: pds.http.url },
      { identifier: pds.identifier, appPassword: pds.appPassword },
    );
    // 100 per page is the API maximum: slow storage makes the 3 pages take long enough to be killed.
    try {
      const { after: end } = await crashAndResume(dataDir, sourceId, total);
      assert.equal(end.total, total);
      assert.equal(end.distinct, total);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
