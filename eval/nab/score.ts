/**
 * The NAB scoring (Lavin & Ahmad 2015), in TypeScript: windows, probationary period, scaled-sigmoid row
 * weights, the threshold that maximises the raw score over all files together, and the normalised score.
 * Pure: give it rows, windows and scores; it does no I/O.
 */
export interface CostProfile {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
}

export interface ScoredFile {
  name: string;
  /** Row timestamps, epoch ms, ascending. */
  times: number[];
  /** Anomaly score per row. */
  scores: number[];
  /** Labelled windows as [start, end] epoch ms, inclusive. */
  windows: [number, number][];
}

/** σ(x) = 2/(1+e^{5x}) − 1 for x ≤ 3, −1 beyond: NAB's scaled sigmoid. */
export function scaledSigmoid(x: number): number {
  return x > 3 ? -1 : 2 / (1 + Math.exp(5 * x)) - 1;
}

export function probationaryRows(n: number): number {
  return Math.min(Math.floor(0.15 * n), 750);
}

/** Row index ranges [L, R] of the windows. */
export function windowIndices(times: number[], windows: [number, number][]): [number, number][] {
  return windows
    .map(([start, end]) => {
      const L = times.findIndex((t) => t >= start);
      let R = -1;
      for (let i = times.length - 1; i >= 0; i--)
        if (times[i]! <= end) {
          R = i;
          break;
        }
      return [L, R] as [number, number];
    })
    .filter(([L, R]) => L >= 0 && R >= L);
}

/**
 * The weight a detection at each row would earn, and the window it belongs to (−1 outside windows);
 * rows in the probationary period get NaN (not scored).
 */
export function rowWeights(
  n: number,
  windows: [number, number][],
  profile: CostProfile,
): { weight: Float64Array; window: Int32Array } {
  const weight = new Float64Array(n);
  const window = new Int32Array(n).fill(-1);
  const probation = probationaryRows(n);
  const sorted = windows.map((w, k) => ({ w, k })).sort((a, b) => a.w[0] - b.w[0]);
  let previous: [number, number] | undefined;
  let next = 0;
  for (let i = 0; i < n; i++) {
    while (next < sorted.length && sorted[next]!.w[1] < i) previous = sorted[next++]!.w;
    const inside = next < sorted.length && sorted[next]!.w[0] <= i ? sorted[next]! : undefined;
    if (inside) {
      const [L, R] = inside.w;
      weight[i] = (profile.tpWeight * scaledSigmoid(-(R - i + 1) / (R - L + 1))) / scaledSigmoid(-1);
      window[i] = inside.k;
    } else if (previous) {
      const [L, R] = previous;
      weight[i] = profile.fpWeight * scaledSigmoid(Math.abs(R - i) / Math.max(1, R - L));
    } else {
      weight[i] = -profile.fpWeight;
    }
    if (i < probation) weight[i] = Number.NaN;
  }
  return { weight, window };
}

export interface NabResult {
  threshold: number;
  raw: number;
  normalised: number;
  windows: number;
  truePositives: number;
  falsePositives: number;
}

/** The best raw score over all thresholds, every file scored with the same threshold. */
export function scoreCorpus(files: ScoredFile[], profile: CostProfile): NabResult {
  interface Row {
    score: number;
    weight: number;
    /** Global window id, or −1. */
    window: number;
  }
  const rows: Row[] = [];
  let windowCount = 0;
  for (const file of files) {
    const idx = windowIndices(file.times, file.windows);
    const { weight, window } = rowWeights(file.times.length, idx, profile);
    for (let i = 0; i < file.times.length; i++) {
      if (Number.isNaN(weight[i]!)) continue;
      const s = file.scores[i]!;
      if (!Number.isFinite(s)) continue;
      rows.push({ score: s, weight: weight[i]!, window: window[i]! >= 0 ? windowCount + window[i]! : -1 });
    }
    windowCount += idx.length;
  }
  rows.sort((a, b) => b.score - a.score);
  const nullScore = -profile.fnWeight * windowCount;
  const perfect = profile.tpWeight * windowCount;
  const best = new Float64Array(windowCount).fill(-profile.fnWeight);
  let raw = nullScore;
  let top = { raw, threshold: Number.POSITIVE_INFINITY, tp: 0, fp: 0 };
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < rows.length; ) {
    const threshold = rows[i]!.score;
    for (; i < rows.length && rows[i]!.score === threshold; i++) {
      const r = rows[i]!;
      if (r.window >= 0) {
        if (best[r.window]! === -profile.fnWeight) tp++;
        if (r.weight > best[r.window]!) {
          raw += r.weight - best[r.window]!;
          best[r.window] = r.weight;
        }
      } else {
        raw += r.weight;
        fp++;
      }
    }
    if (raw > top.raw) top = { raw, threshold, tp, fp };
  }
  return {
    threshold: top.threshold,
    raw: top.raw,
    normalised: (100 * (top.raw - nullScore)) / (perfect - nullScore),
    windows: windowCount,
    truePositives: top.tp,
    falsePositives: top.fp,
  };
}
