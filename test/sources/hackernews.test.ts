/** Hacker News connector against a fake Algolia search_by_date replaying the real fixture hits. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { hnConnector } from '../../src/sources/hackernews/client.ts';
import { hnParams } from '../../src/sources/hackernews/config.ts';
import { FakeAlgolia, type Hit } from '../fakes/hackernews.ts';
import { crashAndResume, sourceInDataDir } from './crash.ts';
import { fixture, harness } from './support.ts';

const story = JSON.parse(fixture('hackernews/search-story-response.json')).hits[0] as Hit;
const commentShape = JSON.parse(fixture('hackernews/comment-hit-partial.json')) as Hit;

const texts = [
  'Их поддержка не отвечает уже неделю, &quot;сбой&quot; продолжается',
  'השירות נפל שוב &#x27;היום&#x27;, אף אחד לא עונה',
  '他们的服务又宕机了，<i>用户</i>都在抱怨',
  'Their status page says <b>all green</b> while the API returns 500s',
];

/** A comment hit in the real shape (comment-hit-partial.json) with the comment_text real hits carry. */
function comment(n: number, at: number): Hit {
  return {
    ...commentShape,
    objectID: String(40_000_000 + n),
    created_at_i: at,
    created_at: new Date(at * 1000).toISOString().replace('.000', ''),
    comment_text: texts[n % texts.length],
    _tags: ['comment', `author_user${n}`, 'story_9998227'],
  };
}

const now = Date.parse('2026-11-25T00:00:00Z');
const nowS = now / 1000;

describe('hacker news connector', () => {
  let algolia: FakeAlgolia;
  before(async () => {
    algolia = await new FakeAlgolia().start();
  });
  after(() => algolia.http.stop());
  beforeEach(() => {
    algolia.hits = [];
    algolia.http.requests.length = 0;
  });
  const connector = (extra: Record<string, unknown> = {}) =>
    hnConnector(hnParams.parse({ query: 'acme', apiBase: algolia.http.url, ...extra }));

  it('first sync maps the real story hit and comment hits', async () => {
    algolia.hits = [story, comment(1, story.created_at_i + 60), comment(2, story.created_at_i + 120)];
    const h = harness(connector({ lookbackHours: 2 }), { now: (story.created_at_i + 3600) * 1000 });
    const r = await h.pass();
    assert.equal(r.error, undefined);
    assert.equal(h.sink.stored.size, 3);
    const s = h.sink.stored.get(`hackernews:${story.objectID}`)!;
    assert.equal(s.author?.handle, 'anigbrowl');
    assert.equal(s.url, `https://news.ycombinator.com/item?id=${story.objectID}`);
    assert.match(s.text, /splice in a gene/);
    assert.doesNotMatch(s.text, /<p>|<em>/);
    assert.equal(s.engagement?.likes, story.points);
    const c = h.sink.stored.get('hackernews:40000001')!;
    assert.equal(c.text, "השירות נפל שוב 'היום', אף אחד לא עונה");
    assert.equal(c.parentId, '9999826');
    assert.equal(c.raw?.threadId, '9998227');
    assert.equal(JSON.parse(h.checkpoints.cursors.get('src_test')!).since, story.created_at_i + 120);
  });

  it('incremental sync asks from the high-water mark minus the overlap and stores only the new hits', async () => {
    algolia.hits = [comment(1, nowS - 3000), comment(2, nowS - 2000)];
    const h = harness(connector(), { now });
    await h.pass();
    algolia.hits.push(comment(3, nowS - 100), comment(4, nowS - 50));
    algolia.http.requests.length = 0;
    await h.pass();
    assert.equal(algolia.http.requests[0]!.query.get('numericFilters'), `created_at_i>=${nowS - 2000 - 600}`);
    assert.equal(h.sink.stored.size, 4);
    assert.deepEqual(h.sink.ids().sort(), ['40000001', '40000002', '40000003', '40000004']);
  });

  it('gets past the 1,000-hit wall by narrowing the window', async () => {
    for (let i = 0; i < 1250; i++) algolia.hits.push(comment(i, nowS - 5000 + Math.floor(i / 2)));
    const h = harness(connector({ hitsPerPage: 100 }), { now });
    const r = await h.pass();
    assert.equal(r.error, undefined);
    assert.equal(h.sink.stored.size, 1250);
  });

  it('retries a 429 and a 502 with backoff, then succeeds', async () => {
    algolia.hits = [comment(1, nowS - 10)];
    const h = harness(connector(), { now });
    algolia.http.faults.push(
      { status: 429, body: '{"message":"Too many requests"}' },
      { status: 502, body: 'bad gateway' },
    );
    const r = await h.pass();
    assert.equal(r.error, undefined);
    assert.deepEqual(
      h.retries.map((x) => x.status),
      [429, 502],
    );
    assert.ok(h.retries[1]!.delayMs >= h.retries[0]!.delayMs, 'the backoff grows');
    assert.equal(h.sink.stored.size, 1);
  });

  it('a pass that runs out of retries keeps the old cursor and the next pass recovers', async () => {
    algolia.hits = [comment(1, nowS - 10)];
    const h = harness(connector(), { now });
    for (let i = 0; i < 5; i++) algolia.http.faults.push({ status: 500, body: 'oops' });
    const failed = await h.pass();
    assert.match(failed.error ?? '', /HTTP 500/);
    assert.equal(h.checkpoints.cursors.size, 0);
    h.clock.advance(60_000);
    const ok = await h.pass();
    assert.equal(ok.error, undefined);
    assert.equal(h.sink.stored.size, 1);
  });

  it('skips a hit without objectID, logs it with the source, and survives a non-JSON body', async () => {
    const broken = { ...comment(9, nowS - 20) } as Record<string, unknown>;
    delete broken.objectID;
    algolia.hits = [comment(1, nowS - 10), broken as Hit];
    const h = harness(connector(), { now });
    const r = await h.pass();
    assert.equal(r.malformed, 1);
    assert.equal(h.sink.stored.size, 1);
    assert.ok(h.logs.some((l) => l.message === 'malformed item skipped' && l.fields.kind === 'test'));

    algolia.http.faults.push({ status: 200, body: '<html>maintenance</html>' });
    const bad = await h.pass();
    assert.match(bad.error ?? '', /not JSON/);
    algolia.hits.push(comment(2, nowS - 5));
    const good = await h.pass();
    assert.equal(good.error, undefined);
    assert.equal(h.sink.stored.size, 2);
  });

  it('kill -9 mid-sync, restart: every hit stored exactly once', { timeout: 60_000 }, async () => {
    const total = 300;
    const t = Math.floor(Date.now() / 1000);
    algolia.hits = Array.from({ length: total }, (_, i) => comment(i, t - 10 * i));
    const { dataDir, sourceId } = await sourceInDataDir('hackernews', {
      query: 'acme',
      apiBase: algolia.http.url,
      hitsPerPage: 10,
    });
    try {
      const { after: end } = await crashAndResume(dataDir, sourceId, total);
      assert.equal(end.total, total);
      assert.equal(end.distinct, total);
      assert.equal(JSON.parse(end.cursor!).since, t);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
