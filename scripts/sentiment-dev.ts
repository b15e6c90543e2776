/**
 * Hyper-parameter search for the sentiment model on the train/dev splits only (test splits are for
 * `firebreak model eval`). Two modes:
 * - `dev` (default): trains on the train files (+ the extra English, Russian and Chinese sets) and
 *   prints per-language macro-F1 on each dev split (324 rows per UMSAB language: about ±3 points).
 * - `cv`: 5-fold cross-validation over train ∪ dev of every language with a dev split (folds by a hash
 *   of the text); the extra sets stay in every training fold. 2,163 scored rows per UMSAB language
 *   instead of 324, so differences of about 1 point become visible.
 * `node --import tsx scripts/sentiment-dev.ts '[{"name":"v1"},{"name":"lex","features":{"lexicon":1}}]' [dev|cv]`
 * A config may set `"lexicon": true` (the shipped word lists), `"augment": w` (UMSAB rows again without
 * handles/URLs, hashtags split, at weight w) or `"ensemble": n` (n seeded models,
 * logits averaged).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DATA, lexiconLists, loadLexicon, readJsonl } from '../src/cli/commands/model.ts';
import { score } from '../src/enrich/metrics.ts';
import { LABELS } from '../src/enrich/sentiment/model.ts';
import { classWeights, type Example, type TrainOptions, train } from '../src/enrich/sentiment/train.ts';

const LANGS = ['en', 'he', 'ru', 'ar', 'es', 'fr', 'de', 'it', 'pt', 'hi'];
const UMSAB = ['en', 'ar', 'es', 'fr', 'de', 'it', 'pt', 'hi'];
const dir = process.env.SENTIMENT_DATA ?? DEFAULT_DATA;
const read = (f: string) => (existsSync(join(dir, f)) ? readJsonl(join(dir, f)) : []);
const extra: Example[] = [
  ...read('zh/train.jsonl'),
  ...read('en/airline-train.jsonl'),
  ...read('ru/rusentitweet-train.jsonl'),
  ...read('zh/extra-shopping.jsonl'),
];
const trainByLang = new Map(LANGS.map((l) => [l, read(`${l}/train.jsonl`)]));
const devByLang = new Map(LANGS.map((l) => [l, read(`${l}/dev.jsonl`)]));

type Config = Omit<TrainOptions, 'lexicon'> & {
  name: string;
  lexicon?: boolean;
  vader?: boolean;
  /** Add each UMSAB row again with handles and URLs removed and hashtags split, at this weight. */
  augment?: number;
  ensemble?: number;
  /** Add each one-word lexicon entry as a training row (positive/negative) of this weight. */
  lexDocs?: number;
  /** Extra models with other settings whose logits are averaged with this one's. */
  members?: Config[];
  /** Add beta × a multinomial naive Bayes log-count ratio (smoothing alpha) to the logits. */
  nb?: { alpha: number; beta: number; sqrt?: boolean };
};
const configs = JSON.parse(process.argv[2] ?? '[{"name":"default"}]') as Config[];
const mode = process.argv[3] ?? 'dev';
const FOLDS = 5;

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Trains (an ensemble of) models and returns a predictor averaging their logits. */
function fit(rowsIn: Example[], c: Config): (text: string, lang: string) => string {
  let rows = rowsIn;
  const { lexicon, ensemble, nb, members, lexDocs, vader: _v, augment, name: _name, ...opts } = c;
  if (augment) {
    const aug: Example[] = [];
    for (const r of rows) {
      if (r.source !== 'umsab-xlmt') continue;
      const t = r.text
        .replace(/(?:^|\s)(?:rt\s+)?@\w+:?|https?:?\S*|\bhttp\b/gi, ' ')
        .replace(/#(\w+)/gu, (_m, tag: string) => tag.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' '))
        .trim();
      if (t !== r.text && t) aug.push({ ...r, text: t, source: 'umsab-aug' });
    }
    rows = [...rows, ...aug];
    opts.sourceWeight = { ...opts.sourceWeight, 'umsab-aug': augment };
  }
  if (lexDocs) {
    const docs: Example[] = [];
    for (const { lang, words } of lexiconLists()) {
      for (const [w, v] of Object.entries(words)) {
        if (v !== 0 && !w.includes(' '))
          docs.push({ text: w, lang, label: v > 0 ? 'positive' : 'negative', source: 'lexicon' });
      }
    }
    rows = [...rows, ...docs];
    opts.sourceWeight = { ...opts.sourceWeight, lexicon: lexDocs };
  }
  if (members?.length) {
    const fits = [fit(rows, { ...c, members: undefined }), ...members.map((m) => fit(rows, m))];
    return (text, lang) => {
      const votes = fits.map((f) => f(text, lang));
      // Majority vote; the first model breaks ties.
      const count = (l: string) => votes.filter((v) => v === l).length;
      return votes.reduce((best, v) => (count(v) > count(best) ? v : best), votes[0]);
    };
  }
  const lex = lexicon
    ? loadLexicon({
        prefix: opts.features?.lexPrefix ?? 0,
        vader: c.vader,
      })
    : undefined;
  const models = Array.from({ length: ensemble ?? 1 }, (_, k) =>
    train(rows, { ...opts, lexicon: lex, seed: (opts.seed ?? 42) + k * 1000 }),
  );
  const z = new Float64Array(3);
  const labels = ['negative', 'neutral', 'positive'];
  let r: Float32Array | undefined;
  if (nb) {
    const m0 = models[0];
    const cw = classWeights(rows, 1e9);
    const counts = new Float64Array(m0.dim * 3);
    const tot = [0, 0, 0];
    for (const e of rows) {
      const y = LABELS.indexOf(e.label);
      const wgt = (cw.get(e.source ?? e.lang) ?? [1, 1, 1])[y] ** 2;
      for (const f of m0.featurize(e.text, e.lang)) {
        counts[f * 3 + y] += wgt;
        tot[y] += wgt;
      }
    }
    r = new Float32Array(m0.dim * 3);
    // Counts rescaled so each class has the same mass; an unseen feature then has ratio 0.
    // Per-source class balancing already evens the classes; each feature is compared with itself.
    const scale = [1, 1, 1];
    for (let f = 0; f < m0.dim; f++) {
      const l = [0, 1, 2].map((c) => Math.log(counts[f * 3 + c] * scale[c] + nb.alpha));
      const mean = (l[0] + l[1] + l[2]) / 3;
      for (let c = 0; c < 3; c++) r[f * 3 + c] = l[c] - mean;
    }
  }
  return (text, lang) => {
    if (models.length === 1 && !r) return models[0].predict(text, lang).label;
    const sum = [0, 0, 0];
    for (const m of models) {
      m.logits(m.featurize(text, lang), z);
      for (let k = 0; k < 3; k++) sum[k] += z[k] / models.length;
    }
    if (r && nb) {
      const f = models[0].featurize(text, lang);
      const x = nb.beta / (nb.sqrt ? Math.sqrt(f.length || 1) : 1);
      for (const i of f) for (let k = 0; k < 3; k++) sum[k] += x * r[i * 3 + k];
    }
    let best = 0;
    if (sum[1] > sum[best]) best = 1;
    if (sum[2] > sum[best]) best = 2;
    return labels[best];
  };
}

console.log(`mode ${mode}`);
console.log(`| config | ${LANGS.join(' | ')} | UMSAB mean | s |`);
console.log(`|---|${LANGS.map(() => '---:|').join('')}---:|---:|`);
for (const c of configs) {
  const t0 = performance.now();
  const gold = new Map<string, string[]>(LANGS.map((l) => [l, []]));
  const pred = new Map<string, string[]>(LANGS.map((l) => [l, []]));
  const runs = mode === 'cv' ? FOLDS : 1;
  for (let k = 0; k < runs; k++) {
    const rows: Example[] = [...extra];
    const held = new Map<string, Example[]>();
    for (const l of LANGS) {
      if (mode === 'cv') {
        const all = [...(trainByLang.get(l) ?? []), ...(devByLang.get(l) ?? [])];
        held.set(
          l,
          all.filter((r) => fnv(r.text) % FOLDS === k),
        );
        rows.push(...all.filter((r) => fnv(r.text) % FOLDS !== k));
      } else {
        held.set(l, devByLang.get(l) ?? []);
        rows.push(...(trainByLang.get(l) ?? []));
      }
    }
    const predict = fit(rows, c);
    for (const [l, hs] of held) {
      for (const r of hs) {
        gold.get(l)?.push(r.label);
        pred.get(l)?.push(predict(r.text, r.lang));
      }
    }
  }
  const secs = (performance.now() - t0) / 1000;
  const f1: Record<string, number> = {};
  for (const l of LANGS)
    f1[l] = score(gold.get(l) as Example['label'][], pred.get(l) as Example['label'][]).macroF1;
  const mean = UMSAB.reduce((a, l) => a + f1[l], 0) / UMSAB.length;
  console.log(
    `| ${c.name} | ${LANGS.map((l) => f1[l].toFixed(1)).join(' | ')} | ${mean.toFixed(2)} | ${secs.toFixed(0)} |`,
  );
}
