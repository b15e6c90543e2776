import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NegativeSurge } from './negative-surge.ts';

const MIN = 60_000;

/** A day of calm: 2 mentions a minute, one in five negative. */
function calmDay(d: NegativeSurge, from: number): number {
  let t = from;
  for (let i = 0; i < 24 * 60 * 2; i++) {
    t = from + i * 30_000;
    assert.equal(d.observe(t, i % 5 === 0), undefined, `silent on the calm day (mention ${i})`);
  }
  return t;
}

describe('negative surge', () => {
  it('learns the baseline share and ignores 3 negatives out of 3', () => {
    const d = new NegativeSurge();
    const t = calmDay(d, 0);
    assert.ok(Math.abs(d.baselineShare(t) - 0.2) < 0.03, `${d.baselineShare(t)}`);
    // Quiet night: three complaints in a row, nothing else.
    const night = t + 6 * 3_600_000;
    for (let i = 0; i < 3; i++) assert.equal(d.observe(night + i * MIN, true), undefined);
  });

  it('reports 30 negatives of 40 within 15 minutes, once, with its evidence', () => {
    const d = new NegativeSurge();
    const t = calmDay(d, 0) + MIN;
    const found = [];
    for (let i = 0; i < 40; i++) {
      const f = d.observe(t + i * 20_000, i % 4 !== 0);
      if (f) found.push(f);
    }
    assert.equal(found.length, 1, 'one report for one surge (until it doubles or an hour passes)');
    const e = found[0]!.evidence as {
      share: number;
      baselineShare: number;
      surprise: number;
      negative: number;
    };
    assert.equal(found[0]!.type, 'negative_surge');
    assert.ok(e.share >= 0.6 && e.baselineShare <= 0.25 && e.surprise >= 5, JSON.stringify(e));
    assert.ok(e.negative >= 6 && e.negative <= 30);
  });

  it('is harder to trigger with a lower sensitivity (factor 1.5)', () => {
    const normal = new NegativeSurge();
    const low = new NegativeSurge();
    const t = calmDay(normal, 0) + MIN;
    calmDay(low, 0);
    let firstNormal = -1;
    let firstLow = -1;
    for (let i = 0; i < 120; i++) {
      if (normal.observe(t + i * 10_000, i % 4 !== 0) && firstNormal < 0) firstNormal = i;
      if (low.observe(t + i * 10_000, i % 4 !== 0, 1.5) && firstLow < 0) firstLow = i;
    }
    assert.ok(firstNormal >= 0 && firstLow > firstNormal, `${firstNormal} < ${firstLow}`);
  });
});
