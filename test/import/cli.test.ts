import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliEnv, runCli } from '../support/cli.ts';
import { texts } from './app.ts';
import { dataDirWithWorkspace } from './workspace.ts';

describe('firebreak import (the CLI, in a child process)', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let file: string;
  before(async () => {
    ({ dataDir } = await dataDirWithWorkspace('acme'));
    env = cliEnv(dataDir);
    file = join(dataDir, 'mentions.jsonl');
    const records = Object.entries(texts).map(([lang, text], i) =>
      JSON.stringify({ source: 'x', id: `cli-${i}`, text, lang, createdAt: `2026-11-25T09:0${i}:00Z` }),
    );
    writeFileSync(
      file,
      [...records.slice(0, 2), '{"source":"x","id":"broken"', ...records.slice(2)].join('\n'),
    );
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  const importJson = async (...args: string[]) => {
    const r = await runCli(['import', file, '--workspace', 'acme', '--json', ...args], env);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout);
  };

  it('--dry-run counts and validates without storing anything', async () => {
    const s = await importJson('--dry-run');
    assert.deepEqual([s.dryRun, s.read, s.valid, s.stored, s.rejectedCount], [true, 5, 4, 0, 1]);
    const real = await importJson('--dry-run');
    assert.equal(real.valid, 4, 'still nothing stored after a dry run');
  });

  it('prints a human summary with the rejected lines and exits 0 when the file was read', async () => {
    const r = await runCli(['import', file, '--workspace', 'acme'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /read:\s+5/);
    assert.match(r.stdout, /stored:\s+4/);
    assert.match(r.stdout, /rejected:\s+1\n\s+line 3: invalid JSON/);
  });

  it('--json prints only the summary, and a re-import stores nothing new', async () => {
    const s = await importJson();
    assert.deepEqual([s.read, s.stored, s.duplicates, s.rejectedCount], [5, 0, 4, 1]);
    assert.deepEqual(s.rejected[0].line, 3);
  });

  it('exits 1 for a file it cannot read or recognise, and 2 for usage errors', async () => {
    const missing = await runCli(['import', join(dataDir, 'nope.jsonl')], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /does not exist/);
    const unknown = join(dataDir, 'unknown.csv');
    writeFileSync(unknown, 'a,b,c\n1,2,3\n');
    const unrecognised = await runCli(['import', unknown], env);
    assert.equal(unrecognised.code, 1);
    assert.match(unrecognised.stderr, /--format/);
    const badFormat = await runCli(['import', file, '--format', 'xml'], env);
    assert.equal(badFormat.code, 2);
    const noFile = await runCli(['import'], env);
    assert.equal(noFile.code, 2);
  });
});
