/**
 * Volume spike detector for one count series (mentions per bucket), streaming and causal: the score at a
 * bucket uses only the buckets before it and itself.
 *
 * The question it answers is "is this storm bigger than any this series has had lately?", on three
 * scales: the bucket itself (a burst), the last few hours (a storm that builds slowly, or stays up for
 * hours without one outstanding bucket), and the same hours without their busiest half (a level the
 * series has held for at least half of them: a shift that bursts of spam before it would hide from the
 * plain sum). On each scale:
 *
 * - **Level**: log(1 + L), L the rate the buckets prove at one standard error, (S − √S)/w for S mentions in
 *   w buckets (count-aware: 3 mentions prove a rate of 1.3, 300 prove 283; a few stray mentions on a quiet
 *   series are no storm).
 * - **Record**: the highest level outside the current event (older than `eventHours`), fading by
 *   `recordDecayPerDay` in log units a day, so a storm of last month no longer hides one of today. What the
 *   detector saw while warming up (the first quarter of a day, when it gives no verdict) sets no record:
 *   a series' first buckets are whatever it was started in (a backlog, the storm that made someone watch).
 * - **Event**: a level counts only when it is the highest of the last `eventHours` (one storm, one report):
 *   a storm scores at its first bucket and again only while it keeps growing; the long scale's level rises
 *   smoothly, so it is reported again only after growing by `regrowth` (in log units) within the event.
 * - **Novelty**: level − record; the score is the larger novelty of the two scales, mapped to [0, 1).
 *
 * The expected count (a seasonal median, for the evidence "observed vs expected") is computed beside it.
 */
export interface VolumeSpikeOptions {
  /** Bucket length in ms (5 minutes in NAB and in the pipeline). */
  bucketMs: number;
  /** Days of history used for the seasonal expectation (evidence only). */
  seasonDays: number;
  /** Hours of the long scale (a storm that builds or lasts). */
  longHours: number;
  /** Hours during which a storm is one event: only a level above the event's best so far counts. */
  eventHours: number;
  /** How fast an old record fades, in log units per day (ln 2 / 30: a record halves in a month). */
  recordDecayPerDay: number;
  /** Growth (log units) after which a long storm is reported again within one event. */
  regrowth: number;
  /**
   * Share of the long scale's buckets, the busiest, left out of its robust twin (0 turns the robust scale
   * off): with one half, its level is one the series held for at least half of the long scale.
   */
  robustTrim: number;
  /** Novelty (log units above the record) that maps to a score of 0.5. */
  halfScoreNovelty: number;
}

export const volumeSpikeDefaults: VolumeSpikeOptions = {
  bucketMs: 5 * 60_000,
  seasonDays: 7,
  longHours: 6,
  eventHours: 48,
  recordDecayPerDay: Math.LN2 / 30,
  regrowth: 0.5,
  robustTrim: 0.5,
  // Score 0.75 (the pipeline's threshold) at twice the record. 1.5 times alerts the replayed crises
  // sooner but raised a false volume spike on the demo day's calm morning (NAB only ranks the scores).
  halfScoreNovelty: Math.LN2 / 3,
};

export interface VolumeSpikeResult {
  /** 0 unless this bucket is a new high of its event above the record; then novelty/(novelty + half). */
  score: number;
  /** The seasonal expectation of this bucket alone. */
  expected: number;
  /** Log units above the record (the larger of the two scales); negative below it. */
  novelty: number;
  /** The record (mentions per bucket) on the scale that gave the novelty. */
  record: number;
}

/**
 * One time scale: a running sum over `width` buckets (or over its `width − trim` quietest buckets), its
 * level's event maximum and faded record.
 */
class Scale {
  private readonly counts: Float64Array;
  private sum = 0;
  private seen = 0;
  /** The window's counts in ascending order, when the busiest `trim` are left out (unseen buckets are 0). */
  private readonly sorted: number[];
  /** Levels of the last `horizon` buckets, ring buffer; and a monotone deque of their maxima. */
  private readonly levels: Float64Array;
  private readonly dequeIdx: number[] = [];
  private record = Number.NEGATIVE_INFINITY;
  private lastReported = Number.NEGATIVE_INFINITY;
  private lastReportedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly width: number,
    private readonly horizon: number,
    private readonly decay: number,
    private readonly regrowth: number,
    private readonly trim: number,
    /** Buckets of warm-up: their levels are never part of the record or of an event. */
    private readonly learnFrom: number,
  ) {
    this.counts = new Float64Array(width);
    this.levels = new Float64Array(horizon).fill(Number.NEGATIVE_INFINITY);
    this.sorted = trim > 0 ? new Array<number>(width).fill(0) : [];
  }

  /** Adds a bucket: its level, the faded record, the novelty, and whether it is a reportable new high. */
  push(x: number): { novelty: number; reportable: boolean; level: number; recordNow: number } {
    const i = this.seen++;
    const old = this.counts[i % this.width]!;
    this.sum += x - old;
    this.counts[i % this.width] = x;
    let s = Math.max(0, this.sum);
    let w = this.width;
    if (this.trim > 0) {
      this.sorted.splice(lowerBound(this.sorted, old), 1);
      this.sorted.splice(lowerBound(this.sorted, x), 0, x);
      w = this.width - this.trim;
      s = 0;
      for (let j = 0; j < w; j++) s += this.sorted[j]!;
    }
    const level = Math.log1p(Math.max(0, s - Math.sqrt(s)) / w);

    // The event holds the last `horizon` buckets; a level that leaves it joins the record, faded by its
    // age. (Until the history is longer than the event, the event's best is the record.)
    this.record -= this.decay;
    if (i >= this.horizon)
      this.record = Math.max(this.record, this.levels[i % this.horizon]! - this.decay * this.horizon);
    while (this.dequeIdx.length && this.dequeIdx[0]! < i - this.horizon) this.dequeIdx.shift();
    const eventBest = this.dequeIdx.length
      ? this.levels[this.dequeIdx[0]! % this.horizon]!
      : Number.NEGATIVE_INFINITY;
    // Without history older than the event horizon, the best of the event so far is the record.
    const record = this.record === Number.NEGATIVE_INFINITY ? eventBest : this.record;
    const novelty = level - record;

    let reportable = level > eventBest && Number.isFinite(record);
    if (reportable && this.regrowth > 0) {
      const sameEvent = i - this.lastReportedAt <= this.horizon;
      if (sameEvent && novelty < this.lastReported + this.regrowth) reportable = false;
      else if (sameEvent)
        this.lastReported += this.regrowth * Math.floor((novelty - this.lastReported) / this.regrowth);
      else this.lastReported = novelty;
      if (reportable) this.lastReportedAt = i;
    }

    if (i < this.learnFrom) return { novelty, reportable: false, level, recordNow: record };
    this.levels[i % this.horizon] = level;
    while (this.dequeIdx.length && this.levels[this.dequeIdx.at(-1)! % this.horizon]! <= level)
      this.dequeIdx.pop();
    this.dequeIdx.push(i);
    return { novelty, reportable, level, recordNow: record };
  }
}

export class VolumeSpikeDetector {
  private readonly o: VolumeSpikeOptions;
  private readonly perDay: number;
  private readonly short: Scale;
  private readonly long: Scale;
  private readonly robust: Scale | undefined;
  private readonly longWidth: number;
  /** Buckets before the first verdict. */
  private readonly warmup: number;
  private seen = 0;
  /** Counts of the season (for the expectation), oldest first. */
  private readonly counts: number[] = [];

  constructor(options: Partial<VolumeSpikeOptions> = {}) {
    this.o = { ...volumeSpikeDefaults, ...options };
    this.perDay = Math.round(86_400_000 / this.o.bucketMs);
    const horizon = Math.max(1, Math.round((this.o.eventHours * 3_600_000) / this.o.bucketMs));
    const decay = this.o.recordDecayPerDay / this.perDay;
    this.longWidth = Math.max(2, Math.round((this.o.longHours * 3_600_000) / this.o.bucketMs));
    this.warmup = Math.max(12, this.perDay / 4);
    // The last warm-up bucket is the first level kept: the first verdict has a record to compare with.
    const learnFrom = Math.ceil(this.warmup) - 1;
    const trim = Math.min(this.longWidth - 1, Math.round(this.o.robustTrim * this.longWidth));
    this.short = new Scale(1, horizon, decay, 0, 0, learnFrom);
    this.long = new Scale(this.longWidth, horizon, decay, this.o.regrowth, 0, learnFrom);
    this.robust =
      trim > 0 ? new Scale(this.longWidth, horizon, decay, this.o.regrowth, trim, learnFrom) : undefined;
  }

  update(_t: number, count: number): VolumeSpikeResult {
    const x = Math.max(0, count);
    const expected = this.expectedNext();
    this.counts.push(x);
    if (this.counts.length > this.perDay * (this.o.seasonDays + 1)) this.counts.shift();

    const scales = [this.short.push(x), this.long.push(x)];
    if (this.robust) scales.push(this.robust.push(x));
    let best = scales[0]!;
    for (const r of scales) if (r.novelty > best.novelty) best = r;
    // No verdict before a quarter of a day of history.
    const warm = ++this.seen >= this.warmup;
    let novelty = Number.NEGATIVE_INFINITY;
    for (const r of scales) if (r.reportable) novelty = Math.max(novelty, r.novelty);
    const score = warm && novelty > 0 ? novelty / (novelty + this.o.halfScoreNovelty) : 0;
    return {
      score,
      expected,
      novelty: best.novelty,
      record: Number.isFinite(best.recordNow) ? Math.max(0, Math.expm1(best.recordNow)) : 0,
    };
  }

  /** Seasonal expectation for the next bucket from the buckets so far (evidence: observed vs expected). */
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

function lowerBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
