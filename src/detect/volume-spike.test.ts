import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VolumeSpikeDetector } from './volume-spike.ts';

const FIVE_MIN = 300_000;

/** A calm daily rhythm of mentions per 5 minutes, deterministic. */
function calm(i: number): number {
  const hour = ((i * 5) / 60) % 24;
  return Math.round(20 + 15 * Math.sin(((hour - 6) / 24) * 2 * Math.PI) + ((i * 7919) % 5));
}

/** Poisson counts from a seeded generator (Knuth's method; rates here are small or use the normal limit). */
function seededPoisson(seed: number): (mean: number) => number {
  let state = seed;
  const uniform = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return (state + 0.5) / 2_147_483_648;
  };
  return (mean) => {
    if (mean > 30) {
      const z = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
      return Math.max(0, Math.round(mean + z * Math.sqrt(mean)));
    }
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = uniform(); p > limit; p *= uniform()) k++;
    return k;
  };
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
    const burst = [60, 120, 200, 260, 300, 250, 150, 80].map(
      (extra, j) => d.update((days + j) * FIVE_MIN, calm(days + j) + extra).score,
    );
    assert.ok(maxCalm < 0.5, `calm days score ${maxCalm}`);
    // The first bucket is twice the calm peak: reported; the second crosses the pipeline's 0.75.
    assert.ok(burst[0]! > 0.5 && burst[1]! > 0.75, `burst scores ${burst}`);
    assert.ok(Math.max(...burst) > 0.85, `burst scores ${burst}`);
    assert.deepEqual(
      burst.slice(5),
      [0, 0, 0],
      'a storm is reported at its start and at its new highs, not as it declines',
    );
  });

  it('weighs 3 mentions against a usual 1 far less than 300 against a usual 100', () => {
    const peak = (usual: number, burst: number) => {
      const d = new VolumeSpikeDetector();
      const poisson = seededPoisson(7);
      // Three days of Poisson counts around the usual rate, then one bucket of `burst`.
      for (let i = 0; i < 3 * 288; i++) d.update(i * FIVE_MIN, poisson(usual));
      return d.update(3 * 288 * FIVE_MIN, burst).score;
    };
    const small = peak(1, 3);
    const large = peak(100, 300);
    assert.equal(small, 0, '3 against a usual 1 happens by chance every few hours');
    assert.ok(large > 0.75, `300 against a usual 100 scores ${large}`);
  });

  it('reports a storm that builds over hours without one outstanding bucket, once it doubles', () => {
    const d = new VolumeSpikeDetector();
    const days = 4 * 288;
    for (let i = 0; i < days; i++) d.update(i * FIVE_MIN, calm(i));
    // Six hours at twice the calm peak, no bucket above three times it.
    const scores = Array.from(
      { length: 72 },
      (_, j) => d.update((days + j) * FIVE_MIN, 70 + (j % 3) * 5).score,
    );
    assert.ok(Math.max(...scores) > 0, 'the slow storm is reported');
    // At its start, then only at new highs of each of the three scales.
    assert.ok(scores[0]! > 0.5, `first bucket scores ${scores[0]}`);
    assert.ok(
      scores.filter((s) => s > 0).length <= 8,
      `reported ${scores.filter((s) => s > 0).length} times`,
    );
  });
  it('reports a level held for hours even when spam bursts set a higher 6-hour sum before', () => {
    // A quiet series (about 2 a bucket by day) hit about once a day by 40 minutes of spam at 200 a bucket,
    // then a real shift: 15 a bucket for hours. The plain 6-hour sum never beats a window holding a burst;
    // the level held for half of the 6 hours does.
    const run = (robustTrim?: number) => {
      const d = new VolumeSpikeDetector(robustTrim === undefined ? {} : { robustTrim });
      const poisson = seededPoisson(11);
      const days = 5 * 288;
      for (let i = 0; i < days; i++) {
        const hour = ((i * 5) / 60) % 24;
        const spam = i % 300 >= 50 && i % 300 < 58 ? 200 : 0;
        d.update(i * FIVE_MIN, poisson(hour > 8 && hour < 20 ? 2 : 0.5) + spam);
      }
      return Array.from({ length: 144 }, (_, j) => d.update((days + j) * FIVE_MIN, poisson(15)).score);
    };
    const robust = run();
    const plain = run(0);
    assert.equal(Math.max(...plain), 0, 'without the robust scale the shift stays below the burst windows');
    assert.ok(Math.max(...robust) > 0.5, `the shift scores ${Math.max(...robust)}`);
    // Once half of the 6 hours is at the new level (3 hours in), then at each regrowth, not at every bucket.
    const first = robust.findIndex((s) => s > 0);
    assert.ok(first >= 36 && first < 48, `first reported after ${first} buckets`);
    assert.ok(robust.filter((s) => s > 0).length <= 4, 'reported a few times, not at every bucket');
  });

  it('sets no record while warming up: a backlog in the first buckets does not hide a later burst', () => {
    const poisson = seededPoisson(5);
    const d = new VolumeSpikeDetector();
    const first = [36, 20, 12];
    const scores: number[] = [];
    for (let i = 0; i < 4 * 288; i++) scores.push(d.update(i * FIVE_MIN, first[i] ?? poisson(0.5)).score);
    assert.equal(Math.max(...scores.slice(0, 72)), 0, 'no verdict during the warm-up');
    // Four days of a usual 0.5, then 12 in one bucket: new for this series, though below the first bucket.
    const burst = d.update(4 * 288 * FIVE_MIN, 12).score;
    assert.ok(burst > 0.5, `the burst scores ${burst}`);
  });
});
