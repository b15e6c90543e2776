/**
 * `firebreak crisis` as a user runs it (the real executable in a child process, on an embedded
 * database): open, move, note, list, and export the record as Markdown (escaped) and JSON.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assemble } from '../../src/assemble.ts';
import { loadConfig } from '../../src/config/config.ts';
import { systemActor } from '../../src/modules/audit/audit.ts';
import { cliEnv, runCli } from '../support/cli.ts';

describe('firebreak crisis (CLI)', () => {
  let dataDir: string;
  let crisisId: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'firebreak-crisis-cli-'));
    const ctx = await assemble(loadConfig({ dataDir, database: 'sqlite', logLevel: 'silent' }, {}));
    await ctx.auth.createWorkspace(systemActor('test'), { name: 'Acme', slug: 'acme' });
    await ctx.close();
  });

  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('opens a crisis, moves it, notes it and lists it', async () => {
    const empty = await runCli(['crisis', 'list'], cliEnv(dataDir));
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(empty.stdout, '');
    assert.match(empty.stderr, /^no crises in acme; open one with: firebreak crisis open --help\n$/);
    const opened = await runCli(
      [
        'crisis',
        'open',
        '--title',
        'Recall <b>batch 7</b>',
        '--type',
        'technical_error',
        '--severity',
        '3',
        '--json',
      ],
      cliEnv(dataDir),
    );
    assert.equal(opened.code, 0, opened.stderr);
    const crisis = JSON.parse(opened.stdout);
    crisisId = crisis.id;
    assert.equal(crisis.status, 'detected');

    const illegal = await runCli(['crisis', 'status', crisisId, 'reviewed'], cliEnv(dataDir));
    assert.equal(illegal.code, 1);
    assert.match(
      illegal.stderr,
      /^firebreak: A crisis cannot go from detected to reviewed: it can go to triage, responding, resolved\./,
    );
    const moved = await runCli(
      ['crisis', 'status', crisisId, 'responding', '--note', 'confirmed by QA'],
      cliEnv(dataDir),
    );
    assert.equal(moved.code, 0, moved.stderr);
    assert.equal(moved.stdout, `${crisisId} is responding\n`);
    const note = await runCli(
      ['crisis', 'note', crisisId, '[phish](javascript:alert(1)) <script>x</script>'],
      cliEnv(dataDir),
    );
    assert.equal(note.code, 0, note.stderr);

    const list = await runCli(['crisis', 'list', '--status', 'responding'], cliEnv(dataDir));
    assert.match(list.stdout, new RegExp(`^${crisisId} .* sev 3  responding  Recall <b>batch 7</b>\\n$`));
  });

  it('exports the record as Markdown (escaped) and as JSON', async () => {
    const md = await runCli(['crisis', 'export', crisisId, '--format', 'md'], cliEnv(dataDir));
    assert.equal(md.code, 0, md.stderr);
    assert.ok(md.stdout.startsWith('# Crisis record: Recall \\<b\\>batch 7\\</b\\>\n'));
    assert.ok(
      md.stdout.includes('system:cli: \\[phish\\]\\(javascript:alert\\(1\\)\\) \\<script\\>x\\</script\\>'),
    );
    assert.ok(
      md.stdout.includes('- ') && md.stdout.includes('Status detected → responding: confirmed by QA'),
    );

    const file = join(dataDir, 'record.json');
    const json = await runCli(
      ['crisis', 'export', crisisId, '--format', 'json', '--out', file],
      cliEnv(dataDir),
    );
    assert.equal(json.code, 0, json.stderr);
    const record = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(record.crisis.id, crisisId);
    const kinds: string[] = record.timeline.map((e: any) => e.kind);
    assert.ok(kinds.includes('task.created'), 'the default library playbook became tasks');
    assert.deepEqual(
      kinds.filter((k) => !k.startsWith('task.')),
      ['crisis.opened', 'crisis.status', 'note'],
    );
    assert.equal(record.decisions[0].what, 'Status detected → responding: confirmed by QA');

    const bad = await runCli(['crisis', 'export', crisisId, '--format', 'pdf'], cliEnv(dataDir));
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--format must be one of md, json/);
  });
});
