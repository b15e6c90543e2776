import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Mention } from '../domain/mention.ts';
import { SpikeWatch } from './spike-watch.ts';

const t0 = Date.UTC(2026, 10, 20);
const MIN = 60_000;

function mention(i: number, t: number, text: string, negative: boolean, followers = 100): Mention {
  return {
    workspaceId: 'ws',
    source: i % 3 ? 'x' : 'facebook',
    externalId: String(i),
    text,
    createdAt: t,
    brandIds: ['acme'],
    author: { handle: `u${i}`, followers },
    sentiment: { label: negative ? 'negative' : 'neutral', score: negative ? -0.8 : 0 },
    categories: negative ? [{ id: 'data_breach', confidence: 0.9, evidence: ['הדליפו', 'דרכון'] }] : [],
  };
}

describe('spike watch', () => {
  it('turns a sudden negative Hebrew storm into a volume-spike signal with evidence, after a calm two days', () => {
    const watch = new SpikeWatch();
    const calm: Mention[] = [];
    let i = 0;
    // Two calm days: one or two mentions every five minutes.
    for (let t = t0; t < t0 + 2 * 1440 * MIN; t += 5 * MIN) {
      calm.push(mention(i++, t + MIN, 'טסתי עם אקמה אייר, הכול בסדר', false));
      if (i % 2) calm.push(mention(i++, t + 3 * MIN, 'Acme Air flight on time today', false));
    }
    assert.deepEqual(watch.observe(calm), [], 'no signal on calm days');
    const stormStart = t0 + 2 * 1440 * MIN;
    const storm: Mention[] = [];
    for (let k = 0; k < 120; k++) {
      storm.push(
        mention(
          i++,
          stormStart + k * 5_000,
          'אקמה אייר הדליפו את פרטי הדרכון שלי! #AcmeAirLeak',
          true,
          k === 7 ? 250_000 : 50,
        ),
      );
    }
    storm.push(mention(i++, stormStart + 20 * MIN, 'Acme Air still silent', true));
    const signals = watch.observe(storm);
    // A storm that keeps growing is reported again only when it is more surprising than before; the
    // alerts module folds those signals into one alert.
    assert.ok(signals.length >= 1 && signals.length <= 2, `${signals.length} signals`);
    const [signal] = signals;
    assert.equal(signal!.type, 'volume_spike');
    assert.equal(signal!.brandId, 'acme');
    assert.ok(
      signal!.windowStart >= stormStart && signal!.windowStart < stormStart + 10 * MIN,
      'spotted within minutes',
    );
    assert.equal(signal!.evidence.severity, 4, 'all negative and far above the expected volume');
    assert.equal(signal!.evidence.problem, 'data_breach');
    assert.equal(
      signal!.evidence.crisisType,
      'external_force',
      "seed 004's taxonomy: a breach is an external force",
    );
    const top = signal!.evidence.topMentions as { reach: number; text: string }[];
    assert.equal(top[0]!.reach, 250_000, 'the most-read post comes first');
    assert.match(top[0]!.text, /הדרכון/);
    assert.equal(new SpikeWatch().observe(storm.slice(0, 10)).length, 0, 'no history, no verdict');
  });

  it("scores a quiet topic's bucket when the workspace moves on, dated when that is known", () => {
    const watch = new SpikeWatch();
    let i = 0;
    const calm: Mention[] = [];
    for (let t = t0; t < t0 + 2 * 1440 * MIN; t += 2 * MIN)
      calm.push({ ...mention(i++, t, 'Acme Air flight on time today', false), topicIds: ['t_brand'] });
    assert.deepEqual(watch.observe(calm), []);
    // Eight crisis-word mentions in one bucket of the (so far silent) crisis-terms topic …
    const start = t0 + 2 * 1440 * MIN;
    const burst = Array.from({ length: 8 }, (_, k) => ({
      ...mention(i++, start + k * 20_000, 'אקמה אייר הדליפו את פרטי הדרכון שלי', true),
      topicIds: ['t_brand', 't_crisis'],
    }));
    const during = watch.observe(burst).filter((s) => s.topicId === 't_crisis');
    assert.deepEqual(during, [], 'the bucket is still open');
    // … then only ordinary brand talk: its next mention, in the next bucket, closes the topic's bucket too.
    const next = start + 5 * MIN + 30_000;
    const after = watch
      .observe([{ ...mention(i++, next, 'Acme Air flight on time today', false), topicIds: ['t_brand'] }])
      .filter((s) => s.topicId === 't_crisis');
    assert.equal(after.length, 1);
    assert.equal(after[0]!.windowStart, start);
    assert.equal(after[0]!.createdAt, next, 'known at the mention that closed the bucket');
  });
});
