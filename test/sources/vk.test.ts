/** VK connector against a fake newsfeed.search serving the captured wall post and VK-style errors. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { vkConnector } from '../../src/sources/vk/client.ts';
import { vkParams } from '../../src/sources/vk/config.ts';
import { FakeVk, type Post, realPost } from '../fakes/vk.ts';
import { crashAndResume, sourceInDataDir } from './crash.ts';
import { harness } from './support.ts';

const texts = [
  'Акме Эйр снова отменила рейс, деньги не вернули',
  'Акме Эйр: חברת התעופה שוב ביטלה',
  'Акме Эйр 航班又取消了',
  'Акме Эйр cancelled my flight again',
];
const post = (n: number, date: number): Post => ({
  ...realPost,
  id: 50_000 + n,
  owner_id: 1000 + (n % 7),
  from_id: 1000 + (n % 7),
  date,
  text: texts[n % 4]!,
});
const now = Date.parse('2026-11-25T12:00:00Z');
const nowS = now / 1000;

describe('vk connector', () => {
  let vk: FakeVk;
  before(async () => {
    vk = await new FakeVk().start();
  });
  after(() => vk.http.stop());
  beforeEach(() => {
    vk.posts = [];
    vk.errors = [];
    vk.groups = [];
    vk.profiles = [];
    vk.http.requests.length = 0;
  });
  const connector = (extra: Record<string, unknown> = {}) =>
    vkConnector(vkParams.parse({ query: 'Акме Эйр', apiBase: vk.http.url, ...extra }), {
      accessToken: vk.token,
    });

  it('first sync maps the captured community post with its group as author', async () => {
    vk.posts = [{ ...realPost, date: nowS - 3600 }];
    vk.groups = [{ id: 48632629, name: 'ИКТИБ ЮФУ', screen_name: 'ictis_sfedu', members_count: 15000 }];
    const h = harness(connector({ query: 'ИКТИБ' }), { now });
    const r = await h.pass();
    assert.equal(r.error, undefined);
    const m = h.sink.stored.get('vk:-48632629_12239')!;
    assert.equal(m.url, 'https://vk.com/wall-48632629_12239');
    assert.equal(m.author?.handle, 'ictis_sfedu');
    assert.equal(m.author?.followers, 15000);
    assert.equal(m.engagement?.likes, 17);
    assert.equal(m.engagement?.shares, 16);
    assert.equal(m.raw?.views, 1508);
    assert.match(m.text, /IT-магистратура в ЮФУ/);
    const form = new URLSearchParams(vk.http.requests[0]!.body);
    assert.equal(form.get('v'), '5.199');
    assert.equal(form.get('extended'), '1');
  });

  it('incremental sync uses start_time = high-water − overlap and follows next_from', async () => {
    vk.posts = [post(0, nowS - 5000)];
    const h = harness(connector(), { now });
    await h.pass();
    for (let i = 1; i <= 450; i++) vk.posts.push(post(i, nowS - 4000 + i));
    vk.http.requests.length = 0;
    await h.pass();
    const starts = vk.http.requests.map((r) => new URLSearchParams(r.body));
    assert.equal(starts[0]!.get('start_time'), String(nowS - 5000 - 300));
    assert.deepEqual(
      starts.map((f) => f.get('start_from')),
      [null, '7/200', '7/400'],
    );
    assert.equal(h.sink.stored.size, 451);
  });

  it('retries VK error 6 (in an HTTP 200 body) with backoff; error 29 ends the pass and the next one recovers', async () => {
    vk.posts = [post(1, nowS - 10)];
    vk.errors = [6, 6];
    const h = harness(connector(), { now });
    const r = await h.pass();
    assert.equal(r.error, undefined);
    assert.equal(h.sleeps.length, 2);
    assert.ok(h.sleeps.every((ms) => ms >= 1000));
    vk.errors = [29];
    vk.posts.push(post(2, nowS - 5));
    assert.match((await h.pass()).error ?? '', /VK error 29/);
    assert.equal((await h.pass()).error, undefined);
    assert.equal(h.sink.stored.size, 2);
  });

  it('HTTP 5xx is retried; a bad token is reported as VK error 5', async () => {
    vk.posts = [post(1, nowS - 10)];
    vk.http.faults.push({ status: 502, body: 'Bad Gateway' });
    const h = harness(connector(), { now });
    assert.equal((await h.pass()).error, undefined);
    const bad = harness(
      vkConnector(vkParams.parse({ query: 'Акме', apiBase: vk.http.url }), {
        accessToken: 'wrong-token-123',
      }),
      { now },
    );
    assert.match((await bad.pass()).error ?? '', /VK error 5/);
  });

  it('skips a post without owner_id and logs it', async () => {
    const broken = { ...post(2, nowS - 5) } as Record<string, unknown>;
    delete broken.owner_id;
    vk.posts = [post(1, nowS - 10), broken as Post];
    const h = harness(connector(), { now });
    const r = await h.pass();
    assert.equal(r.malformed, 1);
    assert.equal(h.sink.stored.size, 1);
  });

  it('kill -9 mid-sync, restart: every post stored exactly once', { timeout: 60_000 }, async () => {
    const t = Math.floor(Date.now() / 1000);
    vk.posts = Array.from({ length: 1000 }, (_, i) => post(i, t - 10_000 + i * 5));
    const { dataDir, sourceId } = await sourceInDataDir(
      'vk',
      { query: 'Акме Эйр', apiBase: vk.http.url, minGapMs: 0 },
      { accessToken: vk.token },
    );
    try {
      const { after: end } = await crashAndResume(dataDir, sourceId, 1000);
      assert.equal(end.total, 1000);
      assert.equal(end.distinct, 1000);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
