/**
 * `npm run bench [name-filter]`: runs every bench/*.bench.ts, prints a table and rewrites the generated
 * part of docs/BENCHMARKS.md.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench, BenchResult } from './types.ts';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filter || f.includes(filter))
  .sort();

const sections: { file: string; results: BenchResult[] }[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { bench: Bench };
  process.stdout.write(`\n## ${file}\n`);
  const results = await mod.bench();
  for (const r of results) process.stdout.write(`${formatLine(r)}\n`);
  sections.push({ file, results });
}

function fmt(n: number): string {
  return Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(3);
}

function formatLine(r: BenchResult): string {
  const base = r.baseline ? ` | baseline ${r.baseline.name}: ${fmt(r.baseline.value)} ${r.unit}` : '';
  const ratio = r.ratio !== undefined ? ` | ratio ${r.ratio.toFixed(2)}` : '';
  const target = r.target
    ? ` | target ${r.target}${r.met === undefined ? '' : r.met ? ' (met)' : ' (NOT met)'}`
    : '';
  return `${r.name}: ${fmt(r.value)} ${r.unit}${base}${ratio}${target}`;
}

const docPath = join(here, '..', 'docs', 'BENCHMARKS.md');
const begin = '<!-- bench:begin -->';
const end = '<!-- bench:end -->';
const table = [
  begin,
  `Last run: ${new Date().toISOString().slice(0, 16)}Z on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}.`,
  '',
  '| bench | figure | value | baseline (same run) | ratio | target |',
  '|---|---|---|---|---|---|',
  ...sections.flatMap(({ file, results }) =>
    results.map(
      (r) =>
        `| ${file.replace('.bench.ts', '')} | ${r.name} | ${fmt(r.value)} ${r.unit} | ${
          r.baseline ? `${r.baseline.name}: ${fmt(r.baseline.value)}` : '—'
        } | ${r.ratio !== undefined ? r.ratio.toFixed(2) : '—'} | ${r.target ?? '—'}${
          r.met === undefined ? '' : r.met ? ' ✓' : ' ✗'
        } |`,
    ),
  ),
  end,
].join('\n');
if (!filter && existsSync(docPath)) {
  const doc = readFileSync(docPath, 'utf8');
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  const next =
    start >= 0 && stop > start
      ? doc.slice(0, start) + table + doc.slice(stop + end.length)
      : `${doc}\n${table}\n`;
  writeFileSync(docPath, next);
}
