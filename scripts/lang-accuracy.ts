/**
 * Language detection accuracy on the short posts of the shared sentiment test splits (the texts the
 * enrich tests and docs/ENRICHMENT.md use), without the source's language tag, and its speed:
 * `node --import tsx scripts/lang-accuracy.ts [dataDir]`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DATA } from '../src/cli/commands/model.ts';
import { detectLang } from '../src/enrich/lang.ts';

const dir = process.argv[2] ?? DEFAULT_DATA;
const sets = ['en', 'he', 'ru', 'zh', 'ar', 'es', 'fr', 'de', 'it', 'pt', 'hi']
  .map((l) => [`${l}/test`, l])
  .concat([
    ['en/airline-test', 'en'],
    ['ru/rusentitweet-test', 'ru'],
  ]);
let all = 0;
let allOk = 0;
let ms = 0;
for (const [set, lang] of sets) {
  const p = join(dir, `${set}.jsonl`);
  if (!existsSync(p)) continue;
  const texts = readFileSync(p, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { text: string }).text);
  const t0 = performance.now();
  const got = texts.map((t) => detectLang(t));
  ms += performance.now() - t0;
  const ok = got.filter((g) => g === lang).length;
  const unknown = got.filter((g) => g === 'unknown').length;
  all += texts.length;
  allOk += ok;
  console.log(
    `${set.padEnd(22)} n=${String(texts.length).padStart(5)}  ${((ok / texts.length) * 100).toFixed(1).padStart(5)} %  unknown ${unknown}`,
  );
}
console.log(
  `all                    n=${all}  ${((allOk / all) * 100).toFixed(2)} %  ${Math.round(all / (ms / 1000))} texts/s (single pass, cold)`,
);
