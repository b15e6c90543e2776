import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { negBinomialUpperTail, VolumeSpikeDetector } from './volume-spike.ts';

const FIVE_MIN = 300_000;

/** A calm daily rhythm of mentions per 5 minutes, deterministic. */
function calm(i: number): number {
  const hour = ((i * 5) / 60) % 24;
  return Math.round(20 + 15 * Math.sin(((hour - 6) / 24) * 2 * Math.PI) + ((i * 7919) % 5));
}

describe('volume spike detector', () => {
  it('stays quiet on a calm seasonal day and scores a sudden burst at its start', () => {
    const d = new VolumeSpikeDetector();
    const days = 4 * 288;
    let maxCalm = 0;
    for (let i = 0; i < days; i++) {
      const { score } = d.update(i * FIVE_MIN, calm(i));
      if (i > 288) maxCalm = Math.max(maxCalm, score);
    }
    const burst = [60, 120, 200, 260, 300].map(
      (extra, j) => d.update((days + j) * FIVE_MIN, calm(days + j) + extra).score,
    );
    assert.ok(maxCalm < 0.5, `calm days score ${maxCalm}`);
    assert.ok(Math.max(...burst) > 0.9, `burst scores ${burst}`);
    assert.ok(
      burst.filter((s) => s > 0).length <= 3,
      'a storm is reported at its start, not at every bucket',
    );
  });

  it('weighs 3 mentions against an expected 1 far less than 300 against 100', () => {
    const small = negBinomialUpperTail(3, 1, 1e9);
    const large = negBinomialUpperTail(300, 100, 1e9);
    assert.ok(small > 0.05, `P(X≥3 | μ=1) = ${small}`);
    assert.ok(large < 1e-30, `P(X≥300 | μ=100) = ${large}`);
  });
});
