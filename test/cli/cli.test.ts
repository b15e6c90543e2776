/** The CLI as a user runs it: real child processes, a temp data directory, real exit codes. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { cliEnv, runCli, startCli } from '../support/cli.ts';

let dataDir: string;
before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'firebreak-cli-'));
});
after(() => rmSync(dataDir, { recursive: true, force: true }));

describe('firebreak CLI', () => {
  it('prints help and exits 0; an unknown command exits 2 with a hint', async () => {
    const help = await runCli(['--help'], cliEnv(dataDir));
    assert.equal(help.code, 0);
    for (const command of ['start', 'migrate', 'user', 'token', 'backup', 'doctor'])
      assert.match(help.stdout, new RegExp(`\\b${command}\\b`));
    const unknown = await runCli(['frobnicate'], cliEnv(dataDir));
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command/);
  });

  it('doctor reports each check and fails on a bad configuration', async () => {
    const ok = await runCli(['doctor', '--json'], cliEnv(dataDir));
    assert.equal(ok.code, 0, ok.stderr);
    const report = JSON.parse(ok.stdout);
    assert.equal(report.ok, true);
    assert.deepEqual(
      report.checks.map((c: { name: string }) => c.name),
      ['configuration', 'data directory', 'database', 'bus', 'e-mail'],
    );
    const bad = await runCli(['doctor'], cliEnv(dataDir, { FIREBREAK_PORT: 'eighty' }));
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /✖ configuration: Invalid configuration \(FIREBREAK_PORT\)/);
  });

  it('migrate applies the schema once', async () => {
    const first = await runCli(['migrate', '--json'], cliEnv(dataDir));
    assert.equal(first.code, 0, first.stderr);
    assert.ok(JSON.parse(first.stdout).applied.includes('0001_foundation'));
    const second = await runCli(['migrate'], cliEnv(dataDir));
    assert.match(second.stdout, /up to date/);
  });

  it('user add without any workspace fails with a clear message and exit code 1', async () => {
    const res = await runCli(['user', 'add', 'dana@example.com', '--role', 'responder'], cliEnv(dataDir));
    assert.equal(res.code, 1);
    assert.match(res.stderr, /^firebreak: A workspace .* was not found\./);
  });

  it('start prints the URL and a one-time admin login, serves, and shuts down gracefully on SIGTERM', async () => {
    const { child, match, output } = await startCli(
      ['start', '--port', '0', '--demo'],
      cliEnv(dataDir),
      /one-time password (\S+)/,
    );
    try {
      const url = output().match(/running at (http:\/\/\S+)/)![1]!;
      const health = await fetch(`${url}/healthz`);
      assert.equal(health.status, 200);
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@firebreak.local', password: match[1] }),
      });
      assert.equal(login.status, 200);
      const body = (await login.json()) as { workspaces: { slug: string }[] };
      assert.deepEqual(
        body.workspaces.map((w) => w.slug),
        ['demo'],
      );
    } finally {
      const exited = new Promise<number | null>((r) => child.once('exit', r));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
  });

  it('user add, token create and backup work against the data the server left', async () => {
    const added = await runCli(
      ['user', 'add', 'dana@example.com', '--role', 'approver', '--name', 'דנה', '--json'],
      cliEnv(dataDir),
    );
    assert.equal(added.code, 0, added.stderr);
    const user = JSON.parse(added.stdout);
    assert.equal(user.workspace, 'demo');
    assert.ok(user.password.length >= 10);
    const token = await runCli(
      ['token', 'create', '--user', 'dana@example.com', '--role', 'approver', '--name', 'script'],
      cliEnv(dataDir),
    );
    assert.equal(token.code, 0, token.stderr);
    assert.match(token.stdout.trim(), /^fbt_[\w-]+$/);

    const file = join(dataDir, 'backup.db');
    const backup = await runCli(['backup', file], cliEnv(dataDir));
    assert.equal(backup.code, 0, backup.stderr);
    assert.ok(existsSync(file));
    const copy = new Database(file, { readonly: true });
    const users = copy.prepare('SELECT email FROM users ORDER BY email').all() as { email: string }[];
    copy.close();
    assert.deepEqual(
      users.map((u) => u.email),
      ['admin@firebreak.local', 'dana@example.com'],
    );
    const again = await runCli(['backup', file], cliEnv(dataDir));
    assert.equal(again.code, 1);
    assert.match(again.stderr, /--force/);
  });
});
