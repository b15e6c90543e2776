/**
 * Volume spike detector for one count series (mentions per bucket), streaming and causal: the score at a
 * bucket uses only the buckets before it and itself.
 *
 * Expected count: the median of the same time of day over the previous days (seasonality), scaled by
 * how the recent level compares with those same days (trend). Spread: a negative-binomial variance
 * μ + μ²/k, with the overdispersion k estimated robustly from recent residuals, so that 3 mentions
 * against an expected 1 are weighed as weakly as they deserve and 300 against 100 as strongly. The
 * surprise is −log10 of the upper tail probability of the last few buckets' sum, mapped to [0, 1).
 * A burst scores once, at its start: later buckets score only when their surprise exceeds the best of
 * the recent past (a storm is one alert that grows, not a stream of alerts).
 */
export interface VolumeSpikeOptions {
  /** Bucket length in ms (5 minutes in NAB). */
  bucketMs: number;
  /** Days of history used for the seasonal expectation. */
  seasonDays: number;
  /** Buckets summed for the test (a short burst of several buckets is surer than one). */
  sumBuckets: number;
  /** Hours after a high score during which only a higher one is reported again. */
  suppressHours: number;
  /** Surprise (−log10 p) that maps to a score of 0.5. */
  halfScoreSurprise: number;
}

export const volumeSpikeDefaults: VolumeSpikeOptions = {
  bucketMs: 5 * 60_000,
  seasonDays: 7,
  sumBuckets: 3,
  suppressHours: 12,
  halfScoreSurprise: 6,
};

export interface VolumeSpikeResult {
  score: number;
  /** The seasonal expectation of this bucket alone. */
  expected: number;
  surprise: number;
}

export class VolumeSpikeDetector {
  private readonly o: VolumeSpikeOptions;
  private readonly perDay: number;
  /** Counts and their seasonal expectations, oldest first; trimmed to the season. */
  private readonly counts: number[] = [];
  private readonly expectations: number[] = [];
  /** Squared-residual ratios ((x−μ)²−μ)/μ² of the last day, for the overdispersion. */
  private readonly dispersion: number[] = [];
  private readonly recentSurprise: { t: number; s: number }[] = [];

  constructor(options: Partial<VolumeSpikeOptions> = {}) {
    this.o = { ...volumeSpikeDefaults, ...options };
    this.perDay = Math.round(86_400_000 / this.o.bucketMs);
  }

  update(t: number, count: number): VolumeSpikeResult {
    const x = Math.max(0, count);
    const mu = this.expectedNext();
    this.counts.push(x);
    this.expectations.push(mu);
    const maxLen = this.perDay * (this.o.seasonDays + 1);
    if (this.counts.length > maxLen) {
      this.counts.shift();
      this.expectations.shift();
    }
    this.dispersion.push(((x - mu) ** 2 - mu) / (mu * mu + 1e-9));
    if (this.dispersion.length > this.perDay) this.dispersion.shift();

    const n = this.counts.length;
    const m = this.o.sumBuckets;
    if (n < Math.max(this.perDay / 4, m + 12)) return { score: 0, expected: mu, surprise: 0 };
    let observed = 0;
    let expected = 0;
    for (let i = n - m; i < n; i++) {
      observed += this.counts[i]!;
      expected += this.expectations[i]!;
    }
    // The dispersion of the buckets before the tested ones, so a burst does not widen its own yardstick.
    const k = 1 / Math.max(1e-4, median(this.dispersion.slice(0, -m)));
    // Capped at 300: beyond it the burst is certain, and a storm that keeps growing past certainty is
    // the same storm (measured on NAB: uncapped surprises let a long storm re-alert).
    const surprise = -Math.log10(
      Math.max(1e-300, negBinomialUpperTail(observed, Math.max(expected, 0.5), k)),
    );

    // Report a burst once: only a surprise above the best of the recent past counts again.
    const window = this.o.suppressHours * 3_600_000;
    while (this.recentSurprise.length && this.recentSurprise[0]!.t < t - window) this.recentSurprise.shift();
    let best = 0;
    for (const r of this.recentSurprise) if (r.s > best) best = r.s;
    this.recentSurprise.push({ t, s: surprise });
    const reported = surprise > best ? surprise : 0;
    return { score: reported / (reported + this.o.halfScoreSurprise), expected: mu, surprise };
  }

  /** Seasonal expectation for the next bucket from the buckets so far. */
  private expectedNext(): number {
    const h = this.counts;
    const i = h.length;
    const recentLevel = median(h.slice(Math.max(0, i - 12), i));
    const same: number[] = [];
    const sameRecent: number[] = [];
    for (let d = 1; d <= this.o.seasonDays; d++) {
      const j = i - d * this.perDay;
      if (j - 12 < 0) break;
      // The same time of day, ±2 buckets, is robust to small phase shifts.
      for (let w = -2; w <= 2; w++) if (j + w < i) same.push(h[j + w]!);
      for (let w = j - 12; w < j; w++) sameRecent.push(h[w]!);
    }
    if (same.length === 0) return Math.max(0.1, recentLevel);
    // Trend: the last hour against the same hour on previous days.
    const ratio = (recentLevel + 1) / (median(sameRecent) + 1);
    return Math.max(0.1, median(same) * Math.min(4, Math.max(0.25, ratio)));
  }
}

export function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * P(X ≥ x) for a negative binomial with mean μ and shape k (Poisson as k → ∞), by a normal
 * approximation on the variance-stabilised scale for large counts and exact summation for small ones.
 */
export function negBinomialUpperTail(x: number, mu: number, k: number): number {
  if (x <= 0) return 1;
  if (x <= mu) return 1;
  const variance = mu + (mu * mu) / k;
  if (x < 50 && mu < 50) {
    // Exact: 1 − Σ_{j<x} pmf(j).
    const p = k / (k + mu);
    let pmf = k > 1e6 ? Math.exp(-mu) : p ** k;
    let cdf = 0;
    for (let j = 0; j < x; j++) {
      cdf += pmf;
      pmf *= k > 1e6 ? mu / (j + 1) : ((j + k) / (j + 1)) * (1 - p);
    }
    return Math.max(1e-300, 1 - cdf);
  }
  const z = (x - 0.5 - mu) / Math.sqrt(variance);
  return normalUpperTail(z);
}

export function normalUpperTail(z: number): number {
  if (z < 0) return 1 - normalUpperTail(-z);
  // erfc via Abramowitz–Stegun 7.1.26 is too coarse in the far tail; use the continued fraction instead.
  if (z > 8) return (Math.exp(-0.5 * z * z) / (z * Math.sqrt(2 * Math.PI))) * (1 - 1 / (z * z));
  const t = 1 / (1 + 0.2316419 * z);
  const poly =
    t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return (Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)) * poly;
}
