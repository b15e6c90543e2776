/**
 * Count-aware tail probabilities shared by the detectors. Exact sums in log space from the observed
 * value upwards (terms shrink fast, so the loop stops early), so 3 of 3 and 300 of 350 are both right.
 */

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905,
  -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; relative error < 1e-13). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = 0.9999999999998099;
  const t = z + 7.5;
  for (let i = 0; i < 8; i++) a += LANCZOS[i]! / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** Sums a pmf from j = k upwards given log pmf(k) and the ratio pmf(j+1)/pmf(j); stops when negligible. */
function upperSum(logFirst: number, last: number, k: number, ratio: (j: number) => number): number {
  let term = 1;
  let sum = 1;
  for (let j = k; j < last; j++) {
    term *= ratio(j);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return Math.min(1, Math.exp(logFirst + Math.log(sum)));
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logFirst = logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
  return upperSum(logFirst, n, k, (j) => ((n - j) / (j + 1)) * (p / (1 - p)));
}

/**
 * P(X ≥ k) for X ~ BetaBinomial(n, α, β): a binomial whose rate itself varies (from hour to hour, from day
 * to day) like Beta(α, β). The extra spread makes a share that wanders naturally less surprising than a
 * plain binomial would say.
 */
export function betaBinomialUpperTail(k: number, n: number, alpha: number, beta: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  const logFirst = logChoose(n, k) + logBeta(k + alpha, n - k + beta) - logBeta(alpha, beta);
  return upperSum(logFirst, n, k, (j) => ((n - j) / (j + 1)) * ((j + alpha) / (n - j - 1 + beta)));
}

/** P(X ≥ k) for X ~ Poisson(μ). */
export function poissonUpperTail(k: number, mu: number): number {
  if (k <= 0) return 1;
  if (mu <= 0) return 0;
  const logFirst = k * Math.log(mu) - mu - logGamma(k + 1);
  return upperSum(logFirst, Number.POSITIVE_INFINITY, k, (j) => mu / (j + 1));
}

/** Lower bound of the Wilson score interval for k successes in n trials (z = 1.96: 95 %). */
export function wilsonLower(k: number, n: number, z = 1.96): number {
  if (n <= 0) return 0;
  const p = k / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return Math.max(0, (centre - margin) / (1 + z2 / n));
}

/** −log10 of a probability, floored at 1e-300 so that certainty stays a finite number. */
export function surprise(p: number): number {
  return -Math.log10(Math.max(1e-300, Math.min(1, p)));
}

/** A count that forgets with a half-life: its value decays between updates (O(1), no history kept). */
export class DecayingCount {
  private v = 0;
  private at = Number.NEGATIVE_INFINITY;
  constructor(private readonly halfLifeMs: number) {}
  add(t: number, x: number): void {
    this.v = this.value(t) + x;
    this.at = Math.max(this.at, t);
  }
  value(t: number): number {
    if (this.at === Number.NEGATIVE_INFINITY) return 0;
    return t <= this.at ? this.v : this.v * 2 ** (-(t - this.at) / this.halfLifeMs);
  }
  /** [value, at] (detector state kept across restarts); null when nothing was counted. */
  snapshot(): [number, number] | null {
    return this.at === Number.NEGATIVE_INFINITY ? null : [this.v, this.at];
  }
  restore(s: [number, number] | null | undefined): void {
    if (!s) return;
    this.v = s[0];
    this.at = s[1];
  }
}

/**
 * Per-minute counts over a sliding window of `minutes` (a ring). `add` moves the window to t; counts of
 * minutes that leave the window are handed to `onExpire` (so a baseline can take them once they are old).
 */
export class MinuteRing {
  readonly counts: Float64Array;
  private head = -1;
  constructor(
    readonly minutes: number,
    private readonly onExpire?: (minute: number, count: number) => void,
  ) {
    this.counts = new Float64Array(minutes);
  }
  /** Moves the window so that its newest minute is the one of t. */
  advance(t: number): void {
    const minute = Math.floor(t / 60_000);
    if (this.head < 0) {
      this.head = minute;
      return;
    }
    if (minute <= this.head) return;
    const steps = Math.min(minute - this.head, this.minutes);
    for (let i = 1; i <= steps; i++) {
      // The slot of minute head+i last held minute head+i−minutes, which now leaves the window.
      const slot = (((this.head + i) % this.minutes) + this.minutes) % this.minutes;
      const old = this.counts[slot]!;
      if (old && this.onExpire) this.onExpire(this.head + i - this.minutes, old);
      this.counts[slot] = 0;
    }
    // After a gap longer than the window, every slot was cleared above (steps is capped at the window).
    this.head = minute;
  }
  add(t: number, x = 1): void {
    this.advance(t);
    const minute = Math.min(Math.floor(t / 60_000), this.head);
    if (minute <= this.head - this.minutes) return;
    const slot = ((minute % this.minutes) + this.minutes) % this.minutes;
    this.counts[slot] = this.counts[slot]! + x;
  }
  /** Sum over the last `last` minutes up to the newest (default: the whole window). */
  sum(last = this.minutes): number {
    let s = 0;
    const n = Math.min(last, this.minutes);
    for (let i = 0; i < n; i++)
      s += this.counts[(((this.head - i) % this.minutes) + this.minutes) % this.minutes]!;
    return s;
  }
  /** Sum over minutes [from, to) counted back from the newest (0 = the newest minute). */
  range(from: number, to: number): number {
    let s = 0;
    for (let i = from; i < Math.min(to, this.minutes); i++)
      s += this.counts[(((this.head - i) % this.minutes) + this.minutes) % this.minutes]!;
    return s;
  }
  /** Oldest first. */
  series(): number[] {
    const out: number[] = [];
    for (let i = this.minutes - 1; i >= 0; i--)
      out.push(this.counts[(((this.head - i) % this.minutes) + this.minutes) % this.minutes]!);
    return out;
  }
  get newestMinute(): number {
    return this.head;
  }
  /** The newest minute and the counts, oldest first (detector state kept across restarts). */
  snapshot(): { head: number; counts: number[] } {
    return { head: this.head, counts: this.series() };
  }
  /** Back to a snapshot, without handing anything to `onExpire` (its baseline was saved with it). */
  restore(s: { head: number; counts: number[] } | undefined): void {
    if (!s || s.counts.length !== this.minutes) return;
    this.head = s.head;
    for (let i = 0; i < this.minutes; i++) {
      const minute = s.head - (this.minutes - 1 - i);
      this.counts[((minute % this.minutes) + this.minutes) % this.minutes] = s.counts[i]!;
    }
  }
}
