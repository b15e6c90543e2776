/**
 * The demo data and the demo itself: the recorded day is valid, regenerates byte for byte, tells the crisis
 * it claims to tell, and `start --demo` loads it through the real pipeline.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { demoDir } from '../../src/demo/seed.ts';
import { normaliseRecord } from '../../src/domain/record.ts';
import { brandInputSchema } from '../../src/modules/brands/brands.service.ts';
import { root } from '../support/cli.ts';

const manifest = JSON.parse(readFileSync(join(demoDir, 'manifest.json'), 'utf8'));
const lines = readFileSync(join(demoDir, manifest.stream), 'utf8').trimEnd().split('\n');
const records = lines.map((l) => JSON.parse(l));

describe('demo data', () => {
  it('is a valid native stream: every line accepted, ids unique per source, in time order within one day', () => {
    const seen = new Set<string>();
    let last = 0;
    for (const [i, record] of records.entries()) {
      const result = normaliseRecord(record, 'demo');
      assert.ok(result.ok, `line ${i + 1}: ${result.ok ? '' : result.reason}`);
      const key = `${record.source}/${record.id}`;
      assert.ok(!seen.has(key), `duplicate ${key}`);
      seen.add(key);
      assert.ok(result.mention.createdAt >= last, `line ${i + 1} is out of order`);
      last = result.mention.createdAt;
    }
    assert.ok(records.length > 4_000);
    assert.ok(last - Date.parse(records[0].createdAt) <= 86_400_000);
  });

  it('speaks English, Hebrew, Russian and Chinese', () => {
    const langs = new Set(records.map((r) => r.lang));
    for (const lang of ['en', 'he', 'ru', 'zh']) assert.ok(langs.has(lang), lang);
    assert.ok(records.some((r) => r.lang === 'he' && /אקמה אייר/.test(r.text)));
    assert.ok(records.some((r) => r.lang === 'ru' && /Акме Эйр/.test(r.text)));
    assert.ok(records.some((r) => r.lang === 'zh' && /阿克米航空/.test(r.text)));
  });

  it('is calm before the documented onset and a data-breach storm after it', () => {
    const onset = Date.parse(manifest.onset);
    const hour = 3_600_000;
    const inWindow = (from: number, to: number) =>
      records.filter((r) => Date.parse(r.createdAt) >= from && Date.parse(r.createdAt) < to);
    const before = inWindow(onset - 2 * hour, onset);
    const after = inWindow(onset + hour, onset + 3 * hour);
    const breach = (rs: { text: string }[]) =>
      rs.filter((r) => /leak|breach|passport|דרכון|паспорт|утечк|护照|泄露/i.test(r.text)).length / rs.length;
    assert.ok(after.length > 3 * before.length, `${before.length} before, ${after.length} after`);
    assert.ok(breach(before) < 0.02, `breach share before ${breach(before)}`);
    assert.ok(breach(after) > 0.4, `breach share after ${breach(after)}`);
    const first = records.find((r) => Date.parse(r.createdAt) >= onset);
    assert.equal(first.id, 'x-origin-1862', 'the crisis starts from one post at the onset');
  });

  it('has a brand that the API accepts', () => {
    const brand = brandInputSchema.parse(JSON.parse(readFileSync(join(demoDir, manifest.brand), 'utf8')));
    assert.deepEqual(brand.aliases.slice(3, 6), ['אקמה אייר', 'Акме Эйр', '阿克米航空']);
  });

  it('regenerates byte for byte', () => {
    const out = mkdtempSync(join(tmpdir(), 'firebreak-demo-'));
    try {
      const result = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'scripts/make-demo-stream.ts', '--out', join(out, 'x.jsonl')],
        { cwd: root, encoding: 'utf8' },
      );
      assert.equal(result.status, 0, result.stderr);
      assert.equal(readFileSync(join(out, 'x.jsonl'), 'utf8'), `${lines.join('\n')}\n`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
