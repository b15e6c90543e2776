/** Reads NAB's layout: data/<category>/*.csv (timestamp,value), labels/combined_windows.json, results/. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CostProfile } from './score.ts';

export const sharedNab = join(
  import.meta.dirname ?? new URL('.', import.meta.url).pathname,
  '..',
  '..',
  '..',
  'shared',
  'data',
  'nab',
);

/** NAB timestamps are UTC without a zone: "2015-02-26 21:42:53(.000000)". */
export const parseNabTime = (s: string) => Date.parse(`${s.trim().slice(0, 19).replace(' ', 'T')}Z`);

export interface Series {
  /** `<category>/<file>.csv`, the key of the label files. */
  key: string;
  times: number[];
  values: number[];
  raw: string[];
}

export function readCsvColumns(text: string): { header: string[]; rows: string[][] } {
  const lines = text.trim().split(/\r?\n/);
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

export function readSeries(dataDir: string, category?: string): Series[] {
  const out: Series[] = [];
  for (const cat of readdirSync(dataDir).sort()) {
    if (category && cat !== category) continue;
    const dir = join(dataDir, cat);
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.csv'))
      .sort()) {
      const { rows } = readCsvColumns(readFileSync(join(dir, file), 'utf8'));
      out.push({
        key: `${cat}/${file}`,
        raw: rows.map((r) => r[0]!),
        times: rows.map((r) => parseNabTime(r[0]!)),
        values: rows.map((r) => Number(r[1])),
      });
    }
  }
  return out;
}

export function readWindows(nabDir: string): Record<string, [number, number][]> {
  const raw = JSON.parse(readFileSync(join(nabDir, 'labels', 'combined_windows.json'), 'utf8')) as Record<
    string,
    [string, string][]
  >;
  return Object.fromEntries(
    Object.entries(raw).map(([k, ws]) => [
      k,
      ws.map(([a, b]) => [parseNabTime(a), parseNabTime(b)] as [number, number]),
    ]),
  );
}

export function readProfiles(nabDir: string): Record<string, CostProfile> {
  const raw = JSON.parse(readFileSync(join(nabDir, 'config', 'profiles.json'), 'utf8')) as Record<
    string,
    { CostMatrix: CostProfile }
  >;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.CostMatrix]));
}

/** The published detectors' scores for a series, aligned on its rows (missing rows score 0). */
export function readPublished(nabDir: string, detector: string, series: Series): number[] | undefined {
  const file = join(nabDir, 'results', detector, `${detector}_${basename(series.key)}.gz`);
  if (!existsSync(file)) return undefined;
  const { header, rows } = readCsvColumns(gunzipSync(readFileSync(file)).toString('utf8'));
  const col = header.indexOf('anomaly_score');
  const byTime = new Map(rows.map((r) => [parseNabTime(r[0]!), Number(r[col])]));
  return series.times.map((t) => byTime.get(t) ?? 0);
}

export function publishedDetectors(nabDir: string): string[] {
  return readdirSync(join(nabDir, 'results'))
    .filter((d) => !d.startsWith('.'))
    .sort();
}
