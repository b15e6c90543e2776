import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  betaBinomialUpperTail,
  binomialUpperTail,
  logGamma,
  MinuteRing,
  poissonUpperTail,
  wilsonLower,
} from './stats.ts';

const close = (a: number, b: number, rel = 1e-9) =>
  assert.ok(Math.abs(a - b) <= rel * Math.max(1e-300, Math.abs(b)), `${a} ≉ ${b}`);

describe('detector statistics', () => {
  it('log-gamma matches factorials', () => {
    assert.ok(Math.abs(logGamma(1)) < 1e-12);
    close(Math.exp(logGamma(6)), 120);
    close(Math.exp(logGamma(11)), 3_628_800);
  });

  it('binomial and Poisson tails equal the exact sums', () => {
    // P(X ≥ 3 | n = 3, p = 0.2) = 0.008; P(X ≥ 2 | n = 4, p = 0.5) = 11/16.
    close(binomialUpperTail(3, 3, 0.2), 0.008);
    close(binomialUpperTail(2, 4, 0.5), 11 / 16);
    close(binomialUpperTail(0, 10, 0.3), 1);
    assert.equal(binomialUpperTail(11, 10, 0.3), 0);
    // P(X ≥ 2 | μ = 1) = 1 − 2/e.
    close(poissonUpperTail(2, 1), 1 - 2 / Math.E);
  });

  it('the beta-binomial is wider than the binomial and tends to it as the concentration grows', () => {
    const bin = binomialUpperTail(8, 10, 0.25);
    const wide = betaBinomialUpperTail(8, 10, 0.25 * 20, 0.75 * 20);
    const narrow = betaBinomialUpperTail(8, 10, 0.25 * 1e7, 0.75 * 1e7);
    assert.ok(wide > bin * 5, `a wandering rate makes 8/10 less surprising (${wide} vs ${bin})`);
    close(narrow, bin, 1e-4);
    // Beta(1,1) makes every count equally likely: P(X ≥ 3 | n = 4) = 2/5.
    close(betaBinomialUpperTail(3, 4, 1, 1), 2 / 5);
  });

  it('weighs 3 mentions unlike 300 (count-aware)', () => {
    // All 3 negative vs 270 of 300, against a 20 % baseline share.
    const small = binomialUpperTail(3, 3, 0.2);
    const large = binomialUpperTail(270, 300, 0.2);
    assert.ok(small > 1e-3);
    assert.ok(large < 1e-100, `${large}`);
    assert.ok(wilsonLower(3, 3) < 0.5 && wilsonLower(270, 300) > 0.85);
    assert.equal(wilsonLower(0, 0), 0);
  });

  it('a minute ring sums windows and hands expired minutes to the baseline', () => {
    const expired: [number, number][] = [];
    const ring = new MinuteRing(5, (minute, count) => expired.push([minute, count]));
    ring.add(0);
    ring.add(30_000);
    ring.add(60_000);
    assert.equal(ring.sum(), 3);
    assert.equal(ring.sum(1), 1);
    ring.add(5 * 60_000); // minute 5: minute 0 leaves the window
    assert.deepEqual(expired, [[0, 2]]);
    assert.equal(ring.sum(), 2);
    ring.add(60 * 60_000); // a long gap clears everything
    assert.equal(ring.sum(), 1);
    assert.deepEqual(ring.series().slice(-1), [1]);
  });
});
