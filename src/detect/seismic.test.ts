import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forecast, infectiousness, kernelCdf, kernelPdf, seismicPaper } from './seismic.ts';

const MIN = 60_000;

describe('SEISMIC forecast', () => {
  it('has a normalised, continuous memory kernel (c = 6.49e-4 per second)', () => {
    assert.ok(Math.abs(kernelPdf(0) * 1000 - 6.49e-4) < 1e-6);
    assert.ok(Math.abs(kernelCdf(5 * MIN - 1) - kernelCdf(5 * MIN)) < 1e-6);
    // A heavy power-law tail: about 2 % of reactions come later than 1e12 ms; 56 % within the first hour.
    assert.ok(kernelCdf(1e12) > 0.97 && kernelCdf(1e12) < 1);
    assert.ok(kernelCdf(3_600_000) > 0.5 && kernelCdf(3_600_000) < 0.7);
    assert.equal(kernelCdf(0), 0);
  });

  it('estimates infectiousness from follower-weighted exposure', () => {
    const t0 = 1_000 * MIN;
    // The same reposts exposed by a big audience are a less infectious story than by a small one.
    const small = [
      { at: t0, followers: 100 },
      ...Array.from({ length: 10 }, (_, i) => ({ at: t0 + (i + 1) * MIN, followers: 50 })),
    ];
    const big = small.map((e) => ({ ...e, followers: e.followers * 100 }));
    const t = t0 + 12 * MIN;
    assert.ok(infectiousness(small, t) > 50 * infectiousness(big, t));
    assert.equal(infectiousness(small.slice(0, 1), t), 0);
  });

  it('forecasts growing sizes at +1 h, +6 h, +24 h and a finite final size when subcritical', () => {
    const t0 = 1_000 * MIN;
    const events = [
      { at: t0, followers: 20_000 },
      ...Array.from({ length: 30 }, (_, i) => ({ at: t0 + (i + 1) * 20_000, followers: 300 })),
    ];
    const f = forecast(events, t0 + 11 * MIN);
    assert.equal(f.now, 31);
    const [h1, h6, h24] = f.at.map((a) => a.size);
    assert.ok(h1! > f.now && h6! >= h1! && h24! >= h6!, JSON.stringify(f));
    assert.ok(f.branching < 1 && Number.isFinite(f.final) && f.final >= f.now);
    // Causal: events after t are ignored.
    assert.deepEqual(forecast([...events, { at: t0 + 60 * MIN, followers: 1e6 }], t0 + 11 * MIN), f);
  });

  it('keeps a bot story bounded: accounts with a handful of followers make p at most 1 and the forecast finite', () => {
    const t0 = 1_000 * MIN;
    // 80 posts in 20 minutes from accounts with 0–24 followers: no audience to speak of.
    const bots = Array.from({ length: 80 }, (_, i) => ({ at: t0 + i * 15_000, followers: i % 25 }));
    const t = t0 + 20 * MIN;
    const p = infectiousness(bots, t);
    assert.ok(p > 0 && p <= 1, `p = ${p}`);
    const f = forecast(bots, t);
    assert.equal(f.supercritical, true);
    assert.ok(Number.isFinite(f.final), 'finite final size');
    for (const a of f.at) assert.ok(a.size < 20 * bots.length, `${a.horizonMs}: ${a.size}`);
    // The paper's estimator as published calls the same story infinite.
    assert.equal(forecast(bots, t, undefined, seismicPaper).final, Number.POSITIVE_INFINITY);
    // An organic subcritical story is forecast the same with or without the cap.
    const organic = [
      { at: t0, followers: 20_000 },
      ...Array.from({ length: 30 }, (_, i) => ({ at: t0 + (i + 1) * 20_000, followers: 300 })),
    ];
    assert.deepEqual(
      forecast(organic, t0 + 11 * MIN).at,
      forecast(organic, t0 + 11 * MIN, undefined, seismicPaper).at,
    );
  });
});
