/**
 * The storage contract: every MentionStore adapter must pass the same suite, against the real database.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeMention } from '../support/mentions.ts';
import { storeFactories } from '../support/stores.ts';

const skips = await Promise.all(storeFactories.map((f) => f.skip()));

storeFactories.forEach((factory, index) => {
  describe(`MentionStore contract: ${factory.name}`, { skip: skips[index] }, () => {
    async function withStore(
      fn: (store: Awaited<ReturnType<typeof factory.open>>['store']) => Promise<void>,
    ) {
      const { store, cleanup } = await factory.open();
      try {
        await fn(store);
      } finally {
        await cleanup();
      }
    }

    it('stores a mention once per (source, externalId), whatever the number of deliveries', () =>
      withStore(async (store) => {
        const batch = [makeMention(1), makeMention(2), makeMention(1)];
        const first = await store.mentions.insertNew(batch, 1_000);
        assert.deepEqual(
          first.map((m) => m.externalId),
          ['post-1', 'post-2'],
        );
        const second = await store.mentions.insertNew(
          [makeMention(1), makeMention(2), makeMention(3)],
          2_000,
        );
        assert.deepEqual(
          second.map((m) => m.externalId),
          ['post-3'],
        );
        assert.equal(await store.mentions.count('ws1'), 3);
      }));

    it('keeps the same external id from two platforms apart', () =>
      withStore(async (store) => {
        await store.mentions.insertNew(
          [makeMention(1, { source: 'x' }), makeMention(1, { source: 'reddit' })],
          1,
        );
        assert.equal(await store.mentions.count('ws1'), 2);
      }));

    it('keeps workspaces apart', () =>
      withStore(async (store) => {
        await store.mentions.insertNew([makeMention(1), makeMention(1, { workspaceId: 'ws2' })], 1);
        assert.equal(await store.mentions.count('ws1'), 1);
        assert.equal(await store.mentions.count('ws2'), 1);
      }));

    it('round-trips every field, Hebrew, Russian and Chinese text included', () =>
      withStore(async (store) => {
        const m = makeMention(1, {
          text: 'אקמה אייר — «Акме» 阿克米 🚀 <script>alert(1)</script>',
          url: 'https://example.com/p/1',
          title: 'כותרת',
          author: { handle: 'dana', name: 'דנה', followers: 12_345, verified: true },
          lang: 'he',
          country: 'IL',
          parentId: 'post-0',
          engagement: { likes: 3, shares: 2, replies: 1 },
          raw: { retweeted: false, nested: { a: [1, 2] } },
          topicIds: ['t1', 't2'],
          brandIds: ['b1'],
          sentiment: { label: 'negative', score: -0.8 },
          categories: [{ id: 'complaint', confidence: 0.9, evidence: ['לא החזירו'] }],
          storyId: 's1',
          reach: 12_345,
        });
        const expected = structuredClone(m);
        await store.mentions.insertNew([m], 42, 'src1');
        const got = await store.mentions.get('ws1', 'x', 'post-1');
        assert.ok(got);
        const { seq, ingestedAt, sourceId, ...rest } = got;
        assert.equal(typeof seq, 'number');
        assert.equal(ingestedAt, 42);
        assert.equal(sourceId, 'src1');
        assert.deepEqual(rest, expected);
      }));

    it('pages mentions newest first and filters by topic, brand, source and sentiment', () =>
      withStore(async (store) => {
        const batch = Array.from({ length: 10 }, (_, i) =>
          makeMention(i, {
            topicIds: i % 2 ? ['odd'] : ['even'],
            brandIds: ['b1'],
            source: i < 5 ? 'x' : 'reddit',
            sentiment: { label: i % 3 === 0 ? 'negative' : 'neutral', score: 0 },
          }),
        );
        await store.mentions.insertNew(batch, 1);
        const page1 = await store.mentions.list({ workspaceId: 'ws1', limit: 4 });
        assert.deepEqual(
          page1.map((m) => m.externalId),
          ['post-9', 'post-8', 'post-7', 'post-6'],
        );
        const page2 = await store.mentions.list({
          workspaceId: 'ws1',
          limit: 4,
          beforeSeq: page1.at(-1)!.seq,
        });
        assert.deepEqual(
          page2.map((m) => m.externalId),
          ['post-5', 'post-4', 'post-3', 'post-2'],
        );
        const odd = await store.mentions.list({ workspaceId: 'ws1', limit: 100, topicId: 'odd' });
        assert.equal(odd.length, 5);
        assert.ok(odd.every((m) => m.topicIds?.includes('odd')));
        assert.equal(
          (await store.mentions.list({ workspaceId: 'ws1', limit: 100, brandId: 'b1' })).length,
          10,
        );
        assert.equal(
          (await store.mentions.list({ workspaceId: 'ws1', limit: 100, source: 'reddit' })).length,
          5,
        );
        const negative = await store.mentions.list({ workspaceId: 'ws1', limit: 100, sentiment: 'negative' });
        assert.deepEqual(negative.map((m) => m.externalId).sort(), ['post-0', 'post-3', 'post-6', 'post-9']);
        const after = await store.mentions.list({
          workspaceId: 'ws1',
          limit: 3,
          afterSeq: page1[0]!.seq - 3,
        });
        assert.deepEqual(
          after.map((m) => m.externalId),
          ['post-7', 'post-8', 'post-9'],
        );
      }));

    it('keeps per-minute rollups exact across batches and duplicate deliveries', () =>
      withStore(async (store) => {
        const t0 = Date.UTC(2026, 10, 25, 9, 0, 0);
        const mk = (i: number, second: number, handle: string, negative: boolean, source = 'x') =>
          makeMention(i, {
            createdAt: t0 + second * 1_000,
            author: { handle, followers: 10 },
            brandIds: ['b1'],
            topicIds: ['t1'],
            source,
            sentiment: { label: negative ? 'negative' : 'positive', score: negative ? -1 : 1 },
            reach: 10,
          });
        await store.mentions.insertNew([mk(1, 5, 'a', true), mk(2, 10, 'a', false), mk(3, 70, 'b', true)], 1);
        // A retry of the first batch plus one new mention in minute 0 by a new author.
        await store.mentions.insertNew(
          [mk(1, 5, 'a', true), mk(2, 10, 'a', false), mk(4, 20, 'c', false, 'reddit')],
          2,
        );
        const perMinute = await store.mentions.rollups({
          workspaceId: 'ws1',
          scope: 'b:b1',
          from: t0,
          to: t0 + 10 * 60_000,
          bucketMinutes: 1,
        });
        assert.deepEqual(perMinute, [
          { t: t0, count: 3, negative: 1, reach: 30, uniqueAuthors: 2 },
          { t: t0 + 60_000, count: 1, negative: 1, reach: 10, uniqueAuthors: 1 },
        ]);
        const hourly = await store.mentions.rollups({
          workspaceId: 'ws1',
          scope: 't:t1',
          from: t0,
          to: t0 + 3_600_000,
          bucketMinutes: 60,
        });
        assert.deepEqual(hourly, [{ t: t0, count: 4, negative: 2, reach: 40, uniqueAuthors: 3 }]);
        const xOnly = await store.mentions.rollups({
          workspaceId: 'ws1',
          scope: '*',
          from: t0,
          to: t0 + 3_600_000,
          bucketMinutes: 60,
          source: 'x',
        });
        assert.equal(xOnly[0]!.count, 3);
        assert.deepEqual(
          await store.mentions.rollupsBySource({
            workspaceId: 'ws1',
            scope: '*',
            from: t0,
            to: t0 + 3_600_000,
          }),
          {
            x: 3,
            reddit: 1,
          },
        );
      }));
  });
});
