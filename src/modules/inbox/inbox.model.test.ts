/**
 * The inbox's rules without I/O: the stored rank orders items exactly as the priority formula does at
 * any later moment, a future-dated mention cannot sit on top forever, which mentions enter, which
 * actions each status allows, and the coverage figures from aggregate counts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canDo,
  coverageOf,
  entryRank,
  HALF_LIFE_MS,
  isRuleComplaint,
  median,
  needsAnswer,
  negativity,
  priorityAt,
  rankOf,
  weightOf,
} from './inbox.model.ts';

const hour = 3_600_000;
const t0 = Date.UTC(2026, 10, 25, 9, 0);

describe('inbox priority', () => {
  it('is reach × negativity × 2^(−age / half-life), read back from the stored rank', () => {
    const weight = weightOf(40_000, { label: 'negative', score: -0.75 });
    assert.equal(weight, 30_000);
    const rank = rankOf(weight, t0);
    assert.ok(Math.abs(priorityAt(rank, t0) - 30_000) < 1e-6);
    assert.ok(Math.abs(priorityAt(rank, t0 + HALF_LIFE_MS) - 15_000) < 1e-6, 'halves every half-life');
    assert.ok(Math.abs(priorityAt(rank, t0 + 3 * HALF_LIFE_MS) - 3_750) < 1e-6);
  });

  it('orders by rank exactly as by priority, at any moment (no re-scoring needed)', () => {
    const items = Array.from({ length: 500 }, (_, i) => ({
      weight: 1 + ((i * 7919) % 100_000) * (((i * 31) % 100) / 100),
      createdAt: t0 - ((i * 104_729) % (72 * hour)),
    }));
    const byRank = [...items]
      .map((x, i) => ({ i, rank: rankOf(x.weight, x.createdAt) }))
      .sort((a, b) => b.rank - a.rank)
      .map((x) => x.i);
    for (const now of [t0, t0 + 5 * hour, t0 + 300 * hour]) {
      const byPriority = [...items]
        .map((x, i) => ({ i, p: x.weight * 2 ** (-(now - x.createdAt) / HALF_LIFE_MS) }))
        .sort((a, b) => b.p - a.p)
        .map((x) => x.i);
      assert.deepEqual(byRank, byPriority);
    }
  });

  it('a mention dated in the future ranks as if posted when it entered', () => {
    const honest = entryRank(100, t0, t0);
    const liar = entryRank(100, t0 + 1_000 * hour, t0);
    assert.equal(liar, honest);
    assert.equal(entryRank(100, t0 - hour, t0), rankOf(100, t0 - hour), 'past dates are kept');
  });

  it('weighs negativity: strongly negative above mildly negative above neutral above positive', () => {
    const values = [
      negativity({ label: 'negative', score: -0.9 }),
      negativity({ label: 'negative', score: -0.1 }),
      negativity({ label: 'neutral', score: 0 }),
      negativity({ label: 'positive', score: 0.8 }),
    ];
    assert.deepEqual(values, [0.9, 0.2, 0.1, 0.02]);
    assert.equal(weightOf(undefined, { label: 'negative', score: -1 }), 1, 'unknown reach counts as 1');
  });
});

describe('inbox rules', () => {
  it('takes negative mentions of a brand only', () => {
    const base = { workspaceId: 'w', source: 'x', externalId: '1', text: 't', createdAt: t0 };
    assert.equal(
      needsAnswer({ ...base, brandIds: ['b'], sentiment: { label: 'negative', score: -0.5 } }),
      true,
    );
    assert.equal(
      needsAnswer({ ...base, brandIds: [], sentiment: { label: 'negative', score: -0.5 } }),
      false,
    );
    assert.equal(needsAnswer({ ...base, brandIds: ['b'], sentiment: { label: 'neutral', score: 0 } }), false);
    assert.equal(needsAnswer({ ...base, brandIds: ['b'] }), false);
  });

  it('takes a complaint the rules recognised even when the model reads it neutral, ranked at least half negative', () => {
    const base = { workspaceId: 'w', source: 'vk', externalId: '2', createdAt: t0, brandIds: ['b'] };
    const leak = {
      ...base,
      text: 'Скандал! Акме Эйр допустила утечку паспортов',
      sentiment: { label: 'neutral' as const, score: -0.3 },
      categories: [
        { id: 'complaint', confidence: 0.65, evidence: ['kind:data_breach'] },
        { id: 'data_breach', confidence: 0.65, evidence: ['ru:утечк*'] },
      ],
    };
    assert.equal(needsAnswer(leak), true);
    assert.equal(isRuleComplaint(leak.categories), true);
    assert.equal(weightOf(1_000, leak.sentiment, true), 500);
    assert.equal(weightOf(1_000, leak.sentiment), 100, 'neutral alone ranks far below');
    // A complaint only inferred from the model's negativity is not a rule complaint.
    assert.equal(
      isRuleComplaint([{ id: 'complaint', confidence: 0.4, evidence: ['model:sentiment -0.8'] }]),
      false,
    );
    assert.equal(needsAnswer({ ...leak, brandIds: [] }), false, 'not about our brand');
  });

  it('allows a reply from any status, closing only while open, never a delete', () => {
    assert.ok(canDo('reply', 'no_reply_needed'));
    assert.ok(canDo('reply', 'replied'));
    assert.ok(!canDo('close', 'replied'));
    assert.ok(!canDo('close', 'no_reply_needed'));
    assert.ok(!canDo('escalate', 'escalated'));
    assert.ok(canDo('assign', 'no_reply_needed'), 'assigning reopens');
  });

  it('computes coverage from aggregate counts, answered and closed kept apart', () => {
    const c = coverageOf(
      [
        { status: 'new', closeReason: null, items: 5, replied: 0 },
        { status: 'replied', closeReason: null, items: 3, replied: 3 },
        { status: 'no_reply_needed', closeReason: 'spam_or_bot', items: 2, replied: 0 },
      ],
      [4 * 60_000, 60_000, 10 * 60_000],
    );
    assert.deepEqual(c, {
      total: 10,
      replied: 3,
      closedWithReason: 2,
      open: 5,
      answeredShare: 0.3,
      handledShare: 0.5,
      medianTimeToFirstReplyMs: 4 * 60_000,
      byReason: { spam_or_bot: 2 },
    });
    assert.equal(coverageOf([], []).answeredShare, 0);
    assert.equal(coverageOf([], []).medianTimeToFirstReplyMs, null);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });
});
