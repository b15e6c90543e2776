/**
 * Hyper-parameter search for the sentiment model on the dev splits only (test splits are for
 * `firebreak model eval`): trains on the train files (+ the extra English, Russian and Chinese sets)
 * with each configuration and prints per-language dev macro-F1.
 * `node --import tsx scripts/sentiment-dev.ts '[{"name":"v1"},{"name":"x","features":{"langCopies":true}}]'`
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DATA, readJsonl } from '../src/cli/commands/model.ts';
import { score } from '../src/enrich/metrics.ts';
import { type Example, type TrainOptions, train } from '../src/enrich/sentiment/train.ts';

const LANGS = ['en', 'he', 'ru', 'ar', 'es', 'fr', 'de', 'it', 'pt', 'hi'];
const dir = process.env.SENTIMENT_DATA ?? DEFAULT_DATA;
const read = (f: string) => (existsSync(join(dir, f)) ? readJsonl(join(dir, f)) : []);
const trainRows: Example[] = [
  ...['en', 'he', 'ru', 'zh', 'ar', 'es', 'fr', 'de', 'it', 'pt', 'hi'].flatMap((l) =>
    read(`${l}/train.jsonl`),
  ),
  ...read('en/airline-train.jsonl'),
  ...read('ru/rusentitweet-train.jsonl'),
  ...read('zh/extra-shopping.jsonl'),
];
const dev = new Map(LANGS.map((l) => [l, read(`${l}/dev.jsonl`)]));
const configs = JSON.parse(process.argv[2] ?? '[{"name":"default"}]') as Array<
  TrainOptions & { name: string }
>;
const umsab = ['en', 'ar', 'es', 'fr', 'de', 'it', 'pt', 'hi'];
console.log(`| config | ${LANGS.join(' | ')} | UMSAB mean | s |`);
for (const c of configs) {
  const t0 = performance.now();
  const model = train(trainRows, c);
  const secs = (performance.now() - t0) / 1000;
  const f1: Record<string, number> = {};
  for (const [l, rows] of dev) {
    f1[l] = score(
      rows.map((r) => r.label),
      rows.map((r) => model.predict(r.text, r.lang).label),
    ).macroF1;
  }
  const mean = umsab.reduce((a, l) => a + f1[l], 0) / umsab.length;
  console.log(
    `| ${c.name} | ${LANGS.map((l) => f1[l].toFixed(1)).join(' | ')} | ${mean.toFixed(1)} | ${secs.toFixed(0)} |`,
  );
}
