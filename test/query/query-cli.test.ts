/** `firebreak query test` as a script uses it: the real executable, a native JSONL file, --json on stdout. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliEnv, runCli } from '../support/cli.ts';

const records = [
  { source: 'x', id: 'en-1', text: 'Acme Air lost my bag again #AcmeFail', lang: 'en' },
  { source: 'x', id: 'he-1', text: 'טסתי באקמה אייר והמזוודה לא הגיעה', lang: 'he' },
  { source: 'vk', id: 'ru-1', text: 'Летал Акмой Эйр, багаж потеряли', lang: 'ru' },
  { source: 'weibo', id: 'zh-1', text: '阿克米航空又延误了😡', lang: 'zh' },
  {
    source: 'x',
    id: 'en-2',
    text: 'Globex was on time',
    lang: 'en',
    author: { handle: 'globex', followers: 90000 },
  },
].map((r) => JSON.stringify({ createdAt: '2026-11-25T09:00:00Z', ...r }));

describe('firebreak query test', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'firebreak-query-'));
    file = join(dir, 'sample.jsonl');
    writeFileSync(file, `${records.join('\n')}\nnot json\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints only a JSON array of the matching ids with --json', async () => {
    const res = await runCli(
      ['query', 'test', '"acme air" OR "אקמה אייר" OR "Акме~ Эйр" OR 阿克米', '--file', file, '--json'],
      cliEnv(dir),
    );
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(JSON.parse(res.stdout), ['en-1', 'he-1', 'ru-1', 'zh-1']);
    assert.match(res.stderr, /line 6: not valid JSON/);
  });

  it('applies field operators to the record fields', async () => {
    const res = await runCli(
      ['query', 'test', 'followers:>50000 OR source:weibo', '--file', file, '--json'],
      cliEnv(dir),
    );
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(JSON.parse(res.stdout), ['zh-1', 'en-2']);
  });

  it('prints an empty array when nothing matches', async () => {
    const res = await runCli(['query', 'test', 'initech', '--file', file, '--json'], cliEnv(dir));
    assert.equal(res.code, 0);
    assert.deepEqual(JSON.parse(res.stdout), []);
  });

  it('shows matches with the terms marked, and a count, without --json', async () => {
    const res = await runCli(['query', 'test', 'אקמה', '--file', file], cliEnv(dir));
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /he-1\tx\t.*»באקמה«/);
    assert.match(res.stdout, /1 of 6 records match \(1 rejected\)/);
  });

  it('explains an invalid query with its position and exits 1', async () => {
    const res = await runCli(['query', 'test', 'acme AND (refund', '--file', file, '--json'], cliEnv(dir));
    assert.equal(res.code, 1);
    assert.equal(res.stdout, '');
    assert.match(res.stderr, /unbalanced parenthesis: "\(" is never closed at 10/);
  });

  it('exits 1 for a missing file and 2 without --file', async () => {
    assert.equal(
      (await runCli(['query', 'test', 'acme', '--file', join(dir, 'nope.jsonl')], cliEnv(dir))).code,
      1,
    );
    assert.equal((await runCli(['query', 'test', 'acme'], cliEnv(dir))).code, 2);
  });
});
