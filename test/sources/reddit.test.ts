/** Reddit connector against a fake token endpoint + OAuth listing server replaying PRAW's cassettes. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { redditConnector } from '../../src/sources/reddit/client.ts';
import { redditParams } from '../../src/sources/reddit/config.ts';
import { FakeReddit, realComments, realModern, type Thing } from '../fakes/reddit.ts';
import { crashAndResume, sourceInDataDir } from './crash.ts';
import { harness } from './support.ts';

const bodies = [
  'Доставка опять сорвана, поддержка молчит',
  'ההזמנה שלי לא הגיעה כבר שבועיים',
  '退款申请提交一个月了还没有处理',
  'Their outage took down our whole checkout flow',
];

/** A comment in the real t1 shape of the cassette, with a new fullname, time and body. */
function comment(n: number, createdSeconds: number): Thing {
  const base = realComments[0]!.data;
  const id = `zz${n.toString(36).padStart(5, '0')}`;
  return {
    kind: 't1',
    data: {
      ...base,
      id,
      name: `t1_${id}`,
      body: bodies[n % bodies.length],
      created_utc: createdSeconds,
      permalink: `/r/acme/comments/abc/x/${id}/`,
    },
  };
}

const now = Date.parse('2026-11-25T00:00:00Z');
const nowS = now / 1000;

describe('reddit connector', () => {
  let reddit: FakeReddit;
  before(async () => {
    reddit = await new FakeReddit().start();
  });
  after(() => reddit.stop());
  beforeEach(() => {
    reddit.things = [];
    reddit.tokensIssued = 0;
    reddit.used = 0;
    reddit.api.requests.length = 0;
  });
  const connector = (extra: Record<string, unknown> = {}) =>
    redditConnector(
      redditParams.parse({
        subreddit: 'acme',
        apiBase: reddit.api.url,
        authBase: reddit.auth.url,
        userAgent: 'test:firebreak:0.1 (by /u/firebreak)',
        ...extra,
      }),
      { clientId: 'cid', clientSecret: 'csecret' },
    );

  it('first sync: app-only token, then the real cassette comments mapped', async () => {
    reddit.things = [...realComments];
    const h = harness(connector(), { now });
    const r = await h.pass();
    assert.equal(r.error, undefined);
    assert.equal(reddit.tokensIssued, 1);
    assert.equal(reddit.api.requests[0]!.query.get('raw_json'), '1');
    assert.equal(h.sink.stored.size, realComments.length);
    const m = h.sink.stored.get('reddit:t1_k3yrfii')!;
    assert.equal(m.text, 'Did it work?');
    assert.equal(m.author?.handle, 'Acceptable-Bread-566');
    assert.equal(m.parentId, 't1_k3u4rtt');
    assert.equal(m.createdAt, 1696754768000);
    assert.match(m.url ?? '', /^https:\/\/www\.reddit\.com\/r\//);
  });

  it('maps the modern t3 post of the 2026 cassette through search', async () => {
    reddit.things = [...realModern];
    const post = realModern.find((t) => t.kind === 't3')!;
    const word = String(post.data.title).split(' ')[0]!;
    const h = harness(connector({ listing: 'search', query: word, subreddit: undefined }), { now });
    const r = await h.pass();
    assert.equal(r.error, undefined);
    const m = h.sink.stored.get(`reddit:${post.data.name}`)!;
    assert.equal(m.title, post.data.title);
    assert.equal(m.engagement?.replies, post.data.num_comments);
    assert.equal(reddit.api.requests[0]!.path, '/search');
    assert.equal(reddit.api.requests[0]!.query.get('sort'), 'new');
  });

  it('incremental sync follows `after` down to the high-water mark and stores only new comments', async () => {
    for (let i = 0; i < 30; i++) reddit.things.push(comment(i, nowS - 10_000 + i * 10));
    const h = harness(connector(), { now });
    await h.pass();
    assert.equal(h.sink.stored.size, 30);
    for (let i = 30; i < 280; i++) reddit.things.push(comment(i, nowS - 5_000 + i));
    reddit.api.requests.length = 0;
    await h.pass();
    assert.equal(h.sink.stored.size, 280);
    assert.equal(
      reddit.api.requests.length,
      3,
      '250 new comments = 3 pages of 100, the third reaching old ones',
    );
    assert.equal(reddit.tokensIssued, 1, 'the token is cached');
    reddit.api.requests.length = 0;
    await h.pass();
    assert.equal(reddit.api.requests.length, 1);
    assert.equal(h.sink.stored.size, 280);
  });

  it('honours the 429 and x-ratelimit-reset of the constructed rate-limit response', async () => {
    reddit.things = [comment(1, nowS - 5)];
    const h = harness(connector(), { now });
    reddit.api.faults.push({
      status: 429,
      headers: {
        'content-type': 'application/json; charset=UTF-8',
        'x-ratelimit-used': '1000',
        'x-ratelimit-remaining': '0.0',
        'x-ratelimit-reset': '212',
      },
      body: '{"message": "Too Many Requests", "error": 429}',
    });
    const r = await h.pass();
    assert.equal(r.error, undefined);
    assert.equal(h.retries[0]!.status, 429);
    assert.ok(
      h.retries[0]!.delayMs >= 212_000,
      `waited for the window to reset (${h.retries[0]!.delayMs} ms)`,
    );
    assert.equal(h.sink.stored.size, 1);
  });

  it('paces from x-ratelimit-remaining: a nearly spent budget spreads the calls over the window', async () => {
    for (let i = 0; i < 250; i++) reddit.things.push(comment(i, nowS - 1000 + i));
    reddit.budget = 3;
    reddit.windowSeconds = 300;
    const h = harness(connector({ firstSyncPages: 3 }), { now });
    const started = h.clock.now();
    await h.pass();
    reddit.budget = 1000;
    reddit.windowSeconds = 1;
    assert.equal(h.sink.stored.size, 250);
    // After call 2 one request is left in a 300 s window; after call 3 none: the client waits it out.
    assert.ok(h.clock.now() - started >= 300_000, 'waited for the window instead of spending past it');
  });

  it('a 401 renews the token once; a run of 503s fails the pass and the next one recovers', async () => {
    reddit.things = [comment(1, nowS - 5)];
    const h = harness(connector(), { now });
    await h.pass();
    reddit.things.push(comment(2, nowS - 1));
    reddit.api.faults.push({ status: 401, body: '{"message": "Unauthorized", "error": 401}' });
    await h.pass();
    assert.equal(reddit.tokensIssued, 2);
    assert.equal(h.sink.stored.size, 2);

    for (let i = 0; i < 5; i++)
      reddit.api.faults.push({ status: 503, body: '<html>Our CDN was unable to reach our servers</html>' });
    reddit.things.push(comment(3, nowS));
    const failed = await h.pass();
    assert.match(failed.error ?? '', /HTTP 503/);
    h.clock.advance(60_000);
    const ok = await h.pass();
    assert.equal(ok.error, undefined);
    assert.equal(h.sink.stored.size, 3);
  });

  it('skips a thing without a fullname, logs it, and treats a non-Listing body as a failed pass', async () => {
    const broken = comment(7, nowS - 3);
    broken.data.name = '';
    reddit.things = [comment(1, nowS - 5), broken];
    const h = harness(connector(), { now });
    const r = await h.pass();
    assert.equal(r.malformed, 1);
    assert.equal(h.sink.stored.size, 1);
    assert.ok(
      h.logs.some((l) => l.message === 'malformed item skipped' && /fullname/.test(String(l.fields.reason))),
    );
    reddit.api.faults.push({ status: 200, body: '{"kind":"t1","data":{}}' });
    const bad = await h.pass();
    assert.match(bad.error ?? '', /Listing/);
  });

  it('kill -9 mid-sync, restart: every comment stored exactly once', { timeout: 60_000 }, async () => {
    const total = 300;
    const t = Math.floor(Date.now() / 1000);
    reddit.things = Array.from({ length: total }, (_, i) => comment(i, t - 10 * i));
    const { dataDir, sourceId } = await sourceInDataDir(
      'reddit',
      {
        subreddit: 'acme',
        apiBase: reddit.api.url,
        authBase: reddit.auth.url,
        userAgent: 'test:firebreak:0.1 (by /u/firebreak)',
        firstSyncPages: 10,
      },
      { clientId: 'cid', clientSecret: 'csecret' },
    );
    try {
      const { after: end } = await crashAndResume(dataDir, sourceId, total);
      assert.equal(end.total, total);
      assert.equal(end.distinct, total);
      assert.equal(JSON.parse(end.cursor!).hw, t * 1000);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
