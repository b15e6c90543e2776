/**
 * Negative surge: the negative share of a brand's mentions rising against its own baseline.
 *
 * Window: the last `windowMinutes` (k negatives of n mentions), tested at every mention. Baseline: the
 * minutes that have left the window, with a half-life (so the baseline adapts in days, not minutes, and
 * never includes the window under test). Test: under the baseline share p0 the window's negatives follow
 * a beta-binomial — a binomial whose rate wanders from hour to hour like Beta(p0·c, (1−p0)·c), with the
 * concentration c capped so a brand with a million past mentions is not held to a razor-thin share —
 * and the upper tail P(K ≥ k) is the surprise. An effect-size gate keeps tiny but "significant" shifts
 * out: the Wilson 95 % lower bound of k/n must exceed p0 by `minLift`. Small counts are weighed as such:
 * 3 negatives out of 3 against a 20 % baseline is p ≈ 0.01 (silent), 30 of 40 is p < 10⁻⁸.
 */
import { type Finding, scoreOf } from './finding.ts';
import { betaBinomialUpperTail, DecayingCount, MinuteRing, surprise, wilsonLower } from './stats.ts';

export interface NegativeSurgeOptions {
  windowMinutes: number;
  baselineHalfLifeMs: number;
  /** Prior share and its weight in mentions, before a brand has a history. */
  priorShare: number;
  priorWeight: number;
  /** Cap on the beta-binomial concentration (how steady the share is believed to be). */
  maxConcentration: number;
  /** Negatives in the window before the test runs. */
  minNegative: number;
  /** Wilson lower bound of the window's share must exceed the baseline share by this. */
  minLift: number;
  /** −log10 p to report. */
  minSurprise: number;
  /** After a report, the next needs this many times the surprise, or `refractoryMs` to pass. */
  regrowth: number;
  refractoryMs: number;
}

export const negativeSurgeDefaults: NegativeSurgeOptions = {
  windowMinutes: 15,
  baselineHalfLifeMs: 2 * 86_400_000,
  priorShare: 0.25,
  priorWeight: 20,
  maxConcentration: 60,
  minNegative: 6,
  minLift: 0.15,
  minSurprise: 5,
  regrowth: 2,
  refractoryMs: 60 * 60_000,
};

export interface NegativeSurgeSnapshot {
  baseAll: [number, number] | null;
  baseNeg: [number, number] | null;
  all: { head: number; counts: number[] };
  neg: { head: number; counts: number[] };
  last?: { at: number; surprise: number };
}

export class NegativeSurge {
  private readonly o: NegativeSurgeOptions;
  private readonly baseAll: DecayingCount;
  private readonly baseNeg: DecayingCount;
  private readonly all: MinuteRing;
  private readonly neg: MinuteRing;
  private last: { at: number; surprise: number } | undefined;

  constructor(options: Partial<NegativeSurgeOptions> = {}) {
    this.o = { ...negativeSurgeDefaults, ...options };
    this.baseAll = new DecayingCount(this.o.baselineHalfLifeMs);
    this.baseNeg = new DecayingCount(this.o.baselineHalfLifeMs);
    this.all = new MinuteRing(this.o.windowMinutes, (minute, c) => this.baseAll.add(minute * 60_000, c));
    this.neg = new MinuteRing(this.o.windowMinutes, (minute, c) => this.baseNeg.add(minute * 60_000, c));
  }

  /** The baseline negative share (with the prior) at t. */
  baselineShare(t: number): number {
    const o = this.o;
    return (this.baseNeg.value(t) + o.priorShare * o.priorWeight) / (this.baseAll.value(t) + o.priorWeight);
  }

  /** Baseline, window and last report (detector state kept across restarts). */
  snapshot(): NegativeSurgeSnapshot {
    return {
      baseAll: this.baseAll.snapshot(),
      baseNeg: this.baseNeg.snapshot(),
      all: this.all.snapshot(),
      neg: this.neg.snapshot(),
      ...(this.last ? { last: this.last } : {}),
    };
  }

  restore(s: NegativeSurgeSnapshot | undefined): void {
    if (!s) return;
    this.baseAll.restore(s.baseAll);
    this.baseNeg.restore(s.baseNeg);
    this.all.restore(s.all);
    this.neg.restore(s.neg);
    this.last = s.last;
  }

  /** Window share now. */
  windowCounts(): { n: number; k: number } {
    return { n: this.all.sum(), k: this.neg.sum() };
  }

  observe(t: number, negative: boolean, factor = 1): Finding | undefined {
    this.all.add(t);
    this.neg.advance(t);
    if (!negative) return undefined;
    this.neg.add(t);
    const o = this.o;
    const n = this.all.sum();
    const k = this.neg.sum();
    if (k < o.minNegative * factor) return undefined;
    const p0 = this.baselineShare(t);
    if (wilsonLower(k, n) < p0 + o.minLift) return undefined;
    const c = Math.min(o.maxConcentration, this.baseAll.value(t) + o.priorWeight);
    const s = surprise(betaBinomialUpperTail(k, n, p0 * c, (1 - p0) * c));
    if (s < o.minSurprise * factor) return undefined;
    if (this.last && t - this.last.at < o.refractoryMs && s < this.last.surprise * o.regrowth)
      return undefined;
    this.last = { at: t, surprise: s };
    return {
      type: 'negative_surge',
      score: scoreOf(s),
      windowStart: t - o.windowMinutes * 60_000,
      windowEnd: t,
      key: String(Math.floor(t / 60_000)),
      hints: { negativeShare: k / n },
      evidence: {
        negative: k,
        mentions: n,
        share: Math.round((k / n) * 100) / 100,
        baselineShare: Math.round(p0 * 100) / 100,
        shareLowerBound: Math.round(wilsonLower(k, n) * 100) / 100,
        surprise: Math.round(s * 10) / 10,
      },
    };
  }
}
