/**
 * Detector update throughput with 1,000 brands: every detector of the watch (volume buckets, negative
 * surge, emerging terms with the crisis lexicon, coordinated, velocity + forecast, influencer,
 * cross-platform) on 200,000 enriched mentions in en/he/ru/zh spread over two hours of stream time
 * (Zipf-like brand sizes, stories of every size, a few bursts), fed in batches of 500 as the detect
 * consumer receives them. The baseline of the same run is the bare loop any detector must do: per-brand
 * per-minute counters of mentions and negatives updated for the same stream.
 */

import { gzipSync } from 'node:zlib';
import { DetectWatch } from '../src/detect/watch.ts';
import type { Mention } from '../src/domain/mention.ts';
import { seededRandom } from '../src/domain/random.ts';
import { loadCrisisTerms } from '../src/pipeline/consumers/detect.ts';
import type { Bench, BenchResult } from './types.ts';

const BRANDS = 1_000;
const N = 200_000;
const BATCH = 500;
const PASSES = 3;

const texts = [
  'Kestrel Bank kept me on hold for 40 minutes, please fix it',
  'Big thanks to Nimbus Mobile — quick and friendly support 👏',
  'בנק קסטרל הדליפו את הפרטים האישיים של הלקוחות #KestrelLeak',
  'תודה ענקית לצוות של אורצ׳רד פודס, הכול הגיע בזמן',
  'Кестрел Банк допустил утечку номеров карт и адресов',
  'Спасибо команде Нимбус, всё пришло раньше срока 👍',
  '凯斯特银行发生严重数据泄露，银行卡号和地址都曝光了',
  '感谢宁巴斯移动，客服又快又好',
  'Does anyone know if Orchard Foods ships to Cyprus?',
  'BREAKING: Lumen Energy is going bankrupt, withdraw your money now #LumenScam #LumenCollapse',
];

function stream(): Mention[] {
  const r = seededRandom(5_2026);
  const t0 = Date.UTC(2026, 8, 7, 10);
  const out: Mention[] = [];
  for (let i = 0; i < N; i++) {
    // Zipf-like: a few big brands, many small ones.
    const b = Math.min(BRANDS - 1, Math.floor(BRANDS * r() ** 2.5));
    const k = Math.floor(r() * texts.length);
    const neg = k % 2 === 0;
    out.push({
      workspaceId: `w${b % 50}`,
      source: ['x', 'facebook', 'vk', 'telegram', 'reddit', 'weibo'][Math.floor(r() * 6)]!,
      externalId: String(i),
      text: `${texts[k]} ${Math.floor(r() * 1000)}`,
      createdAt: t0 + Math.floor((i / N) * 2 * 3_600_000),
      author: {
        handle: `u${Math.floor(r() * 100_000)}`,
        followers: Math.floor(Math.exp(5 + 1.6 * (r() + r() + r() - 1.5) * 2)),
      },
      brandIds: [`b${b}`],
      topicIds: [`t${b}`],
      sentiment: neg ? { label: 'negative', score: -0.7 } : { label: 'positive', score: 0.6 },
      categories: neg ? [{ id: 'complaint', confidence: 0.8, evidence: [] }] : [],
      // Most posts are their own story; some join one of a few hundred growing stories.
      storyId: r() < 0.3 ? `s${b}_${Math.floor(r() * 5)}` : `own${i}`,
      reach: 100,
    });
  }
  return out;
}

function rate(fn: () => void): number {
  let best = 0;
  for (let p = 0; p < PASSES; p++) {
    const t = performance.now();
    fn();
    best = Math.max(best, N / ((performance.now() - t) / 1000));
  }
  return Math.round(best);
}

export const bench: Bench = async () => {
  const mentions = stream();
  const crisisTerms = loadCrisisTerms();
  let sink = 0;
  const baseline = rate(() => {
    const counters = new Map<string, { minute: number; n: number; neg: number; total: number }>();
    for (let i = 0; i < mentions.length; i += BATCH)
      for (const m of mentions.slice(i, i + BATCH)) {
        const key = `${m.workspaceId}\u0000${m.brandIds![0]}`;
        let c = counters.get(key);
        if (!c) {
          c = { minute: 0, n: 0, neg: 0, total: 0 };
          counters.set(key, c);
        }
        const minute = Math.floor(m.createdAt / 60_000);
        if (minute !== c.minute) {
          c.total += c.n;
          c.minute = minute;
          c.n = 0;
          c.neg = 0;
        }
        c.n++;
        if (m.sentiment?.label === 'negative') c.neg++;
      }
    sink += counters.size;
  });
  let signals = 0;
  let last: DetectWatch | undefined;
  const ours = rate(() => {
    const w = new DetectWatch({ crisisTerms, topicInfo: () => undefined });
    signals = 0;
    for (let i = 0; i < mentions.length; i += BATCH)
      signals += w.observe(mentions.slice(i, i + BATCH)).length;
    sink += w.storyCount;
    last = w;
  });
  // The state kept across restarts (docs/DETECTION.md): every workspace's snapshot as the store writes
  // it (JSON, gzip), and the restore with the rebuild of the volume watch at each workspace's next mention.
  const t1 = performance.now();
  const snaps = last!.workspaceIds().map((ws) => [ws, JSON.stringify(last!.snapshot(ws))] as const);
  const json = snaps.reduce((a, [, j]) => a + j.length, 0);
  const gz = snaps.reduce((a, [, j]) => a + gzipSync(j).length, 0);
  const saveMs = performance.now() - t1;
  const t2 = performance.now();
  const restored = new DetectWatch({ crisisTerms, topicInfo: () => undefined });
  for (const [ws, j] of snaps) restored.restore(ws, JSON.parse(j));
  const next = mentions.at(-1)!;
  restored.observe(
    last!.workspaceIds().map((ws) => ({ ...next, workspaceId: ws, createdAt: next.createdAt + 60_000 })),
  );
  const restoreMs = performance.now() - t2;
  if (sink < 0) throw new Error('unreachable');
  const results: BenchResult[] = [
    {
      name: `detectors: all, ${BRANDS} brands (${N.toLocaleString('en-US')} mentions, ${signals} signals)`,
      value: ours,
      unit: 'mentions/s',
      baseline: { name: 'per-brand minute counters only', value: baseline },
      ratio: ours / baseline,
      target: '>= 20,000 mentions/s (2x the enrichment stage)',
      met: ours >= 20_000,
    },
    {
      name: `state snapshot of ${snaps.length} workspaces (${BRANDS} brands, 2 h of stream): ${(json / 1e6).toFixed(1)} MB JSON, ${(gz / 1e6).toFixed(2)} MB gzip; restore + volume rebuild ${Math.round(restoreMs)} ms`,
      value: saveMs,
      unit: 'ms (snapshot + JSON + gzip)',
    },
  ];
  return results;
};
