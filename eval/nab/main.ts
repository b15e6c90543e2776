/**
 * `npm run eval:nab`: runs Firebreak's volume-spike detector (src/detect/volume-spike.ts, default
 * parameters) on NAB's realTweets series, fed row by row as a stream, scores it with NAB's scoring
 * (eval/nab/score.ts) beside the published detectors scored by the same code, for the three profiles.
 * `npm run eval:nab -- --data DIR --out OUT` runs the same detector on any folder in NAB's layout
 * (DIR/<category>/*.csv) and writes OUT/<category>/firebreak_<file>.csv (timestamp,anomaly_score).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VolumeSpikeDetector } from '../../src/detect/volume-spike.ts';
import {
  publishedDetectors,
  readProfiles,
  readPublished,
  readSeries,
  readWindows,
  type Series,
  sharedNab,
} from './data.ts';
import { type ScoredFile, scoreCorpus } from './score.ts';

export const DETECTOR = 'firebreak';

export function runDetector(series: Series): number[] {
  const detector = new VolumeSpikeDetector({ bucketMs: inferBucketMs(series.times) });
  return series.times.map((t, i) => detector.update(t, series.values[i]!).score);
}

function inferBucketMs(times: number[]): number {
  const gaps = times
    .slice(1, 200)
    .map((t, i) => t - times[i]!)
    .sort((a, b) => a - b);
  return gaps[gaps.length >> 1] || 300_000;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const dataDir = arg('--data');
const outDir = arg('--out');
if (dataDir) {
  if (!outDir) {
    process.stderr.write('usage: npm run eval:nab -- --data DIR --out OUT\n');
    process.exit(2);
  }
  for (const series of readSeries(dataDir)) {
    const scores = runDetector(series);
    const [category, file] = series.key.split('/') as [string, string];
    mkdirSync(join(outDir, category), { recursive: true });
    const rows = series.raw.map((t, i) => `${t},${scores[i]!.toFixed(6)}`);
    writeFileSync(
      join(outDir, category, `${DETECTOR}_${file}`),
      `timestamp,anomaly_score\n${rows.join('\n')}\n`,
    );
  }
  process.stdout.write(`wrote ${DETECTOR} scores to ${outDir}\n`);
} else {
  const nab = sharedNab;
  const series = readSeries(join(nab, 'data'), 'realTweets');
  const windows = readWindows(nab);
  const profiles = readProfiles(nab);
  const names = Object.keys(profiles);
  const rows: { detector: string; scores: Record<string, number> }[] = [];
  const started = performance.now();
  const ours: ScoredFile[] = series.map((s) => ({
    name: s.key,
    times: s.times,
    scores: runDetector(s),
    windows: windows[s.key] ?? [],
  }));
  const elapsed = performance.now() - started;
  const rowsTotal = series.reduce((n, s) => n + s.times.length, 0);
  const score = (files: ScoredFile[]) =>
    Object.fromEntries(names.map((p) => [p, scoreCorpus(files, profiles[p]!).normalised]));
  rows.push({ detector: `${DETECTOR} (ours)`, scores: score(ours) });
  for (const detector of publishedDetectors(nab)) {
    const files = series.map((s) => ({
      name: s.key,
      times: s.times,
      scores: readPublished(nab, detector, s) ?? [],
      windows: windows[s.key] ?? [],
    }));
    if (files.some((f) => f.scores.length === 0)) continue;
    rows.push({ detector, scores: score(files) });
  }
  rows.sort((a, b) => b.scores.standard! - a.scores.standard!);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  process.stdout.write(
    `NAB realTweets (10 series, ${rowsTotal} rows), normalised scores; the threshold is optimised per detector and profile over the ten files together.\n\n`,
  );
  process.stdout.write(`${line(['detector', ...names])}\n${line(['---', ...names.map(() => '---:')])}\n`);
  for (const r of rows)
    process.stdout.write(`${line([r.detector, ...names.map((p) => r.scores[p]!.toFixed(1))])}\n`);
  process.stdout.write(
    `\nfirebreak: ${Math.round(rowsTotal / (elapsed / 1_000)).toLocaleString('en-US')} rows/s streamed through the detector.\n`,
  );
}
