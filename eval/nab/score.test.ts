import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { probationaryRows, rowWeights, scaledSigmoid, scoreCorpus } from './score.ts';

const standard = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };
const minute = 60_000;

describe('NAB scoring', () => {
  it('uses the scaled sigmoid of NAB', () => {
    assert.ok(Math.abs(scaledSigmoid(-1) - 0.98661) < 1e-4);
    assert.equal(scaledSigmoid(0), 0);
    assert.equal(scaledSigmoid(3.5), -1);
    assert.equal(probationaryRows(1000), 150);
    assert.equal(probationaryRows(100_000), 750);
  });

  it('weighs an early detection in a window at tpWeight and penalises false positives', () => {
    const { weight, window } = rowWeights(2000, [[1000, 1099]], standard);
    assert.ok(Number.isNaN(weight[0]!), 'probationary rows are not scored');
    assert.ok(Math.abs(weight[1000]! - 1) < 1e-9);
    assert.ok(weight[1099]! > 0 && weight[1099]! < weight[1000]!);
    assert.equal(window[1050], 0);
    assert.equal(weight[500], -0.11, 'before any window: −fpWeight');
    assert.ok(weight[1100]! < 0 && weight[1100]! > -0.11, 'just after a window a false positive costs less');
  });

  it('finds the best threshold over all files and normalises null to 0 and perfect to 100', () => {
    const n = 2000;
    const times = Array.from({ length: n }, (_, i) => i * minute);
    const windows: [number, number][] = [[1000 * minute, 1099 * minute]];
    const perfect = times.map((_, i) => (i === 1000 ? 1 : 0));
    const none = times.map(() => 0);
    assert.ok(
      Math.abs(scoreCorpus([{ name: 'a', times, scores: perfect, windows }], standard).normalised - 100) <
        1e-9,
    );
    assert.equal(scoreCorpus([{ name: 'a', times, scores: none, windows }], standard).normalised, 0);
    const noisy = times.map((_, i) => (i === 1000 ? 0.9 : i === 500 ? 0.95 : 0));
    const result = scoreCorpus([{ name: 'a', times, scores: noisy, windows }], standard);
    assert.equal(result.threshold, 0.9);
    assert.equal(result.falsePositives, 1);
    assert.ok(Math.abs(result.normalised - (100 * (1 - 0.11 + 1)) / 2) < 1e-9);
  });
});
