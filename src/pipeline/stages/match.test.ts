import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Mention } from '../../domain/mention.ts';
import { ManualClock } from '../../ports/clock.ts';
import type { StageContext } from '../../ports/stage.ts';
import { TopicMatcher } from '../../query/index.ts';
import { createMatchStage, type TopicTagger } from './match.ts';

const mention = (id: string, text: string, workspaceId = 'ws1'): Mention => ({
  workspaceId,
  source: 'x',
  externalId: id,
  text,
  createdAt: 0,
});

const ctx = (keepUnmatched?: boolean): StageContext => ({
  clock: new ManualClock(0),
  origin: { workspaceId: 'ws1', ...(keepUnmatched === undefined ? {} : { keepUnmatched }) },
});

const matcher = new TopicMatcher([
  {
    id: 't-brand',
    workspaceId: 'ws1',
    brandId: 'b-acme',
    name: 'Acme',
    query: '"acme air" OR אקמה OR Акме~ OR 阿克米',
    active: true,
  },
  {
    id: 't-crisis',
    workspaceId: 'ws1',
    brandId: 'b-acme',
    name: 'Crisis',
    query: 'topic:"Acme" AND (refund OR החזר OR возврат~ OR 退款)',
    active: true,
  },
  { id: 't-other', workspaceId: 'ws2', brandId: null, name: 'Acme elsewhere', query: 'acme', active: true },
]);

describe('match stage', () => {
  it('tags mentions in four languages with their topics and brands', async () => {
    const batch = [
      mention('en', 'Acme Air still owes me a refund'),
      mention('he', 'מחכה להחזר מאקמה כבר חודש'),
      mention('ru', 'Жду возврата от Акмы'),
      mention('zh', '阿克米航空不给退款'),
    ];
    const out = await createMatchStage(matcher).process(batch, ctx(false));
    assert.equal(out.length, 4);
    for (const m of out) {
      assert.deepEqual(m.topicIds?.sort(), ['t-brand', 't-crisis'], m.externalId);
      assert.deepEqual(m.brandIds, ['b-acme'], m.externalId);
    }
  });

  it('drops unmatched mentions unless the origin keeps them', async () => {
    const stage = createMatchStage(matcher);
    const unrelated = () => [mention('1', 'Globex lost my bag'), mention('2', 'Acme Air lost my bag')];
    assert.deepEqual(
      (await stage.process(unrelated(), ctx(false))).map((m) => m.externalId),
      ['2'],
    );
    assert.deepEqual(
      (await stage.process(unrelated(), ctx())).map((m) => m.externalId),
      ['2'],
    );
    const kept = await stage.process(unrelated(), ctx(true));
    assert.deepEqual(
      kept.map((m) => m.externalId),
      ['1', '2'],
    );
    assert.equal(kept[0]?.topicIds, undefined);
  });

  it('keeps everything for a workspace without active topics', async () => {
    const out = await createMatchStage(matcher).process(
      [mention('1', 'anything at all', 'ws-empty')],
      ctx(false),
    );
    assert.equal(out.length, 1);
    const strict = createMatchStage(matcher, { keepAllWithoutTopics: false });
    assert.equal((await strict.process([mention('1', 'anything at all', 'ws-empty')], ctx(false))).length, 0);
  });

  it('matches only the topics of the mention’s own workspace', async () => {
    const [m] = await createMatchStage(matcher).process([mention('1', 'acme', 'ws2')], ctx(false));
    assert.deepEqual(m?.topicIds, ['t-other']);
    assert.equal(m?.brandIds, undefined);
  });

  it('keeps a mention untagged when matching it throws, and reports the error', async () => {
    const failing: TopicTagger = {
      match: () => {
        throw new Error('boom');
      },
      hasTopics: () => true,
    };
    const seen: string[] = [];
    const out = await createMatchStage(failing, { onError: (_e, m) => seen.push(m.externalId) }).process(
      [mention('1', 'Acme Air')],
      ctx(false),
    );
    assert.equal(out.length, 1);
    assert.deepEqual(seen, ['1']);
  });

  it('adds to topics an earlier stage set', async () => {
    const m = { ...mention('1', 'Acme Air'), topicIds: ['t-manual'] };
    const [out] = await createMatchStage(matcher).process([m], ctx(false));
    assert.deepEqual(out?.topicIds, ['t-manual', 't-brand']);
  });
});
