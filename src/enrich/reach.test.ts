import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Mention } from '../domain/mention.ts';
import { estimateReach, type KnownAuthor, knownKey } from './reach.ts';

const m = (extra: Partial<Mention>): Mention => ({
  workspaceId: 'w',
  source: 'x',
  externalId: '1',
  text: 'שלום',
  createdAt: 0,
  ...extra,
});

describe('reach', () => {
  it('grows with followers, verification, known roles and engagement', () => {
    const base = estimateReach(m({ author: { handle: 'dana', followers: 50_000 } }));
    const verified = estimateReach(m({ author: { handle: 'dana', followers: 50_000, verified: true } }));
    const known = new Map<string, KnownAuthor>([
      [knownKey('x', '@Dana'), { handle: 'dana', role: 'journalist' }],
    ]);
    const journalist = estimateReach(m({ author: { handle: 'dana', followers: 50_000 } }), { known });
    const shared = estimateReach(
      m({
        author: { handle: 'dana', followers: 50_000 },
        engagement: { likes: 10, shares: 100, replies: 5 },
      }),
    );
    assert.ok(verified > base && journalist > base && shared > base);
  });

  it('is at least 1 and ignores nonsense numbers', () => {
    assert.equal(estimateReach(m({})), 1);
    assert.equal(estimateReach(m({ author: { handle: 'x', followers: Number.NaN } })), 1);
    assert.equal(estimateReach(m({ author: { handle: 'x', followers: -5 } })), 1);
    assert.ok(
      Number.isFinite(estimateReach(m({ author: { handle: 'x', followers: Number.POSITIVE_INFINITY } }))),
    );
  });
});
