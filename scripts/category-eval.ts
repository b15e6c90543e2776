/**
 * How the category rules (src/enrich/rules/*.yaml) do on labelled posts, without any model:
 *
 *   node --import tsx scripts/category-eval.ts airline [train|test]   (default test)
 *     Twitter US Airline Sentiment: the share of negative rows the English rules mark complaint,
 *     and the problem kinds they give per annotated complaint reason (`category`). Tune on train;
 *     test is only for reporting.
 *   node --import tsx scripts/category-eval.ts langs [train|test]     (default train)
 *     Per language (the shared UMSAB/RuSentiment/... splits): the share of negative rows marked
 *     complaint, and of neutral and positive rows that get a complaint or any problem kind.
 *   node --import tsx scripts/category-eval.ts foreign <lang> [train]
 *     The terms of rules/<lang>.yaml that fire on the other languages' posts, most frequent first:
 *     every rule file is applied to every text, so a false friend ("gift" is poison in German)
 *     shows up here.
 *
 * Rules only: the pipeline adds a complaint from strongly negative sentiment (src/enrich/enrich.ts)
 * on top of these figures.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DATA } from '../src/cli/commands/model.ts';
import { CATEGORY_IDS, type CompiledRules, categorize, compileRules } from '../src/enrich/categories.ts';
import { loadCategoryRules } from '../src/pipeline/stages/enrich.ts';

interface Row {
  text: string;
  label: string;
  lang: string;
  category?: string;
  brand?: string;
}

const RULES_DIR = new URL('../src/enrich/rules/', import.meta.url);
const KINDS = CATEGORY_IDS.slice(3);

function read(path: string): Row[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);
}

function pct(n: number, d: number): string {
  return d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`;
}

function rulesOf(langs: string[]): CompiledRules {
  const files: Record<string, string> = {};
  for (const l of langs) files[l] = readFileSync(new URL(`${l}.yaml`, RULES_DIR), 'utf8');
  return compileRules(files);
}

function airline(split: string): void {
  const rows = read(join(DEFAULT_DATA, 'en', `airline-${split}.jsonl`));
  for (const [name, rules] of [
    ['en.yaml alone', rulesOf(['en'])],
    ['all rule files (as the pipeline runs them)', loadCategoryRules()],
  ] as const) {
    const byCat = new Map<
      string,
      { n: number; complaint: number; kinds: Map<string, number>; none: number }
    >();
    let neg = 0;
    let negComplaint = 0;
    const other = { n: 0, complaint: 0 };
    for (const r of rows) {
      const ids = new Set(categorize(rules, r.text).map((c) => c.id));
      if (r.label !== 'negative') {
        other.n++;
        if (ids.has('complaint')) other.complaint++;
        continue;
      }
      neg++;
      if (ids.has('complaint')) negComplaint++;
      const key = r.category ?? '(none)';
      const c = byCat.get(key) ?? { n: 0, complaint: 0, kinds: new Map(), none: 0 };
      c.n++;
      if (ids.has('complaint')) c.complaint++;
      let any = false;
      for (const k of KINDS)
        if (ids.has(k)) {
          any = true;
          c.kinds.set(k, (c.kinds.get(k) ?? 0) + 1);
        }
      if (!any) c.none++;
      byCat.set(key, c);
    }
    console.log(`\n### airline-${split}.jsonl, ${name}`);
    console.log(
      `negative rows marked complaint: ${negComplaint}/${neg} = ${pct(negComplaint, neg)}; ` +
        `neutral+positive rows marked complaint: ${other.complaint}/${other.n} = ${pct(other.complaint, other.n)}`,
    );
    console.log('\n| reason (annotated) | rows | complaint | no kind | kinds given (share of rows, top 4) |');
    console.log('|---|---:|---:|---:|---|');
    for (const [cat, c] of [...byCat].sort((a, b) => b[1].n - a[1].n)) {
      const top = [...c.kinds]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([k, v]) => `${k} ${pct(v, c.n)}`)
        .join(', ');
      console.log(`| ${cat} | ${c.n} | ${pct(c.complaint, c.n)} | ${pct(c.none, c.n)} | ${top} |`);
    }
  }
}

const LANG_SETS: Array<[string, string]> = [
  ['en', 'en/{s}'],
  ['en', 'en/airline-{s}'],
  ['he', 'he/{s}'],
  ['ru', 'ru/{s}'],
  ['ru', 'ru/rusentitweet-{s}'],
  ['zh', 'zh/{s}'],
  ['ar', 'ar/{s}'],
  ['es', 'es/{s}'],
  ['fr', 'fr/{s}'],
  ['de', 'de/{s}'],
  ['it', 'it/{s}'],
  ['pt', 'pt/{s}'],
  ['hi', 'hi/{s}'],
];

function langs(split: string): void {
  const rules = loadCategoryRules();
  console.log(
    `\n| set (${split}) | negative: complaint | negative: a problem kind | neutral: complaint | positive: complaint | positive: praise | neutral: question |`,
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [, pattern] of LANG_SETS) {
    const rows = read(join(DEFAULT_DATA, `${pattern.replace('{s}', split)}.jsonl`));
    if (rows.length === 0) continue;
    const n = { negative: 0, neutral: 0, positive: 0 } as Record<string, number>;
    const c = { negComplaint: 0, negKind: 0, neuComplaint: 0, posComplaint: 0, posPraise: 0, neuQuestion: 0 };
    for (const r of rows) {
      n[r.label] = (n[r.label] ?? 0) + 1;
      const ids = new Set(categorize(rules, r.text).map((x) => x.id));
      const kind = KINDS.some((k) => ids.has(k));
      if (r.label === 'negative') {
        if (ids.has('complaint')) c.negComplaint++;
        if (kind) c.negKind++;
      } else if (r.label === 'neutral') {
        if (ids.has('complaint')) c.neuComplaint++;
        if (ids.has('question')) c.neuQuestion++;
      } else {
        if (ids.has('complaint')) c.posComplaint++;
        if (ids.has('praise')) c.posPraise++;
      }
    }
    console.log(
      `| ${pattern.replace('{s}', split)} | ${pct(c.negComplaint, n.negative)} | ${pct(c.negKind, n.negative)} | ${pct(
        c.neuComplaint,
        n.neutral,
      )} | ${pct(c.posComplaint, n.positive)} | ${pct(c.posPraise, n.positive)} | ${pct(c.neuQuestion, n.neutral)} |`,
    );
  }
}

function foreign(lang: string, split: string): void {
  const rules = rulesOf([lang]);
  const counts = new Map<string, { n: number; examples: string[] }>();
  let total = 0;
  for (const [l, pattern] of LANG_SETS) {
    if (l === lang) continue;
    for (const r of read(join(DEFAULT_DATA, `${pattern.replace('{s}', split)}.jsonl`))) {
      total++;
      for (const label of categorize(rules, r.text))
        for (const e of label.evidence) {
          if (e === '?' || e.startsWith('kind:')) continue;
          const c = counts.get(e) ?? { n: 0, examples: [] };
          c.n++;
          if (c.examples.length < 2) c.examples.push(`[${l}] ${r.text.slice(0, 90).replaceAll('\n', ' ')}`);
          counts.set(e, c);
        }
    }
  }
  console.log(`\n${lang}.yaml on ${total} posts in other languages (${split}): terms that fire`);
  for (const [e, c] of [...counts].sort((a, b) => b[1].n - a[1].n).slice(0, 40))
    console.log(`${String(c.n).padStart(5)}  ${e}    ${c.examples.join('  |  ')}`);
}

const [mode = 'airline', a, b] = process.argv.slice(2);
if (mode === 'airline') airline(a ?? 'test');
else if (mode === 'langs') langs(a ?? 'train');
else if (mode === 'foreign') {
  if (!a || !readdirSync(RULES_DIR).includes(`${a}.yaml`)) throw new Error('usage: foreign <lang> [split]');
  foreign(a, b ?? 'train');
} else throw new Error(`unknown mode ${mode}`);
