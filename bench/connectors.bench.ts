/**
 * Connector decoding speed, where volume is real: the Bluesky firehose (peaks of ~2,000 events/s across
 * the network). Measures frame → JSON → native record (+ keyword filter) against JSON.parse alone of
 * the same frames, in the same run.
 */
import { readFileSync } from 'node:fs';
import { mapJetstreamEvent } from '../src/sources/bluesky/map.ts';
import type { Bench, BenchResult } from './types.ts';

const fixtures = '/work/shared/fixtures/connectors/bluesky';

function frames(n: number): string[] {
  const captured = ['jetstream-v1-events.ndjson', 'jetstream-v1-golden-mixed.ndjson']
    .flatMap((f) => readFileSync(`${fixtures}/${f}`, 'utf8').split('\n'))
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const e = structuredClone(captured[i % captured.length]!);
    e.time_us = 1_790_000_000_000_000 + i;
    const commit = e.commit as Record<string, unknown> | undefined;
    if (commit?.rkey) commit.rkey = `3b${i.toString(36)}`;
    out.push(JSON.stringify(e));
  }
  return out;
}

function rate(fn: () => void, count: number): number {
  fn(); // warm-up
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const start = process.hrtime.bigint();
    fn();
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.max(best, count / seconds);
  }
  return Math.round(best);
}

export const bench: Bench = async () => {
  const lines = frames(100_000);
  const keywords = ['acme', 'аватар', 'rsv'];
  let kept = 0;
  const baseline = rate(() => {
    for (const l of lines) JSON.parse(l);
  }, lines.length);
  const decode = rate(() => {
    kept = 0;
    for (const l of lines) {
      const m = mapJetstreamEvent(JSON.parse(l) as Record<string, unknown>);
      if (m.ok === true) {
        const text = m.record.text.toLowerCase();
        if (keywords.some((k) => text.includes(k))) kept++;
      }
    }
  }, lines.length);
  const results: BenchResult[] = [
    {
      name: `jetstream frames decoded to records + keyword filter (${kept} of ${lines.length} kept)`,
      value: decode,
      unit: 'events/s',
      baseline: { name: 'JSON.parse of the same frames', value: baseline },
      ratio: Math.round((decode / baseline) * 100) / 100,
      target: '>= 20,000 events/s (10x the firehose peak)',
      met: decode >= 20_000,
    },
  ];
  return results;
};
