import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Coordinated, normalisedText } from './coordinated.ts';
import type { Finding } from './finding.ts';
import { mention } from './test-mentions.ts';

const t0 = Date.UTC(2026, 8, 14, 12);

describe('coordinated activity', () => {
  it('flags near-identical posts with the same hashtags from new, small accounts', () => {
    const d = new Coordinated();
    let found: Finding | undefined;
    for (let i = 0; i < 14; i++) {
      const f = d.observe(
        t0 + i * 40_000,
        mention({
          createdAt: t0 + i * 40_000,
          text: `BREAKING: Kestrel Bank is going bankrupt, withdraw your money now #KestrelScam #KestrelCollapse ${i % 3 ? '!!' : '👇'}`,
          author: { handle: `truth_${i}`, followers: i % 7 },
          storyId: 'st_bots',
          raw: { authorCreatedAt: new Date(t0 - 3 * 86_400_000).toISOString() },
        }),
      );
      if (f) found = f;
    }
    assert.ok(found, 'flagged');
    assert.equal(found.type, 'coordinated');
    assert.equal(found.crisisType, 'disinformation_attack');
    const e = found.evidence as { accounts: number; lowFollowerShare: number; newAccounts: number };
    assert.ok(e.accounts >= 10 && e.lowFollowerShare === 1 && e.newAccounts >= 10, JSON.stringify(e));
  });

  it('does not flag a real crowd (accounts of every size), reposts, or a handful of accounts', () => {
    const d = new Coordinated();
    for (let i = 0; i < 30; i++)
      assert.equal(
        d.observe(
          t0 + i * 20_000,
          mention({
            createdAt: t0 + i * 20_000,
            text: 'Kestrel Bank leaked our card numbers #KestrelLeak #DataBreach',
            author: { handle: `p${i}`, followers: 40 + i * 997 },
            storyId: 'st_crowd',
          }),
        ),
        undefined,
      );
    for (let i = 0; i < 30; i++)
      assert.equal(
        d.observe(
          t0 + i * 20_000,
          mention({
            createdAt: t0 + i * 20_000,
            text: 'RT @maya: Kestrel Bank leaked our card numbers',
            author: { handle: `r${i}`, followers: 3 },
            storyId: 'st_rt',
          }),
        ),
        undefined,
      );
    for (let i = 0; i < 6; i++)
      assert.equal(
        d.observe(
          t0 + i * 20_000,
          mention({
            createdAt: t0 + i * 20_000,
            text: 'בנק קסטרל פושט רגל, תמשכו את הכסף עכשיו #KestrelScam #KestrelCollapse',
            author: { handle: `h${i}`, followers: 2 },
            storyId: 'st_few',
          }),
        ),
        undefined,
      );
  });

  it('accounts leave the window with the flag they came in with (no drift when follower counts vary)', () => {
    const d = new Coordinated();
    const post = (at: number, handle: string, followers: number) =>
      d.observe(
        at,
        mention({
          createdAt: at,
          text: 'Kestrel Bank leaked our card numbers #KestrelLeak #DataBreach',
          author: { handle, followers },
          storyId: 'st_crowd',
        }),
      );
    // Eight accounts first seen without a follower count (0: counted small), then with their audience.
    for (let i = 0; i < 8; i++) post(t0 + i * 10_000, `c${i}`, 0);
    for (let i = 0; i < 8; i++) post(t0 + 2 * 60_000 + i * 10_000, `c${i}`, 800 + i * 100);
    // An hour later they have all left the window; a mixed crowd of twelve is half small: no army.
    const later = t0 + 60 * 60_000;
    const found: Finding[] = [];
    for (let i = 0; i < 12; i++) {
      const f = post(later + i * 10_000, `n${i}`, i % 2 ? 3 : 5_000);
      if (f) found.push(f);
    }
    assert.deepEqual(
      found.map((f) => f.evidence.lowFollowerShare),
      [],
      'half the accounts are small: not coordinated',
    );
  });

  it('normalises away what bot templates vary', () => {
    assert.equal(
      normalisedText('BREAKING: Bank X is bankrupt!! #Scam @someone https://t.co/x 42'),
      normalisedText('breaking bank x is bankrupt 👇 #Other'),
    );
  });
});
