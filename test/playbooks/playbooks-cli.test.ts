/**
 * `firebreak playbooks` and `firebreak team` as a user runs them (the real executable in a child process,
 * on an embedded database): validate (no database), list, import a changed file as the next version,
 * export any version byte for byte, install-defaults idempotent; team add/assign/availability/list.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assemble } from '../../src/assemble.ts';
import { loadConfig } from '../../src/config/config.ts';
import { systemActor } from '../../src/modules/audit/audit.ts';
import { readLibrary } from '../../src/modules/playbooks/index.ts';
import { cliEnv, runCli } from '../support/cli.ts';

const example = readFileSync(new URL('./example.yaml', import.meta.url), 'utf8');

describe('firebreak playbooks and team (CLI)', () => {
  let dataDir: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'firebreak-playbooks-cli-'));
    const ctx = await assemble(loadConfig({ dataDir, database: 'sqlite', logLevel: 'silent' }, {}));
    await ctx.auth.createWorkspace(systemActor('test'), { name: 'Acme', slug: 'acme' });
    await ctx.close();
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('validate: ok for every library file, every problem with path and line otherwise (exit 1)', async () => {
    const files = readLibrary().map((f) => join('playbooks', f.file));
    const ok = await runCli(['playbooks', 'validate', ...files], cliEnv(dataDir));
    assert.equal(ok.code, 0, ok.stderr + ok.stdout);
    assert.equal(ok.stdout.trim().split('\n').length, files.length);

    const bad = join(dataDir, 'bad.yaml');
    writeFileSync(
      bad,
      example.replace('owner: legal', 'owner: lawyer').replace('statement: holding\n', 'statement: final\n'),
    );
    const refused = await runCli(['playbooks', 'validate', bad], cliEnv(dataDir));
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /steps\[1\]\.statement \(line 20\): no statement of kind "final"/);
    assert.match(refused.stdout, /steps\[2\]\.owner \(line 24\): unknown role "lawyer"/);
  });

  it('list, import, export any version, install-defaults', async () => {
    const list = await runCli(['playbooks', 'list', '--json'], cliEnv(dataDir));
    assert.equal(list.code, 0, list.stderr);
    const keys = JSON.parse(list.stdout).map((p: { key: string }) => p.key);
    assert.ok(keys.includes('data-breach') && keys.includes('general-crisis'), keys.join(','));

    const file = join(dataDir, 'example.yaml');
    writeFileSync(file, example);
    const first = await runCli(['playbooks', 'import', file], cliEnv(dataDir));
    assert.equal(first.stdout, 'data-breach-example v1 imported\n', first.stderr);
    const same = await runCli(['playbooks', 'import', file], cliEnv(dataDir));
    assert.match(same.stdout, /v1 unchanged/);
    writeFileSync(file, example.replace('at: T+1h', 'at: T+45m'));
    const second = await runCli(['playbooks', 'import', file], cliEnv(dataDir));
    assert.equal(second.stdout, 'data-breach-example v2 imported\n');

    const v1 = await runCli(['playbooks', 'export', 'data-breach-example', '1'], cliEnv(dataDir));
    assert.equal(v1.stdout, example);
    const latest = await runCli(['playbooks', 'export', 'data-breach-example'], cliEnv(dataDir));
    assert.match(latest.stdout, /at: T\+45m/);
    const v2 = await runCli(
      ['playbooks', 'export', 'data-breach-example', 'v2', '--out', file],
      cliEnv(dataDir),
    );
    assert.equal(v2.code, 0, v2.stderr);
    assert.equal(readFileSync(file, 'utf8'), latest.stdout);
    const missing = await runCli(['playbooks', 'export', 'nope'], cliEnv(dataDir));
    assert.equal(missing.code, 1);
    const badVersion = await runCli(['playbooks', 'export', 'data-breach-example', 'two'], cliEnv(dataDir));
    assert.equal(badVersion.code, 1);
    assert.match(badVersion.stderr, /positive whole number/);

    const install = await runCli(['playbooks', 'install-defaults'], cliEnv(dataDir));
    assert.equal(install.code, 0, install.stderr);
    assert.equal((install.stdout.match(/unchanged/g) ?? []).length, readLibrary().length);
  });

  it('team add, assign, availability, list', async () => {
    const dana = await runCli(
      ['team', 'add', 'Dana Levi', '--email', 'dana@acme.example', '--role', 'crisis_lead,spokesperson'],
      cliEnv(dataDir),
    );
    assert.equal(dana.code, 0, dana.stderr);
    const danaId = dana.stdout.trim().split(/\s+/)[0] as string;
    const ira = await runCli(['team', 'add', 'Ира Петрова', '--deputy', 'crisis_lead'], cliEnv(dataDir));
    assert.equal(ira.code, 0, ira.stderr);
    const iraId = ira.stdout.trim().split(/\s+/)[0] as string;
    assert.equal((await runCli(['team', 'assign', iraId, 'legal'], cliEnv(dataDir))).code, 0);
    const away = await runCli(
      ['team', 'availability', danaId, 'unavailable', '--note', 'on leave'],
      cliEnv(dataDir),
    );
    assert.equal(away.code, 0, away.stderr);
    assert.equal((await runCli(['team', 'availability', danaId, 'asleep'], cliEnv(dataDir))).code, 1);

    const list = await runCli(['team', 'list', '--json'], cliEnv(dataDir));
    assert.equal(list.code, 0, list.stderr);
    const team = JSON.parse(list.stdout);
    const roles = team.roles ?? team;
    const lead = roles.find((r: { key: string }) => r.key === 'crisis_lead');
    // Available deputies are called before an unavailable primary.
    assert.deepEqual(
      lead.holders.map((h: { name: string; primary: boolean; available: boolean }) => [
        h.name,
        h.primary,
        h.available,
      ]),
      [
        ['Dana Levi', true, false],
        ['Ира Петрова', false, true],
      ],
    );
  });
});
