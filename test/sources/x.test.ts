/** X API v2 connector against a fake recent search + filtered stream replaying the docs/constructed payloads. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { xConnector } from '../../src/sources/x/client.ts';
import { xParams } from '../../src/sources/x/config.ts';
import { FakeX, type XPost } from '../fakes/x.ts';
import { crashAndResume, sourceInDataDir } from './crash.ts';
import { fixture, harness } from './support.ts';

const expanded = JSON.parse(fixture('x/recent-search-expanded.constructed.json'));
const defaults = JSON.parse(fixture('x/recent-search-default-fields.docs.json'));
const streamLines = fixture('x/filtered-stream.constructed.ndjson');
const template = expanded.data[0] as XPost;
const texts = ['acme потеряли мой багаж', 'acme שוב איחור', 'acme 航班取消了', 'acme cancelled my flight'];

function post(n: number, at: number): XPost {
  return {
    ...template,
    id: String(1_900_000_000_000_000_000n + BigInt(n)),
    text: texts[n % 4]!,
    created_at: new Date(at).toISOString(),
    conversation_id: String(1_900_000_000_000_000_000n + BigInt(n)),
  };
}

const now = Date.parse('2026-09-21T08:00:00Z');

describe('x connector', () => {
  let x: FakeX;
  before(async () => {
    x = await new FakeX().start();
  });
  after(() => x.stop());
  beforeEach(() => {
    x.posts = [];
    x.users = [...expanded.includes.users];
    x.rules = [];
    x.faults = [];
    x.requests.length = 0;
    x.streamConnections = 0;
  });
  const connector = (extra: Record<string, unknown> = {}) =>
    xConnector(xParams.parse({ query: 'acme', apiBase: x.url, ...extra }), { bearerToken: x.token });

  it('first sync maps the expanded post with its author from includes.users, and the default-fields posts', async () => {
    x.posts = [
      { ...template, text: `${template.text} acme` },
      ...defaults.data.map((p: XPost) => ({ ...p, text: `${p.text} acme`, author_id: '1' })),
    ];
    const h = harness(connector({ lookbackHours: 24 * 7 }), { now });
    const r = await h.pass();
    assert.equal(r.error, undefined);
    const m = h.sink.stored.get('x:1790000000000000001')!;
    assert.equal(m.author?.handle, 'example_traveller');
    assert.equal(m.author?.followers, 1520);
    assert.equal(m.url, 'https://x.com/example_traveller/status/1790000000000000001');
    assert.deepEqual(m.engagement, { likes: 17, shares: 5, replies: 2 });
    assert.equal(m.raw?.views, 2310);
    assert.equal(h.sink.stored.size, 3);
    assert.equal(JSON.parse(h.checkpoints.cursors.get('src_test')!).sinceId, '1790000000000000001');
  });

  it('incremental sync asks since_id and follows next_token', async () => {
    x.posts = [post(0, now - 1000)];
    const h = harness(connector(), { now });
    await h.pass();
    for (let i = 1; i <= 230; i++) x.posts.push(post(i, now - 500 + i));
    x.requests.length = 0;
    await h.pass();
    assert.equal(x.requests[0]!.searchParams.get('since_id'), post(0, 0).id);
    assert.deepEqual(
      x.requests.map((u) => u.searchParams.get('next_token')),
      [null, '100', '200'],
    );
    assert.equal(h.sink.stored.size, 231);
  });

  it('waits for x-rate-limit-reset on a 429; a run of 503s fails the pass and the next recovers', async () => {
    x.posts = [post(1, now - 10)];
    const h = harness(connector(), { now });
    x.faults.push({
      status: 429,
      headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(now / 1000 + 120) },
      body: '{"title":"Too Many Requests"}',
    });
    assert.equal((await h.pass()).error, undefined);
    assert.ok(h.retries[0]!.delayMs >= 120_000);
    for (let i = 0; i < 5; i++) x.faults.push({ status: 503, body: '{"title":"Service Unavailable"}' });
    x.posts.push(post(2, now - 5));
    assert.match((await h.pass()).error ?? '', /HTTP 503/);
    h.clock.advance(60_000);
    assert.equal((await h.pass()).error, undefined);
    assert.equal(h.sink.stored.size, 2);
  });

  it('skips a post without an id and logs it', async () => {
    x.posts = [post(1, now - 10), { ...post(2, now - 5), id: '' }];
    const h = harness(connector(), { now });
    const r = await h.pass();
    assert.equal(r.malformed, 1);
    assert.equal(h.sink.stored.size, 1);
  });

  it('stream mode: ensures rules, streams the constructed lines (keep-alive, operational disconnect), catches up by search after a drop', async () => {
    x.posts = [post(0, now - 100)];
    const h = harness(
      connector({ mode: 'stream', rules: [{ value: 'acme', tag: 'brand acme' }], idleMs: 5000, flushMs: 10 }),
      { now },
    );
    const pass = h.pass();
    while (x.streamConnections === 0) await delay(5);
    assert.deepEqual(
      x.rules.map((r) => r.value),
      ['acme'],
    );
    x.sendRaw(streamLines.split('\r\n')[0] + '\r\n\r\n'); // the constructed post and a keep-alive
    x.publish(post(1, now));
    x.sendRaw('{"data": {"id": \r\n');
    await delay(100);
    x.sendRaw(streamLines.split('\r\n')[2] + '\r\n'); // operational-disconnect
    x.posts.push(post(2, now + 1)); // while reconnecting: only search brings it
    while (x.streamConnections < 2) await delay(5);
    x.publish(post(3, now + 2));
    await delay(100);
    h.controller.abort();
    const r = await pass;
    assert.equal(r.error, undefined);
    assert.equal(r.malformed, 1);
    const ids = h.sink.ids();
    for (const id of ['1790000000000000001', post(0, 0).id, post(1, 0).id, post(2, 0).id, post(3, 0).id])
      assert.ok(ids.includes(id), id);
    assert.equal(h.sink.stored.get(`x:${post(1, 0).id}`)!.raw?.matchingRules?.toString(), 'brand acme');
  });

  it('kill -9 mid-sync, restart: every post stored exactly once', { timeout: 60_000 }, async () => {
    const t = Date.now();
    x.posts = Array.from({ length: 300 }, (_, i) => post(i, t - 100_000 + i * 100));
    const { dataDir, sourceId } = await sourceInDataDir(
      'x',
      { query: 'acme', apiBase: x.url },
      { bearerToken: x.token },
    );
    try {
      const { after: end } = await crashAndResume(dataDir, sourceId, 300);
      assert.equal(end.total, 300);
      assert.equal(end.distinct, 300);
      assert.equal(JSON.parse(end.cursor!).sinceId, post(299, 0).id);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
