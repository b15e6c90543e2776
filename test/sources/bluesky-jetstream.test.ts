/** Bluesky Jetstream connector against a fake /subscribe WebSocket replaying real Jetstream v1 captures. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { jetstreamParams } from '../../src/sources/bluesky/config.ts';
import { jetstreamConnector } from '../../src/sources/bluesky/jetstream.ts';
import { FakeJetstream, type JetEvent } from '../fakes/jetstream.ts';
import { crashAndResume, sourceInDataDir } from './crash.ts';
import { fixture, harness } from './support.ts';

const lines = (f: string) =>
  fixture(f)
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as JetEvent);
const captured = [
  ...lines('bluesky/jetstream-v1-events.ndjson'),
  ...lines('bluesky/jetstream-v1-golden-mixed.ndjson'),
];
const capturedPosts = captured.filter(
  (e) =>
    e.kind === 'commit' &&
    (e.commit as { collection: string; operation: string }).collection === 'app.bsky.feed.post' &&
    (e.commit as { operation: string }).operation !== 'delete',
);
const template = capturedPosts[0]!;

const texts = [
  'Служба поддержки снова не отвечает, третий день без связи',
  'האפליקציה קרסה לי באמצע התשלום',
  '客服一直不回复，我要投诉',
  'Their app charged me twice and support is silent',
];

/** A post event in the captured shape, with its own rkey, time and text. */
function post(n: number, timeUs: number): JetEvent {
  const commit = template.commit as Record<string, unknown>;
  return {
    ...template,
    time_us: timeUs,
    commit: {
      ...commit,
      rkey: `3gen${n.toString(36).padStart(6, '0')}`,
      record: {
        $type: 'app.bsky.feed.post',
        createdAt: new Date(Math.floor(timeUs / 1000)).toISOString(),
        langs: [['ru', 'he', 'zh', 'en'][n % 4]],
        text: `${texts[n % texts.length]} #${n}`,
      },
    },
  };
}

describe('bluesky jetstream connector', () => {
  let jet: FakeJetstream;
  before(async () => {
    jet = await new FakeJetstream().start();
  });
  after(() => jet.stop());
  beforeEach(() => {
    jet.log = [];
    jet.raw = [];
    jet.refuse = [];
    jet.dropAfter = undefined;
    jet.frameIntervalMs = 0;
    jet.connections.length = 0;
  });
  const connector = (extra: Record<string, unknown> = {}) =>
    jetstreamConnector(
      jetstreamParams.parse({
        url: jet.url,
        profilesUrl: jet.httpUrl,
        everything: true,
        idleMs: 300,
        flushMs: 20,
        ...extra,
      }),
    );

  it('first sync: asks for posts only, stores the captured creates, skips deletes/likes/identity/account', async () => {
    jet.log = captured;
    const h = harness(connector(), { now: 1_783_175_900_000 });
    const r = await h.pass();
    assert.equal(r.error, undefined);
    assert.deepEqual(jet.connections[0]!.getAll('wantedCollections'), ['app.bsky.feed.post']);
    assert.equal(jet.connections[0]!.get('cursor'), null);
    assert.equal(h.sink.stored.size, capturedPosts.length);
    const ko = [...h.sink.stored.values()].find((m) => m.lang === 'ko')!;
    assert.equal(ko.text, '이쁘시네용~~~');
    assert.match(ko.parentId ?? '', /^at:\/\/did:plc:.+\/app\.bsky\.feed\.post\//);
    assert.match(
      ko.externalId,
      /^at:\/\/did:plc:o2rolxey6s5k7d4lxcz3inl4\/app\.bsky\.feed\.post\/3mptbyp7lu223$/,
    );
    assert.equal(ko.url, 'https://bsky.app/profile/did:plc:o2rolxey6s5k7d4lxcz3inl4/post/3mptbyp7lu223');
    // The DID resolved through getProfiles; the DID itself stays as a raw attribute.
    const did = 'did:plc:o2rolxey6s5k7d4lxcz3inl4';
    assert.equal(ko.author?.handle, `${did.slice(-8)}.bsky.social`);
    assert.equal(ko.author?.name, `Пользователь ${did.slice(-4)}`);
    assert.equal(ko.raw?.did, did);
    const lookups = jet.profileLookups;
    await h.pass();
    assert.equal(jet.profileLookups, lookups, 'profiles are cached between passes');
    const maxTime = Math.max(...captured.map((e) => e.time_us));
    assert.equal(JSON.parse(h.checkpoints.cursors.get('src_test')!).timeUs, maxTime);
  });

  it('keeps only posts containing a keyword when keywords are set; no filter at all needs an explicit opt-in', async () => {
    const unfiltered = jetstreamParams.safeParse({});
    assert.equal(unfiltered.success, false);
    assert.match(JSON.stringify(unfiltered.error?.issues), /keywords or wantedDids/);
    jet.log = captured;
    const h = harness(connector({ keywords: ['аватар', 'RSV'] }));
    await h.pass();
    assert.deepEqual([...h.sink.stored.values()].map((m) => m.lang).sort(), ['en', 'ru']);
  });

  it('incremental sync reconnects with cursor − 5 s and stores only the new posts', async () => {
    const t0 = 1_790_000_000_000_000;
    jet.log = Array.from({ length: 20 }, (_, i) => post(i, t0 + i * 1_000_000));
    const h = harness(connector());
    await h.pass();
    assert.equal(h.sink.stored.size, 20);
    jet.log.push(...Array.from({ length: 10 }, (_, i) => post(20 + i, t0 + (20 + i) * 1_000_000)));
    await h.pass();
    assert.equal(jet.connections[1]!.get('cursor'), String(t0 + 19 * 1_000_000 - 5_000_000));
    assert.equal(h.sink.stored.size, 30);
  });

  it('backs off on a 429 handshake (Retry-After honoured), then streams', async () => {
    jet.log = [post(1, 1_790_000_000_000_000)];
    jet.refuse.push({ status: 429, headers: { 'Retry-After': '3' } });
    const h = harness(connector());
    const r = await h.pass();
    assert.equal(r.error, undefined);
    assert.ok(h.sleeps[0]! >= 3000, `waited ${h.sleeps[0]} ms`);
    assert.equal(h.sink.stored.size, 1);
  });

  it('a dropped socket (1011) reconnects from the cursor without loss; repeated 503s fail the pass, which later recovers', async () => {
    const t0 = 1_790_000_000_000_000;
    jet.log = Array.from({ length: 12 }, (_, i) => post(i, t0 + i * 1_000_000));
    jet.dropAfter = 5;
    const h = harness(connector({ flushMs: 10 }));
    const r = await h.pass();
    assert.equal(r.error, undefined);
    assert.equal(jet.connections.length, 2);
    assert.ok(jet.connections[1]!.get('cursor'), 'the reconnect carries the cursor');
    assert.equal(h.sink.stored.size, 12);

    jet.log.push(post(12, t0 + 12_000_000));
    for (let i = 0; i < 3; i++) jet.refuse.push({ status: 503 });
    const h2 = harness(connector({ reconnects: 2 }));
    const failed = await h2.pass();
    assert.match(failed.error ?? '', /HTTP 503/);
    const ok = await h2.pass();
    assert.equal(ok.error, undefined);
    assert.equal(h2.sink.stored.size, 13);
  });

  it('logs and skips malformed frames and keeps streaming', async () => {
    jet.raw = [
      'this is not json',
      '{"kind":"commit"}',
      JSON.stringify({
        ...post(0, 1_790_000_000_000_000),
        commit: { ...(template.commit as object), record: { createdAt: 'x' } },
      }),
    ];
    jet.log = [post(1, 1_790_000_001_000_000)];
    const h = harness(connector());
    const r = await h.pass();
    assert.equal(r.error, undefined);
    assert.equal(r.malformed, 3);
    assert.equal(h.sink.stored.size, 1);
    assert.equal(
      h.logs.filter((l) => l.message === 'malformed item skipped' && l.fields.sourceId === 'src_test').length,
      3,
    );
  });

  it('kill -9 mid-stream, restart: every post stored exactly once', { timeout: 60_000 }, async () => {
    const total = 300;
    const t0 = Date.now() * 1000 - total * 1_000_000;
    jet.log = Array.from({ length: total }, (_, i) => post(i, t0 + i * 1_000_000));
    jet.frameIntervalMs = 2;
    const { dataDir, sourceId } = await sourceInDataDir('bluesky', {
      everything: true,
      profilesUrl: jet.httpUrl,
      url: jet.url,
      idleMs: 1500,
      flushMs: 20,
      batchSize: 10,
    });
    try {
      const { after: end } = await crashAndResume(dataDir, sourceId, total);
      assert.equal(end.total, total);
      assert.equal(end.distinct, total);
      assert.equal(JSON.parse(end.cursor!).timeUs, t0 + (total - 1) * 1_000_000);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
